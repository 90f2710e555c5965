/**
 * 1688 after-sales (reference §8.9; aftersales-logistics.md A2, C1.3): refund detail (AR1), reasons
 * (AR2), create (AR4), return goods (AR5), logistics companies (AR6), and Ponte's cancel and modify
 * extensions. Paths: v1 primary as PandaPon documents AR4/AR5, `/v2/…` aliases. Amounts in FEN (as
 * 1688's refund APIs take them); ids are strings on the wire and are taken as strings or numbers.
 * The voucher upload (AR3) is in vouchers.ts.
 */
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { fail } from '../../platform/errors.ts';
import { defineRoute, ok } from '../../platform/http/index.ts';
import {
  goodsStatusesFor,
  listRefundReasons,
  refundEvents,
  refundQuote,
  submitRefund,
  submitReturnLogistics,
  type RefundView,
} from '../../modules/aftersales/index.ts';
import { idempotencyKeyOf } from '../common/orders.ts';
import { OrderIdField } from '../common/ids.ts';
import { ownedOrder } from './orders-manage.ts';
import { companyByNo, LOGISTICS_COMPANIES } from './refunds-companies.ts';
import {
  CreateBody,
  DISPUTE_REQUESTS,
  GoodsStatus,
  linesOf,
  ownedRefund,
  REFUND_FIELDS,
  REFUND_REFUSALS,
  RefundFields,
  RefundIdField,
} from './refunds-input.ts';
import { alibabaRefundExtensionRoutes } from './refunds-extensions.ts';
import { alibabaRefundList } from './refunds-list.ts';
import { LogisticsCompanySchema, RefundDetail, refundDetail } from './refunds-view.ts';
import { checkVouchers, VoucherUrl } from './vouchers.ts';

const TAGS = ['1688 after-sales'];
/** The most the refund's entries may still be refunded under its kind and goods status (0 when none may). */
async function canRefundFen(ctx: Ctx, r: RefundView): Promise<number> {
  const lineNos = r.lines.map((l) => l.lineNo);
  const quote = await refundQuote(ctx, { platform: '1688', orderId: r.orderId, lineNos, kind: r.kind, goodsStatus: r.goodsStatus });
  return quote.ok ? quote.quote.maxFen : 0;
}

const detail = defineRoute({
  method: 'POST',
  path: '/alibaba/refund/detail',
  aliases: ['/v2/alibaba/refund/detail'],
  operationId: 'alibabaRefundDetail',
  summary: '1688 refund detail',
  description: [
    'Reference AR1 (PandaPon lists "Check the details of the after-sales order" without a path: path [DESIGN]; fields a',
    'subset of alibaba.trade.refund.OpQueryOrderRefund [UPSTREAM]). Amounts FEN; times `yyyyMMddHHmmssSSS+0800`.',
    '`needTimeOutInfo` adds gmtTimeOut / timeOutOperateType (and remainingTime); `needOrderRefundOperation` adds',
    'refundOperationList (newest first). The return address (sellerReceiveAddress …) appears once the seller agrees',
    'to a return. Another developer’s refund answers 404.',
  ].join(' '),
  tags: TAGS,
  action: 'read',
  body: z.object({
    refundId: RefundIdField,
    needTimeOutInfo: z.boolean().nullish(),
    needOrderRefundOperation: z.boolean().nullish(),
  }),
  data: RefundDetail,
  errors: ['NOT_FOUND'],
  handler: async (ctx, { body }) => {
    const found = await ownedRefund(ctx, body.refundId);
    if (!found.ok) return found;
    const order = await ownedOrder(ctx, found.refund.orderId);
    if (!order.ok) return order;
    const events = body.needOrderRefundOperation ? await refundEvents(ctx, body.refundId) : null;
    if (events && !events.ok) return events;
    return ok(
      refundDetail(found.refund, {
        order: order.order,
        canRefundFen: await canRefundFen(ctx, found.refund),
        nowMs: ctx.clock.nowMs(),
        timeout: body.needTimeOutInfo === true,
        events: events ? events.events : null,
      }),
    );
  },
});

const reasons = defineRoute({
  method: 'POST',
  path: '/alibaba/refund/reason/list',
  aliases: ['/v2/alibaba/refund/reason/list'],
  operationId: 'alibabaRefundReasonList',
  summary: '1688 refund reasons',
  description: [
    'Reference AR2 (alibaba.trade.getRefundReasonList [UPSTREAM]; path [DESIGN]): the reasons AR4 takes for these',
    'order entries and goods status, refund only and return alike. `needVoucher` = AR4 needs 1–5 vouchers;',
    '`noRefundCarriage` = applyCarriage must be 0. A goods status that does not fit the order’s state answers 2107.',
  ].join(' '),
  tags: TAGS,
  action: 'read',
  body: z.object({ orderId: OrderIdField, orderEntryIds: RefundFields.orderEntryIds, goodsStatus: GoodsStatus }),
  data: z.object({
    reasons: z.array(
      z.object({ id: z.string(), name: z.string(), needVoucher: z.boolean(), noRefundCarriage: z.boolean(), tip: z.string() }),
    ),
  }),
  errors: ['NOT_FOUND', 'REFUND_GOODS_STATUS_INVALID'],
  fields: REFUND_FIELDS,
  handler: async (ctx, { body }) => {
    const order = await ownedOrder(ctx, body.orderId);
    if (!order.ok) return order;
    const lines = linesOf(order.order, body.orderEntryIds, null);
    if (!lines.ok) return lines;
    // A refund only fits every goods status of the order's state; a return fits some of them.
    const fitting = goodsStatusesFor('1688', 'refund', order.order.state);
    if (!fitting.includes(body.goodsStatus)) {
      const rule = `order ${body.orderId} in state ${order.order.state} (allowed: ${fitting.join(', ') || 'none'})`;
      return fail('REFUND_GOODS_STATUS_INVALID', { goodsStatus: body.goodsStatus, rule });
    }
    const found = await listRefundReasons(ctx, { platform: '1688', goodsStatus: body.goodsStatus });
    const name = (t: { zh: string; en: string }) => (ctx.language === 'zh' ? t.zh : t.en);
    return ok({
      reasons: found.map((r) => ({
        id: r.reasonId,
        name: name(r.text),
        needVoucher: r.needVoucher,
        noRefundCarriage: r.noRefundCarriage,
        tip: r.tips,
      })),
    });
  },
});

const create = defineRoute({
  method: 'POST',
  path: '/alibaba/refund/detail/create',
  aliases: ['/v2/alibaba/refund/detail/create'],
  operationId: 'alibabaRefundCreate',
  summary: '1688 create a refund or return application',
  description: [
    'Reference AR4 [DOC] (rules per alibaba.trade.createRefund [UPSTREAM]): applies for a refund of `orderEntryIds` of one',
    'order. Refusals say which rule and numbers: 2102 applyPayment above what the entries may still refund; 2103 the',
    'reason needs a voucher; 2104 the reason refunds no freight; 2105 before the seller ships applyPayment must be the',
    'whole amount, and a partial quantity (orderEntryCountList) only for returnRefund with refundBuyerReceived; 2106 a',
    'reason not for this kind/goods status; 2107 a goods status that does not fit the order. Idempotent: an',
    '`Idempotency-Key` header, or an application already open on an entry, returns that application.',
  ].join(' '),
  tags: TAGS,
  action: 'aftersales.write',
  body: CreateBody,
  data: z.object({ refundId: z.string().describe('"TQ" + digits') }),
  errors: [...REFUND_REFUSALS, 'IDEMPOTENCY_KEY_REUSED'],
  fields: REFUND_FIELDS,
  handler: async (ctx, { body, headers }) => {
    const order = await ownedOrder(ctx, body.orderId);
    if (!order.ok) return order;
    const lines = linesOf(order.order, body.orderEntryIds, body.orderEntryCountList);
    if (!lines.ok) return lines;
    const refused = await checkVouchers(ctx, body.vouchers ?? [], 'vouchers');
    if (refused) return refused;
    const made = await submitRefund(ctx, {
      platform: '1688',
      orderId: body.orderId,
      lines: lines.lines,
      kind: DISPUTE_REQUESTS[body.disputeRequest],
      goodsStatus: body.goodsStatus,
      reasonId: body.applyReasonId,
      applyFen: body.applyPayment,
      applyCarriageFen: body.applyCarriage,
      description: body.description,
      images: body.vouchers ?? [],
      idempotencyKey: idempotencyKeyOf(headers),
    });
    return made.ok ? ok({ refundId: made.refund.refundId }) : made;
  },
});

const returnGoods = defineRoute({
  method: 'POST',
  path: '/alibaba/refund/goods/return',
  aliases: ['/v2/alibaba/refund/goods/return'],
  operationId: 'alibabaRefundGoodsReturn',
  summary: '1688 buyer submits return logistics',
  description: [
    'Reference AR5 [DOC] (alibaba.trade.refund.returnGoods [UPSTREAM]): after the seller agreed to the return',
    '(status waitbuyersend), the parcel sent back: `logisticsCompanyNo` one of AR6’s `companyNo`, `freightBill` the',
    'waybill. The refund moves to waitsellerreceive; in another status it answers 2101. `data` is true.',
  ].join(' '),
  tags: TAGS,
  action: 'aftersales.write',
  body: z.object({
    refundId: RefundIdField,
    logisticsCompanyNo: z.string().trim().min(1).max(20).describe('AR6 companyNo, e.g. ZTO'),
    freightBill: z.string().trim().min(4).max(40).describe('the return waybill number'),
    description: z.string().trim().max(200).nullish(),
    vouchers: z.array(VoucherUrl).max(10).nullish().describe('0–10 picture URLs'),
  }),
  data: z.boolean(),
  errors: ['NOT_FOUND', 'REFUND_STATE_INVALID'],
  fields: REFUND_FIELDS,
  handler: async (ctx, { body }) => {
    const found = await ownedRefund(ctx, body.refundId);
    if (!found.ok) return found;
    const company = companyByNo(body.logisticsCompanyNo);
    if (!company) {
      const codes = LOGISTICS_COMPANIES.map((c) => c.companyNo).join('|');
      return fail('BAD_PARAMETER', { field: 'logisticsCompanyNo', rule: `must be one of ${codes} (AR6 companyNo)` });
    }
    const refused = await checkVouchers(ctx, body.vouchers ?? [], 'vouchers');
    if (refused) return refused;
    const moved = await submitReturnLogistics(ctx, body.refundId, {
      companyCode: company.companyNo,
      companyName: company.companyName,
      trackingNo: body.freightBill,
      buyerPhone: null,
      description: body.description ?? null,
      images: body.vouchers ?? [],
    });
    return moved.ok ? ok(true) : moved;
  },
});

const companies = defineRoute({
  method: 'GET',
  path: '/alibaba/logistics/company/list',
  aliases: ['/v2/alibaba/logistics/company/list'],
  operationId: 'alibabaLogisticsCompanyList',
  summary: '1688 logistics companies',
  description: [
    'Reference AR6 (alibaba.logistics.OpQueryLogisticCompanyList [UPSTREAM] shape; path and list [DESIGN]): the',
    'companies a return parcel may go with; AR5 takes their `companyNo`.',
  ].join(' '),
  tags: TAGS,
  action: 'read',
  data: z.array(LogisticsCompanySchema),
  errors: [],
  handler: async () => ok([...LOGISTICS_COMPANIES]),
});

export const alibabaRefundRoutes = [
  alibabaRefundList,
  detail,
  reasons,
  create,
  returnGoods,
  companies,
  ...alibabaRefundExtensionRoutes,
] as const;
