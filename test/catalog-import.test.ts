import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { Db } from '../src/platform/db/index.ts';
import { generateProduct, type Lang, type Platform } from '../src/sources/sandbox/catalog/index.ts';
import { generateCatalog, getProductByNumericId, searchProducts } from '../src/sources/sandbox/store/index.ts';
import { IMPORT_INDEX_BASE, importCatalog, importCatalogFile } from '../src/sources/sandbox/store/import.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';

const SEED = 20260701;
const SECRET = 'catalog-import-test-secret';
const FIXTURES = new URL('./fixtures/catalog-import/', import.meta.url).pathname;
const FILE = `${FIXTURES}catalog.jsonl`;
const GOOD_IDS = ['652000000001', '810000000002', '652000000003'];
/** Line number → what its reason must say; line 10 is blank and passed over. */
const BAD_LINES: [number, RegExp][] = [
  [4, /^invalid JSON/],
  [5, /^skus: /],
  [6, /^categoryId: unknown category 999999/],
  [7, /^images\.0: missing\.png: no such file/],
  [8, /^id 603384671355 belongs to generated product 0/],
  [9, /^images\.0: broken\.jpg: cannot decode image/],
  [11, /^skus\.0\.priceFen: /],
];

const k = (db: Db) => db.kysely as unknown as Kysely<any>;
const count = async (db: Db, table: string) =>
  Number(
    (
      await k(db)
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function findsByTitle(db: Db, platform: Platform, query: string, language: Lang, numericId: string): Promise<boolean> {
  const { rows } = await searchProducts(db, { platform, query, language, page: 1, pageSize: 50 });
  return rows.some((row) => row.numericId === numericId);
}

describe('ponte catalog import', () => {
  let test: TestDb;
  let db: Db;
  before(async () => {
    test = await freshDatabase();
    db = test.db;
    assert.equal(generateProduct(SEED, 0).numericId, '603384671355', 'line 8 of the fixture reuses generated product 0');
    await generateCatalog(db, { seed: SEED, products: 50, secret: SECRET });
  });
  after(async () => test.drop());

  it('imports the good lines and reports every bad one by line number', async () => {
    const report = await importCatalogFile(db, FILE, { secret: SECRET });
    assert.ok(report.ok);
    assert.equal(report.imported, 3);
    assert.equal(report.updated, 0);
    assert.deepEqual(
      report.skipped.map((s) => s.line),
      BAD_LINES.map(([line]) => line),
    );
    for (const [i, [line, reason]] of BAD_LINES.entries()) assert.match(report.skipped[i]!.reason, reason, `line ${line}`);
    assert.equal(await count(db, 'sandbox_products'), 53);
  });

  it('stores generator-shaped records above the generated index range', async () => {
    const dress = await getProductByNumericId(db, GOOD_IDS[0]!);
    assert.ok(dress);
    assert.ok(dress.index >= IMPORT_INDEX_BASE);
    assert.equal(dress.platform, 'taobao');
    assert.equal(dress.priceFen, 29900, 'price defaults to the lowest SKU price');
    assert.equal(dress.promotionPriceFen, 25900);
    assert.equal(dress.title.vi, dress.title.zh, 'missing translations fall back to zh');
    assert.equal(dress.skus[0]?.properties[1]?.valueName.en, 'M');
    const detail = dress as typeof dress & { imageUrls: string[] };
    assert.deepEqual(detail.imageUrls, [`${FIXTURES}dress.png`, `${FIXTURES}dress-blue.jpg`]);
    assert.equal((dress.skus[1] as { imageUrl?: string }).imageUrl, `${FIXTURES}dress-blue.jpg`);
    const cup = await getProductByNumericId(db, GOOD_IDS[1]!);
    assert.ok(cup);
    assert.deepEqual(
      cup.priceRanges.map((r) => r.startQuantity),
      [2, 50, 500],
    );
    assert.equal(cup.minOrderQuantity, 2);
    assert.equal(cup.skus[0]?.specId, '0123456789abcdef0123456789abcdef');
    assert.match(cup.skus[1]?.specId ?? '', /^[0-9a-f]{32}$/);
  });

  it('finds imported products by title in zh, en, th and vi', async () => {
    assert.ok(await findsByTitle(db, 'taobao', '琉璃纹真丝', 'zh', GOOD_IDS[0]!));
    assert.ok(await findsByTitle(db, 'taobao', 'glazeprint', 'en', GOOD_IDS[0]!));
    assert.ok(await findsByTitle(db, '1688', '保温杯', 'zh', GOOD_IDS[1]!));
    assert.ok(await findsByTitle(db, '1688', 'starhaze', 'en', GOOD_IDS[1]!));
    assert.ok(await findsByTitle(db, 'taobao', 'ผ้าขนหนูใยไผ่', 'th', GOOD_IDS[2]!));
    assert.ok(await findsByTitle(db, 'taobao', 'sợi tre', 'vi', GOOD_IDS[2]!));
  });

  it('re-imports idempotently: same rows, same indexes, counted as updated', async () => {
    const before = await k(db)
      .selectFrom('sandbox_products')
      .select(['numeric_id', 'product_index', 'item_id'])
      .where('product_index', '>=', IMPORT_INDEX_BASE)
      .orderBy('numeric_id')
      .execute();
    const shops = await count(db, 'sandbox_shops');
    const report = await importCatalogFile(db, FILE, { secret: SECRET });
    assert.ok(report.ok);
    assert.deepEqual([report.imported, report.updated, report.skipped.length], [0, 3, BAD_LINES.length]);
    const afterRows = await k(db)
      .selectFrom('sandbox_products')
      .select(['numeric_id', 'product_index', 'item_id'])
      .where('product_index', '>=', IMPORT_INDEX_BASE)
      .orderBy('numeric_id')
      .execute();
    assert.deepEqual(afterRows, before);
    assert.equal(await count(db, 'sandbox_products'), 53);
    assert.equal(await count(db, 'sandbox_shops'), shops, 'the two Taobao lines share one shop, re-import adds none');
    if (db.dialect === 'sqlite') assert.equal(await count(db, 'sandbox_products_fts'), 53);
    const { total } = await searchProducts(db, { platform: 'taobao', query: 'glazeprint', language: 'en', page: 1, pageSize: 10 });
    assert.equal(total, 1);
  });

  it('applies a changed price on re-import', async () => {
    const line = JSON.parse(readFileSync(FILE, 'utf8').split('\n')[0]!);
    line.price = 19900;
    line.skus[0].priceFen = 27900;
    line.title.en = 'Glazeprint silk dress, now cheaper';
    const report = await importCatalog(db, [JSON.stringify(line)], { secret: SECRET, baseDir: FIXTURES });
    assert.ok(report.ok);
    assert.deepEqual([report.imported, report.updated, report.skipped], [0, 1, []]);
    const dress = await getProductByNumericId(db, GOOD_IDS[0]!);
    assert.equal(dress?.priceFen, 19900);
    assert.equal(dress?.skus[0]?.priceFen, 27900);
    assert.ok(await findsByTitle(db, 'taobao', 'cheaper', 'en', GOOD_IDS[0]!), 'the search document follows the update');
    const { total } = await searchProducts(db, { platform: 'taobao', query: 'glazeprint', language: 'en', page: 1, pageSize: 10 });
    assert.equal(total, 1, 'the longer title moved the full-text row; the old one is gone');
    const { rows } = await searchProducts(db, { platform: 'taobao', priceStartFen: 19900, priceEndFen: 19900, page: 1, pageSize: 10 });
    assert.deepEqual(
      rows.map((r) => r.numericId),
      [GOOD_IDS[0]],
    );
  });

  it('reports a line holding U+0000 by number and goes on with the next lines', async () => {
    const template = JSON.parse(readFileSync(FILE, 'utf8').split('\n')[0]!);
    const lines = ['652000000031', '652000000032', '652000000033'].map((id) => ({ ...template, id }));
    lines[1]!.title = { ...template.title, zh: '真丝\u0000连衣裙' };
    const skipped: number[] = [];
    const report = await importCatalog(
      db,
      lines.map((line) => JSON.stringify(line)),
      { secret: SECRET, baseDir: FIXTURES, onSkip: ({ line }) => skipped.push(line) },
    );
    assert.ok(report.ok, report.ok ? '' : report.reason);
    assert.deepEqual([report.imported, report.updated, skipped], [2, 0, [2]]);
    assert.deepEqual(report.skipped, [{ line: 2, reason: 'title.zh: must not contain the NUL character (U+0000)' }]);
    assert.ok(await getProductByNumericId(db, '652000000033'), 'the line after the refused one was read and imported');
    assert.equal(await getProductByNumericId(db, '652000000032'), null);
  });

  it('accepts images by URL and rejects an unreachable one', async () => {
    const server: Server = createServer((request, response) => {
      if (request.url === '/cup.jpg') response.writeHead(200, { 'content-type': 'image/jpeg' }).end(readFileSync(`${FIXTURES}cup.jpg`));
      else response.writeHead(404).end();
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const line = JSON.parse(readFileSync(FILE, 'utf8').split('\n')[2]!);
      const good = JSON.stringify({ ...line, id: '652000000021', images: [`${base}/cup.jpg`] });
      const missing = JSON.stringify({ ...line, id: '652000000022', images: [`${base}/gone.jpg`] });
      const report = await importCatalog(db, [good, missing], { secret: SECRET, baseDir: FIXTURES });
      assert.ok(report.ok);
      assert.equal(report.imported, 1);
      assert.deepEqual(
        report.skipped.map((s) => s.line),
        [2],
      );
      assert.match(report.skipped[0]!.reason, /HTTP 404/);
      const stored = (await getProductByNumericId(db, '652000000021')) as unknown as { imageUrls: string[] };
      assert.deepEqual(stored.imageUrls, [`${base}/cup.jpg`]);
    } finally {
      server.close();
    }
  });

  it('rejects ids in the generator range that are not generated yet, and generation resumes past imports', async () => {
    const line = JSON.parse(readFileSync(FILE, 'utf8').split('\n')[2]!);
    const report = await importCatalog(db, [JSON.stringify({ ...line, id: '704000000000' })], { secret: SECRET, baseDir: FIXTURES });
    assert.ok(report.ok);
    assert.match(report.skipped[0]?.reason ?? '', /reserved for generated products/);
    const resumed = await generateCatalog(db, { seed: SEED, products: 80, secret: SECRET });
    assert.equal(resumed.generated, 30);
  });

  it('answers with a value when the file cannot be read or the secret is foreign', async () => {
    const missing = await importCatalogFile(db, `${FIXTURES}nope.jsonl`, { secret: SECRET });
    assert.equal(missing.ok, false);
    assert.match(!missing.ok ? missing.reason : '', /cannot read .*nope\.jsonl/);
    const directory = await importCatalogFile(db, FIXTURES, { secret: SECRET });
    assert.equal(directory.ok, false);
    const foreign = await importCatalogFile(db, FILE, { secret: 'another-secret' });
    assert.equal(foreign.ok, false);
  });
});
