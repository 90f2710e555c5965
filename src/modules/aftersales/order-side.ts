/**
 * Order-side closes: a change of the order that ends the applications open on it. The orders
 * module cannot depend on after-sales, so the command is composed here: the orders module's
 * transaction-level step and the refund closes run in ONE transaction (all or nothing).
 *
 * The open applications are locked before the order, the order the settle path takes (refund, then
 * order), so an order-side close and a timer settling the same order never deadlock on PostgreSQL.
 */
import type { Ctx, SystemCtx } from '../../platform/context.ts';
import { SYSTEM_SCOPE } from '../../platform/db/index.ts';
import type { OrderId } from '../../platform/ids.ts';
import { closeOrderStep, confirmReceiptStep, markShippedStep, type SellerResult } from '../orders/index.ts';
import { abort, atomically } from '../orders/atomic.ts';
import type { Current } from './act.ts';
import type { CloseCause, RefundActor } from './machines.ts';
import { moveRefund, toLine, type RefundRow } from './repo.ts';

/** Agreed returns (the buyer is sending the goods back): the buyer's receipt of the order does not end them. */
const RETURNING: ReadonlySet<string> = new Set(['20', '30', 'waitbuyersend', 'waitsellerreceive']);
/** Goods statuses of an application made before the seller shipped. */
const NOT_SHIPPED: ReadonlySet<string> = new Set(['1', 'refundWaitSellerSend']);

/**
 * The buyer confirms receipt (1688 AO10): the order completes and its in-sale applications that
 * still wait for the seller or the buyer (10, -10 / waitselleragree, waitbuyermodify) close
 * (actor buyer, BUYER_RECEIVE_CLOSE); an agreed return (20, 30 / waitbuyersend,
 * waitsellerreceive) stays open, the goods are on their way back.
 */
export function buyerConfirmReceipt(ctx: Ctx, orderId: OrderId): Promise<SellerResult> {
  return atomically(ctx, async (tx) => {
    const open = await lockOpenRefunds(tx, orderId);
    const done = await confirmReceiptStep(tx, orderId);
    if (!done.ok) abort(done);
    const closing = open.filter((c) => !RETURNING.has(c.row.status));
    await closeAll(tx, closing, 'buyer', 'buyer_received', `the buyer confirmed receipt of order ${orderId}`);
    return done;
  });
}

/**
 * The seller or the system closes a paid order (`closeOrder`, which pays back paid − refunded):
 * every application open on it closes (actor system, note `order closed: <reason>`,
 * CRM_APPLY_TIMEOUT_CLOSE). Closing pays nothing, so nothing is refunded twice.
 */
export function closeOrderWithRefunds(ctx: SystemCtx, orderId: OrderId, reason: string): Promise<SellerResult> {
  return atomically(ctx, async (tx) => {
    const open = await lockOpenRefunds(tx, orderId);
    const done = await closeOrderStep(tx, orderId, reason);
    if (!done.ok) abort(done);
    await closeAll(tx, open, 'system', 'order_closed', `order closed: ${reason.trim()}`);
    return done;
  });
}

export type ShipResult = SellerResult | { ok: true; shipped: false; refundId: string };

/**
 * The seller ships, unless an application made before shipping (Taobao goods status 1, 1688
 * refundWaitSellerSend) is open on the order: upstream shipping would close it
 * (SELLER_SEND_GOODS_CLOSE); the sandbox seller rather waits for the answer, and the fulfilment
 * step tries again later. Answers `shipped: false` with the application that holds it.
 */
export function shipOrderUnlessRefundOpen(
  ctx: SystemCtx,
  orderId: OrderId,
  input: { carrier: string; trackingNumber: string },
): Promise<ShipResult> {
  return atomically(ctx, async (tx): Promise<ShipResult> => {
    const open = await lockOpenRefunds(tx, orderId);
    const holding = open.find((c) => NOT_SHIPPED.has(c.row.goods_status));
    if (holding) return { ok: true, shipped: false, refundId: holding.row.refund_id };
    const done = await markShippedStep(tx, orderId, input);
    if (!done.ok) abort(done);
    return done;
  });
}

/** The applications open on an order (a claim in refund_open_lines), locked on PostgreSQL, oldest first. */
async function lockOpenRefunds(tx: SystemCtx, orderId: string): Promise<Current[]> {
  let read = tx.db
    .selectFrom('refunds')
    .selectAll()
    .where('refund_id', 'in', (eb) => eb.selectFrom('refund_open_lines').select('refund_id').where('order_id', '=', orderId))
    .orderBy('refund_id');
  if (tx.dialect === 'postgres') read = read.forUpdate();
  const rows = (await read.execute()) as RefundRow[];
  if (rows.length === 0) return [];
  const lines = await tx.db
    .selectFrom('refund_lines')
    .selectAll()
    .where(
      'refund_id',
      'in',
      rows.map((r) => r.refund_id),
    )
    .orderBy('line_no')
    .execute();
  return rows.map((row) => ({ row, lines: lines.filter((l) => l.refund_id === row.refund_id).map(toLine) }));
}

async function closeAll(tx: SystemCtx, open: Current[], actor: RefundActor, cause: CloseCause, note: string): Promise<void> {
  for (const current of open) {
    const closed = await moveRefund(tx, { current, action: 'close', actor, scope: SYSTEM_SCOPE, cause, note });
    if (!closed.ok) abort(closed);
  }
}
