import { z } from 'zod';
import { fenToYuan } from '../../platform/money.ts';
import type { Language } from '../../platform/errors.ts';
import type { CartEntry, CartPreview, SellerGroup } from '../../modules/cart/index.ts';
import { shippingRuleText } from '../../modules/orders/index.ts';
import { imageUrl } from '../goods/common.ts';
import { CartReason } from '../taobao/cart-view.ts';

/**
 * 1688 cart shapes. AC1 is followed field by field (`id`, `offerMapId`, `specId`, `skuId`,
 * `itemTitle`, `itemPic`, `price`, `quantity`, `amountOnSale`, `properties` JSON string) and
 * completed with the names the 1688 goods endpoints use (`offerId`, `subject`, `subjectTrans`,
 * `imageUrl`). Prices are yuan strings like every 1688 price Ponte sends.
 */
export const AlibabaCartItem = z.object({
  id: z.number().int().describe('cart id (AC4 `id`, AC5/AC6 `cartIds`)'),
  offerId: z.string().describe('v2 opaque offer id'),
  offerMapId: z.string().describe('second opaque id; empty when the offer vanished'),
  specId: z.string(),
  skuId: z.string(),
  itemTitle: z.string(),
  subject: z.string(),
  subjectTrans: z.string(),
  itemPic: z.string(),
  imageUrl: z.string(),
  price: z.string().nullable().describe('unit price now at this quantity (tiered), yuan'),
  addPrice: z.string().describe('unit price when the line was added, yuan'),
  quantity: z.number().int(),
  amountOnSale: z.number().int().describe('SKU stock now'),
  minOrderQuantity: z.number().int(),
  properties: z.string().describe('JSON string of [{attributeName, value}]'),
  reasons: z.array(CartReason).describe('why the line is in disableList; empty in enableList'),
});

export const AlibabaCartShop = z.object({
  sellerOpenId: z.string(),
  sellerNickName: z.string(),
  companyName: z.string(),
  cartItemInfos: z.array(AlibabaCartItem),
});

export const AlibabaCartList = z.object({ enableList: z.array(AlibabaCartShop), disableList: z.array(AlibabaCartShop) });

const yuanOrNull = (fen: number | null) => (fen === null ? null : fenToYuan(fen));

export function alibabaCartItem(e: CartEntry, lang: Language, base: string): z.input<typeof AlibabaCartItem> {
  const { line, product, sku } = e;
  const picture = product ? imageUrl(base, product, sku?.colorIndex ?? 0) : '';
  return {
    id: line.id,
    offerId: line.itemId,
    offerMapId: product?.mapId ?? '',
    specId: line.specId,
    skuId: line.skuId,
    itemTitle: product?.title.zh ?? '',
    subject: product?.title.zh ?? '',
    subjectTrans: product?.title[lang] ?? '',
    itemPic: picture,
    imageUrl: picture,
    price: yuanOrNull(e.unitPriceFen),
    addPrice: fenToYuan(line.priceFenAtAdd),
    quantity: line.quantity,
    amountOnSale: e.stock,
    minOrderQuantity: product?.minOrderQuantity ?? 1,
    properties: JSON.stringify((sku?.properties ?? []).map((p) => ({ attributeName: p.propName.zh, value: p.valueName.zh }))),
    reasons: e.reasons,
  };
}

function sellerFields(g: { seller: CartEntry['seller'] }) {
  return {
    sellerOpenId: g.seller?.sellerOpenId ?? '',
    sellerNickName: g.seller?.wangwangNick ?? '',
    companyName: g.seller?.companyName ?? '',
  };
}

export function alibabaCartShops(groups: SellerGroup[], lang: Language, base: string): z.input<typeof AlibabaCartShop>[] {
  return groups.map((g) => ({ ...sellerFields(g), cartItemInfos: g.entries.map((e) => alibabaCartItem(e, lang, base)) }));
}

/**
 * AC5 answer, modelled on the 1688 order preview (AO6 / upstream createOrder.preview): one
 * `orderPreviewResuslt` (sic) entry per seller with sums in integer fen as upstream sends them,
 * and cargo lines priced in yuan strings.
 */
export const AlibabaCartPreview = z.object({
  success: z.boolean(),
  errorCode: z.string().nullable(),
  errorMsg: z.string().nullable(),
  orderPreviewResuslt: z.array(
    z.object({
      sellerOpenId: z.string(),
      companyName: z.string(),
      status: z.boolean(),
      discountFee: z.number().int(),
      tradeModeNameList: z.array(z.string()),
      sumPaymentNoCarriage: z.number().int().describe('goods, fen'),
      sumCarriage: z
        .number()
        .int()
        .describe(`shipping, fen; sandbox rule: ${shippingRuleText('1688')}`),
      sumPayment: z.number().int().describe('goods + shipping, fen'),
      cargoList: z.array(
        z.object({
          cartId: z.number().int(),
          offerId: z.string(),
          offerMapId: z.string(),
          specId: z.string(),
          skuId: z.string(),
          quantity: z.number().int(),
          finalUnitPrice: z.string().describe('tier price at this quantity, yuan'),
          amount: z.string().describe('yuan'),
        }),
      ),
    }),
  ),
  totalSumPayment: z.number().int().describe('all sellers, fen'),
  totalSumCarriage: z.number().int().describe('all sellers, fen'),
  unsupportedCrossBorderPayOfferList: z.array(z.string()).describe('offerMapIds (offerIds when vanished) of lines that cannot be ordered'),
  unsupportedList: z.array(z.object({ cartId: z.number().int(), offerId: z.string(), specId: z.string(), reasons: z.array(CartReason) })),
  postFeeByDescOfferList: z.array(z.string()),
  consignOfferList: z.array(z.string()),
});

export function alibabaCartPreview(p: CartPreview): z.input<typeof AlibabaCartPreview> {
  return {
    success: true,
    errorCode: null,
    errorMsg: null,
    orderPreviewResuslt: p.groups.map((g) => ({
      sellerOpenId: g.seller?.sellerOpenId ?? '',
      companyName: g.seller?.companyName ?? '',
      status: true,
      discountFee: 0,
      tradeModeNameList: ['general'],
      sumPaymentNoCarriage: g.goodsFen,
      sumCarriage: g.shippingFen,
      sumPayment: g.totalFen,
      cargoList: g.entries.map((e) => ({
        cartId: e.line.id,
        offerId: e.line.itemId,
        offerMapId: e.product?.mapId ?? '',
        specId: e.line.specId,
        skuId: e.line.skuId,
        quantity: e.line.quantity,
        finalUnitPrice: fenToYuan(e.unitPriceFen),
        amount: fenToYuan(e.amountFen),
      })),
    })),
    totalSumPayment: p.totalFen,
    totalSumCarriage: p.shippingFen,
    unsupportedCrossBorderPayOfferList: [...new Set(p.unsupported.map((e) => e.product?.mapId || e.line.itemId))],
    unsupportedList: p.unsupported.map((e) => ({ cartId: e.line.id, offerId: e.line.itemId, specId: e.line.specId, reasons: e.reasons })),
    postFeeByDescOfferList: [],
    consignOfferList: [],
  };
}
