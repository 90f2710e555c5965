/**
 * 1688 ordering (reference §8.8 AO2, AO3, AO6, AO7; §8.7 AC6): previews and creation, one order
 * per seller. Amounts: `sumPayment`/`sumCarriage`/`sumPaymentNoCarriage`/`totalAmount` integer fen
 * (as 1688's preview sends them); cargo `price`/`amount` yuan strings (as 1688 quotes prices).
 */
import { z } from 'zod';
import { defineRoute, ok, wireFailure, type Result } from '../../platform/http/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { codeOf, messageFor, type ErrorName, type Failure } from '../../platform/errors.ts';
import { fenToYuan, sumFen } from '../../platform/money.ts';
import {
  createOrders,
  getOrder,
  previewOrder,
  shippingRuleText,
  type CreateOrdersResult,
  type LineRequest,
} from '../../modules/orders/index.ts';
import { CartLineIds } from '../taobao/cart.ts';
import { orderCartLines } from '../../modules/cart/index.ts';
import {
  ALIBABA_RECEIVER_FIELDS,
  cartOrderInput,
  ClientOrderId,
  idempotencyKeyOf,
  orderFieldNames,
  requestHashOf,
  type OrderDeps,
} from '../common/orders.ts';
import { AlibabaOrder, FastAddress, alibabaOrder, toReceiver } from './orders-view.ts';
import { alibabaOrderManageRoutes } from './orders-manage.ts';
import { MarketId } from '../common/ids.ts';

export const Cargo = z
  .object({
    offerMapId: MarketId.nullish().describe('v2 opaque offer id'),
    offerId: MarketId.nullish().describe('v1 numeric offer id (v2 opaque ids accepted too)'),
    specId: MarketId.nullish().describe('SKU spec id (skuId accepted instead)'),
    skuId: MarketId.nullish(),
    quantity: z.number().int().min(1).max(1_000_000),
    sellerOpenId: z.string().max(64).nullish().describe('informational: orders are grouped by the offer’s real seller'),
    productNo: z.string().max(64).nullish(),
    container: z.string().max(64).nullish(),
  })
  .refine((c) => Boolean(c.offerMapId ?? c.offerId), { message: 'offerMapId or offerId is required', path: ['offerMapId'] });
type Cargo = z.infer<typeof Cargo>;

/** The order flows the sandbox understands (the reference documents `general`); others are refused. */
const Flow = z.enum(['general']).describe('"general"');

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

const PreviewBody = z.object({ addressParam: FastAddress.nullish(), cargoParamList: z.array(Cargo).min(1).max(100) });

function lineOf(c: Cargo): LineRequest {
  return {
    itemRef: (c.offerMapId ?? c.offerId)!,
    specId: c.specId ?? undefined,
    skuId: c.specId ? undefined : (c.skuId ?? undefined),
    quantity: c.quantity,
  };
}

const Preview = z.object({
  success: z.boolean().describe('false when no cargo can be ordered'),
  errorCode: z.string().nullable(),
  errorMsg: z.string().nullable(),
  orderPreviewResuslt: z
    .array(
      z.object({
        sellerOpenId: z.string().nullable(),
        sellerNickName: z.string().nullable(),
        companyName: z.string().nullable(),
        status: z.boolean(),
        discountFee: z.null(),
        tradeModeNameList: z.array(z.string()),
        sumPaymentNoCarriage: z.number().int().describe('goods, fen'),
        sumCarriage: z
          .number()
          .int()
          .describe(`shipping, fen; sandbox rule: ${shippingRuleText('1688')}`),
        sumPayment: z.number().int().describe('fen'),
        cargoList: z.array(
          z.object({
            offerId: z.string(),
            specId: z.string(),
            skuId: z.string(),
            title: z.string(),
            quantity: z.number().int(),
            price: z.string().describe('unit, yuan'),
            amount: z.string().describe('yuan'),
          }),
        ),
      }),
    )
    .describe('(sic, as the reference spells it) one entry per seller'),
  totalAmount: z.number().int().describe('what creating these orders costs now, all sellers, fen'),
  postFeeByDescOfferList: z.array(z.string()),
  consignOfferList: z.array(z.string()),
  unsupportedCrossBorderPayOfferList: z.array(z.string()),
  unsupportedList: z.array(
    z.object({
      offerId: z.string(),
      specId: z.string().nullable(),
      quantity: z.number().int(),
      code: z.number().int(),
      reason: z.string(),
    }),
  ),
});

const CARGO_FIELDS = { lines: 'cargoParamList', lineFields: { itemRef: 'offerId', skuId: 'specId', quantity: 'quantity' } } as const;
const ALIBABA_ORDER_FIELDS = orderFieldNames({
  receiver: 'addressParam',
  receiverFields: ALIBABA_RECEIVER_FIELDS,
  ...CARGO_FIELDS,
  clientOrderId: 'sellerOrderNumber',
});

/** AO6 / AO2: each cargo priced alone first, so one bad line is listed instead of failing all. */
async function preview(ctx: Ctx, deps: OrderDeps, cargo: Cargo[]): Promise<Result<z.input<typeof Preview>>> {
  const priced = await previewOrder(deps.source, '1688', cargo.map(lineOf));
  if (!priced.ok) return priced;
  const unsupported = priced.unsupported.map(({ index, failure }) => {
    const c = cargo[index]!;
    const reason = wireFailure(ALIBABA_ORDER_FIELDS, failure);
    return {
      offerId: lineOf(c).itemRef,
      specId: c.specId ?? c.skuId ?? null,
      quantity: c.quantity,
      code: codeOf(reason.error),
      reason: messageFor(reason.error, ctx.language, reason.params),
    };
  });
  const groups = priced.groups.map((g) => {
    const shop = deps.source.shop('1688', g.shopIndex);
    return {
      sellerOpenId: shop?.sellerOpenId ?? null,
      sellerNickName: shop?.wangwangNick ?? null,
      companyName: shop?.companyName ?? null,
      status: true,
      discountFee: null,
      tradeModeNameList: ['general'],
      sumPaymentNoCarriage: g.productAmountFen,
      sumCarriage: g.shippingFeeFen,
      sumPayment: g.totalAmountFen,
      cargoList: g.lines.map((l) => ({
        offerId: l.itemId,
        specId: l.specId,
        skuId: l.skuId,
        title: l.title,
        quantity: l.quantity,
        price: fenToYuan(l.unitPriceFen),
        amount: fenToYuan(l.amountFen),
      })),
    };
  });
  const first = unsupported[0];
  return ok({
    success: groups.length > 0,
    errorCode: groups.length > 0 || !first ? null : String(first.code),
    errorMsg: groups.length > 0 || !first ? null : first.reason,
    orderPreviewResuslt: groups,
    totalAmount: sumFen(groups.map((g) => g.sumPayment)),
    postFeeByDescOfferList: [],
    consignOfferList: [],
    unsupportedCrossBorderPayOfferList: [],
    unsupportedList: unsupported,
  });
}

/** The created (or replayed) orders as 1688 order objects. */
export async function ordersOut(ctx: Ctx, deps: OrderDeps, made: CreateOrdersResult | Failure): Promise<Result<AlibabaOrder[]>> {
  if (!made.ok) return made;
  const out: AlibabaOrder[] = [];
  for (const summary of made.orders) {
    const found = await getOrder(ctx, summary.orderId);
    if (!found.ok) return found;
    out.push(alibabaOrder(found.order, deps.source.shop('1688', found.order.shopIndex)));
  }
  return ok(out);
}

const CREATE_ERRORS: ErrorName[] = [
  'OUT_OF_STOCK',
  'BELOW_MIN_ORDER_QUANTITY',
  'PRODUCT_UNAVAILABLE',
  'IDEMPOTENCY_KEY_REUSED',
  'CONFLICT',
];

export function alibabaOrderRoutes(deps: OrderDeps) {
  const previewRoute = defineRoute({
    method: 'POST',
    path: '/v2/alibaba/order/create/preview',
    aliases: ['/alibaba/order/create/preview'],
    operationId: 'alibabaOrderPreview',
    summary: '1688 order preview',
    description:
      'Reference AO6: what ordering `cargoParamList` costs now, one `orderPreviewResuslt` entry per seller with the shipping fee. Cargo that cannot be ordered (unknown offer or spec, out of stock, below the minimum order quantity) is listed in `unsupportedList` with its code and reason and counts in no sum. Sums in fen, cargo prices in yuan.',
    tags: ['1688 order'],
    action: 'read',
    body: PreviewBody,
    data: Preview,
    errors: [],
    fields: ALIBABA_ORDER_FIELDS,
    handler: async (ctx, { body }) => preview(ctx, deps, body.cargoParamList),
  });

  const batchPreview = defineRoute({
    method: 'POST',
    path: '/v2/alibaba/order/batch/preview',
    aliases: ['/alibaba/order/batch/preview'],
    operationId: 'alibabaOrderBatchPreview',
    summary: '1688 preview across merchants',
    description:
      'Reference AO2 (body as AO3): the AO6 preview for cargo of several sellers — one entry per seller, each with its own shipping fee.',
    tags: ['1688 order'],
    action: 'read',
    body: PreviewBody.extend({ flow: Flow.nullish() }),
    data: Preview,
    errors: [],
    fields: ALIBABA_ORDER_FIELDS,
    handler: async (ctx, { body }) => preview(ctx, deps, body.cargoParamList),
  });

  const create = (path: string, alias: string, operationId: string, summary: string, description: string) =>
    defineRoute({
      method: 'POST',
      path,
      aliases: [alias],
      operationId,
      summary,
      description,
      tags: ['1688 order'],
      action: 'order.write',
      body: CreateBody,
      data: z.array(AlibabaOrder),
      errors: CREATE_ERRORS,
      fields: ALIBABA_ORDER_FIELDS,
      handler: async (ctx, { body, headers }) =>
        ordersOut(
          ctx,
          deps,
          await createOrders(ctx, deps.source, {
            platform: '1688',
            lines: body.cargoParamList.map(lineOf),
            receiver: toReceiver(body.addressParam),
            clientOrderId: body.sellerOrderNumber ?? undefined,
            idempotencyKey: idempotencyKeyOf(headers),
            requestHash: requestHashOf(body),
          }),
        ),
    });
  const idem =
    'Idempotent: `sellerOrderNumber` and/or an `Idempotency-Key` header replay the first answer; the same key with another body answers 2005.';
  const single = create(
    '/v2/alibaba/order/create',
    '/alibaba/order/create',
    'alibabaOrderCreate',
    '1688 order create',
    `Reference AO7: creates the order for \`cargoParamList\` (cargo of several sellers makes one order per seller, all or none) and reserves stock. \`addressParam\` needs fullName, mobile (or phone), provinceText, cityText, areaText (or townText) and address. Answers the orders as 1688 order objects (AO11 shape). ${idem}`,
  );
  const batch = create(
    '/v2/alibaba/order/batch/create',
    '/alibaba/order/batch/create',
    'alibabaOrderBatchCreate',
    '1688 batch create across merchants',
    `Reference AO3: one request → one order per seller (cargo \`sellerOpenId\` is informational; the offer decides the seller), all or none. \`data\` is an array of 1688 order objects, each with \`orderId\` (string) and \`totalAmount\` (fen). ${idem}`,
  );

  const cartCreate = defineRoute({
    method: 'POST',
    path: '/v2/alibaba/cart/create/order',
    aliases: ['/alibaba/cart/create/order'],
    operationId: 'alibabaCartCreateOrder',
    summary: '1688 create order from cart',
    description:
      'Reference AC6: orders the cart lines `cartIds` (one order per seller) and removes them from the cart; answers like AO3. Any id that is not the caller’s answers 404 and orders nothing. An `Idempotency-Key` header makes a retry return the first orders. Concurrent calls on the same lines order them once (one transaction): the others answer 404, or with the same key the first orders.',
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
    handler: async (ctx, { body, headers }) =>
      ordersOut(
        ctx,
        deps,
        await orderCartLines(ctx, deps.source, cartOrderInput('1688', body.cartIds, toReceiver(body.addressParam), headers, body)),
      ),
  });

  return [previewRoute, batchPreview, single, batch, cartCreate, ...alibabaOrderManageRoutes(deps)] as const;
}
