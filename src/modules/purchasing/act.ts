/**
 * What an operator does with a purchase task (docs/decisions/018-manual-source.md). Each action
 * is one transaction: the order's own move (ship, line refund, close) and the task's move commit
 * together or not at all, and every move records the operator and their note.
 */
import { closeOrderWithRefunds, shipOrderUnlessRefundOpen, systemRefundLine } from '../aftersales/index.ts';
import { announcePriceChange, orderForRefund } from '../orders/index.ts';
import { abort, atomically } from '../../platform/atomic.ts';
import type { SystemCtx } from '../../platform/context.ts';
import { SYSTEM_SCOPE } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import type { OrderId } from '../../platform/ids.ts';
import { type PricePolicy, toleranceFen } from './policy.ts';
import { type PurchaseTaskAction, purchaseTaskMachine } from './machine.ts';
import { lockTask, moveTask, type TaskRow, type TaskView } from './repo.ts';

export type TaskResult = { ok: true; task: TaskView } | Failure;

/** Who acts, and why: every action takes both. */
export interface Operator {
  actor: string;
  note?: string | undefined;
}

const MAX_TEXT = 200;

function text(field: string, value: string, max = MAX_TEXT): Failure | null {
  return typeof value === 'string' && value.trim() !== '' && value.length <= max
    ? null
    : fail('BAD_PARAMETER', { field, rule: `is required (at most ${max} characters)` });
}

/**
 * Runs one action: the task locked and its state checked before fn touches the order (so a
 * refusal names the task, not the order), fn's writes and its failure abandoning them all.
 */
export function act(
  ctx: SystemCtx,
  orderId: string,
  action: PurchaseTaskAction,
  fn: (tx: SystemCtx, from: TaskView['state'], task: TaskRow) => Promise<TaskView | Failure>,
) {
  return atomically(ctx, async (tx): Promise<TaskResult> => {
    const task = await lockTask(tx, orderId);
    if ('ok' in task) return task;
    if (!purchaseTaskMachine.can(task.state, action)) return fail(purchaseTaskMachine.refusal, { state: task.state, action });
    const done = await fn(tx, task.state, task);
    if ('ok' in done) abort(done);
    return { ok: true, task: done };
  });
}

/**
 * The operator bought the goods: the marketplace order number and the price actually paid. Up to
 * the tolerance above what the developer was charged, the operator absorbs the difference (the
 * note says how much); above it, the task waits in PRICE_REVIEW for a lower price or a cancel.
 */
export async function recordPurchase(
  ctx: SystemCtx,
  input: { orderId: string; marketplaceOrderNo: string; paidFen: number },
  who: Operator,
  policy: PricePolicy,
): Promise<TaskResult> {
  const bad = text('marketplaceOrderNo', input.marketplaceOrderNo, 64);
  if (bad) return bad;
  if (!Number.isSafeInteger(input.paidFen) || input.paidFen <= 0)
    return fail('BAD_PARAMETER', { field: 'paidFen', rule: 'must be a positive integer (fen)' });
  return act(ctx, input.orderId, 'purchase', async (tx, from, task) => {
    const chargedFen = Number(task.charged_fen);
    const overFen = input.paidFen - chargedFen;
    const within = overFen <= toleranceFen(policy, chargedFen);
    const why = overFen > 0 ? `paid ${overFen} fen above the charge${within ? ', absorbed' : ', above the tolerance'}` : null;
    // The developer decides on a price above the tolerance: told now, in the same commit as the move.
    if (!within) await announcePriceChange(tx, input.orderId as OrderId, { oldTotalFen: chargedFen, newTotalFen: input.paidFen });
    return moveTask(tx, {
      orderId: input.orderId,
      action: within ? 'purchase' : 'review_price',
      from,
      actor: who.actor,
      note: [why, who.note].filter(Boolean).join('; ') || null,
      patch: { paid_fen: input.paidFen, marketplace_order_no: input.marketplaceOrderNo.trim() },
    });
  });
}

/** The marketplace seller shipped: the order ships with the same tracking, callbacks and expected parcel as a sandbox one. */
export async function recordShipment(
  ctx: SystemCtx,
  input: { orderId: string; carrier: string; trackingNumber: string },
  who: Operator,
): Promise<TaskResult> {
  const bad = text('carrier', input.carrier, 64) ?? text('trackingNumber', input.trackingNumber, 64);
  if (bad) return bad;
  const carrier = input.carrier.trim();
  const trackingNumber = input.trackingNumber.trim();
  return act(ctx, input.orderId, 'ship', async (tx, from) => {
    const shipped = await shipOrderUnlessRefundOpen(tx, input.orderId as OrderId, { carrier, trackingNumber });
    if (!shipped.ok) return shipped;
    if ('shipped' in shipped)
      return fail('BAD_PARAMETER', { field: 'orderId', rule: `has refund ${shipped.refundId} open before shipping: settle it first` });
    return moveTask(tx, {
      orderId: input.orderId,
      action: 'ship',
      from,
      actor: who.actor,
      note: who.note ?? null,
      patch: { carrier, tracking_number: trackingNumber },
    });
  });
}

/** Lines the marketplace cannot supply are refunded (after-sales); the last one closes the order and ends the task. */
export async function recordStockOut(ctx: SystemCtx, input: { orderId: string; lineNos: number[] }, who: Operator): Promise<TaskResult> {
  if (!Array.isArray(input.lineNos) || input.lineNos.length === 0 || !input.lineNos.every((n) => Number.isSafeInteger(n) && n > 0))
    return fail('BAD_PARAMETER', { field: 'lineNos', rule: 'must list at least one line number' });
  return act(ctx, input.orderId, 'stock_out_line', async (tx, from) => {
    for (const lineNo of [...new Set(input.lineNos)]) {
      const refunded = await systemRefundLine(tx, {
        orderId: input.orderId as OrderId,
        lineNo,
        reason: `stock out at purchase${who.note ? `: ${who.note}` : ''}`.slice(0, MAX_TEXT),
      });
      if (!refunded.ok)
        return refunded.error === 'BAD_PARAMETER'
          ? fail('BAD_PARAMETER', { field: 'lineNos', rule: `line ${lineNo} cannot be refunded` })
          : refunded;
    }
    // After-sales closes the order with its last unrefunded line.
    const closed = (await orderForRefund(tx, input.orderId as OrderId, SYSTEM_SCOPE))?.order.state === 'closed';
    const note = `lines ${input.lineNos.join(', ')} out of stock${who.note ? `; ${who.note}` : ''}`;
    return moveTask(tx, { orderId: input.orderId, action: closed ? 'stock_out' : 'stock_out_line', from, actor: who.actor, note });
  });
}

/** The operator gives up: the order is closed and refunded (price_changed when the price was under review). */
export async function cancelPurchase(
  ctx: SystemCtx,
  input: { orderId: string; reason?: string | undefined },
  who: Operator,
): Promise<TaskResult> {
  return act(ctx, input.orderId, 'cancel', async (tx, from, task) => {
    const reason = input.reason?.trim() || (from === 'PRICE_REVIEW' ? 'price_changed' : 'cancelled at purchase');
    const bad = text('reason', reason);
    if (bad) return bad;
    return closeTask(tx, task, { action: 'cancel', reason }, who);
  });
}

/**
 * Closes and refunds the order and ends the task: the operator's cancel, the developer's
 * rejection, the review's timeout. An accepted price change is part of the order's paid amount,
 * so the close refunds it with the rest.
 */
export async function closeTask(
  tx: SystemCtx,
  task: TaskRow,
  close: { action: 'cancel' | 'reject_price'; reason: string },
  who: Operator,
): Promise<TaskView | Failure> {
  const closed = await closeOrderWithRefunds(tx, task.order_id as OrderId, close.reason);
  if (!closed.ok) return closed;
  return moveTask(tx, {
    orderId: task.order_id,
    action: close.action,
    from: task.state,
    actor: who.actor,
    note: [close.reason, who.note].filter(Boolean).join('; '),
  });
}
