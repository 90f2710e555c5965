import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { generateProduct, generateShop, type ProductRecord } from '../src/sources/sandbox/catalog/index.ts';
import { CATALOG_SEED, createHarness, type Harness } from './helpers/harness.ts';

const SIZE = 600;
const offers: ProductRecord[] = Array.from({ length: SIZE }, (_, i) => generateProduct(CATALOG_SEED, i)).filter(
  (r) => r.platform === '1688',
);

let h: Harness;
let dev: CreatedDeveloper;
before(async () => {
  h = await createHarness({}, { catalogProducts: SIZE });
  dev = await h.developer();
});
after(() => h.close());

const post = (path: string, body: unknown) => h.call(dev, 'POST', path, body, { headers: { 'accept-language': 'en' } });

describe('1688 product detail and keyword query', () => {
  test('list items carry the 1688 fields; prices are yuan strings; the detail has SKUs with specId and tiers', async () => {
    const list = await post('/v2/alibaba/product/keywords/query', { keyword: 'dress', country: 'en', pageSize: 5 });
    assert.equal(list.code, 200, list.msg);
    const item = list.data.data[0];
    for (const field of ['offerId', 'offerMapId', 'subject', 'subjectTrans', 'imageUrl', 'price', 'monthSold', 'sellerOpenId'])
      assert.ok(field in item, field);
    assert.match(item.price, /^\d+\.\d{2}$/);
    assert.match(item.subjectTrans, /dress/i);
    const detail = await post('/v2/alibaba/product/detail/get', { offerId: item.offerId, country: 'es' });
    assert.equal(detail.code, 200, detail.msg);
    const record = offers.find((r) => r.numericId === detail.data.numericOfferId)!;
    assert.equal(detail.data.subjectTrans, record.title.es);
    assert.equal(detail.data.productSkuInfos.length, record.skus.length);
    assert.match(detail.data.productSkuInfos[0].specId, /^[0-9a-f]{32}$/);
    assert.equal(detail.data.productSkuInfos[0].amountOnSale, record.skus[0]!.stock);
    assert.equal(detail.data.minOrderQuantity, record.minOrderQuantity);
    assert.deepEqual(
      detail.data.productSaleInfo.priceRangeList.map((r: { startQuantity: number }) => r.startQuantity),
      record.priceRanges.map((r) => r.startQuantity),
    );
    assert.equal(
      (await post('/alibaba/product/detail/get', { offerId: Number(record.numericId) })).data.offerId,
      item.offerId,
      'v1 numeric id',
    );
    assert.equal((await post('/v2/alibaba/product/detail/get', { offerId: item.offerMapId })).data.offerId, item.offerId, 'offerMapId');
  });

  test('detail errors: missing offerId → 400, unknown or Taobao id → 404', async () => {
    assert.equal((await post('/v2/alibaba/product/detail/get', {})).code, 400);
    assert.equal((await post('/v2/alibaba/product/detail/get', { offerId: 'zzzzzzzzzzzzzzzzzzzzzz' })).code, 404);
  });

  test('keyword query: yuan price bounds are exact, a bad bound is a 400 naming it', async () => {
    const all = await post('/v2/alibaba/product/keywords/query', { priceStart: '10', priceEnd: '50.5', pageSize: 50 });
    assert.equal(all.data.totalRecords, offers.filter((r) => r.priceFen >= 1000 && r.priceFen <= 5050).length);
    const bad = await post('/v2/alibaba/product/keywords/query', { priceStart: 'ten' });
    assert.equal(bad.code, 400);
    assert.match(bad.msg, /priceStart/);
  });

  test('strictly-selected and global-selection queries return only flagged offers, with true totals', async () => {
    const jxhy = await post('/v2/alibaba/product/jxhy/keywords/query', { pageSize: 50 });
    assert.equal(jxhy.data.totalRecords, offers.filter((r) => r.strictlySelected).length);
    assert.ok(jxhy.data.data.every((i: { isJxhy: boolean }) => i.isJxhy));
    const global = await post('/v2/alibaba/product/globalSelection/keywords/query', { pageSize: 50 });
    assert.equal(global.data.totalRecords, offers.filter((r) => r.globalSelection).length);
  });
});

describe('1688 store search, categories and recommendations', () => {
  test('selleroffer lists only that supplier; an unknown seller is 404', async () => {
    const shopIndex = offers[0]!.shopIndex;
    const shop = generateShop(CATALOG_SEED, '1688', shopIndex);
    const answer = await post('/v2/alibaba/product/query/selleroffer', { sellerOpenId: shop.sellerOpenId, pageSize: 50 });
    assert.equal(answer.code, 200, answer.msg);
    assert.equal(answer.data.totalRecords, offers.filter((r) => r.shopIndex === shopIndex).length);
    assert.ok(answer.data.data.every((i: { sellerOpenId: string }) => i.sellerOpenId === shop.sellerOpenId));
    assert.equal((await post('/v2/alibaba/product/query/selleroffer', { sellerOpenId: 'nobody' })).code, 404);
  });

  test('categories: top level, a node with path and children in the requested language, unknown 404', async () => {
    const top = await post('/v2/alibaba/category/get', { language: 'th' });
    assert.ok(top.data.children.length >= 10);
    const node = top.data.children[0];
    const one = await post('/v2/alibaba/category/get', { categoryId: node.categoryId, language: 'th' });
    assert.equal(one.data.category.nameTrans, node.nameTrans);
    assert.ok(one.data.children.length > 0);
    assert.equal((await post('/v2/alibaba/category/get', { categoryId: 999999 })).code, 404);
  });

  test('related offers share the category and exclude the offer; the hot list ranks by monthSold', async () => {
    const first = (await post('/v2/alibaba/product/keywords/query', { pageSize: 1 })).data.data[0];
    const related = await post('/v2/alibaba/product/productRelatedRecommendQuery', {
      offerId: first.offerId,
      pageNo: 1,
      pageSize: 10,
      language: 'en',
    });
    assert.equal(related.code, 200, related.msg);
    assert.ok(
      related.data.data.every(
        (i: { offerId: string; categoryId: number }) => i.offerId !== first.offerId && i.categoryId === first.categoryId,
      ),
    );
    const hot = await post('/v2/alibaba/product/hot/query', { pageNo: 1, pageSize: 20 });
    const sold = hot.data.data.map((i: { monthSold: number }) => i.monthSold);
    assert.deepEqual(
      sold,
      [...sold].sort((a, b) => b - a),
    );
    assert.deepEqual(
      hot.data.data.map((i: { rank: number }) => i.rank),
      Array.from({ length: sold.length }, (_, i) => i + 1),
    );
    const recommended = await post('/v2/alibaba/product/recommend', { pageNo: 1, pageSize: 5 });
    assert.equal(recommended.data.totalRecords, offers.length);
  });
});
