import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../../platform/db/index.ts';
import { md5Hex, sha256Hex } from '../../../platform/crypto.ts';
import { nulPath } from '../../../platform/text.ts';
import { categoryById, LANGS, type Localized, type ProductRecord, type ShopRecord } from '../catalog/index.ts';
import { ftsEntry } from './fts.ts';
import { searchDocument, toInsert } from './rows.ts';
import { checkImages, ImageChecker, type ImageRefs } from './import-images.ts';
import { insertVectors } from './vectors.ts';

/**
 * `ponte catalog import`: real products from JSONL (docs/catalog-import.md), one line per
 * product, each in its own transaction, so a bad line is reported and skipped while the rest land.
 */

/** Imported products and shops live above every generated index (generation stays below ~2^32 / 4k). */
export const IMPORT_INDEX_BASE = 1_000_000_000;
/** Generated numeric ids are 600000000000 / 700000000000 + a uint32; a later resume could produce any of them. */
const GENERATED_ID_RANGES = [600_000_000_000, 700_000_000_000].map((from) => [from, from + 0xffffffff] as const);
const GENERATED_ID_TEXT = GENERATED_ID_RANGES.map(([from, to]) => `${from}-${to}`).join(', ');
const isGeneratedId = (id: string) => GENERATED_ID_RANGES.some(([from, to]) => Number(id) >= from && Number(id) <= to);
const MAX_LINE_CHARS = 1024 * 1024;

const Text = z.union([
  z.string().min(1),
  z
    .object({
      zh: z.string().min(1),
      en: z.string().optional(),
      th: z.string().optional(),
      vi: z.string().optional(),
      es: z.string().optional(),
    })
    .strict(),
]);
const Fen = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const Count = z.number().int().nonnegative().max(2_147_483_647);
const ImageRef = z.string().min(1).max(2048);

const SkuLine = z
  .object({
    skuId: z.string().regex(/^\d{1,19}$/, 'must be a numeric string'),
    specId: z
      .string()
      .regex(/^[0-9a-fA-F]{32}$/, 'must be 32 hex digits')
      .optional(),
    priceFen: Fen,
    promotionPriceFen: Fen.optional(),
    stock: Count,
    properties: z.array(z.object({ propId: Count, valueId: Count, propName: Text, valueName: Text }).strict()).max(10),
    image: ImageRef.optional(),
  })
  .strict();

export const CatalogLine = z
  .object({
    platform: z.enum(['taobao', '1688']),
    id: z.string().regex(/^\d{6,19}$/, 'must be a numeric string of 6-19 digits'),
    categoryId: z.number().int(),
    title: Text,
    price: Fen.optional(),
    minOrderQuantity: z.number().int().min(1).max(1_000_000).optional(),
    priceRanges: z
      .array(z.object({ startQuantity: z.number().int().min(1), priceFen: Fen }).strict())
      .max(10)
      .optional(),
    sales: Count.optional(),
    monthSold: Count.optional(),
    weightGrams: Count.optional(),
    description: z.string().max(200_000).optional(),
    attributes: z
      .array(z.object({ name: Text, value: Text }).strict())
      .max(100)
      .optional(),
    images: z.array(ImageRef).min(1).max(20),
    shop: z
      .object({
        name: z.string().min(1),
        nick: z.string().min(1).optional(),
        sellerOpenId: z.string().min(1).optional(),
        companyName: z.string().min(1).optional(),
        province: z.string().optional(),
        city: z.string().optional(),
      })
      .strict(),
    skus: z.array(SkuLine).min(1).max(500),
  })
  .strict();
export type CatalogLine = z.infer<typeof CatalogLine>;

export interface SkippedLine {
  line: number;
  reason: string;
}
export interface ImportResult {
  imported: number;
  updated: number;
  skipped: SkippedLine[];
}
/** ok: false only when nothing could be imported at all (unreadable file, foreign id secret). */
export type ImportReport = ({ ok: true } & ImportResult) | { ok: false; reason: string };

export interface ImportOptions {
  /** Keys the opaque item/map ids: sandboxIdSecret(masterKey), the same as generation's. */
  secret: string;
  /** Relative image paths are resolved against this directory (the JSONL file's own). */
  baseDir: string;
  onLine?: (progress: { line: number; imported: number; updated: number; skipped: number }) => void;
  onSkip?: (skipped: SkippedLine) => void;
}

type Outcome = 'imported' | 'updated' | { reason: string };
type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Opens the file first, so "cannot read" is an answer rather than a half-run import. */
export async function importCatalogFile(db: Db, file: string, options: Omit<ImportOptions, 'baseDir'>): Promise<ImportReport> {
  try {
    if (!(await stat(file)).isFile()) return { ok: false, reason: `${file} is not a file` };
    const stream = createReadStream(file, { encoding: 'utf8' });
    await new Promise<void>((ok, fail) => stream.once('open', () => ok()).once('error', fail));
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    return await importCatalog(db, lines, { ...options, baseDir: dirname(resolve(file)) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    return { ok: false, reason: `cannot read ${file}: ${(error as Error).message}` };
  }
}

/** Lines are numbered from 1; blank lines are not products and are passed over silently. */
export async function importCatalog(
  db: Db,
  lines: AsyncIterable<string> | Iterable<string>,
  options: ImportOptions,
): Promise<ImportReport> {
  // readline drops lines emitted before its iterator exists, and the query below yields to I/O.
  const source = Symbol.asyncIterator in lines ? lines[Symbol.asyncIterator]() : lines[Symbol.iterator]();
  const refused = await secretMismatch(db, options.secret);
  if (refused) return { ok: false, reason: refused };
  const result = { ok: true as const, imported: 0, updated: 0, skipped: [] as SkippedLine[] };
  const seenIds = new Map<string, number>();
  const images = new ImageChecker(options.baseDir);
  let line = 0;
  for await (const raw of { [Symbol.asyncIterator]: () => source } as AsyncIterable<string>) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    const outcome = await importLine(db, text, line, seenIds, images, options.secret);
    if (typeof outcome === 'string') result[outcome]++;
    else {
      const skipped = { line, reason: outcome.reason };
      result.skipped.push(skipped);
      options.onSkip?.(skipped);
    }
    options.onLine?.({ line, imported: result.imported, updated: result.updated, skipped: result.skipped.length });
  }
  return result;
}

async function importLine(
  db: Db,
  text: string,
  line: number,
  seenIds: Map<string, number>,
  images: ImageChecker,
  secret: string,
): Promise<Outcome> {
  const parsed = parseLine(text);
  if (!parsed.ok) return { reason: parsed.reason };
  const input = parsed.value;
  const earlier = seenIds.get(input.id);
  if (earlier !== undefined) return { reason: `id ${input.id} already imported from line ${earlier}` };
  const checked = await checkImages(images, input);
  if (!checked.ok) return { reason: checked.reason };
  const outcome = await writeLine(db, input, checked.value, secret);
  if (typeof outcome === 'string') seenIds.set(input.id, line);
  return outcome;
}

/** JSON, then the schema, then the rules a schema cannot say; the first failure is the reason. */
export function parseLine(text: string): Checked<CatalogLine> {
  if (text.length > MAX_LINE_CHARS) return { ok: false, reason: `line longer than ${MAX_LINE_CHARS} characters` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${(error as Error).message}` };
  }
  // PostgreSQL cannot store U+0000 (the whole import used to stop there); SQLite refuses it alike.
  const nul = nulPath(json);
  if (nul) return { ok: false, reason: `${nul.join('.') || '(line)'}: must not contain the NUL character (U+0000)` };
  const parsed = CatalogLine.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`);
    return { ok: false, reason: issues.join('; ') };
  }
  const reason = ruleViolation(parsed.data);
  return reason ? { ok: false, reason } : { ok: true, value: parsed.data };
}

function ruleViolation(input: CatalogLine): string | null {
  const category = categoryById(input.categoryId);
  if (!category) return `categoryId: unknown category ${input.categoryId}`;
  if (!category.leaf) return `categoryId: ${input.categoryId} (${category.names.zh}) is not a leaf category`;
  const skuIds = new Set<string>();
  for (const [i, sku] of input.skus.entries()) {
    if (skuIds.has(sku.skuId)) return `skus.${i}.skuId: ${sku.skuId} appears twice`;
    skuIds.add(sku.skuId);
    if (sku.promotionPriceFen !== undefined && sku.promotionPriceFen > sku.priceFen) return `skus.${i}.promotionPriceFen: above priceFen`;
  }
  const tiers = input.priceRanges ?? [];
  for (let i = 1; i < tiers.length; i++) {
    if (tiers[i]!.startQuantity <= tiers[i - 1]!.startQuantity) return `priceRanges.${i}.startQuantity: must increase`;
  }
  return null;
}

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
async function writeLine(db: Db, input: CatalogLine, images: ImageRefs, secret: string): Promise<Outcome> {
  return (db.kysely as unknown as Kysely<any>).transaction().execute(async (trx) => {
    // Two importers on PostgreSQL would otherwise both take max(index) + 1.
    if (db.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtext('ponte-catalog-import'))`.execute(trx);
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

/**
 * Item ids are keyed by the secret; importing with another one than the catalog was generated
 * with would give imported goods ids from a different family. Mirrors generate.ts's fingerprint.
 */
async function secretMismatch(db: Db, secret: string): Promise<string | null> {
  const row = await (db.kysely as unknown as Kysely<any>)
    .selectFrom('sandbox_catalog_state')
    .select('value')
    .where('key', '=', 'secret_fingerprint')
    .executeTakeFirst();
  if (!row || row.value === sha256Hex(`sandbox-catalog:${secret}`).slice(0, 16)) return null;
  return 'sandbox catalog was generated with another id secret; refusing to import with this one';
}
