import { z } from 'zod';
import { defineRoute, ok, wireFailure, type Result } from '../../platform/http/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { codeOf, messageFor } from '../../platform/errors.ts';
import { fenToYuan, sumFen } from '../../platform/money.ts';
import { previewOrder, shippingRuleText, type SellerGroup } from '../../modules/orders/index.ts';
import type { Source } from '../../sources/source.ts';
import { FastAddress } from './orders-view.ts';
import { ALIBABA_ORDER_FIELDS, Cargo, Flow, lineOf } from './orders-input.ts';

/**
 * 1688 order previews (reference §8.8 AO2, AO6): what ordering the cargo costs now, one entry per
 * seller. Sums are integer fen (as 1688's preview sends them); cargo prices are yuan strings.
 */
const PreviewBody = z.object({ addressParam: FastAddress.nullish(), cargoParamList: z.array(Cargo).min(1).max(100) });

const SellerPreview = z.object({
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
});

const Unsupported = z.object({
  offerId: z.string(),
  specId: z.string().nullable(),
  quantity: z.number().int(),
  code: z.number().int(),
  reason: z.string(),
});

const Preview = z.object({
  success: z.boolean().describe('false when no cargo can be ordered'),
  errorCode: z.string().nullable(),
  errorMsg: z.string().nullable(),
  orderPreviewResuslt: z.array(SellerPreview).describe('(sic, as the reference spells it) one entry per seller'),
  totalAmount: z.number().int().describe('what creating these orders costs now, all sellers, fen'),
  postFeeByDescOfferList: z.array(z.string()),
  consignOfferList: z.array(z.string()),
  unsupportedCrossBorderPayOfferList: z.array(z.string()),
  unsupportedList: z.array(Unsupported),
});

function sellerPreview(source: Source, g: SellerGroup): z.input<typeof SellerPreview> {
  const shop = source.shop('1688', g.shopIndex);
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
}

/** AO6 / AO2: each cargo priced alone first, so one bad line is listed instead of failing all. */
async function preview(ctx: Ctx, source: Source, cargo: Cargo[]): Promise<Result<z.input<typeof Preview>>> {
  const priced = await previewOrder(source, '1688', cargo.map(lineOf));
  if (!priced.ok) return priced;
  const unsupported = priced.unsupported.map(({ index, failure }): z.input<typeof Unsupported> => {
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
  const groups = priced.groups.map((g) => sellerPreview(source, g));
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

export const previewRoute = defineRoute({
  method: 'POST',
  path: '/v2/alibaba/order/create/preview',
  aliases: ['/alibaba/order/create/preview'],
  operationId: 'alibabaOrderPreview',
  summary: '1688 order preview',
  description: [
    'Reference AO6: what ordering `cargoParamList` costs now, one `orderPreviewResuslt` entry per seller with the',
    'shipping fee. Cargo that cannot be ordered (unknown offer or spec, out of stock, below the minimum order quantity)',
    'is listed in `unsupportedList` with its code and reason and counts in no sum. Sums in fen, cargo prices in yuan.',
  ].join(' '),
  tags: ['1688 order'],
  action: 'read',
  body: PreviewBody,
  data: Preview,
  errors: [],
  fields: ALIBABA_ORDER_FIELDS,
  handler: async (ctx, { body, services }) => preview(ctx, services.source, body.cargoParamList),
});

export const batchPreviewRoute = defineRoute({
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
  handler: async (ctx, { body, services }) => preview(ctx, services.source, body.cargoParamList),
});
