/**
 * The Taobao purchase-order family (reference §8.2 TO1–TO8, §8.3 TC2). Amounts are fen.
 */
import { z } from 'zod';
import { defineRoute, ok } from '../../platform/http/index.ts';
import type { Ctx } from '../../platform/context.ts';
import type { OrderId } from '../../platform/ids.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { cancelOrder, getOrder, pageOrders, payOrders, ORDER_PAGE, ORDER_STATES, type OrderDetail } from '../../modules/orders/index.ts';
import { statesForTaobaoCode, TAOBAO_STATUS } from '../common/order-status.ts';
import { trackingEvents } from '../../modules/fulfilment/index.ts';
import { orderRefundState } from '../../modules/aftersales/index.ts';
import { baseUrl, oneOf } from '../goods/common.ts';
import { chatUrl, OrderIdParam, payFailure } from '../common/orders.ts';
import { modifyAdvance } from './orders-advance.ts';
import { cartCreateOrder, orderCreate } from './orders-create.ts';
import { TaobaoLogistics, TaobaoOrderDetail, TaobaoOrderSummary, taobaoDetail, taobaoLogistics, taobaoSummary } from './orders-view.ts';

/** The caller's Taobao order: a 1688 order's id answers 404 here, as an unknown one does. */
async function owned(ctx: Ctx, orderId: OrderId): Promise<{ ok: true; order: OrderDetail } | Failure> {
  const found = await getOrder(ctx, orderId);
  if (!found.ok) return found;
  if (found.order.platform !== 'taobao') return fail('NOT_FOUND', { what: `order ${orderId}` });
  return found;
}

const ByOrderId = z.object({ purchaseOrderId: OrderIdParam });
const TAOBAO_STATUS_CODES = [...new Set(ORDER_STATES.map((s) => TAOBAO_STATUS[s].code))].sort((a, b) => a - b);

const pay = defineRoute({
  method: 'POST',
  path: '/v2/taobao/order/pay',
  operationId: 'taobaoOrderPay',
  summary: 'Payment',
  description: [
    'Reference TO5: pays the order from the developer’s prepaid wallet; the charge and the state change commit together.',
    'Paying an order that is already paid answers success with `alreadyPaid: true` and charges nothing.',
    'Insufficient balance answers 2001 with `data.shortfallFen`; a cancelled or closed order 2006.',
    'Needs the order.pay permission (finance sub-accounts, not buyers).',
  ].join(' '),
  tags: ['Taobao order'],
  action: 'order.pay',
  body: ByOrderId,
  data: z.object({
    purchaseOrderId: z.string(),
    paid: z.literal(true),
    alreadyPaid: z.boolean(),
    payAmount: z.number().int().describe('fen'),
    balance: z.number().int().nullable().describe('wallet balance after this charge, fen (null on a replay)'),
  }),
  errors: ['NOT_FOUND', 'INSUFFICIENT_BALANCE', 'ORDER_STATE_INVALID'],
  handler: async (ctx, { body }) => {
    // payOrders is tenant-scoped itself (another developer's or a sibling's id answers 404), so
    // the hot path skips a separate ownership read.
    const paid = await payOrders(ctx, { orderIds: [body.purchaseOrderId] });
    if (!paid.ok) return paid;
    const r = paid.results[0]!;
    if (!r.ok) return payFailure(r);
    return ok({
      purchaseOrderId: r.orderId,
      paid: true as const,
      alreadyPaid: r.alreadyPaid ?? false,
      payAmount: r.paidAmountFen ?? 0,
      balance: r.balanceFen ?? null,
    });
  },
});

const detail = defineRoute({
  method: 'GET',
  path: '/v2/taobao/order/detail',
  operationId: 'taobaoOrderDetail',
  summary: 'Order detail by id',
  description: [
    'Reference TO7: status (TaoBaoOrderStatusEnum code + name), lines, amounts (fen), receiver,',
    'and the courier and tracking number once shipped. Each line carries its `subOrderId` (for after-sales) and its',
    'latest reverse order’s `refundStatus` (0 none) and `refundAmount` (fen).',
    'Another developer’s or sibling sub-account’s order answers 404.',
  ].join(' '),
  tags: ['Taobao order'],
  action: 'read',
  query: ByOrderId,
  data: TaobaoOrderDetail,
  errors: ['NOT_FOUND'],
  handler: async (ctx, { query, services }) => {
    const found = await owned(ctx, query.purchaseOrderId);
    if (!found.ok) return found;
    const refunds = (await orderRefundState(ctx, [found.order.orderId])).get(found.order.orderId);
    return ok(taobaoDetail(found.order, services.source.shop('taobao', found.order.shopIndex), refunds));
  },
});

const page = defineRoute({
  method: 'POST',
  path: '/v2/taobao/order/page',
  operationId: 'taobaoOrderPage',
  summary: 'Order paging query',
  description: [
    'Reference TO2: the caller’s Taobao orders, newest first (a sub-account sees its own,',
    `the main user all of the developer’s). \`status\` filters by TaoBaoOrderStatusEnum code.`,
    `\`pageNo\` from 1, \`pageSize\` 1–${ORDER_PAGE.maxPageSize} (default ${ORDER_PAGE.pageSize}).`,
  ].join(' '),
  tags: ['Taobao order'],
  action: 'read',
  body: z
    .object({
      pageNo: z.number().int().min(1).max(10_000).default(ORDER_PAGE.page),
      pageSize: z.number().int().min(1).max(ORDER_PAGE.maxPageSize).default(ORDER_PAGE.pageSize),
      status: oneOf(z.number().int(), TAOBAO_STATUS_CODES.map(String), (code) => TAOBAO_STATUS_CODES.includes(code))
        .nullish()
        .describe(`TaoBaoOrderStatusEnum code: ${TAOBAO_STATUS_CODES.join(', ')}`),
    })
    .default({ pageNo: ORDER_PAGE.page, pageSize: ORDER_PAGE.pageSize }),
  data: z.object({ total: z.number().int(), pageNo: z.number().int(), pageSize: z.number().int(), list: z.array(TaobaoOrderSummary) }),
  errors: [],
  handler: async (ctx, { body }) => {
    const states = body.status === undefined || body.status === null ? undefined : statesForTaobaoCode(body.status);
    const paged = await pageOrders(ctx, { platform: 'taobao', states, page: body.pageNo, pageSize: body.pageSize });
    return paged.ok ? ok({ total: paged.total, pageNo: paged.page, pageSize: paged.pageSize, list: paged.rows.map(taobaoSummary) }) : paged;
  },
});

const cancel = defineRoute({
  method: 'POST',
  path: '/v2/taobao/order/cancel',
  operationId: 'taobaoOrderCancel',
  summary: 'Cancel',
  description: [
    'Reference TO3: cancels an order before payment and releases its reserved stock (`cancelReason` optional,',
    'default buyer_cancel). A paid order answers 2006 (paid goods leave through after-sales).',
  ].join(' '),
  tags: ['Taobao order'],
  action: 'order.write',
  body: z.object({ purchaseOrderId: OrderIdParam, cancelReason: z.string().trim().max(200).nullish() }),
  data: z.object({ purchaseOrderId: z.string(), status: z.number().int(), cancelled: z.literal(true) }),
  errors: ['NOT_FOUND', 'ORDER_STATE_INVALID'],
  handler: async (ctx, { body }) => {
    const found = await owned(ctx, body.purchaseOrderId);
    if (!found.ok) return found;
    const cancelled = await cancelOrder(ctx, { orderId: body.purchaseOrderId, reason: body.cancelReason || 'buyer_cancel' });
    return cancelled.ok ? ok({ purchaseOrderId: body.purchaseOrderId, status: 4, cancelled: true as const }) : cancelled;
  },
});

const imLink = defineRoute({
  method: 'GET',
  path: '/v2/taobao/order/im/link',
  alsoPost: true,
  operationId: 'taobaoOrderImLink',
  summary: 'Get IM link',
  description:
    'Reference TO6: a link to chat with the order’s seller — in the sandbox, a chat page served by Ponte (`/sandbox/chat/<sellerNick>`).',
  tags: ['Taobao order'],
  action: 'read',
  query: ByOrderId,
  data: z.object({ purchaseOrderId: z.string(), sellerNick: z.string(), imUrl: z.string() }),
  errors: ['NOT_FOUND'],
  handler: async (ctx, { query, headers, services }) => {
    const found = await owned(ctx, query.purchaseOrderId);
    if (!found.ok) return found;
    const shop = services.source.shop('taobao', found.order.shopIndex);
    if (!shop) return fail('NOT_FOUND', { what: `seller of order ${query.purchaseOrderId}` });
    return ok({
      purchaseOrderId: query.purchaseOrderId,
      sellerNick: shop.userNick,
      imUrl: chatUrl(baseUrl(headers, services.publicUrl), shop.userNick),
    });
  },
});

const logistics = defineRoute({
  method: 'GET',
  path: '/v2/taobao/order/logistics',
  operationId: 'taobaoOrderLogistics',
  summary: 'Logistics detail',
  description: [
    'Reference TO8: the domestic parcel from the seller to the warehouse — courier,',
    'tracking number and traces (ACCEPT → TRANSPORT → ARRIVE_CITY → DELIVERING → SIGN), China time.',
    'Before shipping the courier fields are null and `traces` is empty.',
  ].join(' '),
  tags: ['Taobao order'],
  action: 'read',
  query: ByOrderId,
  data: TaobaoLogistics,
  errors: ['NOT_FOUND'],
  handler: async (ctx, { query }) => {
    const found = await owned(ctx, query.purchaseOrderId);
    return found.ok ? ok(taobaoLogistics(found.order, await trackingEvents(ctx, found.order))) : found;
  },
});

/**
 * The Taobao purchase-order family (reference §8.2 TO1–TO8, §8.3 TC2): reading, paying and
 * cancelling here; creation in orders-create.ts, the receiver change in orders-advance.ts. Amounts are fen.
 */
export const taobaoOrderRoutes = [orderCreate, pay, detail, page, cancel, imLink, logistics, cartCreateOrder, modifyAdvance] as const;
