import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { categoryById, generateProduct, type Lang, type Platform, type ProductRecord } from '../src/sources/sandbox/catalog/index.ts';
import { generateCatalog, getProductByItemId, getProductByNumericId, searchProducts } from '../src/sources/sandbox/store/index.ts';
import type { Db } from '../src/platform/db/index.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';

const SEED = 20260601;
const SECRET = 'store-test-secret';
const SIZE = 2_000;
const PLATFORMS: Platform[] = ['taobao', '1688'];
const generated: ProductRecord[] = Array.from({ length: SIZE }, (_, i) => generateProduct(SEED, i));

async function storeDatabase(): Promise<TestDb> {
  const test = await freshDatabase();
  return test;
}

async function itemIdChecksum(db: Db): Promise<string> {
  const rows = await (db.kysely as unknown as Kysely<any>)
    .selectFrom('sandbox_products')
    .select(['product_index', 'item_id', 'map_id', 'detail_json'])
    .orderBy('product_index')
    .execute();
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

/** Word match for spaced scripts, substring for Chinese and Thai, as a reader would judge it. */
function titleHas(title: string, keyword: string, lang: Lang): boolean {
  const text = title.normalize('NFKC').toLowerCase();
  if (lang === 'zh' || lang === 'th') return text.includes(keyword);
  return new RegExp(`(^|[^\\p{L}\\p{M}\\p{N}])${keyword}($|[^\\p{L}\\p{M}\\p{N}])`, 'u').test(text);
}

describe('sandbox catalog store', () => {
  let test: TestDb;
  let db: Db;
  before(async () => {
    test = await storeDatabase();
    db = test.db;
    const result = await generateCatalog(db, { seed: SEED, products: SIZE, secret: SECRET, batchSize: 500 });
    console.log(
      `${db.dialect}: generated ${result.generated} products in ${result.ms} ms (${Math.round(result.generated / (result.ms / 1000))}/s)`,
    );
    assert.deepEqual([result.generated, result.skipped], [SIZE, 0]);
  });
  after(async () => test.drop());

  it('stores every product once, with unique url-safe ids', async () => {
    const k = db.kysely as unknown as Kysely<any>;
    const stats = await k
      .selectFrom('sandbox_products')
      .select((eb) => [
        eb.fn.countAll().as('n'),
        eb.fn.count('item_id').distinct().as('items'),
        eb.fn.count('map_id').distinct().as('maps'),
        eb.fn.count('numeric_id').distinct().as('numerics'),
      ])
      .executeTakeFirstOrThrow();
    assert.deepEqual([stats.n, stats.items, stats.maps, stats.numerics].map(Number), [SIZE, SIZE, SIZE, SIZE]);
    const ids = await k.selectFrom('sandbox_products').select(['item_id', 'map_id']).execute();
    for (const { item_id, map_id } of ids) {
      assert.match(item_id, /^[A-Za-z0-9_-]{22}$/);
      assert.match(map_id, /^[A-Za-z0-9_-]{22}$/);
      assert.notEqual(item_id, map_id);
    }
    const shops = await k
      .selectFrom('sandbox_shops')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(shops.n), 6000);
  });

  it('reads back the generator record by either id', async () => {
    for (const index of [0, 777, SIZE - 1]) {
      const record = generated[index] as ProductRecord;
      const byNumeric = await getProductByNumericId(db, record.numericId);
      assert.ok(byNumeric);
      const { itemId, mapId, ...rest } = byNumeric;
      assert.deepEqual(rest, record);
      assert.deepEqual(await getProductByItemId(db, itemId), byNumeric);
      assert.notEqual(mapId, itemId);
    }
    assert.equal(await getProductByItemId(db, 'AAAAAAAAAAAAAAAAAAAAAA'), null);
  });

  it('treats a re-run as a no-op and refuses another seed or secret', async () => {
    const before = await itemIdChecksum(db);
    const again = await generateCatalog(db, { seed: SEED, products: SIZE, secret: SECRET });
    assert.deepEqual([again.generated, again.skipped], [0, SIZE]);
    assert.equal(await itemIdChecksum(db), before);
    await assert.rejects(generateCatalog(db, { seed: SEED + 1, products: SIZE, secret: SECRET }), /seed/);
    await assert.rejects(generateCatalog(db, { seed: SEED, products: SIZE, secret: 'other' }), /secret/);
  });

  it('resumes an interrupted run to the same rows as a straight run', async () => {
    const other = await storeDatabase();
    try {
      const progress: number[] = [];
      const first = await generateCatalog(other.db, { seed: SEED, products: 500, secret: SECRET, batchSize: 200 });
      assert.equal(first.generated, 500);
      const rest = await generateCatalog(other.db, {
        seed: SEED,
        products: SIZE,
        secret: SECRET,
        batchSize: 300,
        onProgress: (done) => progress.push(done),
      });
      assert.deepEqual([rest.generated, rest.skipped], [SIZE - 500, 500]);
      assert.deepEqual(progress, [800, 1100, 1400, 1700, 2000]);
      assert.equal(await itemIdChecksum(other.db), await itemIdChecksum(db));
    } finally {
      await other.drop();
    }
  });

  const keywords: [string, Lang][] = [
    ['连衣裙', 'zh'],
    ['dress', 'en'],
    ['váy', 'vi'],
    ['ชุดเดรส', 'th'],
    ['vestido', 'es'],
  ];
  for (const [keyword, lang] of keywords) {
    it(`finds exactly the products titled with ${keyword}`, async () => {
      for (const platform of PLATFORMS) {
        const started = performance.now();
        const result = await searchProducts(db, { platform, query: keyword, language: lang, page: 1, pageSize: SIZE });
        const ms = performance.now() - started;
        const expected = generated.filter((p) => p.platform === platform && titleHas(p.title[lang], keyword, lang));
        assert.ok(expected.length > 0, `fixture has ${keyword} on ${platform}`);
        assert.equal(result.total, expected.length);
        assert.deepEqual(
          result.rows.map((r) => r.index).sort((a, b) => a - b),
          expected.map((p) => p.index),
        );
        for (const row of result.rows) {
          assert.ok(categoryById(row.categoryId)?.names[lang].toLowerCase().includes(keyword), `${keyword} → ${row.categoryId}`);
        }
        console.log(`${db.dialect}: '${keyword}' on ${platform}: ${result.total} hits in ${ms.toFixed(1)} ms`);
      }
    });
  }

  it('ranks titles in the requested language first, then by sales', async () => {
    const { rows } = await searchProducts(db, { platform: 'taobao', query: '连衣裙', language: 'zh', page: 1, pageSize: SIZE });
    const firstMiss = rows.findIndex((r) => !r.title.zh.includes('连衣裙'));
    if (firstMiss >= 0) assert.ok(rows.slice(firstMiss).every((r) => !r.title.zh.includes('连衣裙')));
  });

  it('filters by category (leaf or parent) and price exactly', async () => {
    const leaf = 50010850;
    const parent = categoryById(leaf)?.parentId as number;
    const isUnder = (id: number, ancestor: number): boolean => {
      for (let node = categoryById(id); node; node = node.parentId === null ? undefined : categoryById(node.parentId)) {
        if (node.id === ancestor) return true;
      }
      return false;
    };
    for (const platform of PLATFORMS) {
      const byLeaf = await searchProducts(db, { platform, categoryId: leaf, page: 1, pageSize: 10 });
      assert.equal(byLeaf.total, generated.filter((p) => p.platform === platform && p.categoryId === leaf).length);
      const byParent = await searchProducts(db, { platform, categoryId: parent, page: 1, pageSize: 10 });
      assert.equal(byParent.total, generated.filter((p) => p.platform === platform && isUnder(p.categoryId, parent)).length);
      const priced = await searchProducts(db, {
        platform,
        priceStartFen: 5_000,
        priceEndFen: 20_000,
        sort: 'price_asc',
        page: 1,
        pageSize: SIZE,
      });
      const inRange = generated.filter((p) => p.platform === platform && p.priceFen >= 5_000 && p.priceFen <= 20_000);
      assert.equal(priced.total, inRange.length);
      const prices = priced.rows.map((r) => r.priceFen);
      assert.deepEqual(
        prices,
        [...prices].sort((a, b) => a - b),
      );
      const both = await searchProducts(db, { platform, query: 'dress', language: 'en', priceEndFen: 10_000, page: 1, pageSize: 10 });
      assert.equal(
        both.total,
        generated.filter((p) => p.platform === platform && p.priceFen <= 10_000 && titleHas(p.title.en, 'dress', 'en')).length,
      );
    }
  });

  it('pages consistently for every sort', async () => {
    for (const sort of ['relevance', 'price_asc', 'price_desc', 'sales_desc'] as const) {
      for (const query of [undefined, 'dress']) {
        const base = { platform: 'taobao' as const, sort, language: 'en' as const, ...(query ? { query } : {}) };
        const page1 = await searchProducts(db, { ...base, page: 1, pageSize: 20 });
        const page2 = await searchProducts(db, { ...base, page: 2, pageSize: 20 });
        const both = await searchProducts(db, { ...base, page: 1, pageSize: 40 });
        assert.equal(page1.total, page2.total);
        assert.equal(page1.total, both.total);
        const ids1 = page1.rows.map((r) => r.itemId);
        const ids2 = page2.rows.map((r) => r.itemId);
        assert.ok(ids1.every((id) => !ids2.includes(id)));
        assert.deepEqual(
          [...ids1, ...ids2],
          both.rows.map((r) => r.itemId),
        );
      }
    }
  });
});
