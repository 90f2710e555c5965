/**
 * 1688 order management (reference §8.8 AO1, AO4, AO5, AO8–AO12): payment from the wallet,
 * listing, detail, logistics, cancel, confirm receipt and the Wangwang nickname.
 */
import { z } from 'zod';
import { defineRoute, ok } from '../../platform/http/index.ts';
import type { Ctx } from '../../platform/context.ts';
import type { OrderId } from '../../platform/ids.ts';
import { codeOf, fail, messageFor, type Failure } from '../../platform/errors.ts';
import { cancelOrder, getOrder, getOrders, pageOrders, ORDER_PAGE, type OrderDetail } from '../../modules/orders/index.ts';
import { buyerConfirmReceipt } from '../../modules/aftersales/index.ts';
import { trackingEvents } from '../../modules/fulfilment/index.ts';
import { baseUrl, oneOf } from '../goods/common.ts';
import { chatUrl, OrderIdParam } from '../common/orders.ts';
import { ALIBABA_STATUS, statesForAlibabaStatus } from '../common/order-status.ts';
import { AlibabaLogistics, AlibabaOrder, alibabaLogistics, alibabaOrder, entryIdOf } from './orders-view.ts';
import { NumericId } from '../common/ids.ts';
import { refundsOfOrders } from './refunds-order.ts';

/**
 * 1688 order management (reference §8.8 AO4, AO5, AO8, AO10–AO12): listing, detail, logistics,
 * cancel, confirm receipt and the Wangwang nickname. Payment (AO1, AO9) is in orders-pay.ts.
 */

/** The caller's order, if it is a 1688 one: a Taobao order is not found on the 1688 paths. */
export async function ownedOrder(ctx: Ctx, orderId: OrderId): Promise<{ ok: true; order: OrderDetail } | Failure> {
  const found = await getOrder(ctx, orderId);
  if (!found.ok) return found;
  if (found.order.platform !== '1688') return fail('NOT_FOUND', { what: `order ${orderId}` });
  return found;
}

/** The 1688 cancel reasons (alibaba.trade.cancel): buyerCancel, sellerGoodsLack, other. */
export const CANCEL_REASONS = ['buyerCancel', 'sellerGoodsLack', 'other'] as const;

/** The 1688 trade statuses an order page may filter by; another value is refused with these. */
const ALIBABA_STATUSES = [...new Set(Object.values(ALIBABA_STATUS))];

const page = defineRoute({
  method: 'POST',
  path: '/v2/alibaba/order/page',
  aliases: ['/alibaba/order/page'],
  operationId: 'alibabaOrderPage',
  summary: '1688 order list',
  description: [
    'Reference AO5: the caller’s 1688 orders, newest first, as 1688 order objects (a sub-account sees its own, the main user',
    'all of the developer’s). `status` filters by 1688 trade status (waitbuyerpay, waitsellersend, waitbuyerreceive,',
    `confirm_goods, success, cancel, terminated). \`pageNo\` from 1, \`pageSize\` 1–${ORDER_PAGE.maxPageSize}.`,
  ].join(' '),
  tags: ['1688 order'],
  action: 'read',
  body: z
    .object({
      pageNo: z.number().int().min(1).max(10_000).default(ORDER_PAGE.page),
      pageSize: z.number().int().min(1).max(ORDER_PAGE.maxPageSize).default(ORDER_PAGE.pageSize),
      status: oneOf(z.string().max(40), ALIBABA_STATUSES, (s) => ALIBABA_STATUSES.includes(s)).nullish(),
    })
    .default({ pageNo: ORDER_PAGE.page, pageSize: ORDER_PAGE.pageSize }),
  data: z.object({
    totalRecords: z.number().int(),
    totalPage: z.number().int(),
    pageSize: z.number().int(),
    currentPage: z.number().int(),
    data: z.array(AlibabaOrder),
  }),
  errors: [],
  handler: async (ctx, { body, services }) => {
    const states = body.status ? statesForAlibabaStatus(body.status) : undefined;
    const paged = await pageOrders(ctx, { platform: '1688', states, page: body.pageNo, pageSize: body.pageSize });
    if (!paged.ok) return paged;
    const ids = paged.rows.map((row) => row.orderId);
    const orders = await getOrders(ctx, ids);
    const refunds = await refundsOfOrders(ctx, ids);
    return ok({
      totalRecords: paged.total,
      totalPage: Math.ceil(paged.total / paged.pageSize),
      pageSize: paged.pageSize,
      currentPage: paged.page,
      data: orders.map((o) => alibabaOrder(o, services.source.shop('1688', o.shopIndex), refunds.get(o.orderId))),
    });
  },
});

const detail = defineRoute({
  method: 'POST',
  path: '/v2/alibaba/order/detail',
  aliases: ['/alibaba/order/detail'],
  operationId: 'alibabaOrderDetail',
  summary: '1688 order detail',
  description: [
    'Reference AO11: the 1688 order object (baseInfo, nativeLogistics, productItems; yuan amounts inside, `totalAmount`',
    'at the top in fen). Refunds: each product item’s `refundStatus` (latest application) and `refundAmount` (fen),',
    '`baseInfo.refundStatus` / `baseInfo.refund` (yuan) and `refundAmount` (fen) for the order. Another developer’s or',
    'sibling sub-account’s order answers 404.',
  ].join(' '),
  tags: ['1688 order'],
  action: 'read',
  body: z.object({ webSite: z.string().max(20).nullish(), orderId: OrderIdParam }),
  data: AlibabaOrder,
  errors: ['NOT_FOUND'],
  handler: async (ctx, { body, services }) => {
    const found = await ownedOrder(ctx, body.orderId);
    if (!found.ok) return found;
    const refunds = await refundsOfOrders(ctx, [body.orderId]);
    return ok(alibabaOrder(found.order, services.source.shop('1688', found.order.shopIndex), refunds.get(body.orderId)));
  },
});

const logistics = defineRoute({
  method: 'GET',
  path: '/v2/alibaba/order/logistics/trace',
  aliases: ['/alibaba/order/logistics/trace'],
  operationId: 'alibabaOrderLogistics',
  summary: '1688 logistics tracking',
  description: [
    'Reference AO4 (1688 buyer-view logistics shape): one entry per parcel — `logisticsId` (tracking number), `status`',
    '(latest trace: ACCEPT … SIGN), `logisticsCompanyId`, `sendGoods`, `receiver`, `sender` and `logisticsSteps` (China',
    'time). Empty before the seller ships.',
  ].join(' '),
  tags: ['1688 order'],
  action: 'read',
  query: z.object({ orderId: OrderIdParam, webSite: z.string().max(20).optional() }),
  data: AlibabaLogistics,
  errors: ['NOT_FOUND'],
  handler: async (ctx, { query, services }) => {
    const found = await ownedOrder(ctx, query.orderId);
    if (!found.ok) return found;
    const shop = services.source.shop('1688', found.order.shopIndex);
    return ok(alibabaLogistics(found.order, shop, await trackingEvents(ctx, found.order)));
  },
});

const cancel = defineRoute({
  method: 'POST',
  path: '/v2/alibaba/order/cancel',
  aliases: ['/alibaba/order/cancel'],
  operationId: 'alibabaOrderCancel',
  summary: '1688 cancel before payment',
  description: [
    'Reference AO8: cancels an unpaid order and releases its stock.',
    `\`cancelReason\` is one of ${CANCEL_REASONS.join(', ')}; \`remark\` is kept with it. A paid order answers 2006.`,
  ].join(' '),
  tags: ['1688 order'],
  action: 'order.write',
  body: z.object({
    webSite: z.string().max(20),
    orderId: OrderIdParam,
    cancelReason: z.enum(CANCEL_REASONS),
    remark: z.string().trim().max(150).nullish(),
  }),
  data: z.boolean(),
  errors: ['NOT_FOUND', 'ORDER_STATE_INVALID'],
  handler: async (ctx, { body }) => {
    const found = await ownedOrder(ctx, body.orderId);
    if (!found.ok) return found;
    const cancelled = await cancelOrder(ctx, {
      orderId: body.orderId,
      reason: body.remark ? `${body.cancelReason}: ${body.remark}` : body.cancelReason,
    });
    return cancelled.ok ? ok(true) : cancelled;
  },
});

const receive = defineRoute({
  method: 'POST',
  path: '/v2/alibaba/order/receivegoods',
  aliases: ['/alibaba/order/receivegoods'],
  operationId: 'alibabaOrderReceiveGoods',
  summary: '1688 buyer confirms receipt',
  description: [
    'Reference AO10: confirms receipt of an order that arrived at the warehouse; it becomes `success`. `orderEntryIds`',
    '(sub-order ids, `productItems[].subItemID`) must belong to the order — the sandbox confirms the whole order.',
    'Answered like 1688 does, in `data`: `{success, errorCode, errorInfo}` — errorCode "2006" when the order has not',
    'arrived (or is closed), "4003" for an entry id of another order. Confirming twice succeeds. Another developer’s',
    'order answers 404. Refund applications of the order that still wait for the seller or the buyer close with it',
    '(`refundAction` BUYER_RECEIVE_CLOSE); an agreed return (waitbuyersend, waitsellerreceive) stays open.',
  ].join(' '),
  tags: ['1688 order'],
  action: 'order.write',
  body: z.object({ orderId: OrderIdParam, orderEntryIds: z.array(NumericId).max(100).nullish() }),
  data: z.object({ success: z.boolean(), errorCode: z.string(), errorInfo: z.string() }),
  errors: ['NOT_FOUND'],
  handler: async (ctx, { body }) => {
    const found = await ownedOrder(ctx, body.orderId);
    if (!found.ok) return found;
    const entries = new Set(found.order.lines.map((l) => entryIdOf(body.orderId, l.lineNo)));
    const stranger = (body.orderEntryIds ?? []).find((e) => !entries.has(e));
    if (stranger) return ok({ success: false, errorCode: '4003', errorInfo: `订单信息不存在,请核对后重试 (order entry ${stranger})` });
    if (found.order.state === 'completed') return ok({ success: true, errorCode: '', errorInfo: '' });
    if (found.order.state !== 'arrived_warehouse') {
      return ok({
        success: false,
        errorCode: String(codeOf('ORDER_STATE_INVALID')),
        errorInfo: messageFor('ORDER_STATE_INVALID', ctx.language, { state: found.order.state, action: 'confirm receipt' }),
      });
    }
    // In one transaction with the in-sale applications it ends (BUYER_RECEIVE_CLOSE).
    const done = await buyerConfirmReceipt(ctx, body.orderId);
    if (!done.ok)
      return ok({ success: false, errorCode: String(codeOf(done.error)), errorInfo: messageFor(done.error, ctx.language, done.params) });
    return ok({ success: true, errorCode: '', errorInfo: '' });
  },
});

const wangwang = defineRoute({
  method: 'POST',
  path: '/v2/alibaba/order/wangwang/decrypt',
  aliases: ['/alibaba/im/openuid/decrypt'],
  operationId: 'alibabaWangwangDecrypt',
  summary: '1688 decrypt to Wangwang nickname',
  description: [
    'Reference AO12: the seller’s Wangwang nickname for an encrypted `openUid` (a 1688 `sellerOpenId`), with a link to',
    'chat with the seller — in the sandbox, Ponte’s chat page. Unknown ids answer 404.',
  ].join(' '),
  tags: ['1688 order'],
  action: 'read',
  body: z.object({ openUid: z.string().trim().min(1).max(64), offerId: z.union([z.string().max(64), z.number()]).nullish() }),
  data: z.object({ openUid: z.string(), wangwangNick: z.string(), companyName: z.string(), wangwangUrl: z.string() }),
  errors: ['NOT_FOUND'],
  handler: async (_ctx, { body, headers, services }) => {
    const seller = await services.source.findSeller(body.openUid);
    if (seller?.platform !== '1688') return fail('NOT_FOUND', { what: `seller ${body.openUid}` });
    return ok({
      openUid: body.openUid,
      wangwangNick: seller.wangwangNick,
      companyName: seller.companyName,
      wangwangUrl: chatUrl(baseUrl(headers, services.publicUrl), seller.wangwangNick),
    });
  },
});

export const alibabaOrderManageRoutes = [page, detail, logistics, cancel, receive, wangwang] as const;
