/** The purchasing queue as operators page it: by state, oldest first. */
import type { SystemCtx } from '../../platform/context.ts';
import { readHistory, type HistoryEntry } from '../../platform/states.ts';
import type { PurchaseTaskState } from './machine.ts';
import { TASK_HISTORY, toView, type TaskView } from './repo.ts';

export const QUEUE_PAGE = { defaultSize: 50, maxSize: 200 } as const;

export async function purchaseQueue(
  ctx: SystemCtx,
  query: { state?: PurchaseTaskState | undefined; page: number; pageSize: number },
): Promise<{ total: number; rows: TaskView[] }> {
  let base = ctx.db.selectFrom('purchase_tasks');
  if (query.state) base = base.where('state', '=', query.state);
  const counted = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await base
    .selectAll()
    .orderBy('queued_at')
    .orderBy('order_id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { total: Number(counted?.n ?? 0), rows: rows.map(toView) };
}

/** Who did what to the task, oldest first (the order's own history shows the order's moves). */
export function purchaseTaskHistory(ctx: SystemCtx, orderId: string): Promise<HistoryEntry[]> {
  return readHistory(ctx, TASK_HISTORY, orderId);
}
