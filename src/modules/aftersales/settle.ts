/**
 * The money of a successful refund, in the transaction that moved it to success: the order's
 * and lines' refunded columns (guarded UPDATEs in the orders module), the refund's lines, the
 * wallet credit (ledger ref `refund:<refundId>`, so it posts once whatever retries) and, when
 * every line of the order is now refunded, the order's close (freight back if it never shipped).
 * A completed order stays completed; its lines still show the refund.
 */
import type { SystemCtx } from '../../platform/context.ts';
import { SYSTEM_SCOPE } from '../../platform/db/index.ts';
import type { Failure } from '../../platform/errors.ts';
import { applyLineRefunds, closeRefundedOrder, orderForRefund } from '../orders/index.ts';
import { refundToWallet } from '../wallet/index.ts';
import type { RefundLine, RefundRow } from './repo.ts';

export interface Settled {
  lines: RefundLine[];
  orderClosed: boolean;
  freightFen: number;
}

export async function settleRefund(tx: SystemCtx, row: RefundRow, lines: RefundLine[]): Promise<{ ok: true; settled: Settled } | Failure> {
  const found = await orderForRefund(tx, row.order_id, SYSTEM_SCOPE, true);
  if (!found) throw new Error(`refund ${row.refund_id}: order ${row.order_id} is gone`);
  const applied = await applyLineRefunds(tx, found.order, {
    lines: lines.map((l) => ({ lineNo: l.lineNo, amountFen: l.applyFen, quantity: l.quantity })),
    carriageFen: Number(row.apply_carriage_fen),
  });
  if (!applied.ok) return applied;
  await tx.db
    .updateTable('refund_lines')
    .set((eb) => ({ refunded_fen: eb.ref('apply_fen') }))
    .where('refund_id', '=', row.refund_id)
    .execute();
  const amountFen = Number(row.apply_fen) + Number(row.apply_carriage_fen);
  if (amountFen > 0) {
    const credited = await refundToWallet(tx, {
      developerId: row.developer_id,
      amountFen,
      ref: `refund:${row.refund_id}`,
      note: `refund ${row.refund_id} of order ${row.order_id} lines ${lines.map((l) => l.lineNo).join(', ')}`,
    });
    if (!credited.ok) return credited;
  }
  let orderClosed = false;
  let freightFen = 0;
  if (applied.allLinesRefunded && found.order.state !== 'completed') {
    const closed = await closeRefundedOrder(tx, row.order_id);
    if (!closed.ok) return closed;
    orderClosed = true;
    freightFen = closed.freightFen;
  }
  return { ok: true, settled: { lines: lines.map((l) => ({ ...l, refundedFen: l.applyFen })), orderClosed, freightFen } };
}
