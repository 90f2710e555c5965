/** 1688 product shapes (reference G1/G2): prices are yuan strings, as 1688 sends them. */
import { z } from 'zod';
import { fenToYuan } from '../../platform/money.ts';
import type { Language } from '../../platform/errors.ts';
import type { Source, SourceProduct } from '../../sources/source.ts';
import { imageUrl, productImages, totalStock } from '../goods/common.ts';

export const AlibabaListItem = z.object({
  offerId: z.string().describe('v2 opaque offer id'),
  offerMapId: z.string().describe('second opaque id used by carts and orders'),
  subject: z.string(),
  subjectTrans: z.string(),
  imageUrl: z.string(),
  price: z.string().describe('lowest price, yuan'),
  priceInfo: z.object({ price: z.string(), jxhyPrice: z.string().nullable(), promotionPrice: z.string().nullable() }),
  monthSold: z.number().int(),
  repurchaseRate: z.string(),
  minOrderQuantity: z.number().int(),
  isJxhy: z.boolean().describe('1688 strictly selected'),
  isGlobalSelection: z.boolean(),
  sellerOpenId: z.string(),
  categoryId: z.number().int(),
});

const SkuAttribute = z.object({
  attributeId: z.number().int(),
  attributeName: z.string(),
  attributeNameTrans: z.string(),
  value: z.string(),
  valueTrans: z.string(),
  skuImageUrl: z.string().nullable(),
});

export const AlibabaProductDetail = z.object({
  offerId: z.string(),
  offerMapId: z.string(),
  numericOfferId: z.string().describe('v1 numeric offer id'),
  categoryId: z.number().int(),
  categoryName: z.string(),
  categoryNameTrans: z.string(),
  subject: z.string(),
  subjectTrans: z.string(),
  description: z.string().describe('HTML'),
  mainVideo: z.string().nullable(),
  detailVideo: z.string().nullable(),
  productImage: z.object({ images: z.array(z.string()), whiteImage: z.string().nullable() }),
  productAttribute: z.array(
    z.object({
      attributeId: z.number().int(),
      attributeName: z.string(),
      value: z.string(),
      attributeNameTrans: z.string(),
      valueTrans: z.string(),
    }),
  ),
  productSkuInfos: z.array(
    z.object({
      skuId: z.string(),
      specId: z.string(),
      amountOnSale: z.number().int(),
      price: z.string(),
      jxhyPrice: z.string().nullable(),
      promotionPrice: z.string().nullable(),
      skuAttributes: z.array(SkuAttribute),
    }),
  ),
  productSaleInfo: z.object({
    amountOnSale: z.number().int(),
    priceRangeList: z.array(z.object({ startQuantity: z.number().int(), price: z.string() })),
    quoteType: z.number().int(),
    unitInfo: z.object({ unit: z.string(), transUnit: z.string() }),
  }),
  productShippingInfo: z.object({ sendGoodsAddressText: z.string(), weight: z.number().describe('kg'), shippingTimeGuarantee: z.string() }),
  minOrderQuantity: z.number().int(),
  batchNumber: z.number().int().nullable(),
  status: z.string(),
  isJxhy: z.boolean(),
  isGlobalSelection: z.boolean(),
  monthSold: z.number().int(),
  sellerOpenId: z.string(),
  companyName: z.string(),
  sellerDataInfo: z.object({ wangwangNick: z.string(), province: z.string(), city: z.string() }),
});

const yuanOrNull = (fen: number | null) => (fen === null ? null : fenToYuan(fen));

export function alibabaListItem(source: Source, p: SourceProduct, lang: Language, base: string): z.input<typeof AlibabaListItem> {
  const jxhy = p.strictlySelected ? fenToYuan(Math.round(p.priceFen * 0.95)) : null;
  return {
    offerId: p.itemId,
    offerMapId: p.mapId,
    subject: p.title.zh,
    subjectTrans: p.title[lang],
    imageUrl: imageUrl(base, p),
    price: fenToYuan(p.priceFen),
    priceInfo: { price: fenToYuan(p.priceFen), jxhyPrice: jxhy, promotionPrice: yuanOrNull(p.promotionPriceFen) },
    monthSold: p.monthSold,
    repurchaseRate: `${(p.index * 7) % 40}%`,
    minOrderQuantity: p.minOrderQuantity,
    isJxhy: p.strictlySelected,
    isGlobalSelection: p.globalSelection,
    sellerOpenId: source.shop('1688', p.shopIndex)?.sellerOpenId ?? '',
    categoryId: p.categoryId,
  };
}

type Detail = z.input<typeof AlibabaProductDetail>;

export function alibabaDetail(source: Source, p: SourceProduct, lang: Language, base: string): Detail {
  const shop = source.shop('1688', p.shopIndex);
  const category = source.category(p.categoryId);
  const stock = totalStock(p);
  return {
    offerId: p.itemId,
    offerMapId: p.mapId,
    numericOfferId: p.numericId,
    categoryId: p.categoryId,
    categoryName: category?.names.zh ?? '',
    categoryNameTrans: category?.names[lang] ?? '',
    subject: p.title.zh,
    subjectTrans: p.title[lang],
    description: p.descriptionHtml,
    mainVideo: null,
    detailVideo: null,
    productImage: { images: productImages(base, p), whiteImage: null },
    productAttribute: p.attributes.map((a, i) => ({
      attributeId: 1000 + i,
      attributeName: a.name.zh,
      value: a.value.zh,
      attributeNameTrans: a.name[lang],
      valueTrans: a.value[lang],
    })),
    productSkuInfos: skuInfosOf(p, lang, base),
    productSaleInfo: saleInfoOf(p, stock),
    productShippingInfo: {
      sendGoodsAddressText: shop ? `${shop.province} ${shop.city}` : '',
      weight: p.weightGrams / 1000,
      shippingTimeGuarantee: 'shipIn48Hours',
    },
    minOrderQuantity: p.minOrderQuantity,
    batchNumber: p.minOrderQuantity > 1 ? p.minOrderQuantity : null,
    status: stock > 0 ? 'published' : 'soldout',
    isJxhy: p.strictlySelected,
    isGlobalSelection: p.globalSelection,
    monthSold: p.monthSold,
    sellerOpenId: shop?.sellerOpenId ?? '',
    companyName: shop?.companyName ?? '',
    sellerDataInfo: { wangwangNick: shop?.wangwangNick ?? '', province: shop?.province ?? '', city: shop?.city ?? '' },
  };
}

/** Each SKU with its price, stock and properties; a colour property links its picture. */
function skuInfosOf(p: SourceProduct, lang: Language, base: string): Detail['productSkuInfos'] {
  return p.skus.map((sku) => ({
    skuId: sku.skuId,
    specId: sku.specId,
    amountOnSale: sku.stock,
    price: fenToYuan(sku.priceFen),
    jxhyPrice: p.strictlySelected ? fenToYuan(Math.round(sku.priceFen * 0.95)) : null,
    promotionPrice: yuanOrNull(sku.promotionPriceFen),
    skuAttributes: sku.properties.map((prop) => ({
      attributeId: prop.propId,
      attributeName: prop.propName.zh,
      attributeNameTrans: prop.propName[lang],
      value: prop.valueName.zh,
      valueTrans: prop.valueName[lang],
      skuImageUrl: prop.rgb && sku.colorIndex !== null ? imageUrl(base, p, sku.colorIndex) : null,
    })),
  }));
}

function saleInfoOf(p: SourceProduct, stock: number): Detail['productSaleInfo'] {
  return {
    amountOnSale: stock,
    priceRangeList: p.priceRanges.map((r) => ({ startQuantity: r.startQuantity, price: fenToYuan(r.priceFen) })),
    quoteType: p.priceRanges.length > 0 ? 1 : 0,
    unitInfo: { unit: '件', transUnit: 'piece' },
  };
}
