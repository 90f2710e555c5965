/**
 * Text search through the token index (token-index.ts): the same total and the same order as the
 * FTS5 path of read-sqlite.ts, which the tests compare query by query. FTS5 reads only the
 * tokens that have no bitmap; the hits of generated products are then tested against the
 * bitmaps, filtered and ranked on the in-memory columns. Imported products are few and change:
 * FTS5 answers them on every query, through their stored keys.
 */
import type SqliteDatabase from 'better-sqlite3';
import { keyIndex, keyLength } from './fts.ts';
import type { ProductSort, SearchOptions } from './read.ts';
import { bitmapHits, hasBit, type TokenIndex } from './token-index.ts';

/** The columns a hit is filtered and ranked by: the index's arrays, or an imported product's row. */
interface Columns {
  index: TokenIndex;
  imported: Map<number, ImportedRow>;
}

export interface MemoryHits {
  /** Product indexes of every hit passing the row filters, in no particular order. */
  hits: number[];
  columns: Columns;
}

/** Every hit of the match (fts.ts ftsMatch: quoted terms joined by AND) that passes the row filters. */
export function memoryHits(sqlite: SqliteDatabase.Database, index: TokenIndex, match: string, options: SearchOptions): MemoryHits {
  const columns = { index, imported: importedHits(sqlite, index, match) };
  const pass = rowFilter(options, columns);
  const generated = generatedHits(sqlite, index, match.split(' AND '));
  const hits = pass ? generated.filter(pass) : generated;
  for (const i of columns.imported.keys()) if (!pass || pass(i)) hits.push(i);
  return { hits, columns };
}

function generatedHits(sqlite: SqliteDatabase.Database, index: TokenIndex, terms: readonly string[]): number[] {
  const common = terms.flatMap((t) => index.bitmaps.get(t) ?? []);
  const rare = terms.filter((t) => !index.bitmaps.has(t));
  if (rare.length === 0) return bitmapHits(common);
  const keys = sqlite
    .prepare('SELECT rowid FROM sandbox_products_fts WHERE sandbox_products_fts MATCH ?')
    .pluck()
    .all(rare.join(' AND ')) as number[];
  const hits: number[] = [];
  for (const key of keys) {
    const i = keyIndex(key);
    if (i < index.size && common.every((bits) => hasBit(bits, i))) hits.push(i);
  }
  return hits;
}

interface ImportedRow {
  key: number;
  price: number;
  sales: number;
  monthSold: number;
}

/** Hits among products the index does not cover, probed one stored key at a time. */
function importedHits(sqlite: SqliteDatabase.Database, index: TokenIndex, match: string): Map<number, ImportedRow> {
  const rows = sqlite
    .prepare(`SELECT p.product_index, p.search_key, p.price_fen, p.sales, p.month_sold FROM sandbox_products p
      WHERE p.product_index >= ? AND EXISTS (SELECT 1 FROM sandbox_products_fts f
        WHERE f.sandbox_products_fts MATCH ? AND f.rowid = p.search_key)`)
    .raw()
    .all(index.size, match) as Array<[number, number, number, number, number]>;
  return new Map(rows.map(([i, key, price, sales, monthSold]) => [i, { key, price, sales, monthSold }]));
}

/** The filters the FTS5 path checks on the covering index; null when there are none. */
function rowFilter(options: SearchOptions, { index, imported }: Columns): ((i: number) => boolean) | null {
  const excluded = options.excludeIndexes?.length ? new Set(options.excludeIndexes) : null;
  if (options.priceStartFen === undefined && options.priceEndFen === undefined && options.minIndex === undefined && !excluded) return null;
  const [low, high, minIndex] = [options.priceStartFen ?? -1, options.priceEndFen ?? Infinity, options.minIndex ?? 0];
  return (i) => {
    const price = i < index.size ? index.priceFen[i]! : (imported.get(i) as ImportedRow).price;
    return price >= low && price <= high && i >= minIndex && !excluded?.has(i);
  };
}

/** A hit's sort columns, in one place for generated and imported products. */
function rowOf({ index, imported }: Columns, i: number): ImportedRow & { length: number } {
  if (i >= index.size) {
    const row = imported.get(i) as ImportedRow;
    return { ...row, length: keyLength(row.key) };
  }
  return { key: 0, length: index.length[i]!, price: index.priceFen[i]!, sales: index.sales[i]!, monthSold: index.monthSold[i]! };
}

/**
 * Each sort's first key (smaller first) and its whole order, exactly as read-sqlite.ts ORDER BY
 * and its relevance key say. The first keys are read straight from the arrays: it runs per hit.
 */
function firstKeys(hits: readonly number[], sort: ProductSort, columns: Columns): Float64Array {
  const { index } = columns;
  const column = sort === 'relevance' ? index.length : sort === 'sales_desc' ? index.monthSold : index.priceFen;
  const sign = sort === 'relevance' || sort === 'price_asc' ? 1 : -1;
  const keys = new Float64Array(hits.length);
  for (let j = 0; j < hits.length; j++) {
    const i = hits[j]!;
    if (i < index.size) keys[j] = sign * column[i]!;
    else {
      const row = rowOf(columns, i);
      keys[j] = sign * (sort === 'relevance' ? row.length : sort === 'sales_desc' ? row.monthSold : row.price);
    }
  }
  return keys;
}

function compareFor(sort: ProductSort, columns: Columns): (a: number, b: number) => number {
  const by = (f: (a: ImportedRow & { length: number }, b: ImportedRow & { length: number }) => number) => (a: number, b: number) =>
    f(rowOf(columns, a), rowOf(columns, b)) || a - b;
  switch (sort) {
    case 'relevance':
      return by((a, b) => a.length - b.length || b.sales - a.sales);
    case 'price_asc':
      return by((a, b) => a.price - b.price);
    case 'price_desc':
      return by((a, b) => b.price - a.price);
    case 'sales_desc':
      return by((a, b) => b.monthSold - a.monthSold || b.sales - a.sales);
  }
}

/**
 * The first `wanted` hits in the sort's order. Only the hits whose first sort key is within the
 * cut are sorted, so a word in half the catalog sorts a few thousand hits, not half a million.
 */
export function firstInOrder({ hits, columns }: MemoryHits, sort: ProductSort, wanted: number): number[] {
  if (hits.length > wanted && wanted > 0) {
    const keys = firstKeys(hits, sort, columns);
    const cut = cutFor(keys, wanted);
    hits = hits.filter((_, j) => keys[j]! <= cut);
  }
  return hits.sort(compareFor(sort, columns)).slice(0, wanted);
}

/**
 * A key at or above the wanted-th smallest: estimated from an even sample, checked in one pass,
 * and selected exactly only when the estimate keeps too few.
 */
function cutFor(keys: Float64Array, wanted: number): number {
  const step = Math.max(1, Math.floor(keys.length / 1024));
  const sample: number[] = [];
  for (let j = 0; j < keys.length; j += step) sample.push(keys[j]!);
  sample.sort((a, b) => a - b);
  const estimate = sample[Math.min(sample.length - 1, Math.ceil((2 * wanted * sample.length) / keys.length) + 2)]!;
  let within = 0;
  for (let j = 0; j < keys.length; j++) if (keys[j]! <= estimate) within++;
  return within >= wanted ? estimate : kthSmallest(keys.slice(), wanted - 1);
}

/** The k-th smallest value (0-based); reorders `values`. */
function kthSmallest(values: Float64Array, k: number): number {
  let [low, high] = [0, values.length - 1];
  while (low < high) {
    const pivot = values[(low + high) >>> 1]!;
    let [i, j] = [low, high];
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        [values[i], values[j]] = [values[j]!, values[i]!];
        i++;
        j--;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else return values[k]!;
  }
  return values[k]!;
}
