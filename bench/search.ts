/**
 * npm run bench:search — catalog generation, keyword search and image search in one run.
 *
 *   npm run bench:search -- [--n 100000] [--seed 1] [--keyword-queries 400]
 *                           [--image-queries 300] [--workers 2] [--brute 1] [--images 1]
 *   npm run bench:search -- --n 1000000     # the million-product catalog
 *
 * The catalog lives in .bench-data/search-<n>.sqlite (gitignored) and is reused by the next run
 * with the same n; with DATABASE_URL set it lives in the PostgreSQL schema bench_search_<n>.
 * The bench generates its catalog without image descriptors, so it computes them and builds both
 * indexes every run (the app stores descriptors at generation: docs/decisions/005).
 *
 * Measured on 2 shared cores (SQLite, other work running): at 100k, keyword p50 2.8 / p95 8.7 ms
 * (docs/decisions/008), descriptors ~2,000 products/s with 2 workers, brute force 24–32 ms per
 * query (linear in n). At --n 1000000 (before migration 029): 7.5 min to generate (2,200
 * products/s, 8.8 GB on disk), 6 min of descriptors, 4.5 min of HNSW build, 1.8 GB of RSS with
 * --brute 0; keyword p50 15 / p95 55 ms. Migration 029 counts price ranges on price-bucket tokens
 * and walks price/sales sorts of common words in sort order: at 100k the price-range queries' p95
 * fell 33.5 → 17.9 ms, at 300k the slowest 301 → 55 ms (load 7–8). On SQLite the bench waits for
 * the token index the server builds (docs/decisions/025) before the keyword phase: at 1M, quiet,
 * keyword p50 18.6 → 5.3 / p95 69.3 → 13.3 ms, the index 17.6 s on a worker, 118 MiB.
 * --images 0 stops after the keyword phase.
 */
import { parseArgs } from 'node:util';
import { buildIndexes, runImageQueries, type BuildReport, type ImageQueryReport } from './lib/image.ts';
import { buildKeywordQueries, describeQuery, runKeywordQueries, type KeywordReport } from './lib/keyword.ts';
import { ensureCatalog, openBenchDb, type GenerationReport } from './lib/search-db.ts';
import { mib, ms, progressPrinter, rssBytes, type Latency } from './lib/stats.ts';
import type { Db } from '../src/platform/db/index.ts';
import { tokenIndexReady } from '../src/sources/sandbox/store/index.ts';

/** The goals are stated for the 100k catalog. */
const GOAL = { keywordP95Ms: 20, imageRecallAt10: 0.95, imageP95Ms: 50, atProducts: 100_000 };

interface Options {
  products: number;
  seed: number;
  keywordQueries: number;
  imageQueries: number;
  workers: number;
  brute: boolean;
  /** --images 0 stops after the keyword phase (the image phases take minutes at 1M). */
  images: boolean;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '1' },
      'keyword-queries': { type: 'string', default: '400' },
      'image-queries': { type: 'string', default: '300' },
      workers: { type: 'string', default: '2' },
      brute: { type: 'string', default: '1' },
      images: { type: 'string', default: '1' },
    },
  });
  const count = (name: string, text: string): number => {
    const value = Number(text.replace(/_/g, ''));
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`--${name} must be a positive integer, got '${text}'`);
    return value;
  };
  return {
    products: count('n', values.n),
    seed: count('seed', values.seed),
    keywordQueries: count('keyword-queries', values['keyword-queries']),
    imageQueries: count('image-queries', values['image-queries']),
    workers: count('workers', values.workers),
    brute: values.brute !== '0',
    images: values.images !== '0',
  };
}

const delta = (bytes: number): string => `${bytes >= 0 ? '+' : ''}${mib(bytes)}`;
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
const pair = (l: Latency): string => `${ms(l.p50Ms)} / ${ms(l.p95Ms)} ms`;
const recall = (at1: number, at10: number): string => `${at1.toFixed(3)} / ${at10.toFixed(3)}`;

function row(metric: string, value: string, goal = ''): void {
  console.log(`${metric.padEnd(34)} ${value.padEnd(40)} ${goal}`);
}

function printKeywordDetail(report: KeywordReport): void {
  console.log('\nkeyword search by kind and language   p50 / p95         queries  zero-hit  median total');
  for (const g of [...report.groups, report.overall]) {
    console.log(
      `  ${g.name.padEnd(36)}${pair(g.latency).padEnd(18)}${String(g.latency.count).padStart(7)}  ${String(g.zeroHits).padStart(8)}  ${String(g.medianTotal).padStart(12)}`,
    );
  }
  console.log('  slowest:');
  for (const t of report.slowest)
    console.log(`    ${ms(t.elapsedMs).padStart(7)} ms  total ${String(t.total).padStart(6)}  ${describeQuery(t.query)}`);
}

function printImageDetail(report: ImageQueryReport): void {
  console.log('\nimage recall@10 by transform          queries   HNSW   brute');
  for (const t of report.byTransform) {
    const brute = report.brute ? (t.bruteAt10 / t.queries).toFixed(3) : '-';
    console.log(`  ${t.name.padEnd(36)}${String(t.queries).padStart(7)}  ${(t.hnswAt10 / t.queries).toFixed(3)}  ${brute}`);
  }
}

interface ImagePhases {
  build: BuildReport;
  img: ImageQueryReport;
}

function printSummary(
  o: Options,
  where: string,
  gen: GenerationReport,
  tokenIndex: TokenIndexReport | null,
  kw: KeywordReport,
  images: ImagePhases | null,
): void {
  console.log(`\n=== search bench summary: n=${o.products}, seed ${o.seed}, ${where} ===`);
  row('metric', 'value', 'goal');
  row(
    'catalog generation',
    gen.generated === 0
      ? `reused (${gen.skipped} products already stored)`
      : `${(gen.elapsedMs / 1000).toFixed(1)} s, ${Math.round(gen.productsPerSecond)} products/s${gen.skipped ? ` (resumed after ${gen.skipped})` : ''}`,
  );
  if (tokenIndex) {
    row(
      'token index (worker thread)',
      `${(tokenIndex.ms / 1000).toFixed(1)} s, ${tokenIndex.bitmaps} bitmaps, ${mib(tokenIndex.bytes)}, RSS ${delta(tokenIndex.rssDelta)}`,
    );
  }
  row(
    'keyword search p50 / p95',
    `${pair(kw.overall.latency)} (${kw.overall.latency.count} queries)`,
    `p95 < ${GOAL.keywordP95Ms} ms  ${verdict(kw.overall.latency.p95Ms < GOAL.keywordP95Ms)}`,
  );
  if (images) printImageSummary(o, images);
}

function printImageSummary(o: Options, { build, img }: ImagePhases): void {
  const scale = o.products === GOAL.atProducts ? '' : ` (goal stated at ${GOAL.atProducts / 1000}k)`;
  row(
    `image descriptors (${o.workers} workers)`,
    `${(build.describeMs / 1000).toFixed(1)} s, ${Math.round(o.products / (build.describeMs / 1000))} products/s`,
  );
  row(
    'HNSW build (usearch, f16, M=16)',
    `${(build.hnswBuildMs / 1000).toFixed(1)} s, RSS ${delta(build.rss.afterHnsw - build.rss.afterDescribe)}`,
  );
  row(
    'brute-force build',
    o.brute
      ? `${(build.bruteBuildMs / 1000).toFixed(2)} s, RSS ${delta(build.rss.afterBrute - build.rss.afterHnsw)}`
      : 'skipped (--brute 0)',
  );
  row('process RSS', `${mib(build.rss.beforeDescribe)} → ${mib(build.rss.afterDescribe)} described → ${mib(build.rss.afterBrute)} indexed`);
  row(
    'image HNSW recall@1 / @10',
    `${recall(img.hnsw.recallAt1, img.hnsw.recallAt10)} (${img.queries} queries)`,
    `@10 >= ${GOAL.imageRecallAt10}  ${verdict(img.hnsw.recallAt10 >= GOAL.imageRecallAt10)}${scale}`,
  );
  row(
    'image HNSW search p50 / p95',
    pair(img.hnsw.latency),
    `p95 < ${GOAL.imageP95Ms} ms  ${verdict(img.hnsw.latency.p95Ms < GOAL.imageP95Ms)}${scale}`,
  );
  if (img.brute) {
    row('image brute recall@1 / @10', recall(img.brute.recallAt1, img.brute.recallAt10), '(exact baseline)');
    row('image brute search p50 / p95', pair(img.brute.latency));
  }
  row('query descriptor p50 / p95', `${pair(img.describe)} (decode + describe upload)`);
}

async function imagePhases(o: Options): Promise<ImagePhases> {
  console.log(`phase 3/4: image descriptors and indexes (${o.workers} workers)`);
  const built = await buildIndexes(o.seed, o.products, o.workers, o.brute);
  console.log(`phase 4/4: image queries (${o.imageQueries})`);
  const img = await runImageQueries(built, o.seed, o.products, o.imageQueries);
  printImageDetail(img);
  return { build: built.report, img };
}

interface TokenIndexReport {
  ms: number;
  bitmaps: number;
  bytes: number;
  rssDelta: number;
}

/** Waits for the in-memory token index the server builds on its own (SQLite only). */
async function buildTokenIndex(db: Db): Promise<TokenIndexReport | null> {
  if (!db.sqlite) return null;
  console.log('token index: building on a worker thread');
  const [started, rss] = [performance.now(), rssBytes()];
  const index = await tokenIndexReady(db.sqlite);
  if (!index) throw new Error('token index: the build failed');
  const arrays = [index.length, index.priceFen, index.sales, index.monthSold, ...index.bitmaps.values()];
  const bytes = arrays.reduce((sum, a) => sum + a.byteLength, 0);
  return { ms: performance.now() - started, bitmaps: index.bitmaps.size, bytes, rssDelta: rssBytes() - rss };
}

async function main(): Promise<void> {
  const o = readOptions();
  console.log(`start RSS ${mib(rssBytes())}`);
  const { db, where } = await openBenchDb(o.products);
  try {
    console.log(`search bench: n=${o.products} seed=${o.seed} on ${where}`);
    console.log('phase 1/4: catalog');
    const gen = await ensureCatalog(db, o.seed, o.products);
    console.log(`phase 1 done: RSS ${mib(rssBytes())}`);
    const tokenIndex = await buildTokenIndex(db);
    console.log(`phase 2/4: keyword search (${o.keywordQueries} queries)`);
    const queries = buildKeywordQueries(o.seed, o.products, o.keywordQueries);
    const kw = await runKeywordQueries(db, queries, progressPrinter('keyword queries'));
    printKeywordDetail(kw);
    const images = o.images ? await imagePhases(o) : null;
    printSummary(o, where, gen, tokenIndex, kw, images);
  } finally {
    await db.close();
  }
}

await main();
