import { z } from 'zod';
import { jsonText } from '../common/json-text.ts';
import { defineRoute, ok, type Result } from '../../platform/http/index.ts';
import type { ErrorName, Failure } from '../../platform/errors.ts';
import { sumFen } from '../../platform/money.ts';
import { createOrders, type CreateOrdersResult } from '../../modules/orders/index.ts';
import { orderCartLines } from '../../modules/cart/index.ts';
import { CartLineIds } from './cart.ts';
import {
  cartOrderInput,
  ClientOrderId,
  idempotencyKeyOf,
  orderFieldNames,
  requestHashOf,
  TAOBAO_RECEIVER_FIELDS,
} from '../common/orders.ts';
import { CreatedOrders, TAOBAO_ORDER_FIELDS, TaobaoReceiver, taobaoSummary, toReceiver } from './orders-view.ts';
import { MarketId } from '../common/ids.ts';

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

const TaobaoOrderCreateBody = z.object({
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

/** TC2's `orderAddress`: TO1's receiver fields as an object rather than a JSON string. */
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

/**
 * Created (or replayed) orders as the Taobao create data, PRICE_CHANGED with the current amount in
 * `data`: the one answer of both ways a Taobao order is created, from order lines (TO1) and from
 * cart records (TC2).
 */
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

const CREATE_ERRORS: ErrorName[] = ['PRICE_CHANGED', 'OUT_OF_STOCK', 'PRODUCT_UNAVAILABLE', 'IDEMPOTENCY_KEY_REUSED', 'CONFLICT'];

export const orderCreate = defineRoute({
  method: 'POST',
  path: '/v2/taobao/order/create',
  aliases: ['/open/order'],
  operationId: 'taobaoOrderCreate',
  summary: 'Order creation',
  description: [
    'Reference TO1. `orderLineList` and `receiver` are JSON strings.',
    'One order is created per seller, all or none; `purchaseOrderId` is the first, `purchaseOrderIds` all.',
    '`purchaseAmount` (fen) must equal the total of all orders (goods at today’s price + postage),',
    'else 2002 with `data.purchaseAmount` = the amount due now. Stock is reserved at creation (2003 when short).',
    'Idempotent: `outer_purchase_id` (or `sellerOrderNumber`) and/or an `Idempotency-Key` header replay the first answer;',
    'the same key with another body answers 2005.',
  ].join(' '),
  tags: ['Taobao order'],
  action: 'order.write',
  body: TaobaoOrderCreateBody,
  data: CreatedOrders,
  errors: CREATE_ERRORS,
  fields: TAOBAO_ORDER_FIELDS,
  handler: async (ctx, { body, headers, services }) =>
    createdOut(
      await createOrders(ctx, services.source, {
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

export const cartCreateOrder = defineRoute({
  method: 'POST',
  path: '/v2/taobao/cart/create/order',
  aliases: ['/open/cart/create/order'],
  operationId: 'taobaoCartCreateOrder',
  summary: 'Create order from cart',
  description: [
    'Reference TC2: orders the cart records `ids` (one order per shop) at today’s prices and removes them from the cart.',
    '`orderAddress` needs name, a phone (mobile_phone or phone), state, city, district and address.',
    'Any id that is not the caller’s answers 404 and orders nothing.',
    'An `Idempotency-Key` header makes a retry return the first orders.',
    'Concurrent calls on the same lines order them once (one transaction): the others answer 404,',
    'or with the same key the first orders.',
  ].join(' '),
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
  handler: async (ctx, { body, headers, services }) =>
    createdOut(
      await orderCartLines(ctx, services.source, cartOrderInput('taobao', body.ids, toReceiver(body.orderAddress), headers, body)),
    ),
});
