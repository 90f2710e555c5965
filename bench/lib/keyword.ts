/**
 * Keyword-search workload: a deterministic, mixed-language query list built from the category
 * leaf names (every language) and words of generated titles, plus two-word queries and queries
 * with price / category filters, sorting and paging; then timed calls of searchProducts.
 */
import type { Db } from '../../src/platform/db/index.ts';
import {
  CATEGORIES,
  generateProduct,
  LANGS,
  type Lang,
  type Platform,
  type ProductRecord,
} from '../../src/sources/sandbox/catalog/index.ts';
import { searchProducts, type ProductSort, type SearchOptions } from '../../src/sources/sandbox/store/index.ts';
import { latency, pick, seededRandom, type Latency } from './stats.ts';

export type QueryKind = 'leaf name' | 'title word' | 'two words' | 'paged+category' | 'paged+price' | 'paged+cat+price';
type MixKind = 'title word' | 'two words' | 'filtered';

export interface KeywordQuery {
  kind: QueryKind;
  lang: Lang;
  options: SearchOptions;
}

/** Share of each kind in the list; the rest of the count goes to leaf names. */
const MIX: readonly [MixKind, number][] = [
  ['title word', 0.25],
  ['two words', 0.15],
  ['filtered', 0.2],
];
const PLATFORMS: readonly Platform[] = ['taobao', '1688'];
const SORTS: readonly ProductSort[] = ['relevance', 'price_asc', 'price_desc', 'sales_desc'];

/**
 * Words a shopper might type from a title. Chinese titles have no spaces, so 2–3 character
 * slices of their non-digit runs stand in for words (they always occur in the title).
 */
export function titleWords(record: ProductRecord, lang: Lang, random: () => number): string[] {
  const title = record.title[lang];
  if (lang !== 'zh') return title.split(/\s+/).filter((w) => w.length >= 2 && !/^\d+$/.test(w));
  const runs = title.split(/[\s\d]+/).filter((run) => run.length >= 2);
  return runs.map((run) => {
    const length = Math.min(run.length, 2 + Math.floor(random() * 2));
    const from = Math.floor(random() * (run.length - length + 1));
    return run.slice(from, from + length);
  });
}

interface Builder {
  random: () => number;
  seed: number;
  products: number;
  at: number;
}

function nextLang(b: Builder): Lang {
  return LANGS[b.at++ % LANGS.length] as Lang;
}

function sampleProduct(b: Builder): ProductRecord {
  return generateProduct(b.seed, Math.floor(b.random() * b.products));
}

function leafQuery(b: Builder): KeywordQuery {
  const lang = nextLang(b);
  const leaf = pick(
    b.random,
    CATEGORIES.filter((c) => c.leaf),
  );
  return { kind: 'leaf name', lang, options: base(pick(b.random, PLATFORMS), leaf.names[lang], lang) };
}

function wordQuery(b: Builder, words: number): KeywordQuery {
  const lang = nextLang(b);
  const record = sampleProduct(b);
  const pool = [...new Set(titleWords(record, lang, b.random))];
  if (pool.length === 0) pool.push(record.title[lang]);
  // Distinct, neighbouring title words (wrapping at the end) while the title has enough.
  const start = Math.floor(b.random() * pool.length);
  const chosen = Array.from({ length: Math.min(words, pool.length) }, (_, i) => pool[(start + i) % pool.length] as string);
  const kind: QueryKind = words === 1 ? 'title word' : 'two words';
  return { kind, lang, options: base(record.platform, chosen.join(' '), lang) };
}

/** A leaf name or title word, narrowed by category and/or a price band, sorted, on page 2–4. */
function filteredQuery(b: Builder): KeywordQuery {
  const lang = nextLang(b);
  const record = sampleProduct(b);
  const leaf = CATEGORIES.find((c) => c.id === record.categoryId);
  const useLeafName = b.random() < 0.5 && leaf !== undefined;
  const query = useLeafName ? leaf.names[lang] : pick(b.random, [...titleWords(record, lang, b.random), record.title[lang]]);
  const options: SearchOptions = {
    ...base(record.platform, query, lang),
    sort: pick(b.random, SORTS),
    page: 2 + Math.floor(b.random() * 3),
  };
  const kind = pick(b.random, ['paged+category', 'paged+price', 'paged+cat+price'] as const);
  if (kind !== 'paged+price') options.categoryId = b.random() < 0.5 || !leaf?.parentId ? record.categoryId : leaf.parentId;
  if (kind !== 'paged+category') {
    options.priceStartFen = Math.round(record.priceFen * 0.5);
    options.priceEndFen = Math.round(record.priceFen * 2);
  }
  return { kind, lang, options };
}

function base(platform: Platform, query: string, language: Lang): SearchOptions {
  return { platform, query, language, page: 1, pageSize: 20 };
}

export function buildKeywordQueries(seed: number, products: number, count: number): KeywordQuery[] {
  const b: Builder = { random: seededRandom(seed ^ 0x5eac), seed, products, at: 0 };
  const queries: KeywordQuery[] = [];
  for (const [kind, share] of MIX) {
    for (let i = 0; i < Math.round(count * share); i++) {
      if (kind === 'filtered') queries.push(filteredQuery(b));
      else queries.push(wordQuery(b, kind === 'title word' ? 1 : 2));
    }
  }
  while (queries.length < count) queries.push(leafQuery(b));
  return queries;
}

export interface KeywordGroup {
  name: string;
  latency: Latency;
  zeroHits: number;
  medianTotal: number;
}
export interface Timed {
  query: KeywordQuery;
  elapsedMs: number;
  total: number;
}
/** slowest: the five slowest queries, to show what the p95 is made of. */
export interface KeywordReport {
  overall: KeywordGroup;
  groups: KeywordGroup[];
  slowest: Timed[];
}

/** Warms statement caches on a few queries, then times every query once. */
export async function runKeywordQueries(
  db: Db,
  queries: readonly KeywordQuery[],
  onProgress: (done: number, total: number) => void,
): Promise<KeywordReport> {
  for (const q of queries.slice(0, 20)) await searchProducts(db, q.options);
  const timings: Timed[] = [];
  for (const query of queries) {
    const started = performance.now();
    const { total } = await searchProducts(db, query.options);
    timings.push({ query, elapsedMs: performance.now() - started, total });
    onProgress(timings.length, queries.length);
  }
  const kinds = [...new Set(queries.map((q) => q.kind))].sort();
  const groups = [
    ...kinds.map((kind) =>
      group(
        kind,
        timings.filter((t) => t.query.kind === kind),
      ),
    ),
    ...LANGS.map((lang) =>
      group(
        `lang ${lang}`,
        timings.filter((t) => t.query.lang === lang),
      ),
    ),
  ];
  const slowest = [...timings].sort((a, b) => b.elapsedMs - a.elapsedMs).slice(0, 5);
  return { overall: group('all', timings), groups, slowest };
}

function group(name: string, timings: readonly Timed[]): KeywordGroup {
  const totals = timings.map((t) => t.total).sort((a, b) => a - b);
  return {
    name,
    latency: latency(timings.map((t) => t.elapsedMs)),
    zeroHits: totals.filter((t) => t === 0).length,
    medianTotal: totals[Math.floor(totals.length / 2)] ?? 0,
  };
}

/** One line naming a query and its filters, for the slowest-queries list. */
export function describeQuery(q: KeywordQuery): string {
  const o = q.options;
  const filters = [
    o.categoryId !== undefined ? `cat ${o.categoryId}` : '',
    o.priceStartFen !== undefined ? `price ${o.priceStartFen}-${o.priceEndFen}` : '',
    o.sort && o.sort !== 'relevance' ? o.sort : '',
    o.page > 1 ? `page ${o.page}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `[${q.lang} ${o.platform}] "${o.query}"${filters ? ` (${filters})` : ''}`;
}
