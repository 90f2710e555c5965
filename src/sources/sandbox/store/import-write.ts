/** Writing one checked import line: the product row, its search entry, its image vectors and its shop. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { z } from 'zod';
import { lockUntilCommit, type Db } from '../../../platform/db/index.ts';
import { md5Hex, sha256Hex } from '../../../platform/crypto.ts';
import { LANGS, type Localized, type ProductRecord, type ShopRecord } from '../catalog/index.ts';
import { ftsEntry } from './fts.ts';
import type { ImageRefs } from './import-images.ts';
import type { CatalogLine, Text } from './import-line.ts';
import { searchDocument, toInsert } from './rows.ts';
import { insertVectors } from './vectors.ts';

/** Imported products and shops live above every generated index (generation stays below ~2^32 / 4k). */
export const IMPORT_INDEX_BASE = 1_000_000_000;
/** Generated numeric ids are 600000000000 / 700000000000 + a uint32; a later resume could produce any of them. */
const GENERATED_ID_RANGES = [600_000_000_000, 700_000_000_000].map((from) => [from, from + 0xffffffff] as const);
const GENERATED_ID_TEXT = GENERATED_ID_RANGES.map(([from, to]) => `${from}-${to}`).join(', ');
const isGeneratedId = (id: string) => GENERATED_ID_RANGES.some(([from, to]) => Number(id) >= from && Number(id) <= to);

export type Outcome = 'imported' | 'updated' | { reason: string };

/** Missing translations fall back to Chinese, as the marketplaces show untranslated goods. */
function localized(text: z.infer<typeof Text>): Localized {
  const given = typeof text === 'string' ? { zh: text } : text;
  return Object.fromEntries(LANGS.map((lang) => [lang, given[lang] ?? given.zh])) as Localized;
}

/** A generator-shaped record, so fromRow, search and the wire views need no import branch. */
function toRecord(input: CatalogLine, index: number, shopIndex: number, images: ImageRefs): ProductRecord {
  const skus = input.skus.map((sku) => ({
    skuId: sku.skuId,
    specId: (sku.specId ?? md5Hex(`${input.id}:${sku.skuId}`)).toLowerCase(),
    properties: sku.properties.map((p) => ({
      propId: p.propId,
      valueId: p.valueId,
      propName: localized(p.propName),
      valueName: localized(p.valueName),
    })),
    priceFen: sku.priceFen,
    promotionPriceFen: sku.promotionPriceFen ?? null,
    stock: sku.stock,
    colorIndex: null,
    ...(images.bySku.has(sku.skuId) ? { imageUrl: images.bySku.get(sku.skuId) } : {}),
  }));
  const promotions = skus.flatMap((s) => (s.promotionPriceFen === null ? [] : [s.promotionPriceFen]));
  const priceRanges = input.priceRanges ?? [];
  return {
    index,
    platform: input.platform,
    numericId: input.id,
    categoryId: input.categoryId,
    shopIndex,
    title: localized(input.title),
    attributes: (input.attributes ?? []).map((a) => ({ name: localized(a.name), value: localized(a.value) })),
    colors: [],
    skus,
    priceFen: input.price ?? Math.min(...skus.map((s) => s.priceFen)),
    promotionPriceFen: promotions.length > 0 ? Math.min(...promotions) : null,
    priceRanges,
    minOrderQuantity: input.minOrderQuantity ?? priceRanges[0]?.startQuantity ?? 1,
    sales: input.sales ?? 0,
    monthSold: input.monthSold ?? 0,
    descriptionHtml: input.description ?? '',
    strictlySelected: false,
    globalSelection: false,
    imageSeed: 0,
    weightGrams: input.weightGrams ?? 0,
    createdDayOffset: 0,
  };
}

/** One transaction per line: the product row, its search document and its shop, or nothing. */
export async function writeLine(
  db: Pick<Db, 'kysely' | 'dialect'>,
  input: CatalogLine,
  images: ImageRefs,
  secret: string,
): Promise<Outcome> {
  return (db.kysely as unknown as Kysely<any>).transaction().execute(async (trx) => {
    // Two importers on PostgreSQL would otherwise both take max(index) + 1.
    await lockUntilCommit(trx, db.dialect, 'ponte-catalog-import');
    const existing = await trx.selectFrom('sandbox_products').select('product_index').where('numeric_id', '=', input.id).executeTakeFirst();
    const existingIndex = existing ? Number(existing.product_index) : null;
    if (existingIndex !== null && existingIndex < IMPORT_INDEX_BASE)
      return { reason: `id ${input.id} belongs to generated product ${existingIndex}` };
    if (existingIndex === null && isGeneratedId(input.id))
      return { reason: `id ${input.id} lies in the range reserved for generated products (${GENERATED_ID_TEXT})` };
    const index = existingIndex ?? (await nextIndex(trx, 'sandbox_products', 'product_index'));
    const shopIndex = await upsertShop(trx, db.dialect, input, secret);
    const record = toRecord(input, index, shopIndex, images);
    const row = toInsert(record, secret);
    row.detail_json = JSON.stringify({ ...JSON.parse(row.detail_json), imageUrls: images.product });
    const searchColumns = await indexForSearch(trx, db.dialect, record);
    if (existingIndex === null)
      await trx
        .insertInto('sandbox_products')
        .values({ ...row, ...searchColumns })
        .execute();
    else
      await trx
        .updateTable('sandbox_products')
        .set({ ...row, ...searchColumns })
        .where('product_index', '=', index)
        .execute();
    await insertVectors(
      trx,
      images.descriptors.map((vector, colorIndex) => ({ productIndex: index, colorIndex, vector })),
    );
    return existingIndex === null ? 'imported' : 'updated';
  });
}

/**
 * What makes the product findable, as columns for its row: a tsvector on PostgreSQL; on SQLite a
 * full-text row, whose rowid follows the document's length (fts.ts), so the previous one is found
 * by the search_key stored on the product.
 */
async function indexForSearch(trx: Transaction<any>, dialect: Db['dialect'], record: ProductRecord): Promise<Record<string, unknown>> {
  const doc = searchDocument(record);
  if (dialect === 'postgres') return { search_doc: sql`to_tsvector('simple', ${doc})` };
  const previous = await trx
    .selectFrom('sandbox_products')
    .select('search_key')
    .where('product_index', '=', record.index)
    .executeTakeFirst();
  if (previous?.search_key != null) await trx.deleteFrom('sandbox_products_fts').where('rowid', '=', previous.search_key).execute();
  const entry = ftsEntry(record.index, doc, record);
  await trx.insertInto('sandbox_products_fts').values({ rowid: entry.key, doc: entry.doc }).execute();
  return { search_key: entry.key };
}

async function nextIndex(
  trx: Transaction<any>,
  table: 'sandbox_products' | 'sandbox_shops',
  column: string,
  platform?: string,
): Promise<number> {
  let query = trx
    .selectFrom(table)
    .select((eb) => eb.fn.max(column).as('top'))
    .where(column, '>=', IMPORT_INDEX_BASE);
  if (platform) query = query.where('platform', '=', platform);
  const top = (await query.executeTakeFirst())?.top;
  return top === null || top === undefined ? IMPORT_INDEX_BASE : Number(top) + 1;
}

/** A shop is the same shop when its sellerOpenId matches, or failing that its name; the latest line's fields win. */
async function upsertShop(trx: Transaction<any>, dialect: Db['dialect'], input: CatalogLine, secret: string): Promise<number> {
  const importKey = input.shop.sellerOpenId ? `open:${input.shop.sellerOpenId}` : `name:${input.shop.name}`;
  const keyOf = dialect === 'sqlite' ? sql`json_extract(json, '$.importKey')` : sql`(json::json ->> 'importKey')`;
  const found = await trx
    .selectFrom('sandbox_shops')
    .select('shop_index')
    .where('platform', '=', input.platform)
    .where('shop_index', '>=', IMPORT_INDEX_BASE)
    .where(keyOf, '=', importKey)
    .executeTakeFirst();
  const shopIndex = found ? Number(found.shop_index) : await nextIndex(trx, 'sandbox_shops', 'shop_index', input.platform);
  const { name, nick, companyName, province = '', city = '' } = input.shop;
  const sellerOpenId = input.shop.sellerOpenId ?? `BBB${sha256Hex(`${secret}:seller:${input.platform}:${name}`).slice(0, 22)}`;
  const shop: ShopRecord & { importKey: string } = {
    platform: input.platform,
    shopIndex,
    shopId: String(shopIndex),
    shopName: name,
    userNick: nick ?? name,
    sellerOpenId,
    companyName: companyName ?? name,
    wangwangNick: nick ?? name,
    province,
    city,
    importKey,
  };
  if (found)
    await trx
      .updateTable('sandbox_shops')
      .set({ json: JSON.stringify(shop) })
      .where('platform', '=', input.platform)
      .where('shop_index', '=', shopIndex)
      .execute();
  else
    await trx
      .insertInto('sandbox_shops')
      .values({ platform: input.platform, shop_index: shopIndex, json: JSON.stringify(shop) })
      .execute();
  return shopIndex;
}
