/**
 * Every paid order of a manual platform becomes a purchase task. The follower reads
 * ORDER_PAY_SUCCESS from the outbox behind a cursor (platform/outbox/cursor.ts); the task's
 * primary key is the order id, so a re-read event, a second run or a second node queues nothing twice.
 */
import type { SystemCtx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { emitEvent, outboxCursor, settleOutboxCursor } from '../../platform/outbox/index.ts';
import { recordInitialState } from '../../platform/states.ts';
import type { Platform } from '../../sources/source.ts';
import { TASK_AGGREGATE, TASK_HISTORY } from './repo.ts';

const CURSOR_KEY = 'purchasing_outbox_cursor';

interface PaidEvent {
  orderId: string;
  developerId: string;
  platform: Platform;
  paidAmountFen: number;
}

async function unqueuedPayments(ctx: SystemCtx, cursor: string, limit: number): Promise<PaidEvent[]> {
  const rows = await ctx.db
    .selectFrom('outbox_events as e')
    .leftJoin('purchase_tasks as t', 't.order_id', 'e.aggregate_id')
    .select(['e.aggregate_id', 'e.developer_id', 'e.payload_json'])
    .where('e.id', '>', cursor)
    .where('e.aggregate_type', '=', 'purchase_order')
    .where('e.type', '=', 'ORDER_PAY_SUCCESS')
    .where('t.order_id', 'is', null)
    .orderBy('e.id')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const payload = JSON.parse(r.payload_json) as { platform: Platform; paidAmountFen: number };
    return {
      orderId: r.aggregate_id,
      developerId: String(r.developer_id),
      platform: payload.platform,
      paidAmountFen: payload.paidAmountFen,
    };
  });
}

/** Queues the paid orders of these platforms not queued yet; answers how many were queued. */
export async function queuePaidOrders(ctx: SystemCtx, platforms: readonly Platform[], limit = 500): Promise<number> {
  if (platforms.length === 0) return 0;
  const cursor = await outboxCursor(ctx, CURSOR_KEY);
  const events = await unqueuedPayments(ctx, cursor, limit);
  let queued = 0;
  for (const event of events) {
    if (platforms.includes(event.platform)) queued += (await queueOne(ctx, event)) ? 1 : 0;
  }
  if (events.length < limit) await settleOutboxCursor(ctx, CURSOR_KEY, cursor);
  return queued;
}

async function queueOne(ctx: SystemCtx, event: PaidEvent): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock.nowMs();
    const inserted = await tx.db
      .insertInto('purchase_tasks')
      .values({
        order_id: event.orderId,
        developer_id: event.developerId,
        platform: event.platform,
        state: 'QUEUED',
        version: 1,
        charged_fen: event.paidAmountFen,
        paid_fen: null,
        marketplace_order_no: null,
        carrier: null,
        tracking_number: null,
        extra_charged_fen: 0,
        queued_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('order_id').doNothing())
      .executeTakeFirst();
    if ((inserted.numInsertedOrUpdatedRows ?? 0n) === 0n) return false;
    await recordInitialState(tx, { ...TASK_HISTORY, actor: 'system' }, event.orderId, 'QUEUED', 'queue');
    await emitEvent(tx, {
      developerId: event.developerId,
      type: 'PURCHASE_TASK_CHANGE',
      aggregateType: TASK_AGGREGATE,
      aggregateId: event.orderId,
      payload: { orderId: event.orderId, action: 'queue', state: 'QUEUED', chargedFen: event.paidAmountFen },
    });
    return true;
  });
}
