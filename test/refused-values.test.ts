import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import type { SourceProduct } from '../src/sources/source.ts';
import type { Harness } from './helpers/harness.ts';
import { fundedDeveloper, orderTestbed } from './helpers/catalog.ts';
import { FAST_ADDRESS } from './helpers/fixtures-buyers.ts';

/** Values that are not understood are refused with the allowed ones, never ignored. */
const EN = { headers: { 'accept-language': 'en' } };
const RECEIVER = {
  name: '张三',
  mobile_phone: '13800000000',
  state: '浙江省',
  city: '杭州市',
  district: '余杭区',
  address: '文一西路 969 号',
};
const SORTS = '{"price":"asc"}|{"price":"desc"}|{"sales":"desc"}|{"monthSold":"desc"}|price_asc|price_desc|sales_desc|relevance';
const LANGS = 'zh|en|th|vi|es';

let h: Harness;
let products: SourceProduct[];
let dev: CreatedDeveloper;
before(async () => {
  ({ h, products } = await orderTestbed({}, 120));
  dev = await fundedDeveloper(h, 1_000_000);
});
after(() => h.close());

describe('enum-like request fields', () => {
  test('table: an unknown value answers 400 naming the field and the allowed values', async () => {
    const item = products.find((p) => p.platform === 'taobao')!;
    const offer = products.find((p) => p.platform === '1688')!;
    const cases: { name: string; method?: 'GET' | 'POST'; url: string; body?: unknown; msg: string }[] = [
      {
        name: 'Taobao search sort',
        url: '/v2/taobao/product/search',
        body: { keyword: 'dress', sort: '{"rating":"desc"}' },
        msg: `bad parameter: sort must be one of ${SORTS}`,
      },
      {
        name: 'Taobao search language',
        url: '/v2/taobao/product/search',
        body: { keyword: 'dress', language: 'fr' },
        msg: `bad parameter: language must be one of ${LANGS}`,
      },
      {
        name: 'Taobao product language (query)',
        method: 'GET',
        url: `/v2/taobao/product/get?itemId=${item.itemId}&language=fr`,
        msg: `bad parameter: language must be one of ${LANGS}`,
      },
      {
        name: '1688 search country',
        url: '/v2/alibaba/product/keywords/query',
        body: { keyword: 'dress', country: 'zz' },
        msg: `bad parameter: country must be one of ${LANGS}`,
      },
      {
        name: '1688 search sort',
        url: '/v2/alibaba/product/keywords/query',
        body: { keyword: 'dress', sort: 'cheapest' },
        msg: `bad parameter: sort must be one of ${SORTS}`,
      },
      {
        name: '1688 search filter',
        url: '/v2/alibaba/product/keywords/query',
        body: { keyword: 'dress', filter: 'jxhy,cheapest' },
        msg: 'bad parameter: filter must be one of jxhy|globalSelection|shipInToday|ksCiphertext',
      },
      {
        name: '1688 create flow',
        url: '/v2/alibaba/order/create',
        body: {
          flow: 'fenxiao',
          addressParam: FAST_ADDRESS,
          cargoParamList: [{ offerId: offer.itemId, specId: offer.skus[0]!.specId, quantity: 1 }],
        },
        msg: 'bad parameter: flow must be one of general',
      },
      {
        name: '1688 cart order flow',
        url: '/v2/alibaba/cart/create/order',
        body: { flow: 'x', addressParam: FAST_ADDRESS, cartIds: [1] },
        msg: 'bad parameter: flow must be one of general',
      },
      {
        name: 'Taobao line currency',
        url: '/v2/taobao/order/create',
        body: {
          orderLineList: JSON.stringify([{ itemId: item.itemId, skuId: item.skus[0]!.skuId, quantity: 1, currency: 'USD' }]),
          receiver: JSON.stringify(RECEIVER),
          purchaseAmount: 1,
        },
        msg: 'bad parameter: orderLineList[0].currency must be one of CNY',
      },
      {
        name: 'Taobao order status filter',
        url: '/v2/taobao/order/page',
        body: { status: 5 },
        msg: 'bad parameter: status must be one of 0|4|9|10|11|12',
      },
      {
        name: '1688 order status filter',
        url: '/v2/alibaba/order/page',
        body: { status: 'shipped' },
        msg: 'bad parameter: status must be one of waitbuyerpay|waitsellersend|waitbuyerreceive|confirm_goods|success|cancel|terminated',
      },
      {
        name: 'Taobao cart language',
        method: 'GET',
        url: '/v2/taobao/cart/list?language=fr',
        msg: `bad parameter: language must be one of ${LANGS}`,
      },
      {
        name: '1688 cart country',
        method: 'GET',
        url: '/v2/alibaba/cart/list?country=zz',
        msg: `bad parameter: country must be one of ${LANGS}`,
      },
      {
        name: 'address list language',
        method: 'GET',
        url: '/v2/open/address/list?language=fr',
        msg: `bad parameter: language must be one of ${LANGS}`,
      },
      {
        name: 'wallet ledger language',
        url: '/v2/open/wallet/ledger/page',
        body: { language: 'de' },
        msg: `bad parameter: language must be one of ${LANGS}`,
      },
    ];
    for (const c of cases) {
      const answer = await h.call(dev, c.method ?? 'POST', c.url, c.body, EN);
      assert.equal(answer.code, 400, `${c.name}: ${answer.msg}`);
      assert.equal(answer.msg, c.msg, c.name);
    }
  });

  test('the allowed spellings are still understood', async () => {
    const cases = [
      { url: '/v2/taobao/product/search', body: { keyword: 'dress', sort: '{"price":"ASC"}', language: 'en-US' } },
      { url: '/v2/taobao/product/search', body: { keyword: 'dress', sort: 'price_desc', language: 'VI' } },
      {
        url: '/v2/alibaba/product/keywords/query',
        body: { keyword: 'dress', sort: '{"monthSold":"desc"}', country: 'en', filter: 'jxhy, globalSelection' },
      },
      { url: '/v2/taobao/order/page', body: { status: 10 } },
      { url: '/v2/alibaba/order/page', body: { status: 'waitbuyerpay' } },
      // The reference's own G2 example body, word for word but for the keyword.
      {
        url: '/v2/alibaba/product/keywords/query',
        body: {
          keyword: 'dress',
          beginPage: 1,
          pageSize: 20,
          country: 'en',
          filter: 'shipInToday,ksCiphertext',
          sort: '{"price":"desc"}',
          outMemberId: '',
          priceStart: '633.69',
          priceEnd: '647.60',
          categoryId: '',
        },
      },
    ];
    for (const c of cases) {
      const answer = await h.call(dev, 'POST', c.url, c.body, EN);
      assert.equal(answer.code, 200, `${c.url} ${JSON.stringify(c.body)}: ${answer.msg}`);
    }
    const cheap = await h.call(dev, 'POST', '/v2/taobao/product/search', { sort: '{"price":"asc"}', pageSize: 20 });
    const prices = cheap.data.data.map((p: { price: number }) => p.price);
    assert.deepEqual(
      prices,
      [...prices].sort((a, b) => a - b),
      'price ascending',
    );
  });
});

describe('a keyword with nothing searchable in it', () => {
  test('punctuation or emoji alone matches nothing, on Taobao and 1688; no keyword still lists the catalog', async () => {
    for (const url of ['/v2/taobao/product/search', '/v2/alibaba/product/keywords/query']) {
      const all = await h.call(dev, 'POST', url, { keyword: '' });
      assert.equal(all.code, 200, all.msg);
      assert.ok(all.data.totalRecords > 0, `${url}: no keyword lists the catalog`);
      for (const keyword of ['"', '*', '(((', '🎉🎉', ' - ']) {
        const answer = await h.call(dev, 'POST', url, { keyword });
        assert.equal(answer.code, 200, `${url} ${keyword}: ${answer.msg}`);
        assert.equal(answer.data.totalRecords, 0, `${url}: ${JSON.stringify(keyword)} matches nothing`);
        assert.deepEqual(answer.data.data, []);
      }
    }
  });
});
