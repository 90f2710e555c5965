/**
 * The orders side of after-sales (modules/aftersales calls these inside its transaction): reading
 * an order as a refund sees it, moving the refunded columns with guarded UPDATEs, and closing an
 * order whose every line was refunded. The order's own tables are written only here.
 */
import { sql } from 'kysely';
import type { SystemCtx } from '../../platform/context.ts';
import { SYSTEM_SCOPE, whereScope, type Scope } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { asOrderId, type OrderId } from '../../platform/ids.ts';
import { refundToWallet } from '../wallet/index.ts';
import { loadLines, moveOrder, orderEvent, releaseReservations, toDetail, type OrderDetail, type OrderRow } from './repo.ts';
import type { OrderState } from './states.ts';

export interface RefundableOrder {
  order: OrderDetail;
  developerId: string;
}

/**
 * One order and its lines within a scope, or undefined. With `lock` the order row is locked on
 * PostgreSQL first, so refunds of one order settle one after another and each reads the lines as
 * the previous one left them.
 */
export async function orderForRefund(ctx: SystemCtx, orderId: string, scope: Scope, lock = false): Promise<RefundableOrder | undefined> {
  let read = whereScope(ctx.db.selectFrom('purchase_orders').selectAll().where('order_id', '=', orderId), scope);
  if (lock && ctx.dialect === 'postgres') read = read.forUpdate();
  const row = (await read.executeTakeFirst()) as OrderRow | undefined;
  if (!row) return undefined;
  return { order: toDetail(row, await loadLines(ctx, [orderId])), developerId: row.developer_id };
}

export interface LineRefund {
  lineNo: number;
  amountFen: number;
  quantity: number;
}

/**
 * Adds a settled refund to the order's refunded columns: each line with `refunded_fen + x <= paid`
 * and `refunded_quantity + q <= quantity`, the order with `refunded_fen + total <= paid_amount_fen`
 * and the freight part within the freight. A guard that refuses answers REFUND_AMOUNT_TOO_LARGE
 * with the numbers; the caller aborts its transaction then. Answers whether every line is now
 * refunded in full (read after the order lock `orderForRefund` took).
 */
export async function applyLineRefunds(
  ctx: SystemCtx,
  order: OrderDetail,
  input: { lines: LineRefund[]; carriageFen: number },
): Promise<{ ok: true; allLinesRefunded: boolean } | Failure> {
  const goodsFen = input.lines.reduce((sum, l) => sum + l.amountFen, 0);
  const totalFen = goodsFen + input.carriageFen;
  const orderMoved = await ctx.db
    .updateTable('purchase_orders')
    .set((eb) => ({
      refunded_fen: eb('refunded_fen', '+', totalFen),
      refunded_carriage_fen: eb('refunded_carriage_fen', '+', input.carriageFen),
    }))
    .where('order_id', '=', order.orderId)
    .where(sql<boolean>`refunded_fen + ${totalFen} <= paid_amount_fen`)
    .where(sql<boolean>`refunded_carriage_fen + ${input.carriageFen} <= shipping_fee_fen`)
    .executeTakeFirst();
  if (Number(orderMoved.numUpdatedRows) !== 1) {
    return fail('REFUND_AMOUNT_TOO_LARGE', {
      amountFen: totalFen,
      maxFen: Math.max(0, order.paidAmountFen - order.refundedFen),
      what: `order ${order.orderId}`,
    });
  }
  const refunded = new Map(order.lines.map((l) => [l.lineNo, l.refundedFen]));
  for (const line of input.lines) {
    const failure = await refundLine(ctx, order, line);
    if (failure) return failure;
    refunded.set(line.lineNo, (refunded.get(line.lineNo) ?? 0) + line.amountFen);
  }
  return { ok: true, allLinesRefunded: order.lines.every((l) => (refunded.get(l.lineNo) ?? 0) >= l.paidFen) };
}

async function refundLine(ctx: SystemCtx, order: OrderDetail, line: LineRefund): Promise<Failure | null> {
  const known = order.lines.find((l) => l.lineNo === line.lineNo);
  if (!known) return fail('NOT_FOUND', { what: `order ${order.orderId} line ${line.lineNo}` });
  const moved = await ctx.db
    .updateTable('purchase_order_lines')
    .set((eb) => ({
      refunded_fen: eb('refunded_fen', '+', line.amountFen),
      refunded_quantity: eb('refunded_quantity', '+', line.quantity),
    }))
    .where('order_id', '=', order.orderId)
    .where('line_no', '=', line.lineNo)
    .where(sql<boolean>`refunded_fen + ${line.amountFen} <= ${known.paidFen}`)
    .where(sql<boolean>`refunded_quantity + ${line.quantity} <= quantity`)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) === 1) return null;
  return fail('REFUND_AMOUNT_TOO_LARGE', {
    amountFen: line.amountFen,
    maxFen: Math.max(0, known.paidFen - known.refundedFen),
    what: `order ${order.orderId} line ${line.lineNo}`,
  });
}

/**
 * After-sales refunded every line: the order closes (`refund_close`, close reason `refunded`),
 * its reservations go back and ORDER_CLOSE is emitted. An order that had not shipped also gets
 * its unrefunded freight back (ref `refund-freight:<orderId>`), within what it paid. A completed
 * order is not moved (the caller does not ask); this answers the freight credited.
 */
export async function closeRefundedOrder(
  ctx: SystemCtx,
  orderId: OrderId | string,
): Promise<{ ok: true; fromState: OrderState; freightFen: number } | Failure> {
  const id = asOrderId(orderId);
  const moved = await moveOrder(ctx, {
    orderId: id,
    scope: SYSTEM_SCOPE,
    action: 'refund_close',
    actor: 'system',
    note: 'every line refunded',
    patch: { close_reason: 'refunded', closed_at: ctx.clock.nowMs() },
  });
  if (!moved.ok) return moved;
  await releaseReservations(ctx, id);
  const row = moved.row;
  let freightFen = 0;
  if (moved.from === 'paid') {
    const freightLeft = Number(row.shipping_fee_fen) - Number(row.refunded_carriage_fen);
    freightFen = Math.max(0, Math.min(freightLeft, Number(row.paid_amount_fen) - Number(row.refunded_fen)));
  }
  if (freightFen > 0) {
    await ctx.db
      .updateTable('purchase_orders')
      .set((eb) => ({
        refunded_fen: eb('refunded_fen', '+', freightFen),
        refunded_carriage_fen: eb('refunded_carriage_fen', '+', freightFen),
      }))
      .where('order_id', '=', id)
      .execute();
    const credited = await refundToWallet(ctx, {
      developerId: row.developer_id,
      amountFen: freightFen,
      ref: `refund-freight:${id}`,
      note: `order ${id} refunded before shipping: freight`,
    });
    if (!credited.ok) throw new Error(`freight refund of order ${id} failed: ${credited.error}`);
  }
  await orderEvent(ctx, row, 'ORDER_CLOSE', { fromState: moved.from, reason: 'refunded', refundedFen: freightFen });
  return { ok: true, fromState: moved.from, freightFen };
}
