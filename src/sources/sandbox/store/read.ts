import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { preparedQuery, type Db } from '../../../platform/db/index.ts';
import { analyzeQuery, toTsQuery } from '../../../platform/search/index.ts';
import { CATEGORIES, categoryById, type Lang } from '../catalog/index.ts';
import type { ProductQuery, ProductSort } from '../../source.ts';
import { fromRow, PRODUCT_COLUMNS, type ProductInsert, type ProductRow } from './rows.ts';
import { sqliteTextSearch } from './read-sqlite.ts';

export type { ProductSort };

/** The Source's query, with the store's name for the text. */
export type SearchOptions = Omit<ProductQuery, 'text'> & { query?: string };

export interface SearchResult {
  total: number;
  rows: ProductRow[];
}

const COLUMNS = PRODUCT_COLUMNS.map((column) => `p.${column}` as const);

export async function getProductByItemId(db: Db, itemId: string): Promise<ProductRow | null> {
  return findOne(db, 'item_id', itemId);
}

/** Products by catalog index, in the order asked (missing ones left out). */
export async function getProductsByIndexes(db: Db, indexes: number[]): Promise<ProductRow[]> {
  if (indexes.length === 0) return [];
  const rows = await (db.kysely as unknown as Kysely<any>)
    .selectFrom('sandbox_products as p')
    .select(COLUMNS)
    .where('p.product_index', 'in', indexes)
    .execute();
  const byIndex = new Map(rows.map((row) => [Number((row as ProductInsert).product_index), fromRow(row as ProductInsert)]));
  return indexes.flatMap((i) => byIndex.get(i) ?? []);
}

export async function getProductByNumericId(db: Db, numericId: string): Promise<ProductRow | null> {
  return findOne(db, 'numeric_id', numericId);
}

/** Every order prices its lines by these; built once (prepared.ts), named on PostgreSQL. */
const productBy = {
  item_id: productLookup('item_id'),
  numeric_id: productLookup('numeric_id'),
};

function productLookup(column: 'item_id' | 'numeric_id') {
  return preparedQuery<{ value: string }, ProductInsert>((db, param) =>
    (db as unknown as Kysely<any>).selectFrom('sandbox_products as p').select(COLUMNS).where(`p.${column}`, '=', param('value')),
  );
}

async function findOne(db: Db, column: 'item_id' | 'numeric_id', value: string): Promise<ProductRow | null> {
  const row = (await productBy[column]({ db: db.kysely, dialect: db.dialect }, { value })).rows[0];
  return row ? fromRow(row) : null;
}

/** Leaf ids under a category (itself if a leaf); empty when the id is unknown, which finds nothing. */
function leafIdsUnder(categoryId: number): number[] {
  const node = categoryById(categoryId);
  if (!node) return [];
  if (node.leaf) return [node.id];
  return CATEGORIES.filter((c) => c.leaf && isBelow(c.id, categoryId)).map((c) => c.id);
}

function isBelow(id: number, ancestor: number): boolean {
  for (let node = categoryById(id); node; node = node.parentId === null ? undefined : categoryById(node.parentId)) {
    if (node.id === ancestor) return true;
  }
  return false;
}

interface TextMatch {
  filter: RawBuilder<boolean>;
  score: RawBuilder<number>;
  inLanguage: RawBuilder<number>;
}

/**
 * The engine-specific part of a text search. score sorts ascending (bm25 is negative-better,
 * ts_rank is negated to match); inLanguage is 0 when the raw query occurs in the title of the
 * requested language, so those rank before products matched only through other languages.
 */
function textMatch(_db: Db, query: string, tokens: string[], language: Lang): TextMatch {
  const needle = query.trim().toLowerCase();
  const tsQuery = sql`to_tsquery('simple', ${toTsQuery(tokens)})`;
  const title = language === 'zh' ? sql`p.title_zh` : sql`(p.titles_json::json ->> ${language}::text)`;
  return {
    filter: sql<boolean>`p.search_doc @@ ${tsQuery}`,
    score: sql<number>`-ts_rank(p.search_doc, ${tsQuery})`,
    inLanguage: sql<number>`(CASE WHEN strpos(lower(${title}), ${needle}::text) > 0 THEN 0 ELSE 1 END)`,
  };
}

/** Filters and exact total, then one page; the FTS join only when there is text to match. */
export async function searchProducts(db: Db, options: SearchOptions): Promise<SearchResult> {
  const { page, pageSize } = options;
  if (!Number.isSafeInteger(page) || page < 1) throw new RangeError(`page must be >= 1, got ${page}`);
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be >= 1, got ${pageSize}`);
  const tokens = analyzeQuery(options.query ?? '');
  // A keyword with nothing searchable in it (`"`, `*`, `(((`) matches nothing, as in Lucene; it
  // is not "no keyword", which lists the whole catalog.
  if (tokens.length === 0 && (options.query ?? '').trim() !== '') return { total: 0, rows: [] };
  const text = tokens.length > 0 ? textMatch(db, options.query ?? '', tokens, options.language ?? 'zh') : null;
  const leaves = options.categoryId === undefined ? undefined : leafIdsUnder(options.categoryId);
  if (leaves?.length === 0) return { total: 0, rows: [] };
  if (text && db.sqlite) {
    const found = sqliteTextSearch(db.sqlite, options, tokens);
    return { total: found.total, rows: await getProductsByIndexes(db, found.indexes) };
  }
  const kysely = db.kysely as unknown as Kysely<any>;
  // biome-ignore lint/complexity/noBannedTypes: {} is Kysely's own type for a query that selects no column yet
  let base = kysely.selectFrom('sandbox_products as p') as SelectQueryBuilder<any, any, {}>;
  base = base.where('p.platform', '=', options.platform);
  if (text) base = base.where(text.filter);
  if (leaves) base = base.where('p.category_id', 'in', leaves);
  if (options.priceStartFen !== undefined) base = base.where('p.price_fen', '>=', options.priceStartFen);
  if (options.priceEndFen !== undefined) base = base.where('p.price_fen', '<=', options.priceEndFen);
  if (options.shopIndex !== undefined) base = base.where('p.shop_index', '=', options.shopIndex);
  if (options.flag === 'strictlySelected') base = base.where('p.strictly_selected', '=', 1);
  if (options.flag === 'globalSelection') base = base.where('p.global_selection', '=', 1);
  if (options.minIndex !== undefined) base = base.where('p.product_index', '>=', options.minIndex);
  if (options.excludeIndexes?.length) base = base.where('p.product_index', 'not in', options.excludeIndexes);

  const counted = await base.select((eb) => eb.fn.countAll().as('total')).executeTakeFirst();
  const total = Number(counted?.total ?? 0);
  if (total === 0 || (page - 1) * pageSize >= total) return { total, rows: [] };
  let listed = base.select(COLUMNS);
  listed = orderBy(listed, options.sort ?? 'relevance', text);
  const rows = await listed
    .orderBy('p.product_index')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { total, rows: rows.map((row) => fromRow(row as ProductInsert)) };
}

function orderBy(q: SelectQueryBuilder<any, any, any>, sort: ProductSort, text: TextMatch | null): SelectQueryBuilder<any, any, any> {
  switch (sort) {
    case 'price_asc':
      return q.orderBy('p.price_fen', 'asc');
    case 'price_desc':
      return q.orderBy('p.price_fen', 'desc');
    case 'sales_desc':
      return q.orderBy('p.month_sold', 'desc').orderBy('p.sales', 'desc');
    case 'relevance':
      // Without text there is nothing to be relevant to; best sellers first, as the marketplaces do.
      if (!text) return q.orderBy('p.sales', 'desc');
      return q.orderBy(text.inLanguage).orderBy(text.score).orderBy('p.sales', 'desc');
  }
}
