import { sql } from 'kysely';
import type { SystemCtx } from '../../platform/context.ts';
import { asOrderId, type OrderId } from '../../platform/ids.ts';
import { markArrived, sellerModifyPrice, type OrderDetail } from '../orders/index.ts';
import { closeOrderWithRefunds, orderRefundState, shipOrderUnlessRefundOpen, systemRefundLine } from '../aftersales/index.ts';
import type { SellerAction, Source } from '../../sources/source.ts';
import { scheduleFulfilment } from './schedule.ts';

const LEASE_MS = 60_000;
/** How long a ship held by an open not-shipped refund waits before it is tried again. */
export const SHIP_RETRY_MS = 60 * 60_000;
type Action = Omit<SellerAction, 'afterMs'> & { kind: SellerAction['kind'] } & Record<string, unknown>;

interface DueTask {
  id: string;
  order_id: string;
  data_json: string;
  due_at: number | string;
}

async function claimDue(ctx: SystemCtx, limit: number): Promise<DueTask[]> {
  const now = ctx.clock.nowMs();
  const leaseUntil = now + LEASE_MS;
  if (ctx.dialect === 'postgres') {
    const result = await sql<DueTask>`
      UPDATE fulfilment_tasks SET lease_until = ${leaseUntil}
      WHERE id IN (SELECT id FROM fulfilment_tasks WHERE done_at IS NULL AND due_at <= ${now} AND (lease_until IS NULL OR lease_until < ${now})
                   ORDER BY due_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING id, order_id, data_json, due_at`.execute(ctx.db);
    return result.rows.sort((a, b) => (a.id < b.id ? -1 : 1));
  }
  const rows = await ctx.db
    .selectFrom('fulfilment_tasks')
    .select(['id', 'order_id', 'data_json', 'due_at'])
    .where('done_at', 'is', null)
    .where('due_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  if (rows.length > 0)
    await ctx.db
      .updateTable('fulfilment_tasks')
      .set({ lease_until: leaseUntil })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
  return rows;
}

async function addTrackingEvent(ctx: SystemCtx, orderId: string, action: Action): Promise<string> {
  const last = await ctx.db
    .selectFrom('order_tracking_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  await ctx.db
    .insertInto('order_tracking_events')
    .values({
      order_id: orderId,
      seq: Number(last?.seq ?? 0) + 1,
      at: ctx.clock.nowMs(),
      status: String(action.status),
      description: String(action.description),
    })
    .onConflict((oc) => oc.columns(['order_id', 'seq']).doNothing())
    .execute();
  return 'tracked';
}

/**
 * A stock-out refunds one line: the system opens and completes a refund application for it (the
 * after-sales module credits the wallet and, when that was the order's only unrefunded line, closes
 * the order). The line is picked by the plan's share among the order's lines, so a re-run picks the
 * same line, which is then refunded already and the re-run changes nothing.
 */
async function stockOutLine(ctx: SystemCtx, orderId: OrderId, action: Action): Promise<string> {
  const lines = [...((await orderRefundState(ctx, [orderId])).get(orderId)?.keys() ?? [])].sort((a, b) => a - b);
  if (lines.length === 0) return 'skipped: no lines';
  const lineNo = lines[Math.min(lines.length - 1, Math.floor(Number(action.lineShare ?? 0) * lines.length))]!;
  const r = await systemRefundLine(ctx, { orderId, lineNo, reason: String(action.reason) });
  return r.ok ? `line ${lineNo} refunded` : `skipped: ${r.error}`;
}

/** A step that cannot run yet: the task and the order's later ones move on, none is marked done. */
type Postponed = { postponed: string };

async function perform(ctx: SystemCtx, orderId: OrderId, action: Action): Promise<string | Postponed> {
  switch (action.kind) {
    case 'modify_price': {
      const r = await sellerModifyPrice(ctx, orderId, Number(action.newTotalFen));
      return r.ok ? 'price modified' : `skipped: ${r.error}`;
    }
    case 'stock_out':
      return stockOutLine(ctx, orderId, action);
    case 'close': {
      // With the order's open refund applications, in one transaction.
      const r = await closeOrderWithRefunds(ctx, orderId, String(action.reason));
      return r.ok ? 'closed' : `skipped: ${r.error}`;
    }
    case 'ship': {
      const r = await shipOrderUnlessRefundOpen(ctx, orderId, {
        carrier: String(action.carrier),
        trackingNumber: String(action.trackingNumber),
      });
      if (r.ok && 'shipped' in r) return { postponed: `postponed: refund ${r.refundId} is open before shipping` };
      return r.ok ? 'shipped' : `skipped: ${r.error}`;
    }
    case 'track':
      return addTrackingEvent(ctx, orderId, action);
    case 'arrive': {
      const r = await markArrived(ctx, orderId);
      return r.ok ? 'arrived' : `skipped: ${r.error}`;
    }
  }
}

/**
 * The sandbox seller does not ship while an application made before shipping is open (shipping
 * would close it upstream): the ship is due again SHIP_RETRY_MS from now, and the order's later
 * tasks (tracking, arrival) move by as much, so they still come after it in the same order.
 */
async function postpone(ctx: SystemCtx, task: DueTask, outcome: string): Promise<void> {
  const dueAt = Number(task.due_at);
  const shiftMs = ctx.clock.nowMs() + SHIP_RETRY_MS - dueAt;
  await ctx.db
    .updateTable('fulfilment_tasks')
    .set((eb) => ({ due_at: eb('due_at', '+', shiftMs), lease_until: null, outcome }))
    .where('order_id', '=', task.order_id)
    .where('done_at', 'is', null)
    .where('due_at', '>=', dueAt)
    .execute();
}

/**
 * Runs every fulfilment task due at the (sandbox) clock's now. A task is leased before it runs
 * (FOR UPDATE SKIP LOCKED on PostgreSQL, so two nodes never run the same task; SQLite has one
 * writer) and marked done after; a crash in between re-runs it after the lease, and each action
 * is a guarded order transition, so running one twice changes nothing the second time.
 * Returns the number of tasks run.
 */
export async function runDueTasks(ctx: SystemCtx, limit = 200): Promise<number> {
  let total = 0;
  for (;;) {
    const tasks = await claimDue(ctx, limit);
    const postponed = new Set<string>();
    for (const task of tasks) {
      // A later task of an order whose ship was postponed in this batch moved with it.
      if (postponed.has(task.order_id)) continue;
      const outcome = await perform(ctx, asOrderId(task.order_id), JSON.parse(task.data_json) as Action);
      if (typeof outcome === 'string') {
        await ctx.db.updateTable('fulfilment_tasks').set({ done_at: ctx.clock.nowMs(), outcome }).where('id', '=', task.id).execute();
      } else {
        postponed.add(task.order_id);
        await postpone(ctx, task, outcome.postponed);
      }
    }
    total += tasks.length;
    if (tasks.length < limit) return total;
  }
}

export interface TrackingEvent {
  at: number;
  status: string;
  description: string;
}

/**
 * Tracking events of an order, oldest first. It takes the order as the orders module's scoped
 * read answered it (getOrder), so the events of an order the caller cannot see cannot be asked for.
 */
export async function trackingEvents(ctx: SystemCtx, order: OrderDetail): Promise<TrackingEvent[]> {
  const rows = await ctx.db
    .selectFrom('order_tracking_events')
    .select(['at', 'status', 'description'])
    .where('order_id', '=', order.orderId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ at: Number(r.at), status: r.status, description: r.description }));
}

/** One scheduler turn: plan new order phases, then run what is due. */
export async function fulfilmentTick(ctx: SystemCtx, source: Source): Promise<{ planned: number; ran: number }> {
  const planned = await scheduleFulfilment(ctx, source);
  const ran = await runDueTasks(ctx);
  return { planned, ran };
}
