import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Db } from '../src/platform/db/index.ts';
import { analyzeQuery, encodeFtsToken } from '../src/platform/search/index.ts';
import { CATEGORIES, categoryById, generateProduct, type Lang, type ProductRecord } from '../src/sources/sandbox/catalog/index.ts';
import { generateCatalog, sandboxPriceSearchMigration, searchProducts, type SearchOptions } from '../src/sources/sandbox/store/index.ts';
import { fineBucket, priceCover, priceTokens } from '../src/sources/sandbox/store/price-tokens.ts';
import { sqliteTextSearch } from '../src/sources/sandbox/store/read-sqlite.ts';
import { searchDocument } from '../src/sources/sandbox/store/rows.ts';
import { buildTokenIndex, DEFAULT_TOKEN_INDEX_OPTIONS, type TokenIndex } from '../src/sources/sandbox/store/token-index.ts';
import { freshDatabase, onPostgres, type TestDb } from './helpers/db.ts';

/**
 * Random keyword searches against a plain reference computed from the generated records: the
 * same total, and for the price and sales sorts the same rows in the same order, whichever plan
 * the store chose (price buckets, a walk in sort order, sorting every hit). The catalog is big
 * enough that 'de' has more hits per platform than MANY_HITS, so buckets and walks are used.
 */
const SEED = 20260703;
const SECRET = 'sandbox-search-reference-secret';
const SIZE = 8_000;
const records: ProductRecord[] = Array.from({ length: SIZE }, (_, i) => generateProduct(SEED, i));
const docs = records.map((r) => new Set(searchDocument(r).split(' ')));

const matches = (i: number, query: string): boolean => analyzeQuery(query).every((t) => docs[i]!.has(encodeFtsToken(t)));

function isUnder(categoryId: number, ancestor: number): boolean {
  for (let node = categoryById(categoryId); node; node = node.parentId === null ? undefined : categoryById(node.parentId)) {
    if (node.id === ancestor) return true;
  }
  return false;
}

type Sorted = 'price_asc' | 'price_desc' | 'sales_desc';
const ORDER: Record<Sorted, (a: ProductRecord, b: ProductRecord) => number> = {
  price_asc: (a, b) => a.priceFen - b.priceFen || a.index - b.index,
  price_desc: (a, b) => b.priceFen - a.priceFen || a.index - b.index,
  sales_desc: (a, b) => b.monthSold - a.monthSold || b.sales - a.sales || a.index - b.index,
};

function reference(o: SearchOptions): ProductRecord[] {
  return records.filter(
    (r) =>
      r.platform === o.platform &&
      (o.priceStartFen === undefined || r.priceFen >= o.priceStartFen) &&
      (o.priceEndFen === undefined || r.priceFen <= o.priceEndFen) &&
      (o.categoryId === undefined || isUnder(r.categoryId, o.categoryId)) &&
      matches(r.index, o.query ?? ''),
  );
}

const prices = records.map((r) => r.priceFen);
/** A bound near real prices: a product's price, a bucket edge next to it, or a little off. */
const bound = fc
  .tuple(fc.constantFrom(...prices), fc.constantFrom(-1, 0, 1, 0.5, 2, 0.97, 1.03))
  .map(([price, f]) => (f === 0 ? price : Math.round(f === -1 || f === 1 ? price + f : price * f)));

const leafNames = CATEGORIES.filter((c) => c.leaf).slice(0, 20);
const search = fc.record({
  platform: fc.constantFrom('taobao', '1688') as fc.Arbitrary<SearchOptions['platform']>,
  language: fc.constantFrom<Lang>('zh', 'en', 'th', 'vi', 'es'),
  query: fc.oneof(fc.constantFrom('de', 'new', 'de la', '的'), fc.constantFrom(...leafNames.map((c) => c.names.es))),
  sort: fc.constantFrom('relevance', 'price_asc', 'price_desc', 'sales_desc') as fc.Arbitrary<SearchOptions['sort']>,
  page: fc.integer({ min: 1, max: 5 }),
  pageSize: fc.integer({ min: 1, max: 40 }),
  priceStartFen: fc.option(bound, { nil: undefined }),
  priceEndFen: fc.option(bound, { nil: undefined }),
  categoryId: fc.option(fc.constantFrom(...records.slice(0, 50).map((r) => categoryById(r.categoryId)!.parentId ?? r.categoryId)), {
    nil: undefined,
    freq: 4,
  }),
});

describe('keyword search against a plain reference', () => {
  let test: TestDb;
  let db: Db;
  before(async () => {
    test = await freshDatabase();
    db = test.db;
    await generateCatalog(db, { seed: SEED, products: SIZE, secret: SECRET, batchSize: 2_000 });
    // Every token a bitmap, and almost none: FTS5 then reads all of the match, or the common words.
    if (db.sqlite)
      tokenIndexes = [0.0001, 0.05, 0.6].map((minShare) =>
        buildTokenIndex(db.sqlite!, SIZE, { ...DEFAULT_TOKEN_INDEX_OPTIONS, minShare, sample: 1_000 }),
      );
  });
  after(async () => test.drop());

  it('fixture: a common word has enough hits for the sorted walk', () => {
    assert.ok(reference({ platform: 'taobao', query: 'de', page: 1, pageSize: 1 }).length > 3_000, 'MANY_HITS in read-sqlite.ts');
  });

  /** Equal prices are common (shelf prices end in 90 fen): pages where a tie group sits. */
  it('orders ties by product index on walked pages of price and sales sorts', async () => {
    const hits = reference({ platform: 'taobao', query: 'de', page: 1, pageSize: 1 });
    for (const sort of ['price_asc', 'price_desc', 'sales_desc'] as const) {
      const sorted = [...hits].sort(ORDER[sort]);
      const sameKey = (a: ProductRecord, b: ProductRecord) =>
        sort === 'sales_desc' ? a.sales === b.sales && a.monthSold === b.monthSold : a.priceFen === b.priceFen;
      const at = sorted.findIndex((r, i) => i > 0 && sameKey(r, sorted[i - 1]!));
      assert.ok(at > 0, `${sort}: the fixture has ties`);
      await check(db, { platform: 'taobao', query: 'de', language: 'es', sort, page: Math.floor(at / 20) + 1, pageSize: 20 });
    }
  });

  it('returns the same totals, and for price and sales sorts the same pages, for random searches', async () => {
    await fc.assert(
      fc.asyncProperty(search, (o) => check(db, o)),
      { numRuns: onPostgres ? 120 : 250, seed: 29 },
    );
  });

  it('migration 029 gives documents written before it their price tokens, and changes nothing twice', async (t) => {
    if (onPostgres) return t.skip('the migration changes only the SQLite layout');
    const sqlite = db.sqlite!;
    const docs = () => sqlite.prepare('SELECT rowid, doc FROM sandbox_products_fts ORDER BY rowid').all();
    const current = docs();
    const strip = sqlite.prepare("SELECT rowid AS k, doc FROM sandbox_products_fts WHERE doc LIKE '% zb%'").all() as {
      k: number;
      doc: string;
    }[];
    const write = sqlite.prepare('UPDATE sandbox_products_fts SET doc = ? WHERE rowid = CAST(? AS INTEGER)');
    for (const { k, doc } of strip)
      write.run(
        doc
          .split(' ')
          .filter((token) => !token.startsWith('zb'))
          .join(' '),
        k,
      );
    const o: SearchOptions = {
      platform: 'taobao',
      query: 'de',
      sort: 'price_asc',
      page: 3,
      pageSize: 20,
      priceStartFen: 2_000,
      priceEndFen: 9_000,
    };
    const ftsTotal = sqliteTextSearch(sqlite, o, analyzeQuery(o.query!), null).total;
    assert.notEqual(ftsTotal, reference(o).length, 'without price tokens the buckets count nothing');
    const migration = sandboxPriceSearchMigration('sqlite');
    await migration.up(db.kysely as never);
    assert.deepEqual(docs(), current);
    await migration.up(db.kysely as never);
    assert.deepEqual(docs(), current);
    await check(db, o);
  });
});

let tokenIndexes: TokenIndex[] = [];

/** On SQLite the FTS5 path and the token index (read-memory.ts) give the same page, whatever it holds. */
function samePageOnEveryPath(db: Db, o: SearchOptions): void {
  const tokens = analyzeQuery(o.query ?? '');
  if (!db.sqlite || tokens.length === 0) return;
  const fts = sqliteTextSearch(db.sqlite, o, tokens, null);
  for (const index of tokenIndexes) assert.deepEqual(sqliteTextSearch(db.sqlite, o, tokens, index), fts, `${index.bitmaps.size} bitmaps`);
}

async function check(db: Db, o: SearchOptions): Promise<void> {
  samePageOnEveryPath(db, o);
  const found = await searchProducts(db, o);
  const expected = reference(o);
  assert.equal(found.total, expected.length, 'total');
  const offset = (o.page - 1) * o.pageSize;
  if (o.sort === 'relevance' || o.sort === undefined) {
    const hits = new Set(expected.map((r) => r.index));
    assert.ok(
      found.rows.every((r) => hits.has(r.index)),
      'only hits',
    );
    assert.equal(found.rows.length, Math.max(0, Math.min(o.pageSize, expected.length - offset)), 'page length');
    return;
  }
  const page = expected
    .sort(ORDER[o.sort])
    .slice(offset, offset + o.pageSize)
    .map((r) => r.index);
  assert.deepEqual(
    found.rows.map((r) => r.index),
    page,
  );
}

describe('price buckets', () => {
  it('cover exactly the prices of a range: inner buckets wholly inside, edge buckets cut', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 2_000_000 }),
        fc.integer({ min: -5, max: 2_000_000 }),
        fc.integer({ min: -5, max: 2_000_000 }),
        (a, b, price) => {
          const [start, end] = a <= b ? [a, b] : [b, a];
          const cover = priceCover(start, end)!;
          const tokens = new Set(priceTokens(price));
          const inner = cover.inner.some((t) => tokens.has(t));
          const edge = cover.edges.some((t) => tokens.has(t));
          const inside = price >= start && price <= end;
          assert.ok(!(inner && edge), 'a price is in one part at most');
          if (inner) assert.ok(inside, `inner bucket ${fineBucket(price)} holds ${price} outside ${start}..${end}`);
          if (inside) assert.ok(inner || edge, `${price} in ${start}..${end} is not covered`);
        },
      ),
      { numRuns: 3_000 },
    );
    assert.equal(priceCover(10, 9), null);
  });
});
