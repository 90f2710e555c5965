import { hmacSha256 } from '../../../platform/crypto.ts';
import { analyzeForIndex, toFtsDocument } from '../../../platform/search/index.ts';
import { categoryPath, LANGS, type Localized, type Platform, type ProductRecord } from '../catalog/index.ts';
import type { SandboxProductTable } from './schema.ts';

/** A stored product: the generator's record plus the two opaque ids the v2 API hands out. */
export type ProductRow = ProductRecord & { itemId: string; mapId: string };

/** Product columns in insert order; the SQLite and PostgreSQL writers both follow it. */
export const PRODUCT_COLUMNS = [
  'product_index',
  'platform',
  'numeric_id',
  'item_id',
  'map_id',
  'category_id',
  'shop_index',
  'title_zh',
  'titles_json',
  'price_fen',
  'promotion_price_fen',
  'min_order_quantity',
  'sales',
  'month_sold',
  'strictly_selected',
  'global_selection',
  'image_seed',
  'created_day_offset',
  'detail_json',
] as const;

export type ProductInsert = Omit<SandboxProductTable, 'search_doc' | 'search_key'>;

/**
 * Opaque ids are keyed by a per-install secret, so a client cannot walk the catalog by guessing
 * ids from numeric ones; 16 bytes of HMAC give 22 url-safe characters.
 */
export function opaqueId(secret: string, label: 'item' | 'map', numericId: string): string {
  return hmacSha256(secret, `${label}:${numericId}`).subarray(0, 16).toString('base64url');
}

/** Titles and category names in every language, so a search in any of them finds the product. */
export function searchDocument(record: ProductRecord): string {
  const parts = LANGS.flatMap((lang) => [record.title[lang], categoryPath(record.categoryId, lang)]);
  return toFtsDocument(analyzeForIndex(parts.join(' ')));
}

/** Fields the search never filters on, kept as one JSON blob. */
interface Detail {
  attributes: ProductRecord['attributes'];
  colors: ProductRecord['colors'];
  skus: ProductRecord['skus'];
  priceRanges: ProductRecord['priceRanges'];
  descriptionHtml: string;
  weightGrams: number;
}

export function toInsert(record: ProductRecord, secret: string): ProductInsert {
  const detail: Detail = {
    attributes: record.attributes,
    colors: record.colors,
    skus: record.skus,
    priceRanges: record.priceRanges,
    descriptionHtml: record.descriptionHtml,
    weightGrams: record.weightGrams,
  };
  return {
    product_index: record.index,
    platform: record.platform,
    numeric_id: record.numericId,
    item_id: opaqueId(secret, 'item', record.numericId),
    map_id: opaqueId(secret, 'map', record.numericId),
    category_id: record.categoryId,
    shop_index: record.shopIndex,
    title_zh: record.title.zh,
    titles_json: JSON.stringify(record.title),
    price_fen: record.priceFen,
    promotion_price_fen: record.promotionPriceFen,
    min_order_quantity: record.minOrderQuantity,
    sales: record.sales,
    month_sold: record.monthSold,
    strictly_selected: record.strictlySelected ? 1 : 0,
    global_selection: record.globalSelection ? 1 : 0,
    image_seed: record.imageSeed,
    created_day_offset: record.createdDayOffset,
    detail_json: JSON.stringify(detail),
  };
}

export function fromRow(row: ProductInsert): ProductRow {
  const detail = JSON.parse(row.detail_json) as Detail;
  return {
    index: Number(row.product_index),
    platform: row.platform as Platform,
    numericId: row.numeric_id,
    itemId: row.item_id,
    mapId: row.map_id,
    categoryId: Number(row.category_id),
    shopIndex: Number(row.shop_index),
    title: JSON.parse(row.titles_json) as Localized,
    ...detail,
    priceFen: Number(row.price_fen),
    promotionPriceFen: row.promotion_price_fen === null ? null : Number(row.promotion_price_fen),
    minOrderQuantity: Number(row.min_order_quantity),
    sales: Number(row.sales),
    monthSold: Number(row.month_sold),
    strictlySelected: Number(row.strictly_selected) === 1,
    globalSelection: Number(row.global_selection) === 1,
    imageSeed: Number(row.image_seed),
    createdDayOffset: Number(row.created_day_offset),
  };
}
