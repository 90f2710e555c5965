/** Error codes 4031–4039: developers as operators manage them. Spread into ERROR_TABLE (error-table.ts) after PURCHASING_ERRORS. */
import type { ErrorEntry } from './error-table.ts';

export const DEVELOPER_ERRORS = {
  DEVELOPER_DISABLED: {
    code: 4031,
    messages: {
      zh: '该开发者账户已被运营人员停用',
      en: 'this developer account has been disabled by an operator',
      th: 'บัญชีนักพัฒนานี้ถูกผู้ดูแลปิดใช้งาน',
      vi: 'tài khoản nhà phát triển này đã bị người vận hành vô hiệu hóa',
      es: 'un operador ha desactivado esta cuenta de desarrollador',
    },
  },
} as const satisfies Record<string, ErrorEntry>;
