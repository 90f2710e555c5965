/** Error codes 4021–4029: the purchasing queue of manual platforms (issue 14). Spread into ERROR_TABLE (error-table.ts) after CONSOLE_ERRORS. */
import type { ErrorEntry } from './error-table.ts';

export const PURCHASING_ERRORS = {
  PURCHASE_TASK_STATE_INVALID: {
    code: 4021,
    messages: {
      zh: '采购任务状态 {state} 不允许 {action}',
      en: 'purchase task state {state} does not allow {action}',
      th: 'สถานะงานจัดซื้อ {state} ไม่อนุญาตให้ {action}',
      vi: 'trạng thái nhiệm vụ mua hàng {state} không cho phép {action}',
      es: 'el estado de la tarea de compra {state} no permite {action}',
    },
  },
} as const satisfies Record<string, ErrorEntry>;
