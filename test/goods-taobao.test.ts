import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { generateProduct, type ProductRecord } from '../src/sources/sandbox/catalog/index.ts';
import { CATALOG_SEED, createHarness, type Harness } from './helpers/harness.ts';

const SIZE = 600;
const records: ProductRecord[] = Array.from({ length: SIZE }, (_, i) => generateProduct(CATALOG_SEED, i));
const taobao = records.filter((r) => r.platform === 'taobao');

let h: Harness;
let dev: CreatedDeveloper;
before(async () => {
  h = await createHarness({}, { catalogProducts: SIZE });
  dev = await h.developer();
});
after(() => h.close());

async function searchAll(body: Record<string, unknown>) {
  const first = await h.call(dev, 'POST', '/v2/taobao/product/search', { ...body, pageSize: 50 });
  assert.equal(first.code, 200, first.msg);
  const items = [...first.data.data];
  for (let page = 2; page <= first.data.totalPage; page++)
    items.push(...(await h.call(dev, 'POST', '/v2/taobao/product/search', { ...body, pageSize: 50, beginPage: page })).data.data);
  return { total: first.data.totalRecords as number, items };
}

describe('Taobao product detail', () => {
  test('by itemId, by itemMapId and (v1 path) by numeric id: T1 fields, SKUs with properties in two languages', async () => {
    const search = await h.call(dev, 'POST', '/v2/taobao/product/search', { keyword: '', pageSize: 1 });
    const { itemId, itemMapId } = search.data.data[0];
    const detail = await h.call(dev, 'GET', `/v2/taobao/product/get?itemId=${itemId}&language=vi`);
    assert.equal(detail.code, 200, detail.msg);
    const d = detail.data;
    const record = records.find((r) => r.numericId === d.mpId)!;
    assert.equal(d.title, record.title.zh);
    assert.equal(d.titleTrans, record.title.vi);
    assert.equal(d.price, record.priceFen);
    assert.equal(d.skuList.length, record.skus.length);
    assert.equal(
      d.quantity,
      record.skus.reduce((s, k) => s + k.stock, 0),
    );
    assert.match(d.categoryPath, /->/);
    const prop = d.skuList[0].properties[0];
    assert.equal(prop.propName, record.skus[0]!.properties[0]!.propName.zh);
    assert.equal(prop.valueNameTrans, record.skus[0]!.properties[0]!.valueName.vi);
    assert.match(d.picUrls[0], new RegExp(`/media/p/${itemId}/0\\.jpg$`));
    assert.equal((await h.call(dev, 'GET', `/v2/taobao/product/get?itemId=${itemMapId}`)).data.itemId, itemId);
    assert.equal((await h.call(dev, 'GET', `/open/product/get?itemId=${d.mpId}`)).data.itemId, itemId);
  });

  test('unknown ids, 1688 offers and a missing itemId answer 404 / 400', async () => {
    assert.equal((await h.call(dev, 'GET', '/v2/taobao/product/get?itemId=AAAAAAAAAAAAAAAAAAAAAA')).code, 404);
    const offer = records.find((r) => r.platform === '1688')!;
    assert.equal((await h.call(dev, 'GET', `/v2/taobao/product/get?itemId=${offer.numericId}`)).code, 404);
    const missing = await h.call(dev, 'GET', '/v2/taobao/product/get', undefined, { headers: { 'accept-language': 'en' } });
    assert.equal(missing.code, 400);
    assert.match(missing.msg, /itemId is required/);
  });

  test('images are served as JPEG; an unknown image answers 404 in the envelope', async () => {
    const item = (await h.call(dev, 'POST', '/v2/taobao/product/search', { pageSize: 1 })).data.data[0];
    const image = await h.app.inject({ method: 'GET', url: new URL(item.picUrl).pathname });
    assert.equal(image.statusCode, 200);
    assert.equal(image.headers['content-type'], 'image/jpeg');
    assert.deepEqual([...image.rawPayload.subarray(0, 2)], [0xff, 0xd8]);
    assert.equal((await h.app.inject({ method: 'GET', url: '/media/p/nope/0.jpg' })).json().code, 404);
  });
});

describe('Taobao batch check', () => {
  test('params is a JSON string; found items list their SKUs, unknown items and SKUs are reported', async () => {
    const record = taobao[0]!;
    const params = JSON.stringify([{ itemId: record.numericId, skuIds: [record.skus[0]!.skuId, '999'] }, { itemId: '123456789012' }]);
    const answer = await h.call(dev, 'POST', '/v2/taobao/product/batch/check', { params });
    assert.equal(answer.code, 200, answer.msg);
    assert.deepEqual(answer.data.mpProducts[0].skuIds, [record.skus[0]!.skuId]);
    assert.deepEqual(answer.data.noMpProductItemIds, ['123456789012']);
    assert.deepEqual(answer.data.noMpReasonList.map((r: { reason: string }) => r.reason).sort(), ['ITEM_NOT_FOUND', 'SKU_NOT_FOUND:999']);
  });
  test('params that is not JSON, or not a list, is a 400 naming params', async () => {
    for (const params of ['[{', '{"itemId":"1"}', '[]']) {
      const answer = await h.call(dev, 'POST', '/v2/taobao/product/batch/check', { params }, { headers: { 'accept-language': 'en' } });
      assert.equal(answer.code, 400, params);
      assert.match(answer.msg, /params/);
    }
  });
});

describe('Taobao keyword search', () => {
  const isDress = (r: ProductRecord) => r.title.zh.includes('连衣裙');
  for (const [keyword, language] of [
    ['连衣裙', 'zh'],
    ['dress', 'en'],
    ['ชุดเดรส', 'th'],
    ['vestido', 'es'],
  ] as const) {
    test(`"${keyword}" finds exactly the dresses, totalRecords true`, async () => {
      const { total, items } = await searchAll({ keyword, language });
      const expected = taobao.filter(isDress).length;
      assert.ok(expected > 0);
      assert.equal(total, expected);
      assert.equal(items.length, expected);
      assert.ok(items.every((i: { title: string }) => i.title.includes('连衣裙')));
    });
  }

  test('paging is exact and disjoint; price bounds and category are exact filters; price sort orders', async () => {
    const p1 = await h.call(dev, 'POST', '/v2/taobao/product/search', { pageSize: 10, beginPage: 1 });
    const p2 = await h.call(dev, 'POST', '/v2/taobao/product/search', { pageSize: 10, beginPage: 2 });
    assert.equal(p1.data.totalRecords, taobao.length);
    const ids = new Set(p1.data.data.map((i: { itemId: string }) => i.itemId));
    assert.ok(p2.data.data.every((i: { itemId: string }) => !ids.has(i.itemId)));
    const { total, items } = await searchAll({ priceStart: 5000, priceEnd: 20000, sort: '{"price":"asc"}' });
    assert.equal(total, taobao.filter((r) => r.priceFen >= 5000 && r.priceFen <= 20000).length);
    const prices = items.map((i: { price: number }) => i.price);
    assert.deepEqual(
      prices,
      [...prices].sort((a, b) => a - b),
    );
    const category = taobao[0]!.categoryId;
    assert.equal((await searchAll({ categoryId: String(category) })).total, taobao.filter((r) => r.categoryId === category).length);
    const bad = await h.call(dev, 'POST', '/v2/taobao/product/search', { pageSize: 500 }, { headers: { 'accept-language': 'en' } });
    assert.equal(bad.code, 400);
    assert.match(bad.msg, /pageSize must be ≤ 50/);
  });
});

describe('goods security', () => {
  test('a viewer sub-account may read goods', async () => {
    const viewer = await h.subAccount(dev, 'viewer');
    assert.equal((await h.call(viewer, 'POST', '/v2/taobao/product/search', { keyword: 'dress' })).code, 200);
  });
});
