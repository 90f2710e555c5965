/** Taobao cart shapes: prices and amounts are integer fen, as on every Taobao path. */
import { z } from 'zod';
import type { Language } from '../../platform/errors.ts';
import type { CartEntry, CartPreview, LineReason } from '../../modules/cart/index.ts';
import { shippingRuleText } from '../../modules/orders/index.ts';
import { imageUrl } from '../goods/common.ts';
import { chinaTime } from '../common/time.ts';

export const CartReason = z.enum([
  'PRODUCT_UNAVAILABLE',
  'SKU_UNAVAILABLE',
  'OUT_OF_STOCK',
  'INSUFFICIENT_STOCK',
  'BELOW_MIN_ORDER_QUANTITY',
] satisfies [LineReason, ...LineReason[]]);

export const TaobaoCartItem = z.object({
  id: z.number().int().describe('cart record id (TC2 `ids`)'),
  itemId: z.string().describe('v2 opaque item id'),
  itemMapId: z.string().describe('second opaque id; empty when the item vanished'),
  mpId: z.string().describe('v1 numeric id; empty when the item vanished'),
  skuId: z.string(),
  mpSkuId: z.string(),
  itemTitle: z.string(),
  itemTitleTrans: z.string(),
  itemPic: z.string(),
  price: z.number().int().nullable().describe('SKU price now, fen'),
  promotionPrice: z.number().int().nullable().describe('SKU promotion price now, fen'),
  finalPrice: z.number().int().nullable().describe('what one unit costs now (promotion price when there is one), fen'),
  addPrice: z.number().int().describe('unit price when the line was added, fen'),
  quantity: z.number().int(),
  skuQuantity: z.number().int().describe('SKU stock now'),
  properties: z.string().describe('JSON string of [{propId, propName, valueId, valueName}] (PandaPon quirk)'),
  status: z.enum(['active', 'inactive']),
  reasons: z.array(CartReason).describe('why the line is in disableList; empty in enableList'),
  createTime: z.string(),
  updateTime: z.string(),
});

export const TaobaoCartShop = z.object({
  shopId: z.string(),
  shopName: z.string(),
  userNick: z.string(),
  cartItemInfos: z.array(TaobaoCartItem),
});

export const TaobaoCartList = z.object({ enableList: z.array(TaobaoCartShop), disableList: z.array(TaobaoCartShop) });

export function taobaoCartItem(e: CartEntry, lang: Language, base: string): z.input<typeof TaobaoCartItem> {
  const { line, product, sku } = e;
  return {
    id: line.id,
    itemId: line.itemId,
    itemMapId: product?.mapId ?? '',
    mpId: product?.numericId ?? '',
    skuId: line.skuId,
    mpSkuId: line.skuId,
    itemTitle: product?.title.zh ?? '',
    itemTitleTrans: product?.title[lang] ?? '',
    itemPic: product ? imageUrl(base, product, sku?.colorIndex ?? 0) : '',
    price: sku?.priceFen ?? null,
    promotionPrice: sku?.promotionPriceFen ?? null,
    finalPrice: e.unitPriceFen,
    addPrice: line.priceFenAtAdd,
    quantity: line.quantity,
    skuQuantity: e.stock,
    properties: JSON.stringify(
      (sku?.properties ?? []).map((p) => ({ propId: p.propId, propName: p.propName.zh, valueId: p.valueId, valueName: p.valueName.zh })),
    ),
    status: e.reasons.length === 0 ? 'active' : 'inactive',
    reasons: e.reasons,
    createTime: chinaTime(line.createdAt),
    updateTime: chinaTime(line.updatedAt),
  };
}

function shopFields(e: { seller: CartEntry['seller'] }) {
  return { shopId: e.seller?.shopId ?? '', shopName: e.seller?.shopName ?? '', userNick: e.seller?.userNick ?? '' };
}

export function taobaoCartShops(
  groups: { seller: CartEntry['seller']; entries: CartEntry[] }[],
  lang: Language,
  base: string,
): z.input<typeof TaobaoCartShop>[] {
  return groups.map((g) => ({ ...shopFields(g), cartItemInfos: g.entries.map((e) => taobaoCartItem(e, lang, base)) }));
}

export const TaobaoCartPreview = z.object({
  shopList: z.array(
    z.object({
      shopId: z.string(),
      shopName: z.string(),
      userNick: z.string(),
      lines: z.array(
        z.object({
          id: z.number().int(),
          itemId: z.string(),
          itemMapId: z.string(),
          skuId: z.string(),
          itemTitle: z.string(),
          quantity: z.number().int(),
          price: z.number().int().describe('unit price, fen'),
          amount: z.number().int().describe('fen'),
        }),
      ),
      goodsAmount: z.number().int().describe('fen'),
      postFee: z
        .number()
        .int()
        .describe(`fen; sandbox rule: ${shippingRuleText('taobao')}`),
      totalAmount: z.number().int().describe('fen'),
    }),
  ),
  goodsAmount: z.number().int().describe('fen'),
  postFee: z.number().int().describe('fen'),
  purchaseAmount: z.number().int().describe('fen: what an order from these lines costs now (goods + postage)'),
  unsupportedList: z.array(z.object({ id: z.number().int(), itemId: z.string(), skuId: z.string(), reasons: z.array(CartReason) })),
});

export function taobaoCartPreview(p: CartPreview): z.input<typeof TaobaoCartPreview> {
  return {
    shopList: p.groups.map((g) => ({
      ...shopFields(g),
      lines: g.entries.map((e) => ({
        id: e.line.id,
        itemId: e.line.itemId,
        itemMapId: e.product?.mapId ?? '',
        skuId: e.line.skuId,
        itemTitle: e.product?.title.zh ?? '',
        quantity: e.line.quantity,
        price: e.unitPriceFen,
        amount: e.amountFen,
      })),
      goodsAmount: g.goodsFen,
      postFee: g.shippingFen,
      totalAmount: g.totalFen,
    })),
    goodsAmount: p.goodsFen,
    postFee: p.shippingFen,
    purchaseAmount: p.totalFen,
    unsupportedList: p.unsupported.map((e) => ({ id: e.line.id, itemId: e.line.itemId, skuId: e.line.skuId, reasons: e.reasons })),
  };
}
