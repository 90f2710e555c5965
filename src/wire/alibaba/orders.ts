/**
 * 1688 ordering (reference §8.8 AO2, AO3, AO6, AO7; §8.7 AC6): previews and creation, one order
 * per seller. Amounts: `sumPayment`/`sumCarriage`/`sumPaymentNoCarriage`/`totalAmount` integer fen
 * (as 1688's preview sends them); cargo `price`/`amount` yuan strings (as 1688 quotes prices).
 */
import { z } from 'zod';
import { defineRoute, ok, type Result } from '../../platform/http/index.ts';
import type { Ctx } from '../../platform/context.ts';
import type { ErrorName, Failure } from '../../platform/errors.ts';
import { createOrders, getOrders, type CreateOrdersResult } from '../../modules/orders/index.ts';
import { orderCartLines } from '../../modules/cart/index.ts';
import type { Source } from '../../sources/source.ts';
import { CartLineIds } from '../taobao/cart.ts';
import {
  ALIBABA_RECEIVER_FIELDS,
  cartOrderInput,
  ClientOrderId,
  idempotencyKeyOf,
  orderFieldNames,
  requestHashOf,
} from '../common/orders.ts';
import { AlibabaOrder, FastAddress, alibabaOrder, toReceiver } from './orders-view.ts';
import { ALIBABA_ORDER_FIELDS, CARGO_FIELDS, Cargo, Flow, lineOf } from './orders-input.ts';
import { batchPreviewRoute, previewRoute } from './orders-preview.ts';
import { batchPayRoute, payUrlRoute } from './orders-pay.ts';
import { alibabaOrderManageRoutes } from './orders-manage.ts';

/**
 * 1688 order creation (reference §8.8 AO3, AO7; §8.7 AC6): one order per seller, all or none.
 * Amounts: `totalAmount` integer fen (as PandaPon's 1688 callbacks carry it); the order object's
 * inner amounts are yuan (as 1688's order detail sends them).
 */
const CreateBody = z.object({
  flow: Flow,
  message: z.string().max(500).nullish(),
  shopPromotionId: z.string().max(64).nullish(),
  tradeType: z.string().max(40).nullish(),
  addressParam: FastAddress,
  cargoParamList: z.array(Cargo).min(1).max(100),
  sellerOrderNumber: ClientOrderId.nullish().describe(
    'Ponte extension: client order id — a second create with it returns the first orders',
  ),
  userId: z.string().max(40).nullish(),
  staffName: z.string().max(100).nullish(),
  platformOrder: z.number().int().nullish(),
  transferAccountImgs: z.string().max(4000).nullish(),
  transferAccountRemark: z.string().max(500).nullish(),
});

const CREATE_ERRORS: ErrorName[] = [
  'OUT_OF_STOCK',
  'BELOW_MIN_ORDER_QUANTITY',
  'PRODUCT_UNAVAILABLE',
  'IDEMPOTENCY_KEY_REUSED',
  'CONFLICT',
];

/** The created (or replayed) orders as 1688 order objects: the one answer of AO7, AO3 and AC6. */
async function createdOrders(ctx: Ctx, source: Source, made: CreateOrdersResult | Failure): Promise<Result<AlibabaOrder[]>> {
  if (!made.ok) return made;
  const ids = made.orders.map((o) => o.orderId);
  const orders = await getOrders(ctx, ids);
  return ok(orders.map((o) => alibabaOrder(o, source.shop('1688', o.shopIndex))));
}

const IDEMPOTENT = [
  'Idempotent: `sellerOrderNumber` and/or an `Idempotency-Key` header replay the first answer; the same key with',
  'another body answers 2005.',
].join(' ');

/** AO7 and AO3 take the same body and give the same answer; only their paths and docs differ. */
function createRoute<const P extends string>(spec: { path: P; alias: string; operationId: string; summary: string; description: string }) {
  return defineRoute({
    method: 'POST',
    path: spec.path,
    aliases: [spec.alias],
    operationId: spec.operationId,
    summary: spec.summary,
    description: `${spec.description} ${IDEMPOTENT}`,
    tags: ['1688 order'],
    action: 'order.write',
    body: CreateBody,
    data: z.array(AlibabaOrder),
    errors: CREATE_ERRORS,
    fields: ALIBABA_ORDER_FIELDS,
    handler: async (ctx, { body, headers, services }) =>
      createdOrders(
        ctx,
        services.source,
        await createOrders(ctx, services.source, {
          platform: '1688',
          lines: body.cargoParamList.map(lineOf),
          receiver: toReceiver(body.addressParam),
          clientOrderId: body.sellerOrderNumber ?? undefined,
          idempotencyKey: idempotencyKeyOf(headers),
          requestHash: requestHashOf(body),
        }),
      ),
  });
}

const create = createRoute({
  path: '/v2/alibaba/order/create',
  alias: '/alibaba/order/create',
  operationId: 'alibabaOrderCreate',
  summary: '1688 order create',
  description: [
    'Reference AO7: creates the order for `cargoParamList` (cargo of several sellers makes one order per seller, all or',
    'none) and reserves stock. `addressParam` needs fullName, mobile (or phone), provinceText, cityText, areaText (or',
    'townText) and address. Answers the orders as 1688 order objects (AO11 shape).',
  ].join(' '),
});

const batchCreate = createRoute({
  path: '/v2/alibaba/order/batch/create',
  alias: '/alibaba/order/batch/create',
  operationId: 'alibabaOrderBatchCreate',
  summary: '1688 batch create across merchants',
  description: [
    'Reference AO3: one request → one order per seller (cargo `sellerOpenId` is informational; the offer decides the',
    'seller), all or none. `data` is an array of 1688 order objects, each with `orderId` (string) and `totalAmount`',
    '(fen).',
  ].join(' '),
});

const cartCreate = defineRoute({
  method: 'POST',
  path: '/v2/alibaba/cart/create/order',
  aliases: ['/alibaba/cart/create/order'],
  operationId: 'alibabaCartCreateOrder',
  summary: '1688 create order from cart',
  description: [
    'Reference AC6: orders the cart lines `cartIds` (one order per seller) and removes them from the cart; answers like',
    'AO3. Any id that is not the caller’s answers 404 and orders nothing. An `Idempotency-Key` header makes a retry',
    'return the first orders. Concurrent calls on the same lines order them once (one transaction): the others answer',
    '404, or with the same key the first orders.',
  ].join(' '),
  tags: ['1688 cart'],
  action: 'order.write',
  body: z.object({
    flow: Flow,
    message: z.string().max(500).nullish(),
    shopPromotionId: z.string().max(64).nullish(),
    tradeType: z.string().max(40).nullish(),
    addressParam: FastAddress,
    cartIds: CartLineIds,
    userId: z.string().max(40).nullish(),
    staffName: z.string().max(100).nullish(),
  }),
  data: z.array(AlibabaOrder),
  errors: ['NOT_FOUND', ...CREATE_ERRORS],
  fields: {
    ...orderFieldNames({
      receiver: 'addressParam',
      receiverFields: ALIBABA_RECEIVER_FIELDS,
      lines: 'cartIds',
      lineFields: CARGO_FIELDS.lineFields,
      clientOrderId: 'Idempotency-Key',
    }),
    lineIds: 'cartIds',
  },
  handler: async (ctx, { body, headers, services }) => {
    const input = cartOrderInput('1688', body.cartIds, toReceiver(body.addressParam), headers, body);
    return createdOrders(ctx, services.source, await orderCartLines(ctx, services.source, input));
  },
});

export const alibabaOrderRoutes = [
  previewRoute,
  batchPreviewRoute,
  create,
  batchCreate,
  cartCreate,
  batchPayRoute,
  payUrlRoute,
  ...alibabaOrderManageRoutes,
] as const;
