/**
 * What the seller side does to an order (the sandbox sellers, later official sources' sync):
 * system context, no tenant scope. Each is one transaction: guarded transition, history row,
 * outbox event — and, for a paid order the seller closes, the refund to the wallet.
 */
import type { Ctx, SystemCtx } from '../../platform/context.ts';
import type { OrderId } from '../../platform/ids.ts';
import { SYSTEM_SCOPE, scopeOf, type Scope } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { refundToWallet } from '../wallet/index.ts';
import { abort, atomically } from '../../platform/atomic.ts';
import { actorOf, loadOrder, moveOrder, orderEvent, releaseReservations } from './repo.ts';
import type { OrderState } from './states.ts';

export type SellerResult = { ok: true; orderId: OrderId; state: OrderState } | Failure;

const SELLER = 'seller';

export async function sellerModifyPrice(ctx: SystemCtx, orderId: OrderId, newTotalFen: number): Promise<SellerResult> {
  if (!Number.isSafeInteger(newTotalFen) || newTotalFen <= 0)
    return fail('BAD_PARAMETER', { field: 'newTotalFen', rule: 'must be a positive integer (fen)' });
  return atomically(ctx, async (tx) => {
    // Lock the row before reading the old amount, so the note and event name the amount replaced.
    let read = tx.db
      .selectFrom('purchase_orders')
      .select(['total_amount_fen', 'product_amount_fen', 'shipping_fee_fen'])
      .where('order_id', '=', orderId);
    if (tx.dialect === 'postgres') read = read.forUpdate();
    const before = await read.executeTakeFirst();
    if (!before) return fail('NOT_FOUND', { what: `order ${orderId}` });
    const oldTotalFen = Number(before.total_amount_fen);
    const moved = await moveOrder(tx, {
      orderId,
      scope: SYSTEM_SCOPE,
      action: 'modify_price',
      actor: SELLER,
      note: `price ${oldTotalFen} -> ${newTotalFen} fen`,
      patch: {
        total_amount_fen: newTotalFen,
        adjust_amount_fen: newTotalFen - Number(before.product_amount_fen) - Number(before.shipping_fee_fen),
      },
    });
    if (!moved.ok) abort(moved);
    const row = await loadOrder(tx, orderId);
    await orderEvent(tx, row, 'ORDER_PRICE_MODIFY', { oldTotalFen, newTotalFen });
    return { ok: true as const, orderId, state: row.state };
  });
}

/**
 * A manual platform's operator found the marketplace price changed after payment: the developer
 * is told with the same price-modification event (and callback) as a sandbox seller's change,
 * carrying the amount the marketplace asks; the order itself keeps what was charged until the
 * developer accepts.
 */
export async function announcePriceChange(
  tx: SystemCtx,
  orderId: OrderId,
  amounts: { oldTotalFen: number; newTotalFen: number },
): Promise<void> {
  await orderEvent(tx, await loadOrder(tx, orderId), 'ORDER_PRICE_MODIFY', amounts);
}

/**
 * The developer accepted a manual purchase's higher price and was charged the difference: the
 * order now says what it cost (total and paid amount), so its detail, a later close's refund and
 * line refunds all work from one amount. A history row records the change; the charge itself is
 * the caller's, in the same transaction.
 */
export async function acceptPaidPrice(tx: SystemCtx, orderId: OrderId, newTotalFen: number, actor: string): Promise<SellerResult> {
  const before = await loadOrder(tx, orderId);
  const extraFen = newTotalFen - Number(before.total_amount_fen);
  const moved = await moveOrder(tx, {
    orderId,
    scope: SYSTEM_SCOPE,
    action: 'accept_price',
    actor,
    note: `price ${before.total_amount_fen} -> ${newTotalFen} fen accepted`,
    patch: {
      total_amount_fen: newTotalFen,
      paid_amount_fen: Number(before.paid_amount_fen) + extraFen,
      adjust_amount_fen: Number(before.adjust_amount_fen) + extraFen,
    },
  });
  return moved.ok ? { ok: true, orderId, state: moved.to } : moved;
}

export async function markShipped(
  ctx: SystemCtx,
  orderId: OrderId,
  input: { carrier: string; trackingNumber: string },
): Promise<SellerResult> {
  return inOwnTransaction(ctx, (tx) => markShippedStep(tx, orderId, input));
}

/** The ship itself, on the caller's transaction (after-sales composes it with its own checks). */
export async function markShippedStep(
  tx: SystemCtx,
  orderId: OrderId,
  input: { carrier: string; trackingNumber: string },
): Promise<SellerResult> {
  if (!input.carrier || !input.trackingNumber) return fail('BAD_PARAMETER', { field: 'carrier/trackingNumber', rule: 'is required' });
  const moved = await moveOrder(tx, {
    orderId,
    scope: SYSTEM_SCOPE,
    action: 'ship',
    actor: SELLER,
    note: `${input.carrier} ${input.trackingNumber}`,
    patch: { carrier: input.carrier, tracking_number: input.trackingNumber, shipped_at: tx.clock.nowMs() },
  });
  if (!moved.ok) return moved;
  const row = await loadOrder(tx, orderId);
  await orderEvent(tx, row, 'ORDER_SHIPPED', { fromState: moved.from, carrier: input.carrier, trackingNumber: input.trackingNumber });
  return { ok: true as const, orderId, state: row.state };
}

/** Runs a step in its own transaction (a savepoint inside one); a refusal abandons its writes. */
function inOwnTransaction<C extends SystemCtx>(ctx: C, step: (tx: C) => Promise<SellerResult>): Promise<SellerResult> {
  return atomically(ctx, async (tx) => {
    const done = await step(tx);
    if (!done.ok) abort(done);
    return done;
  });
}

export async function markArrived(ctx: SystemCtx, orderId: OrderId): Promise<SellerResult> {
  return atomically(ctx, async (tx) => {
    const moved = await moveOrder(tx, {
      orderId,
      scope: SYSTEM_SCOPE,
      action: 'arrive',
      actor: 'warehouse',
      patch: { arrived_at: tx.clock.nowMs() },
    });
    if (!moved.ok) abort(moved);
    const row = await loadOrder(tx, orderId);
    await orderEvent(tx, row, 'ORDER_ARRIVED', { fromState: moved.from });
    return { ok: true as const, orderId, state: row.state };
  });
}

export async function completeOrder(ctx: SystemCtx, orderId: OrderId): Promise<SellerResult> {
  return complete(ctx, orderId, SYSTEM_SCOPE, 'system');
}

/**
 * The buyer confirms receipt (1688 AO10): arrived_warehouse → completed, found in the caller's own
 * scope (another developer's or a sibling's order is not found) and recorded as the caller's act.
 */
export async function confirmReceipt(ctx: Ctx, orderId: OrderId): Promise<SellerResult> {
  return inOwnTransaction(ctx, (tx) => confirmReceiptStep(tx, orderId));
}

/** The buyer's confirmation on the caller's transaction (after-sales closes in-sale applications with it). */
export function confirmReceiptStep(tx: Ctx, orderId: OrderId): Promise<SellerResult> {
  return completeStep(tx, orderId, scopeOf(tx), actorOf(tx));
}

async function complete(ctx: SystemCtx, orderId: OrderId, scope: Scope, actor: string): Promise<SellerResult> {
  return inOwnTransaction(ctx, (tx) => completeStep(tx, orderId, scope, actor));
}

async function completeStep(tx: SystemCtx, orderId: OrderId, scope: Scope, actor: string): Promise<SellerResult> {
  const moved = await moveOrder(tx, { orderId, scope, action: 'complete', actor });
  if (!moved.ok) return moved;
  const row = await loadOrder(tx, orderId);
  await orderEvent(tx, row, 'ORDER_COMPLETE', { fromState: moved.from });
  return { ok: true as const, orderId, state: row.state };
}

/**
 * The seller or the system closes an order (out of stock, timeout). Unpaid: the reservation is
 * released. Paid: the goods never ship, so the reservation is released and the paid amount goes
 * back to the wallet (ref `close:<orderId>`, idempotent) in the same transaction.
 */
export async function closeOrder(ctx: SystemCtx, orderId: OrderId, reason: string): Promise<SellerResult> {
  return inOwnTransaction(ctx, (tx) => closeOrderStep(tx, orderId, reason));
}

/** The close on the caller's transaction (after-sales closes the order's open applications with it). */
export async function closeOrderStep(tx: SystemCtx, orderId: OrderId, reason: string): Promise<SellerResult> {
  if (typeof reason !== 'string' || reason.trim() === '') return fail('BAD_PARAMETER', { field: 'reason', rule: 'is required' });
  const moved = await moveOrder(tx, {
    orderId,
    scope: SYSTEM_SCOPE,
    action: 'close',
    actor: SELLER,
    note: reason,
    patch: { close_reason: reason, closed_at: tx.clock.nowMs() },
  });
  if (!moved.ok) return moved;
  await releaseReservations(tx, orderId);
  const row = await loadOrder(tx, orderId);
  // What after-sales already gave back (line refunds) is not paid twice.
  const refundedFen = moved.from === 'paid' ? Number(row.paid_amount_fen) - Number(row.refunded_fen) : 0;
  if (refundedFen > 0) {
    await tx.db
      .updateTable('purchase_orders')
      .set({ refunded_fen: Number(row.paid_amount_fen) })
      .where('order_id', '=', orderId)
      .execute();
    const refunded = await refundToWallet(tx, {
      developerId: row.developer_id,
      amountFen: refundedFen,
      ref: `close:${orderId}`,
      note: `order ${orderId} closed: ${reason}`,
    });
    if (!refunded.ok) throw new Error(`refund of closed order ${orderId} failed: ${refunded.error}`);
  }
  await orderEvent(tx, row, 'ORDER_CLOSE', { fromState: moved.from, reason, refundedFen });
  return { ok: true as const, orderId, state: row.state };
}
