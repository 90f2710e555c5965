/** A refund as operators see it (admin routes, CLI `--json`): the after-sales module's view, fen and epoch ms. */
import { z } from 'zod';

const fen = (what: string) => z.number().int().describe(`${what}, fen`);
const ms = (what: string) => z.number().int().describe(`${what}, epoch ms (business time)`);
const ReturnAddress = z.object({ receiver: z.string(), phone: z.string(), detailAddress: z.string() });

export const RefundSummary = z.object({
  refundId: z.string(),
  platform: z.enum(['taobao', '1688']),
  orderId: z.string(),
  clientOrderId: z.string().nullable(),
  ownerUserId: z.string(),
  status: z.string().describe('The platform’s status: Taobao 10/20/30/100/-10/-20, 1688 waitselleragree … refundclose'),
  kind: z.enum(['refund', 'return_refund']),
  goodsStatus: z.string(),
  reasonId: z.string(),
  reasonText: z.string(),
  description: z.string(),
  images: z.array(z.string()),
  applyFen: fen('Goods amount applied for'),
  applyCarriageFen: fen('Freight applied for'),
  refundedFen: fen('Refunded to the wallet'),
  lines: z.array(
    z.object({ lineNo: z.number().int(), quantity: z.number().int(), applyFen: z.number().int(), refundedFen: z.number().int() }),
  ),
  returnAddress: ReturnAddress.nullable(),
  sellerNote: z.string().nullable(),
  refuseReason: z.string().nullable(),
  refuseTimes: z.number().int(),
  returnLogistics: z
    .object({
      companyCode: z.string(),
      companyName: z.string(),
      trackingNo: z.string(),
      buyerPhone: z.string().nullable(),
      description: z.string().nullable(),
      images: z.array(z.string()),
    })
    .nullable(),
  timeoutAt: ms('When the state’s timer acts').nullable(),
  timeoutType: z.string().nullable().describe('SELLER_RESPOND, BUYER_MODIFY, BUYER_RETURN_SHIP, SELLER_RECEIVE'),
  createdAt: ms('Applied'),
  updatedAt: ms('Last change'),
  completedAt: ms('Refunded or closed').nullable(),
  version: z.number().int(),
});

export const RefundEvent = z.object({
  id: z.number().int(),
  fromState: z.string().nullable(),
  toState: z.string(),
  action: z.string(),
  actor: z.enum(['buyer', 'seller', 'system', 'operator']),
  at: ms('When'),
  note: z.string().nullable(),
  images: z.array(z.string()),
  refundAction: z.string(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});

export const RefundDetail = z.object({ refund: RefundSummary, events: z.array(RefundEvent) });
