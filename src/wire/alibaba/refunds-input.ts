/**
 * What 1688 refund requests carry (reference §8.9 AR4 [DOC] body; enums per alibaba.trade.createRefund
 * [UPSTREAM]): ids, the AR4 fields shared by create and modify, and the translation of order entry
 * ids (`productItems[].subItemID`) to the order's line numbers the aftersales module takes.
 */
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { fail, type ErrorName, type Failure } from '../../platform/errors.ts';
import type { OrderDetail } from '../../modules/orders/index.ts';
import { getRefund, type RefundKind, type RefundView } from '../../modules/aftersales/index.ts';
import { MarketId, NumericId, OrderIdField } from '../common/ids.ts';
import { entryIdOf } from './orders-view.ts';
import { VoucherUrl } from './vouchers.ts';

export const RefundIdField = z
  .string()
  .trim()
  .regex(/^TQ\d{1,30}$/)
  .describe('1688 refund id: "TQ" + digits, as AR4 answers it');

export const GOODS_STATUSES = [
  'refundWaitSellerSend',
  'refundWaitBuyerReceive',
  'refundBuyerReceived',
  'aftersaleBuyerNotReceived',
  'aftersaleBuyerReceived',
] as const;

export const DISPUTE_REQUESTS = { refund: 'refund', returnRefund: 'return_refund' } as const satisfies Record<string, RefundKind>;
export type DisputeRequest = keyof typeof DISPUTE_REQUESTS;
export const disputeRequestOf = (kind: RefundKind): DisputeRequest => (kind === 'refund' ? 'refund' : 'returnRefund');

export const GoodsStatus = z
  .enum(GOODS_STATUSES)
  .describe(
    'in-sale: refundWaitSellerSend (paid, not shipped), refundWaitBuyerReceive (shipped), refundBuyerReceived (arrived at the ' +
      'warehouse); after-sale (order completed): aftersaleBuyerNotReceived, aftersaleBuyerReceived',
  );

const EntryCount = z.object({
  id: NumericId.describe('order entry id (productItems[].subItemID)'),
  count: z.number().int().min(1).max(1_000_000).describe('pieces to return'),
});

/** The AR4 fields (create), all of which modify takes too. */
export const RefundFields = {
  orderEntryIds: z.array(NumericId).min(1).max(100).describe('order entry ids (productItems[].subItemID) of one order'),
  disputeRequest: z.enum(['refund', 'returnRefund']).describe('"refund" (refund only) or "returnRefund" (return and refund)'),
  applyPayment: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('goods amount to refund, FEN'),
  applyCarriage: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('freight to refund, FEN'),
  applyReasonId: MarketId.describe('a reason id from AR2 (reason/list)'),
  description: z.string().trim().min(2).max(150).describe('2–150 characters'),
  goodsStatus: GoodsStatus,
  vouchers: z
    .array(VoucherUrl)
    .max(5)
    .nullish()
    .describe('0–5 picture URLs (1–5 when the reason needs a voucher): AR3 links, or any https URL'),
  orderEntryCountList: z
    .array(EntryCount)
    .max(100)
    .nullish()
    .describe('pieces per entry; a partial quantity only for returnRefund with refundBuyerReceived (default: all pieces)'),
  customRefund: z.boolean().nullish().describe('[UPSTREAM] accepted, not used: the amounts are taken as sent'),
  refundRemark: z.string().max(500).nullish().describe('[UPSTREAM] accepted, not used'),
};

export const CreateBody = z.object({ orderId: OrderIdField.describe('1688 order id (string or number)'), ...RefundFields });
export type CreateBody = z.infer<typeof CreateBody>;

/** The line number an entry id names, if it is one of the order's entries. */
export function lineNoOfEntry(order: OrderDetail, entryId: string): number | null {
  const line = order.lines.find((l) => entryIdOf(order.orderId, l.lineNo) === entryId);
  return line ? line.lineNo : null;
}

/** Entry ids → line numbers (each an entry of this order, none twice), with the pieces asked for each. */
export function linesOf(
  order: OrderDetail,
  entryIds: readonly string[],
  counts: readonly { id: string; count: number }[] | null | undefined,
): { ok: true; lines: { lineNo: number; quantity?: number }[] } | Failure {
  const lines: { lineNo: number; quantity?: number }[] = [];
  for (const [i, entryId] of entryIds.entries()) {
    const lineNo = lineNoOfEntry(order, entryId);
    if (lineNo === null) return fail('BAD_PARAMETER', { field: `orderEntryIds[${i}]`, rule: `is not an entry of order ${order.orderId}` });
    if (lines.some((l) => l.lineNo === lineNo)) return fail('BAD_PARAMETER', { field: `orderEntryIds[${i}]`, rule: 'is listed twice' });
    lines.push({ lineNo });
  }
  for (const [i, entry] of (counts ?? []).entries()) {
    const line = lines.find((l) => entryIdOf(order.orderId, l.lineNo) === entry.id);
    if (!line) return fail('BAD_PARAMETER', { field: `orderEntryCountList[${i}].id`, rule: 'is not one of orderEntryIds' });
    line.quantity = entry.count;
  }
  return { ok: true, lines };
}

/** Service field names → this family's wire names, for BAD_PARAMETER refusals. */
export const REFUND_FIELDS = {
  lines: 'orderEntryIds',
  'lines[]': 'orderEntryIds[]',
  'lines[].quantity': 'orderEntryCountList[].count',
  quantity: 'orderEntryCountList[].count',
  applyFen: 'applyPayment',
  applyCarriageFen: 'applyCarriage',
  reasonId: 'applyReasonId',
  kind: 'disputeRequest',
  images: 'vouchers',
  idempotencyKey: 'Idempotency-Key',
  companyCode: 'logisticsCompanyNo',
  trackingNo: 'freightBill',
} as const;

/** What every refund refusal may be, besides the voucher and order lookups. */
export const REFUND_REFUSALS: ErrorName[] = [
  'NOT_FOUND',
  'REFUND_STATE_INVALID',
  'REFUND_AMOUNT_TOO_LARGE',
  'REFUND_VOUCHER_REQUIRED',
  'REFUND_CARRIAGE_NOT_REFUNDABLE',
  'REFUND_PARTIAL_NOT_ALLOWED',
  'REFUND_REASON_INVALID',
  'REFUND_GOODS_STATUS_INVALID',
  'REFUND_NOT_ALLOWED',
];
/** The caller's refund, if it is a 1688 one (another developer's, or a Taobao one, is not found). */
export async function ownedRefund(ctx: Ctx, refundId: string): Promise<{ ok: true; refund: RefundView } | Failure> {
  const found = await getRefund(ctx, refundId);
  if (!found.ok) return found;
  return found.refund.platform === '1688' ? found : fail('NOT_FOUND', { what: `refund ${refundId}` });
}

/** The entry ids an application covers. */
export function entryIdsOf(r: RefundView): string[] {
  return r.lines.map((l) => entryIdOf(r.orderId, l.lineNo));
}
