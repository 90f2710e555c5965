/**
 * Taobao reverse orders after the application (reference aftersales-logistics.md A1, C1.2):
 * the buyer's return parcel, cancelling, and the message list. Status codes are A1.4's.
 */
import { z } from 'zod';
import { addRefundMessage, cancelRefund, refundEvents, submitReturnLogistics } from '../../modules/aftersales/index.ts';
import { fail } from '../../platform/errors.ts';
import { defineRoute, ok } from '../../platform/http/index.ts';
import { oneOf } from '../goods/common.ts';
import { ByRefundId, ownedRefund, REFUND_FIELDS, RefundIdParam, refundDetail, TAGS } from './refunds-common.ts';
import { RefundDetail } from './refunds-detail-view.ts';
import { messageView, RefundImagesParam, RefundMessage, RETURN_CARRIERS } from './refunds-view.ts';

const Carrier = z.object({ logisticCompanyCode: z.string(), logisticsCompanyName: z.string() });
const CARRIER_CODES = RETURN_CARRIERS.map((c) => c.logisticCompanyCode);

const logisticsRender = defineRoute({
  method: 'GET',
  path: '/v2/taobao/order/refund/logistics/render',
  aliases: ['/open/order/refund/logistics/render'],
  operationId: 'taobaoRefundLogisticsRender',
  summary: 'Return logistics rendering',
  description: [
    'Designed (C1.2 TA3; the menu entry is documented, its shape is not): once the seller agreed a return (status 20),',
    'the address to send the goods to, the seller’s note and the couriers `logisticCompanyCode` may name.',
    'Any other status answers 2101.',
  ].join(' '),
  tags: TAGS,
  action: 'read',
  query: ByRefundId,
  data: z.object({
    refundId: z.string(),
    refundStatus: z.number().int(),
    receiverAddress: z.object({ receiver: z.string(), phone: z.string(), detailAddress: z.string() }),
    sellerAgreeReturnDescribe: z.string().nullable(),
    logisticsCompanies: z.array(Carrier),
  }),
  errors: ['NOT_FOUND', 'REFUND_STATE_INVALID'],
  handler: async (ctx, { query }) => {
    const found = await ownedRefund(ctx, query.refundId);
    if (!found.ok) return found;
    const r = found.refund;
    if (r.status !== '20' || r.returnAddress === null) return fail('REFUND_STATE_INVALID', { state: r.status, action: 'logistics render' });
    return ok({
      refundId: r.refundId,
      refundStatus: 20,
      receiverAddress: r.returnAddress,
      sellerAgreeReturnDescribe: r.sellerNote,
      logisticsCompanies: RETURN_CARRIERS,
    });
  },
});

const logisticsSubmit = defineRoute({
  method: 'POST',
  path: '/v2/taobao/order/refund/logistics/submit',
  aliases: ['/open/order/refund/logistics/submit'],
  operationId: 'taobaoRefundLogisticsSubmit',
  summary: 'Return logistics submission',
  description: [
    'Designed (C1.2 TA4): the buyer’s return parcel (courier code from logistics render, tracking number, phone);',
    'status 20 → 30, the seller’s receipt timer starts. Any other status answers 2101.',
  ].join(' '),
  tags: TAGS,
  action: 'aftersales.write',
  body: z.object({
    refundId: RefundIdParam,
    logisticsCompanyCode: oneOf(z.string().trim().max(16), CARRIER_CODES, (code) => CARRIER_CODES.includes(code)),
    logisticsNo: z
      .string()
      .trim()
      .min(4)
      .max(40)
      .regex(/^[A-Za-z0-9-]+$/)
      .describe('tracking number'),
    buyerPhone: z.string().trim().max(40).optional(),
    returnGoodsDesc: z.string().trim().max(500).optional(),
    images: RefundImagesParam.optional(),
  }),
  data: z.object({ refundId: z.string(), refundStatus: z.number().int() }),
  errors: ['NOT_FOUND', 'REFUND_STATE_INVALID'],
  // TA4 names its pictures and text `images` / `returnGoodsDesc`, not TA7's refundImages / refundDesc.
  fields: { ...REFUND_FIELDS, images: 'images', description: 'returnGoodsDesc' },
  handler: async (ctx, { body }) => {
    const found = await ownedRefund(ctx, body.refundId);
    if (!found.ok) return found;
    const carrier = RETURN_CARRIERS.find((c) => c.logisticCompanyCode === body.logisticsCompanyCode)!;
    const shipped = await submitReturnLogistics(ctx, body.refundId, {
      companyCode: carrier.logisticCompanyCode,
      companyName: carrier.logisticsCompanyName,
      trackingNo: body.logisticsNo,
      buyerPhone: body.buyerPhone || null,
      description: body.returnGoodsDesc || null,
      images: body.images ?? [],
    });
    return shipped.ok ? ok({ refundId: shipped.refund.refundId, refundStatus: Number(shipped.refund.status) }) : shipped;
  },
});

const cancel = defineRoute({
  method: 'GET',
  path: '/v2/taobao/order/refund/cancel/{refundId}',
  aliases: ['/open/order/refund/cancel/{refundId}'],
  operationId: 'taobaoRefundCancel',
  summary: 'Reverse order cancellation',
  description: [
    '[DOC] TA5: GET `/open/order/refund/cancel/{refundId}` and its answer `{cancelSuccess, currency, distributorId,',
    'refundOrderAggregate}` as documented (the v2 path is designed). The buyer withdraws an application in status',
    '10, 20 or -10 → -20; other states answer 2101. The sub-order may be applied for again afterwards.',
  ].join(' '),
  tags: TAGS,
  action: 'aftersales.write',
  params: ByRefundId,
  data: RefundDetail.extend({ cancelSuccess: z.literal(true) }),
  errors: ['NOT_FOUND', 'REFUND_STATE_INVALID'],
  handler: async (ctx, { params, services, headers }) => {
    const found = await ownedRefund(ctx, params.refundId);
    if (!found.ok) return found;
    const cancelled = await cancelRefund(ctx, params.refundId);
    if (!cancelled.ok) return cancelled;
    const detail = await refundDetail(ctx, cancelled.refund, services, headers);
    return detail.ok ? ok({ cancelSuccess: true as const, ...detail.data }) : detail;
  },
});

const submitMessage = defineRoute({
  method: 'POST',
  path: '/v2/taobao/order/refund/submit/message',
  aliases: ['/open/order/refund/submit/message'],
  operationId: 'taobaoRefundSubmitMessage',
  summary: 'Submit a message in reverse',
  description: [
    '[DOC] TA6: `{refundId, refundMessage, refundImages}` as documented (v1 path; v2 designed); `refundImages` is',
    'a comma-separated string of URLs, an array is accepted too. The answer `{success}` is designed.',
    'A message changes no status; a finished application (100, -20) is read only and answers 2101.',
  ].join(' '),
  tags: TAGS,
  action: 'aftersales.write',
  body: z.object({
    refundId: RefundIdParam,
    refundMessage: z.string().trim().min(1).max(500),
    refundImages: RefundImagesParam.optional(),
  }),
  data: z.object({ success: z.literal(true), messageId: z.string().describe('Ponte extension: the message’s id in the list') }),
  errors: ['NOT_FOUND', 'REFUND_STATE_INVALID'],
  fields: REFUND_FIELDS,
  handler: async (ctx, { body }) => {
    const found = await ownedRefund(ctx, body.refundId);
    if (!found.ok) return found;
    const added = await addRefundMessage(ctx, body.refundId, { text: body.refundMessage, images: body.refundImages ?? [] });
    return added.ok ? ok({ success: true as const, messageId: String(added.event.id) }) : added;
  },
});

const messageList = defineRoute({
  method: 'POST',
  path: '/v2/taobao/order/refund/message/list',
  aliases: ['/open/order/refund/message/list'],
  operationId: 'taobaoRefundMessageList',
  summary: 'Reverse single message list query',
  description: [
    'Designed (C1.2 TA8): the application’s history, oldest first: the buyer’s and seller’s messages and every',
    'status change (submit, modify, agree, refuse, return parcel, receipt, close) with who acted and its remark and images.',
  ].join(' '),
  tags: TAGS,
  action: 'read',
  body: z.object({
    refundId: RefundIdParam,
    pageNo: z.number().int().min(1).max(10_000).default(1),
    pageSize: z.number().int().min(1).max(100).default(50),
  }),
  data: z.object({ total: z.number().int(), pageNo: z.number().int(), pageSize: z.number().int(), list: z.array(RefundMessage) }),
  errors: ['NOT_FOUND'],
  handler: async (ctx, { body }) => {
    const found = await ownedRefund(ctx, body.refundId);
    if (!found.ok) return found;
    const events = await refundEvents(ctx, body.refundId, { page: body.pageNo, pageSize: body.pageSize });
    if (!events.ok) return events;
    return ok({ total: events.total, pageNo: body.pageNo, pageSize: body.pageSize, list: events.events.map(messageView) });
  },
});

export const taobaoRefundProgressRoutes = [logisticsRender, logisticsSubmit, cancel, submitMessage, messageList] as const;
