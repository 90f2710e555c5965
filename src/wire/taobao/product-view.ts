/** Taobao product shapes (reference T1, TaoBaoProductDetailsV2VO): prices are integer fen. */
import { z } from 'zod';
import type { Language } from '../../platform/errors.ts';
import type { Source, SourceProduct } from '../../sources/source.ts';
import { imageUrl, productImages, totalStock } from '../goods/common.ts';

export const TaobaoSkuProperty = z.object({
  propId: z.number().int(),
  propName: z.string(),
  propNameTrans: z.string(),
  valueId: z.number().int(),
  valueName: z.string(),
  valueNameTrans: z.string(),
});

export const TaobaoSku = z.object({
  skuId: z.string(),
  mpSkuId: z.string(),
  picUrl: z.string(),
  quantity: z.number().int(),
  price: z.number().int().describe('fen'),
  promotionPrice: z.number().int().nullable().describe('fen'),
  postFee: z.number().int(),
  status: z.enum(['active', 'inactive']),
  properties: z.array(TaobaoSkuProperty),
});

export const TaobaoProductDetail = z.object({
  itemId: z.string().describe('v2 opaque item id'),
  itemMapId: z.string().describe('second opaque id used by carts and orders'),
  mpId: z.string().describe('v1 numeric id'),
  title: z.string(),
  titleTrans: z.string(),
  language: z.string(),
  categoryId: z.string(),
  categoryName: z.string(),
  categoryNameTrans: z.string(),
  categoryPath: z.string(),
  description: z.string().describe('HTML'),
  itemType: z.string(),
  picUrls: z.array(z.string()),
  price: z.number().int().describe('lowest SKU price, fen'),
  promotionPrice: z.number().int().nullable(),
  beginAmount: z.number().int(),
  productUnit: z.string(),
  quantity: z.number().int().describe('stock over all SKUs'),
  sales: z.number().int(),
  shopId: z.string(),
  shopName: z.string(),
  userNick: z.string(),
  status: z.enum(['active', 'inactive']),
  attributes: z.array(z.object({ name: z.string(), nameTrans: z.string(), value: z.string(), valueTrans: z.string() })),
  skuList: z.array(TaobaoSku),
});

export const TaobaoListItem = z.object({
  itemId: z.string(),
  itemMapId: z.string(),
  title: z.string(),
  titleTrans: z.string(),
  picUrl: z.string(),
  price: z.number().int().describe('fen'),
  promotionPrice: z.number().int().nullable(),
  shopName: z.string(),
  sales: z.number().int(),
  categoryId: z.string(),
});

export function taobaoDetail(source: Source, p: SourceProduct, lang: Language, base: string): z.input<typeof TaobaoProductDetail> {
  const shop = source.shop('taobao', p.shopIndex);
  const category = source.category(p.categoryId);
  const stock = totalStock(p);
  return {
    itemId: p.itemId,
    itemMapId: p.mapId,
    mpId: p.numericId,
    title: p.title.zh,
    titleTrans: p.title[lang],
    language: lang,
    categoryId: String(p.categoryId),
    categoryName: category?.names.zh ?? '',
    categoryNameTrans: category?.names[lang] ?? '',
    categoryPath: source.categoryPath(p.categoryId, 'zh'),
    description: p.descriptionHtml,
    itemType: 'HAVE_MATERIAL',
    picUrls: productImages(base, p),
    price: p.priceFen,
    promotionPrice: p.promotionPriceFen,
    beginAmount: p.minOrderQuantity,
    productUnit: '件',
    quantity: stock,
    sales: p.sales,
    shopId: shop?.shopId ?? '',
    shopName: shop?.shopName ?? '',
    userNick: shop?.userNick ?? '',
    status: stock > 0 ? 'active' : 'inactive',
    attributes: p.attributes.map((a) => ({ name: a.name.zh, nameTrans: a.name[lang], value: a.value.zh, valueTrans: a.value[lang] })),
    skuList: p.skus.map((sku) => ({
      skuId: sku.skuId,
      mpSkuId: sku.skuId,
      picUrl: imageUrl(base, p, sku.colorIndex ?? 0),
      quantity: sku.stock,
      price: sku.priceFen,
      promotionPrice: sku.promotionPriceFen,
      postFee: 0,
      status: sku.stock > 0 ? 'active' : 'inactive',
      properties: sku.properties.map((prop) => ({
        propId: prop.propId,
        propName: prop.propName.zh,
        propNameTrans: prop.propName[lang],
        valueId: prop.valueId,
        valueName: prop.valueName.zh,
        valueNameTrans: prop.valueName[lang],
      })),
    })),
  };
}

export function taobaoListItem(source: Source, p: SourceProduct, lang: Language, base: string): z.input<typeof TaobaoListItem> {
  return {
    itemId: p.itemId,
    itemMapId: p.mapId,
    title: p.title.zh,
    titleTrans: p.title[lang],
    picUrl: imageUrl(base, p),
    price: p.priceFen,
    promotionPrice: p.promotionPriceFen,
    shopName: source.shop('taobao', p.shopIndex)?.shopName ?? '',
    sales: p.sales,
    categoryId: String(p.categoryId),
  };
}
