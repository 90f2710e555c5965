/**
 * The generated catalog's common tokens as bitmaps, and the columns a search ranks and filters
 * by, in memory (docs/decisions/025-keyword-search-in-memory.md). FTS5 answers an AND by reading
 * every page of every token's doclist, ~0.02–0.04 µs per entry, so a match naming the platform
 * (in half the catalog) or a word in most titles costs tens of milliseconds at 1M products
 * whatever its number of hits. Here a token found in at least minShare of the products is a bit
 * per product instead, tested in nanoseconds, and FTS5 reads only the rarer tokens.
 *
 * Only generated products are covered (product_index below the committed count); they never
 * change once written. Imported products are searched in FTS5 on each query (read-memory.ts).
 */
import type SqliteDatabase from 'better-sqlite3';
import { keyIndex, keyLength } from './fts.ts';

export interface TokenIndex {
  /** Generated products covered: product_index 0 … size − 1, the committed count when built. */
  size: number;
  /** Bits by product_index, keyed by the token as a MATCH expression writes it ("…" quoted). */
  bitmaps: Map<string, Uint32Array>;
  /** The document length in the product's full-text key: the first relevance order. */
  length: Uint16Array;
  priceFen: Int32Array;
  sales: Int32Array;
  monthSold: Int32Array;
}

export interface TokenIndexOptions {
  /** A token in at least this share of the products becomes a bitmap. */
  minShare: number;
  /** Documents read to find the candidate tokens (all of them in a smaller catalog). */
  sample: number;
  /**
   * The index's memory: the columns first (14 bytes a product; no index when they do not fit),
   * then the bitmaps of the most common tokens, while they fit (PONTE_SEARCH_MEMORY_MIB).
   */
  maxBytes: number;
}

/**
 * 5 % keeps the tokens FTS5 still reads at ≤ 50k entries (≤ ~1 ms) at 1M products; at 1M it
 * is ~880 bitmaps, 110 MB (measured: docs/decisions/025), inside the default 512 MiB.
 */
export const DEFAULT_TOKEN_INDEX_OPTIONS: TokenIndexOptions = { minShare: 0.05, sample: 4000, maxBytes: 512 * 2 ** 20 };

/** What the columns of a catalog of `size` products take: length (2 bytes) and three int32. */
export const columnBytes = (size: number): number => size * 14;

const INT32_MAX = 2 ** 31 - 1;

/** Builds the index of products 0 … size − 1 (synchronous: run it on a worker for a big catalog). */
export function buildTokenIndex(sqlite: SqliteDatabase.Database, size: number, options = DEFAULT_TOKEN_INDEX_OPTIONS): TokenIndex {
  const index = { size, bitmaps: new Map<string, Uint32Array>(), ...readColumns(sqlite, size) };
  const threshold = Math.max(1, Math.ceil(options.minShare * size));
  const list = sqlite.prepare('SELECT rowid FROM sandbox_products_fts WHERE sandbox_products_fts MATCH ?').pluck();
  const bitmapBytes = Math.ceil(size / 32) * 4;
  let bytes = columnBytes(size);
  for (const token of candidateTokens(sqlite, size, options)) {
    if (bytes + bitmapBytes > options.maxBytes) break;
    const bits = new Uint32Array(Math.ceil(size / 32));
    let count = 0;
    for (const key of list.all(token) as number[]) {
      const i = keyIndex(key);
      if (i >= size) continue;
      bits[i >>> 5]! |= 1 << (i & 31);
      count++;
    }
    if (count < threshold) continue;
    index.bitmaps.set(token, bits);
    bytes += bitmapBytes;
  }
  return index;
}

/** The walk index on sales holds every column needed, so the wide product rows are not read. */
function readColumns(sqlite: SqliteDatabase.Database, size: number): Omit<TokenIndex, 'size' | 'bitmaps'> {
  const columns = {
    length: new Uint16Array(size),
    priceFen: new Int32Array(size),
    sales: new Int32Array(size),
    monthSold: new Int32Array(size),
  };
  const rows = sqlite
    .prepare(`SELECT product_index, search_key, price_fen, sales, month_sold FROM sandbox_products INDEXED BY sandbox_products_by_sales
      WHERE product_index < ?`)
    .raw();
  let seen = 0;
  for (const [i, key, price, sales, monthSold] of rows.iterate(size) as IterableIterator<number[]>) {
    for (const value of [price, sales, monthSold]) {
      if (!Number.isInteger(value) || value! < 0 || value! > INT32_MAX) throw new RangeError(`product ${i}: ${value} is no int32`);
    }
    columns.length[i!] = keyLength(key!);
    columns.priceFen[i!] = price!;
    columns.sales[i!] = sales!;
    columns.monthSold[i!] = monthSold!;
    seen++;
  }
  if (seen !== size) throw new Error(`token index: ${seen} generated products stored, ${size} committed`);
  return columns;
}

/**
 * Tokens found in at least half the wanted share of an even sample of documents, the most common
 * first (what a memory budget keeps). The full count of each is then read, so the sample only
 * decides which tokens are worth counting.
 */
function candidateTokens(sqlite: SqliteDatabase.Database, size: number, options: TokenIndexOptions): string[] {
  const stride = Math.max(1, Math.floor(size / options.sample));
  const picked = Array.from({ length: Math.ceil(size / stride) }, (_, k) => k * stride);
  const docs = sqlite
    .prepare(`SELECT f.doc FROM sandbox_products p JOIN sandbox_products_fts f ON f.rowid = p.search_key
      WHERE p.product_index IN (SELECT value FROM json_each(?))`)
    .pluck()
    .all(JSON.stringify(picked)) as string[];
  const counts = new Map<string, number>();
  for (const doc of docs) for (const token of new Set(doc.split(' '))) counts.set(token, (counts.get(token) ?? 0) + 1);
  const wanted = (options.minShare / 2) * docs.length;
  return [...counts]
    .filter(([, n]) => n >= wanted)
    .sort(([a, n], [b, m]) => m - n || (a < b ? -1 : 1))
    .map(([token]) => `"${token}"`);
}

/** The generated products matching every bitmap, in product_index order. */
export function bitmapHits(bitmaps: readonly Uint32Array[]): number[] {
  const [first, ...rest] = bitmaps;
  const hits: number[] = [];
  if (!first) return hits;
  for (let w = 0; w < first.length; w++) {
    let word = first[w]!;
    for (let b = 0; b < rest.length && word !== 0; b++) word &= rest[b]![w]!;
    while (word !== 0) {
      const low = word & -word;
      hits.push(w * 32 + 31 - Math.clz32(low));
      word ^= low;
    }
  }
  return hits;
}

export const hasBit = (bits: Uint32Array, i: number): boolean => (bits[i >>> 5]! & (1 << (i & 31))) !== 0;
