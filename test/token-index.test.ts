import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, type Db } from '../src/platform/db/index.ts';
import { migrateToLatest } from '../src/migrations.ts';
import { analyzeQuery } from '../src/platform/search/index.ts';
import {
  configureTokenIndex,
  DEFAULT_TOKEN_INDEX_OPTIONS,
  generateCatalog,
  searchProducts,
  tokenIndexReady,
  type SearchOptions,
} from '../src/sources/sandbox/store/index.ts';
import { importCatalog, importCatalogFile } from '../src/sources/sandbox/store/import.ts';
import { sqliteTextSearch } from '../src/sources/sandbox/store/read-sqlite.ts';
import { currentTokenIndex } from '../src/sources/sandbox/store/token-index-cache.ts';
import { buildTokenIndex, columnBytes } from '../src/sources/sandbox/store/token-index.ts';
import { freshDatabase, onPostgres, type TestDb } from './helpers/db.ts';
import { tempDataDir } from './helpers/process.ts';

/**
 * The in-memory token index (SQLite only; PostgreSQL searches its own GIN index): what it covers,
 * when it is used, and that imported products, which it does not cover, are still found.
 * test/sandbox-search-reference.test.ts compares it with the FTS5 path on random searches.
 */
const SEED = 20260701;
const SECRET = 'catalog-import-test-secret';
const FIXTURES = new URL('./fixtures/catalog-import/', import.meta.url).pathname;

const searches: SearchOptions[] = [
  { platform: 'taobao', query: 'glazeprint', language: 'en', page: 1, pageSize: 10 },
  { platform: 'taobao', query: 'de', language: 'es', page: 1, pageSize: 20 },
  { platform: 'taobao', query: 'de', language: 'es', page: 2, pageSize: 20, sort: 'price_desc', priceStartFen: 10_000 },
  { platform: 'taobao', query: '真丝', language: 'zh', page: 1, pageSize: 20, sort: 'price_asc', priceEndFen: 40_000 },
  { platform: '1688', query: '保温杯', language: 'zh', page: 1, pageSize: 5, sort: 'sales_desc' },
  { platform: 'taobao', query: 'ผ้าขนหนูใยไผ่', language: 'th', page: 1, pageSize: 10, excludeIndexes: [3, 5] },
  { platform: 'taobao', query: 'de', language: 'es', page: 1, pageSize: 20, minIndex: 900 },
];

function bothPaths(db: Db, o: SearchOptions, minShare: number, maxBytes = DEFAULT_TOKEN_INDEX_OPTIONS.maxBytes) {
  const sqlite = db.sqlite!;
  const index = buildTokenIndex(sqlite, currentTokenIndex(sqlite)?.size ?? 0, { minShare, sample: 500, maxBytes });
  const tokens = analyzeQuery(o.query!);
  return { memory: sqliteTextSearch(sqlite, o, tokens, index), fts: sqliteTextSearch(sqlite, o, tokens, null) };
}

function popcount(word: number): number {
  let n = 0;
  for (let w = word >>> 0; w !== 0; w &= w - 1) n++;
  return n;
}

describe('token index', { skip: onPostgres && 'SQLite only' }, () => {
  let test: TestDb;
  let db: Db;
  before(async () => {
    test = await freshDatabase();
    db = test.db;
    await generateCatalog(db, { seed: SEED, products: 1_000, secret: SECRET });
  });
  after(async () => test.drop());

  it('covers the generated products and is used once built', async () => {
    const index = await tokenIndexReady(db.sqlite!);
    assert.equal(index?.size, 1_000);
    assert.ok(index.bitmaps.has('"zptaobao"'), 'the platform token is in half the catalog');
    assert.equal(currentTokenIndex(db.sqlite!), index);
  });

  it('finds imported products, with their prices as they are now, as the FTS5 path does', async () => {
    const report = await importCatalogFile(db, `${FIXTURES}catalog.jsonl`, { secret: SECRET });
    assert.ok(report.ok && report.imported === 3);
    assert.equal(currentTokenIndex(db.sqlite!)?.size, 1_000, 'imports leave the index as it is');
    const found = await searchProducts(db, searches[0]!);
    assert.deepEqual([found.total, found.rows[0]?.numericId], [1, '652000000001']);
    for (const minShare of [0.0001, 0.3])
      for (const o of searches) {
        const { memory, fts } = bothPaths(db, o, minShare);
        assert.deepEqual(memory, fts, `${minShare} ${JSON.stringify(o)}`);
      }
    const line = JSON.parse((await import('node:fs')).readFileSync(`${FIXTURES}catalog.jsonl`, 'utf8').split('\n')[0]!);
    line.price = 19_900;
    assert.ok((await importCatalog(db, [JSON.stringify(line)], { secret: SECRET, baseDir: FIXTURES })).ok);
    const cheap = { ...searches[0]!, priceEndFen: 20_000 };
    assert.equal((await searchProducts(db, cheap)).total, 1);
    assert.deepEqual(bothPaths(db, cheap, 0.0001).memory, bothPaths(db, cheap, 0.0001).fts);
  });

  it('keeps within its memory budget the most common tokens, and answers as the FTS5 path does', () => {
    const size = currentTokenIndex(db.sqlite!)!.size;
    const twoBitmaps = columnBytes(size) + 2 * Math.ceil(size / 32) * 4;
    const index = buildTokenIndex(db.sqlite!, size, { minShare: 0.0001, sample: 500, maxBytes: twoBitmaps });
    assert.equal(index.bitmaps.size, 2);
    // The most common by the sample: each kept token is among the five most common of all.
    const ones = (bits: Uint32Array) => bits.reduce((n, word) => n + popcount(word), 0);
    const all = buildTokenIndex(db.sqlite!, size, { minShare: 0.0001, sample: 500, maxBytes: Infinity });
    const fifth = [...all.bitmaps.values()].map(ones).sort((a, b) => b - a)[4]!;
    for (const [token, bits] of index.bitmaps) assert.ok(ones(bits) >= fifth, `${token}: ${ones(bits)} < ${fifth}`);
    for (const maxBytes of [twoBitmaps, columnBytes(size)])
      for (const o of searches) {
        const { memory, fts } = bothPaths(db, o, 0.0001, maxBytes);
        assert.deepEqual(memory, fts, `${maxBytes} ${JSON.stringify(o)}`);
      }
  });

  it('is set aside while generation moves the committed count, then rebuilt', async () => {
    await generateCatalog(db, { seed: SEED, products: 1_500, secret: SECRET });
    const o = searches[1]!;
    const fts = sqliteTextSearch(db.sqlite!, o, analyzeQuery(o.query!), null);
    assert.deepEqual(await searchProducts(db, o).then((r) => r.total), fts.total, 'answered while the index is stale');
    const index = await tokenIndexReady(db.sqlite!);
    assert.equal(index?.size, 1_500);
    assert.deepEqual(sqliteTextSearch(db.sqlite!, o, analyzeQuery(o.query!)), fts);
  });
});

describe('token index switched off (PONTE_SEARCH_MEMORY_MIB=0)', { skip: onPostgres && 'SQLite only' }, () => {
  let test: TestDb;
  before(async () => {
    test = await freshDatabase();
    await generateCatalog(test.db, { seed: SEED, products: 600, secret: SECRET });
  });
  after(async () => test.drop());

  it('is never built; searches take the FTS5 path', async () => {
    const sqlite = test.db.sqlite!;
    configureTokenIndex(sqlite, { maxBytes: 0 });
    const o = searches[1]!;
    const found = await searchProducts(test.db, o);
    assert.equal(await tokenIndexReady(sqlite), null);
    assert.equal(found.total, sqliteTextSearch(sqlite, o, analyzeQuery(o.query!), null).total);
    configureTokenIndex(sqlite, { maxBytes: DEFAULT_TOKEN_INDEX_OPTIONS.maxBytes });
    assert.equal((await tokenIndexReady(sqlite))?.size, 600, 'a budget again, and it is built');
  });
});

describe('token index of a database file', { skip: onPostgres && 'SQLite only' }, () => {
  let db: Db;
  before(async () => {
    const dataDir = tempDataDir();
    db = connect({ sqliteFile: join(dataDir, 'ponte.sqlite'), dataDir });
    await migrateToLatest(db);
    await generateCatalog(db, { seed: SEED, products: 800, secret: SECRET });
  });
  after(async () => db.close());

  it('is built on a worker thread and answers as the FTS5 path does', async () => {
    assert.equal(currentTokenIndex(db.sqlite!), null, 'the first search starts the build and does not wait for it');
    const index = await tokenIndexReady(db.sqlite!);
    assert.equal(index?.size, 800);
    for (const o of searches.slice(1)) {
      const tokens = analyzeQuery(o.query!);
      assert.deepEqual(sqliteTextSearch(db.sqlite!, o, tokens, index), sqliteTextSearch(db.sqlite!, o, tokens, null));
    }
  });
});
