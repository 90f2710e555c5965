/**
 * Text search on SQLite, as raw prepared SQL because it needs what the query builder cannot say.
 * Equality filters are tokens of the match and the rowid is the relevance order (fts.ts), so the
 * best hits are the first rowids of the match. Price ranges, exclusions, sales and the other
 * sorts need product columns; hits reach them through the narrow covering index
 * `sandbox_products_filter` (`INDEXED BY`; CROSS JOIN so the hits drive it), because the product
 * rows are wide (SKUs live in JSON, in overflow pages). When the match has many hits, a price
 * range's total is counted on price-bucket tokens in FTS5 (price-tokens.ts) but for the two
 * buckets its edges cut, and a price or sales sort walks the products in that order, probing
 * FTS5 for each (read-walk.ts), instead of reading every hit's row. On relevance, the best RERANK_WINDOW hits
 * are re-ordered so titles in the requested language come first; pages past the window continue
 * in relevance order, so paging stays exact.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { Lang } from '../catalog/index.ts';
import { ftsMatch, KEY_INDEX_SQL, keyIndex, keyLength } from './fts.ts';
import { priceCover, type PriceCover } from './price-tokens.ts';
import type { ProductSort, SearchOptions } from './read.ts';
import { walkSorted } from './read-walk.ts';
import { firstInOrder, memoryHits, type MemoryHits } from './read-memory.ts';
import { currentTokenIndex } from './token-index-cache.ts';
import type { TokenIndex } from './token-index.ts';

export const RERANK_WINDOW = 500;

/**
 * How many hits past the ones it ranks the relevance pass reads on, counting, before it leaves
 * the total to count(*): reading a hit costs about what count(*) spends on twenty, but a match
 * with few hits then needs one pass over the index instead of two.
 */
const COUNTED_IN_PASS = 1000;

/**
 * What one walk probe costs per term of the match, in hits joined to the covering index (~5 µs
 * against ~0.8 µs at 100k): a walk may probe hits / (this × terms) products before sorting the
 * hits would have been cheaper.
 */
const JOINS_PER_PROBE_TERM = 6;
const MANY_HITS = 3000;
/** Counting hits costs ~0.2 µs each in FTS5 alone; this many are enough to size a walk. */
const HITS_ESTIMATED_TO = 10_000;
const MAX_WALK_TERMS = 4;

const HITS = 'FROM sandbox_products_fts WHERE sandbox_products_fts MATCH ?';
const JOINED = `FROM sandbox_products_fts CROSS JOIN sandbox_products p INDEXED BY sandbox_products_filter
  WHERE p.product_index = ${KEY_INDEX_SQL} AND sandbox_products_fts MATCH ?`;

/** The filters FTS cannot say, checked on the covering index. */
function rowFilters(options: SearchOptions): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (options.priceStartFen !== undefined) {
    parts.push('p.price_fen >= ?');
    params.push(options.priceStartFen);
  }
  if (options.priceEndFen !== undefined) {
    parts.push('p.price_fen <= ?');
    params.push(options.priceEndFen);
  }
  if (options.minIndex !== undefined) {
    parts.push('p.product_index >= ?');
    params.push(options.minIndex);
  }
  if (options.excludeIndexes?.length) {
    parts.push(`p.product_index NOT IN (${options.excludeIndexes.map(() => '?').join(', ')})`);
    params.push(...options.excludeIndexes);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

const ORDER: Record<Exclude<ProductSort, 'relevance'>, string> = {
  price_asc: 'p.price_fen ASC, p.product_index',
  price_desc: 'p.price_fen DESC, p.product_index',
  sales_desc: 'p.month_sold DESC, p.sales DESC, p.product_index',
};

export interface IndexPage {
  total: number;
  indexes: number[];
}

interface Search {
  sqlite: SqliteDatabase.Database;
  /** FROM … WHERE … for the hits joined to the covering index, every filter applied. */
  joined: string;
  /** The same hits without the join when no filter needs product columns. */
  hits: string;
  /** The MATCH expression, then the filters' values. */
  params: unknown[];
  /** The MATCH expression of the text and the equality filters alone. */
  match: string;
  /** The price buckets of a price range, when the range is the only filter on product columns. */
  cover: PriceCover | null;
  /** Tokens in the match: what one probe of it costs. */
  terms: number;
  /** At least MANY_HITS hits before the row filters: worth the buckets and the walk. */
  many: boolean;
  /** The hits before the row filters, up to HITS_ESTIMATED_TO. */
  estimate: number;
}

const anyOf = (tokens: readonly string[]): string => `(${tokens.map((t) => `"${t}"`).join(' OR ')})`;

/**
 * The exact total and one page of product indexes, best first; through the token index when one
 * matches the catalog (tests pass null, or an index of their own, to compare the two paths).
 */
export function sqliteTextSearch(
  sqlite: SqliteDatabase.Database,
  options: SearchOptions,
  tokens: string[],
  index: TokenIndex | null = currentTokenIndex(sqlite),
): IndexPage {
  const priced = options.priceStartFen !== undefined || options.priceEndFen !== undefined;
  const cover = priced ? priceCover(options.priceStartFen, options.priceEndFen) : null;
  if (priced && !cover) return { total: 0, indexes: [] };
  const sort = options.sort ?? 'relevance';
  const match = ftsMatch(tokens, options);
  if (index) return memoryPage(sqlite, memoryHits(sqlite, index, match, options), options, sort);
  // Few hits are cheaper joined one by one than through the buckets' OR or a walk.
  const terms = match.split(' AND ').length;
  // A long match is costly to evaluate twice and too costly to probe per product to walk.
  const estimate = (priced || sort !== 'relevance') && terms <= MAX_WALK_TERMS ? hitsUpTo(sqlite, match, HITS_ESTIMATED_TO) : 0;
  const many = estimate >= MANY_HITS;
  const usable = many && cover && options.minIndex === undefined && !options.excludeIndexes?.length ? cover : null;
  const filters = rowFilters(options);
  const joined = `${JOINED}${filters.sql}`;
  const search: Search = {
    sqlite,
    joined,
    params: [match, ...filters.params],
    hits: filters.sql === '' ? HITS : joined,
    match,
    terms,
    cover: usable,
    many,
    estimate,
  };
  return sort === 'relevance' ? relevancePage(search, options) : sortedPage(search, options, sort);
}

/** The match's hits, counted up to `cap` (reading no more than that many). */
function hitsUpTo(sqlite: SqliteDatabase.Database, match: string, cap: number): number {
  return (sqlite.prepare(`SELECT count(*) AS n FROM (SELECT 1 ${HITS} LIMIT ?)`).get(match, cap) as { n: number }).n;
}

const counted = (s: Search, from: string, params: unknown[]): number =>
  (s.sqlite.prepare(`SELECT count(*) AS n ${from}`).get(...params) as { n: number }).n;

/** The hits FTS5 counts alone: all of them, or those wholly inside the price range; null when a filter needs rows. */
function ftsCount(s: Search): number | null {
  if (s.cover) return s.cover.inner.length > 0 ? counted(s, HITS, [`${s.match} AND ${anyOf(s.cover.inner)}`]) : 0;
  return s.hits === HITS ? counted(s, HITS, s.params) : null;
}

/** The hits in the price range's edge buckets, checked on price_fen. */
function edgeCount(s: Search): number {
  if (!s.cover || s.cover.edges.length === 0) return 0;
  return counted(s, s.joined, [`${s.match} AND ${anyOf(s.cover.edges)}`, ...s.params.slice(1)]);
}

function count(s: Search): number {
  return (ftsCount(s) ?? counted(s, s.hits, s.params)) + edgeCount(s);
}

/**
 * Many hits: walk the products in the sort's order, then count. Otherwise, or when the walk
 * finds matches too rarely, one pass sorts the hits and counts them (a window count).
 */
function sortedPage(s: Search, options: SearchOptions, sort: Exclude<ProductSort, 'relevance'>): IndexPage {
  const offset = (options.page - 1) * options.pageSize;
  const wanted = offset + options.pageSize;
  const budget = Math.floor(s.estimate / (JOINS_PER_PROBE_TERM * s.terms));
  const walked = s.many && budget >= 2 * wanted ? walkSorted(s.sqlite, s.match, options, sort, wanted, budget) : null;
  if (walked) return { total: count(s), indexes: walked.slice(offset) };
  const rows = s.sqlite
    .prepare(`SELECT p.product_index AS i, count(*) OVER () AS n ${s.joined} ORDER BY ${ORDER[sort]} LIMIT ? OFFSET ?`)
    .all(...s.params, options.pageSize, offset) as Array<{ i: number; n: number }>;
  // A page past the end returns no row to read the count from.
  const total = rows[0]?.n ?? (offset === 0 ? 0 : count(s));
  return { total, indexes: rows.map((r) => r.i) };
}

/** The page from every hit in memory, in the order the FTS5 path gives (read-memory.ts). */
function memoryPage(sqlite: SqliteDatabase.Database, found: MemoryHits, options: SearchOptions, sort: ProductSort): IndexPage {
  const offset = (options.page - 1) * options.pageSize;
  const end = offset + options.pageSize;
  const total = found.hits.length;
  if (sort !== 'relevance') return { total, indexes: firstInOrder(found, sort, end).slice(offset) };
  return rankedPage(sqlite, firstInOrder(found, sort, Math.max(end, RERANK_WINDOW)), total, options);
}

function relevancePage(s: Search, options: SearchOptions): IndexPage {
  const end = options.page * options.pageSize;
  const pass = bestHits(s, Math.max(end, RERANK_WINDOW));
  return rankedPage(s.sqlite, pass.ranked, pass.total ?? count(s), options);
}

/** One page of hits ranked by relevance (at least the first RERANK_WINDOW of them), language first. */
function rankedPage(sqlite: SqliteDatabase.Database, ranked: number[], total: number, options: SearchOptions): IndexPage {
  const offset = (options.page - 1) * options.pageSize;
  const end = offset + options.pageSize;
  if (offset >= total) return { total, indexes: [] };
  if (offset >= RERANK_WINDOW) return { total, indexes: ranked.slice(offset, end) };
  const window = inLanguageFirst(sqlite, ranked.slice(0, RERANK_WINDOW), Math.min(end, RERANK_WINDOW), options);
  return { total, indexes: [...window.slice(offset), ...ranked.slice(RERANK_WINDOW, end)] };
}

/**
 * The first `wanted` hits in relevance order: document length, then best sellers, then index.
 * Hits arrive in rowid order, which is length then index, so the pass reads on to the end of the
 * last wanted hit's length before sorting by sales; total is known when the pass read them all.
 */
function bestHits(s: Search, wanted: number): { ranked: number[]; total: number | null } {
  const rows: Array<[key: number, sales: number]> = [];
  let read = 0;
  let lastLength = -1;
  const statement = s.sqlite.prepare(`SELECT sandbox_products_fts.rowid, p.sales ${s.joined} ORDER BY sandbox_products_fts.rowid`).raw();
  for (const row of statement.iterate(...s.params) as IterableIterator<[number, number]>) {
    if (rows.length < wanted || keyLength(row[0]) === lastLength) {
      rows.push(row);
      lastLength = keyLength(row[0]);
    } else if (read >= wanted + COUNTED_IN_PASS) {
      return { ranked: rank(rows, wanted), total: null };
    }
    read++;
  }
  return { ranked: rank(rows, wanted), total: read };
}

function rank(rows: Array<[key: number, sales: number]>, wanted: number): number[] {
  return rows
    .sort(([a, salesA], [b, salesB]) => keyLength(a) - keyLength(b) || salesB - salesA || keyIndex(a) - keyIndex(b))
    .slice(0, wanted)
    .map(([key]) => keyIndex(key));
}

/**
 * The first `upTo` places of the window once titles in the requested language containing the raw
 * query go first. Titles are read for the head of the window first: when it alone fills the
 * places, the rest of the window cannot come before it.
 */
function inLanguageFirst(sqlite: SqliteDatabase.Database, window: number[], upTo: number, options: SearchOptions): number[] {
  const title = titleColumn(options.language ?? 'zh');
  const statement = sqlite.prepare(`SELECT q.product_index AS i FROM sandbox_products q
    WHERE q.product_index IN (SELECT value FROM json_each(?)) AND instr(lower(${title}), ?) > 0`);
  const needle = (options.query ?? '').trim().toLowerCase();
  const inLanguage = new Set<number>();
  const read = (ids: number[]) => {
    for (const { i } of statement.all(JSON.stringify(ids), needle) as Array<{ i: number }>) inLanguage.add(i);
  };
  const head = Math.min(window.length, 2 * upTo);
  read(window.slice(0, head));
  if (inLanguage.size < upTo && head < window.length) read(window.slice(head));
  const first = window.filter((i) => inLanguage.has(i));
  return [...first, ...window.filter((i) => !inLanguage.has(i))].slice(0, upTo);
}

function titleColumn(language: Lang): string {
  return language === 'zh' ? 'q.title_zh' : `json_extract(q.titles_json, '$.${language}')`;
}
