import { z } from 'zod';
import { jsonText } from '../common/json-text.ts';
import { defineRoute, ok, type Result } from '../../platform/http/index.ts';
import type { Ctx } from '../../platform/context.ts';
import type { OrderId } from '../../platform/ids.ts';
import { fail, type ErrorName, type Failure } from '../../platform/errors.ts';
import { sumFen } from '../../platform/money.ts';
import {
  cancelOrder,
  createOrders,
  getOrder,
  pageOrders,
  payOrders,
  statesForTaobaoCode,
  ORDER_PAGE,
  ORDER_STATES,
  TAOBAO_STATUS,
  type CreateOrdersResult,
  type OrderDetail,
} from '../../modules/orders/index.ts';
import { trackingEvents } from '../../modules/fulfilment/index.ts';
import { orderCartLines } from '../../modules/cart/index.ts';
import { baseUrl, oneOf } from '../goods/common.ts';
import { CartLineIds } from './cart.ts';
import {
  cartOrderInput,
  chatUrl,
  ClientOrderId,
  idempotencyKeyOf,
  OrderIdParam,
  orderFieldNames,
  payFailure,
  requestHashOf,
  TAOBAO_RECEIVER_FIELDS,
  type OrderDeps,
} from '../common/orders.ts';
import { modifyAdvanceRoute } from './orders-advance.ts';
import {
  CreatedOrders,
  TAOBAO_ORDER_FIELDS,
  TaobaoLogistics,
  TaobaoOrderDetail,
  TaobaoOrderSummary,
  TaobaoReceiver,
  taobaoDetail,
  taobaoLogistics,
  taobaoSummary,
  toReceiver,
} from './orders-view.ts';
import { MarketId } from '../common/ids.ts';

/**
 * The Taobao purchase-order family (reference §8.2 TO1–TO8, §8.3 TC2). Amounts are fen.
 */

const Quantity = z
  .union([
    z.number().int(),
    z
      .string()
      .trim()
      .regex(/^\d{1,7}$/)
      .transform(Number),
  ])
  .pipe(z.number().int().min(1).max(1_000_000));

const OrderLineIn = z.object({
  itemId: MarketId.describe('item id (v2 opaque id, itemMapId, or v1 numeric id / mpId)'),
  skuId: MarketId.nullish().describe('SKU id (mpSkuId); may be omitted for a single-SKU item'),
  quantity: Quantity,
  orderLineNo: z.union([z.string(), z.number()]).nullish(),
  price: z.union([z.string(), z.number()]).nullish().describe('informational; the amount check is `purchaseAmount`'),
  currency: z.enum(['CNY']).nullish().describe('CNY (the only currency orders are charged in)'),
});

export const TaobaoOrderCreateBody = z.object({
  orderLineList: jsonText(z.array(OrderLineIn).min(1).max(100)).describe(
    'JSON string: [{"itemId","skuId","quantity","orderLineNo","price","currency"}]',
  ),
  receiver: jsonText(TaobaoReceiver).describe(
    'JSON string: {"name","mobile_phone","phone","country","state","city","district","address","zip"}',
  ),
  purchaseAmount: z
    .number()
    .int()
    .nonnegative()
    .describe('the total the client expects to pay, fen; must equal the computed amount (else 2002 with the current amount)'),
  outer_purchase_id: ClientOrderId.nullish().describe('client order id: a second create with it returns the first order'),
  sellerOrderNumber: ClientOrderId.nullish().describe('client order id (used when outer_purchase_id is absent)'),
  orderSource: z.string().max(60).nullish(),
});

/** Created (or replayed) orders as the Taobao create data, PRICE_CHANGED with the current amount in `data`. */
function createdOut(made: CreateOrdersResult | Failure): Result<z.input<typeof CreatedOrders>> {
  if (!made.ok) {
    if (made.error === 'PRICE_CHANGED') {
      const current = (made.data as { currentAmountFen: number }).currentAmountFen;
      return { ...made, data: { purchaseAmount: current, currentAmountFen: current } };
    }
    return made;
  }
  return ok({
    purchaseOrderId: made.orders[0]!.orderId,
    purchaseOrderIds: made.orders.map((o) => o.orderId),
    purchaseAmount: sumFen(made.orders.map((o) => o.totalAmountFen)),
    orders: made.orders.map(taobaoSummary),
    replayed: made.replayed,
  });
}

async function owned(ctx: Ctx, orderId: OrderId): Promise<{ ok: true; order: OrderDetail } | Failure> {
  const found = await getOrder(ctx, orderId);
  if (!found.ok) return found;
  if (found.order.platform !== 'taobao') return fail('NOT_FOUND', { what: `order ${orderId}` });
  return found;
}

const CREATE_ERRORS: ErrorName[] = ['PRICE_CHANGED', 'OUT_OF_STOCK', 'PRODUCT_UNAVAILABLE', 'IDEMPOTENCY_KEY_REUSED', 'CONFLICT'];
const ByOrderId = z.object({ purchaseOrderId: OrderIdParam });
const TAOBAO_STATUS_CODES = [...new Set(ORDER_STATES.map((s) => TAOBAO_STATUS[s].code))].sort((a, b) => a - b);

export function taobaoOrderRoutes(deps: OrderDeps) {
  const createRoute = defineRoute({
    method: 'POST',
    path: '/v2/taobao/order/create',
    aliases: ['/open/order'],
    operationId: 'taobaoOrderCreate',
    summary: 'Order creation',
    description:
      'Reference TO1. `orderLineList` and `receiver` are JSON strings. One order is created per seller, all or none; `purchaseOrderId` is the first, `purchaseOrderIds` all. `purchaseAmount` (fen) must equal the total of all orders (goods at today’s price + postage), else 2002 with `data.purchaseAmount` = the amount due now. Stock is reserved at creation (2003 when short). Idempotent: `outer_purchase_id` (or `sellerOrderNumber`) and/or an `Idempotency-Key` header replay the first answer; the same key with another body answers 2005.',
    tags: ['Taobao order'],
    action: 'order.write',
    body: TaobaoOrderCreateBody,
    data: CreatedOrders,
    errors: CREATE_ERRORS,
    fields: TAOBAO_ORDER_FIELDS,
    handler: async (ctx, { body, headers }) =>
      createdOut(
        await createOrders(ctx, deps.source, {
          platform: 'taobao',
          lines: body.orderLineList.map((l) => ({ itemRef: l.itemId, skuId: l.skuId ?? undefined, quantity: l.quantity })),
          receiver: toReceiver(body.receiver),
          expectedTotalFen: body.purchaseAmount,
          clientOrderId: body.outer_purchase_id ?? body.sellerOrderNumber ?? undefined,
          idempotencyKey: idempotencyKeyOf(headers),
          requestHash: requestHashOf(body),
        }),
      ),
  });

  const pay = defineRoute({
    method: 'POST',
    path: '/v2/taobao/order/pay',
    operationId: 'taobaoOrderPay',
    summary: 'Payment',
    description:
      'Reference TO5: pays the order from the developer’s prepaid wallet; the charge and the state change commit together. Paying an order that is already paid answers success with `alreadyPaid: true` and charges nothing. Insufficient balance answers 2001 with `data.shortfallFen`; a cancelled or closed order 2006. Needs the order.pay permission (finance sub-accounts, not buyers).',
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
    description:
      'Reference TO7: status (TaoBaoOrderStatusEnum code + name), lines, amounts (fen), receiver, and the courier and tracking number once shipped. Another developer’s or sibling sub-account’s order answers 404.',
    tags: ['Taobao order'],
    action: 'read',
    query: ByOrderId,
    data: TaobaoOrderDetail,
    errors: ['NOT_FOUND'],
    handler: async (ctx, { query }) => {
      const found = await owned(ctx, query.purchaseOrderId);
      return found.ok ? ok(taobaoDetail(found.order, deps.source.shop('taobao', found.order.shopIndex))) : found;
    },
  });

  const page = defineRoute({
    method: 'POST',
    path: '/v2/taobao/order/page',
    operationId: 'taobaoOrderPage',
    summary: 'Order paging query',
    description: `Reference TO2: the caller’s Taobao orders, newest first (a sub-account sees its own, the main user all of the developer’s). \`status\` filters by TaoBaoOrderStatusEnum code. \`pageNo\` from 1, \`pageSize\` 1–${ORDER_PAGE.maxPageSize} (default ${ORDER_PAGE.pageSize}).`,
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
      return paged.ok
        ? ok({ total: paged.total, pageNo: paged.page, pageSize: paged.pageSize, list: paged.rows.map(taobaoSummary) })
        : paged;
    },
  });

  const cancel = defineRoute({
    method: 'POST',
    path: '/v2/taobao/order/cancel',
    operationId: 'taobaoOrderCancel',
    summary: 'Cancel',
    description:
      'Reference TO3: cancels an order before payment and releases its reserved stock (`cancelReason` optional, default buyer_cancel). A paid order answers 2006 (paid goods leave through after-sales).',
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
    handler: async (ctx, { query, headers }) => {
      const found = await owned(ctx, query.purchaseOrderId);
      if (!found.ok) return found;
      const shop = deps.source.shop('taobao', found.order.shopIndex);
      if (!shop) return fail('NOT_FOUND', { what: `seller of order ${query.purchaseOrderId}` });
      return ok({
        purchaseOrderId: query.purchaseOrderId,
        sellerNick: shop.userNick,
        imUrl: chatUrl(baseUrl(headers, deps.publicUrl), shop.userNick),
      });
    },
  });

  const logistics = defineRoute({
    method: 'GET',
    path: '/v2/taobao/order/logistics',
    operationId: 'taobaoOrderLogistics',
    summary: 'Logistics detail',
    description:
      'Reference TO8: the domestic parcel from the seller to the warehouse — courier, tracking number and traces (ACCEPT → TRANSPORT → ARRIVE_CITY → DELIVERING → SIGN), China time. Before shipping the courier fields are null and `traces` is empty.',
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

  return [createRoute, pay, detail, page, cancel, imLink, logistics, cartCreateRoute(deps), modifyAdvanceRoute()] as const;
}

const OrderAddress = z.object({
  name: z.string().trim().max(100).nullish(),
  mobile_phone: z.string().trim().max(40).nullish(),
  phone: z.string().trim().max(40).nullish(),
  country: z.string().trim().max(60).nullish(),
  state: z.string().trim().max(60).nullish(),
  city: z.string().trim().max(60).nullish(),
  district: z.string().trim().max(60).nullish(),
  address: z.string().trim().max(300).nullish(),
  zip: z.string().trim().max(20).nullish(),
});

function cartCreateRoute(deps: OrderDeps) {
  return defineRoute({
    method: 'POST',
    path: '/v2/taobao/cart/create/order',
    aliases: ['/open/cart/create/order'],
    operationId: 'taobaoCartCreateOrder',
    summary: 'Create order from cart',
    description:
      'Reference TC2: orders the cart records `ids` (one order per shop) at today’s prices and removes them from the cart. `orderAddress` needs name, a phone (mobile_phone or phone), state, city, district and address. Any id that is not the caller’s answers 404 and orders nothing. An `Idempotency-Key` header makes a retry return the first orders. Concurrent calls on the same lines order them once (one transaction): the others answer 404, or with the same key the first orders.',
    tags: ['Taobao cart'],
    action: 'order.write',
    body: z.object({ ids: CartLineIds.describe('cart record ids'), orderAddress: OrderAddress, userId: z.string().max(40).nullish() }),
    data: CreatedOrders,
    errors: ['NOT_FOUND', ...CREATE_ERRORS],
    fields: {
      ...orderFieldNames({
        receiver: 'orderAddress',
        receiverFields: TAOBAO_RECEIVER_FIELDS,
        lines: 'ids',
        lineFields: { itemRef: 'itemId', skuId: 'skuId', quantity: 'quantity' },
        clientOrderId: 'Idempotency-Key',
      }),
      lineIds: 'ids',
    },
    handler: async (ctx, { body, headers }) =>
      createdOut(await orderCartLines(ctx, deps.source, cartOrderInput('taobao', body.ids, toReceiver(body.orderAddress), headers, body))),
  });
}
