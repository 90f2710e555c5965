import type { SystemCtx } from '../../platform/context.ts';
import type { RefundLine, RefundLineRow } from './repo.ts';

export function toLine(l: RefundLineRow): RefundLine {
  return { lineNo: Number(l.line_no), quantity: Number(l.quantity), applyFen: Number(l.apply_fen), refundedFen: Number(l.refunded_fen) };
}

/** The lines of several applications in one query, by refund id (in line order). */
export async function loadRefundLines(ctx: SystemCtx, refundIds: readonly string[]): Promise<Map<string, RefundLine[]>> {
  const byRefund = new Map<string, RefundLine[]>(refundIds.map((id) => [id, []]));
  if (refundIds.length === 0) return byRefund;
  const rows = await ctx.db.selectFrom('refund_lines').selectAll().where('refund_id', 'in', refundIds).orderBy('line_no').execute();
  for (const row of rows) byRefund.get(row.refund_id)?.push(toLine(row));
  return byRefund;
}
