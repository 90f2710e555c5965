/**
 * A sorted page of a text search with many hits, found by walking the products in the page's
 * order and asking FTS5 whether each one matches (a seek by rowid, ~10 µs), instead of reading
 * the price or sales of every hit and sorting them all. The walk indexes (migration 029) hold
 * each sort's exact order (ties by product_index) and the search_key that is the FTS rowid, with
 * the price, so a price range is checked before any probe.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { ProductSort, SearchOptions } from './read.ts';

type Sorted = Exclude<ProductSort, 'relevance'>;

/** Each sort's columns in its exact order, then what the walk reads (product_index is the rowid). */
export const WALK_INDEXES: Record<Sorted, { name: string; columns: string[] }> = {
  price_asc: { name: 'sandbox_products_by_price_asc', columns: ['platform', 'price_fen', 'product_index', 'search_key'] },
  price_desc: { name: 'sandbox_products_by_price_desc', columns: ['platform', 'price_fen desc', 'product_index', 'search_key'] },
  sales_desc: {
    name: 'sandbox_products_by_sales',
    columns: ['platform', 'month_sold desc', 'sales desc', 'product_index', 'price_fen', 'search_key'],
  },
};

const WALK_ORDER: Record<Sorted, string> = {
  price_asc: 'price_fen ASC, product_index',
  price_desc: 'price_fen DESC, product_index',
  sales_desc: 'month_sold DESC, sales DESC, product_index',
};

function walkFilters(options: SearchOptions): { sql: string; params: unknown[] } {
  const parts = ['platform = ?'];
  const params: unknown[] = [options.platform];
  const add = (part: string, value: unknown) => {
    parts.push(part);
    params.push(value);
  };
  if (options.priceStartFen !== undefined) add('price_fen >= ?', options.priceStartFen);
  if (options.priceEndFen !== undefined) add('price_fen <= ?', options.priceEndFen);
  if (options.minIndex !== undefined) add('product_index >= ?', options.minIndex);
  if (options.excludeIndexes?.length) {
    parts.push(`product_index NOT IN (${options.excludeIndexes.map(() => '?').join(', ')})`);
    params.push(...options.excludeIndexes);
  }
  return { sql: parts.join(' AND '), params };
}

/**
 * The first `wanted` matching product indexes in the sort's order, or null when the walk used
 * up its `budget` of probes first (the caller then sorts the hits instead). match: the MATCH
 * expression of the text and the equality filters.
 */
export function walkSorted(
  sqlite: SqliteDatabase.Database,
  match: string,
  options: SearchOptions,
  sort: Sorted,
  wanted: number,
  budget: number,
): number[] | null {
  const filters = walkFilters(options);
  const candidates = sqlite
    .prepare(
      `SELECT search_key, product_index FROM sandbox_products INDEXED BY ${WALK_INDEXES[sort].name}
      WHERE ${filters.sql} ORDER BY ${WALK_ORDER[sort]}`,
    )
    .raw();
  // Keys above 2^31 reach SQLite as REAL, and FTS5 then ignores `rowid = ?` beside MATCH (it
  // answered every hit); as an INTEGER it seeks.
  const probe = sqlite
    .prepare('SELECT 1 FROM sandbox_products_fts WHERE sandbox_products_fts MATCH ? AND rowid = CAST(? AS INTEGER)')
    .pluck();
  const found: number[] = [];
  let probes = 0;
  for (const [key, index] of candidates.iterate(...filters.params) as IterableIterator<[number, number]>) {
    // Every 50 probes, give up as soon as the rate of matches so far says the budget will not do.
    if (++probes % 50 === 0 && (found.length === 0 ? probes * 2 : (probes * wanted) / found.length) > budget) return null;
    if (probe.get(match, key) === undefined) continue;
    found.push(index);
    if (found.length >= wanted) break;
  }
  return found;
}
