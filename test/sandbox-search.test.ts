import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, migrateWith, type Db } from '../src/platform/db/index.ts';
import { allMigrations } from '../src/migrations.ts';
import { analyzeQuery, encodeFtsToken, toFtsMatchQuery } from '../src/platform/search/index.ts';
import { categoryById, generateProduct, type Lang, type Platform, type ProductRecord } from '../src/sources/sandbox/catalog/index.ts';
import { generateCatalog, searchProducts, type SearchOptions } from '../src/sources/sandbox/store/index.ts';
import { PRODUCT_COLUMNS, searchDocument, toInsert } from '../src/sources/sandbox/store/rows.ts';
import { freshDatabase, onPostgres, type TestDb } from './helpers/db.ts';

/**
 * Keyword search over a word in nearly every title ('de' is in ~90% of the Spanish titles), the
 * case the SQLite layout of fts.ts exists for: exact totals, gap-free pages across the re-rank
 * window, filters as tokens, the former bm25 order, and the migration from the old layout.
 */
const SEED = 20260615;
const SECRET = 'sandbox-search-test-secret';
const SIZE = 2_000;
const WINDOW = 500;
const generated: ProductRecord[] = Array.from({ length: SIZE }, (_, i) => generateProduct(SEED, i));

/** What a match means on both engines: every query token is one of the product's indexed tokens. */
function matches(record: ProductRecord, query: string): boolean {
  const doc = new Set(searchDocument(record).split(' '));
  return analyzeQuery(query).every((token) => doc.has(encodeFtsToken(token)));
}

function isUnder(categoryId: number, ancestor: number): boolean {
  for (let node = categoryById(categoryId); node; node = node.parentId === null ? undefined : categoryById(node.parentId)) {
    if (node.id === ancestor) return true;
  }
  return false;
}

const base = (platform: Platform, query: string, language: Lang): SearchOptions => ({ platform, query, language, page: 1, pageSize: 40 });

/** Every page of a search, concatenated, with the total each page reported. */
async function allPages(db: Db, options: SearchOptions): Promise<{ totals: Set<number>; indexes: number[] }> {
  const totals = new Set<number>();
  const indexes: number[] = [];
  for (let page = 1; ; page++) {
    const result = await searchProducts(db, { ...options, page });
    totals.add(result.total);
    if (result.rows.length === 0) return { totals, indexes };
    indexes.push(...result.rows.map((r) => r.index));
  }
}

describe('keyword search on a very common word', () => {
  let test: TestDb;
  let db: Db;
  before(async () => {
    test = await freshDatabase();
    db = test.db;
    await generateCatalog(db, { seed: SEED, products: SIZE, secret: SECRET });
  });
  after(async () => test.drop());

  it('counts exactly and pages without gaps or repeats, across the re-rank window, for every sort', async () => {
    const expected = generated.filter((p) => p.platform === 'taobao' && matches(p, 'de')).map((p) => p.index);
    assert.ok(expected.length > 2 * WINDOW, `fixture: ${expected.length} hits`);
    for (const sort of ['relevance', 'price_asc', 'sales_desc'] as const) {
      const { totals, indexes } = await allPages(db, { ...base('taobao', 'de', 'es'), sort });
      assert.deepEqual([...totals], [expected.length], sort);
      assert.deepEqual(
        [...indexes].sort((a, b) => a - b),
        expected,
        sort,
      );
      const whole = await searchProducts(db, { ...base('taobao', 'de', 'es'), sort, pageSize: expected.length });
      assert.deepEqual(
        whole.rows.map((r) => r.index),
        indexes,
        `${sort}: pages continue one another`,
      );
    }
  });

  it('filters by shop, flag, parent category, price and exclusions exactly', async () => {
    const shopOf = generated.find((p) => p.platform === 'taobao' && matches(p, 'de'))!;
    const strict = generated.filter((p) => p.platform === '1688' && p.strictlySelected && matches(p, 'de'));
    const parent = categoryById(shopOf.categoryId)!.parentId!;
    const cases: [SearchOptions, (p: ProductRecord) => boolean][] = [
      [{ ...base('taobao', 'de', 'es'), shopIndex: shopOf.shopIndex }, (p) => p.platform === 'taobao' && p.shopIndex === shopOf.shopIndex],
      [{ ...base('1688', 'de', 'es'), flag: 'strictlySelected' }, (p) => p.platform === '1688' && p.strictlySelected],
      [{ ...base('1688', 'de', 'es'), flag: 'globalSelection', sort: 'price_desc' }, (p) => p.platform === '1688' && p.globalSelection],
      [{ ...base('taobao', 'de', 'es'), categoryId: parent }, (p) => p.platform === 'taobao' && isUnder(p.categoryId, parent)],
      [
        { ...base('taobao', 'de', 'es'), priceStartFen: 5_000, priceEndFen: 20_000, sort: 'sales_desc' },
        (p) => p.platform === 'taobao' && p.priceFen >= 5_000 && p.priceFen <= 20_000,
      ],
      [
        { ...base('1688', 'de', 'es'), excludeIndexes: strict.slice(0, 3).map((p) => p.index) },
        (p) => p.platform === '1688' && !strict.slice(0, 3).includes(p),
      ],
    ];
    for (const [options, keep] of cases) {
      const expected = generated.filter((p) => keep(p) && matches(p, 'de')).map((p) => p.index);
      assert.ok(expected.length > 0, JSON.stringify(options));
      const { totals, indexes } = await allPages(db, options);
      assert.deepEqual([...totals], [expected.length], JSON.stringify(options));
      assert.deepEqual(
        [...indexes].sort((a, b) => a - b),
        expected,
        JSON.stringify(options),
      );
    }
  });

  it('ranks as bm25 did: titles in the language first, then shorter documents, then best sellers', async (t) => {
    if (onPostgres) return t.skip("bm25 is SQLite's; PostgreSQL ranks with ts_rank");
    const sqlite = db.sqlite!;
    // The old layout's ranking, computed by FTS5 itself over the same documents.
    sqlite.exec('CREATE VIRTUAL TABLE temp.bm25_check USING fts5(doc)');
    const insert = sqlite.prepare('INSERT INTO bm25_check (rowid, doc) VALUES (?, ?)');
    for (const record of generated) insert.run(record.index, searchDocument(record));
    const byBm25 =
      sqlite.prepare(`SELECT bm25_check.rowid AS i FROM bm25_check JOIN sandbox_products p ON p.product_index = bm25_check.rowid
      WHERE bm25_check MATCH ? AND p.platform = ? ORDER BY bm25(bm25_check), p.sales DESC, p.product_index`);
    for (const [query, language] of [
      ['de', 'es'],
      ['连衣裙', 'zh'],
      ['dress', 'en'],
    ] as const) {
      const bm25 = (byBm25.all(toFtsMatchQuery(analyzeQuery(query)), 'taobao') as { i: number }[]).map((r) => r.i);
      const window = bm25.slice(0, WINDOW);
      const inLanguage = (i: number) => generated[i]!.title[language].toLowerCase().includes(query);
      const expected = [...window.filter(inLanguage), ...window.filter((i) => !inLanguage(i)), ...bm25.slice(WINDOW)];
      const { rows, total } = await searchProducts(db, { ...base('taobao', query, language), pageSize: SIZE });
      assert.equal(total, bm25.length, query);
      assert.deepEqual(
        rows.map((r) => r.index),
        expected,
        query,
      );
    }
  });

  it('migrates a catalog indexed the old way to the same answers', async (t) => {
    if (onPostgres) return t.skip('the migration changes only the SQLite layout');
    const old = connect({ sqliteFile: ':memory:' });
    try {
      const migrations = allMigrations('sqlite');
      await migrateWith(old, Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '010')));
      // The layout before migration 010: rowid = product_index, the text document alone.
      const product = old.sqlite!.prepare(
        `INSERT INTO sandbox_products (${PRODUCT_COLUMNS.join(', ')}) VALUES (${PRODUCT_COLUMNS.map(() => '?').join(', ')})`,
      );
      const doc = old.sqlite!.prepare('INSERT INTO sandbox_products_fts (rowid, doc) VALUES (?, ?)');
      for (const record of generated) {
        const row = toInsert(record, SECRET);
        product.run(...PRODUCT_COLUMNS.map((column) => row[column]));
        doc.run(record.index, searchDocument(record));
      }
      // 010 runs first; later migrations (other tables) follow it.
      assert.equal((await migrateWith(old, migrations))[0], '010_sandbox_fts_layout');
      const queries: SearchOptions[] = [
        base('taobao', 'de', 'es'),
        { ...base('taobao', 'de', 'es'), page: 13 },
        { ...base('1688', '连衣裙', 'zh'), sort: 'price_asc' },
        { ...base('taobao', 'dress', 'en'), categoryId: categoryById(50010850)!.parentId!, priceEndFen: 30_000 },
      ];
      for (const options of queries) {
        const [migrated, fresh] = [await searchProducts(old, options), await searchProducts(db, options)];
        assert.equal(migrated.total, fresh.total, JSON.stringify(options));
        assert.deepEqual(
          migrated.rows.map((r) => r.index),
          fresh.rows.map((r) => r.index),
          JSON.stringify(options),
        );
      }
    } finally {
      await old.close();
    }
  });
});
