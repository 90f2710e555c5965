import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import type { SourceProduct } from '../src/sources/source.ts';
import type { Harness } from './helpers/harness.ts';
import { fundedDeveloper, orderTestbed } from './helpers/catalog.ts';

const RECEIVER = {
  name: '张三',
  mobile_phone: '13800000000',
  country: '中国',
  state: '浙江省',
  city: '杭州市',
  district: '余杭区',
  address: '文一西路 969 号',
};
const EN = { headers: { 'accept-language': 'en' } };

let h: Harness;
let products: SourceProduct[];
let dev: CreatedDeveloper;
before(async () => {
  ({ h, products } = await orderTestbed({}, 60));
  dev = await fundedDeveloper(h, 1_000_000);
});
after(() => h.close());

describe('reads the seed lists as POST are served as GET and POST', () => {
  test('Get IM Link: POST with the id in the body or the query answers what GET answers', async () => {
    const product = products.find((p) => p.platform === 'taobao' && p.skus.length === 1 && p.skus[0]!.stock > 0)!;
    const line = { itemId: product.itemId, skuId: product.skus[0]!.skuId, quantity: 1 };
    const probe = await h.call(dev, 'POST', '/v2/taobao/order/create', {
      orderLineList: JSON.stringify([line]),
      receiver: JSON.stringify(RECEIVER),
      purchaseAmount: 0,
    });
    const made = await h.call(dev, 'POST', '/v2/taobao/order/create', {
      orderLineList: JSON.stringify([line]),
      receiver: JSON.stringify(RECEIVER),
      purchaseAmount: probe.data.purchaseAmount,
    });
    assert.equal(made.code, 200, made.msg);
    const id = made.data.purchaseOrderId;
    const viaGet = await h.call(dev, 'GET', `/v2/taobao/order/im/link?purchaseOrderId=${id}`);
    assert.equal(viaGet.code, 200, viaGet.msg);
    for (const [url, body] of [
      ['/v2/taobao/order/im/link', { purchaseOrderId: id }],
      [`/v2/taobao/order/im/link?purchaseOrderId=${id}`, undefined],
    ] as const) {
      const viaPost = await h.call(dev, 'POST', url, body);
      assert.equal(viaPost.code, 200, viaPost.msg);
      assert.deepEqual(viaPost.data, viaGet.data);
    }
    const missing = await h.call(dev, 'POST', '/v2/taobao/order/im/link', {}, EN);
    assert.equal(missing.code, 400);
    assert.equal(missing.msg, 'bad parameter: purchaseOrderId is required');
  });

  test('Get user address information: POST with the id in the body or the query, v2 and v1 paths', async () => {
    const saved = await h.call(dev, 'POST', '/v2/open/address/addOrUpdate', {
      name: 'An',
      province: '广东省',
      city: '深圳市',
      district: '南山区',
      address: '科技园 1 栋',
      phone: '13800138000',
    });
    assert.equal(saved.code, 200, saved.msg);
    const viaGet = await h.call(dev, 'GET', `/v2/open/address/get?id=${saved.data.id}`);
    assert.equal(viaGet.code, 200, viaGet.msg);
    for (const [url, body] of [
      ['/v2/open/address/get', { id: saved.data.id }],
      ['/open/address/get', { id: String(saved.data.id) }],
      [`/v2/open/address/get?id=${saved.data.id}`, undefined],
    ] as const) {
      const viaPost = await h.call(dev, 'POST', url, body);
      assert.equal(viaPost.code, 200, `${url}: ${viaPost.msg}`);
      assert.deepEqual(viaPost.data, viaGet.data);
    }
  });

  test('/openapi.json documents both methods', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const path of ['/v2/taobao/order/im/link', '/v2/open/address/get'])
      assert.deepEqual(Object.keys(doc.paths[path]).sort(), ['get', 'post'], path);
  });
});

describe('a path asked with a method it is not served with names the method it takes', () => {
  test('every documented operation, asked with the other method, answers 400 naming the method(s) served', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    let checked = 0;
    for (const [path, operations] of Object.entries<Record<string, unknown>>(doc.paths)) {
      const served = Object.keys(operations).map((m) => m.toUpperCase());
      for (const method of ['GET', 'POST'] as const) {
        if (served.includes(method)) continue;
        const answer = await h.call(dev, method, path, method === 'POST' ? {} : undefined, EN);
        assert.equal(answer.code, 400, `${method} ${path}: ${answer.msg}`);
        assert.equal(
          answer.msg,
          `bad parameter: method ${method} is not served here: this route takes ${served.sort().join(' or ')}`,
          `${method} ${path}`,
        );
        checked++;
      }
    }
    assert.ok(checked > 40, `checked ${checked} paths`);
  });

  test('v1 aliases, trailing slashes and parameterised paths too; unknown paths stay 404', async () => {
    const cases = [
      { method: 'GET', url: '/open/order', takes: 'POST' },
      { method: 'GET', url: '/v2/taobao/order/pay/', takes: 'POST' },
      { method: 'POST', url: '/v2/open/address/list?language=en', takes: 'GET' },
      { method: 'POST', url: '/media/p/abc/0.jpg', takes: 'GET' },
    ] as const;
    for (const c of cases) {
      const answer = await h.call(dev, c.method, c.url, c.method === 'POST' ? {} : undefined, EN);
      assert.equal(answer.code, 400, `${c.method} ${c.url}`);
      assert.equal(answer.msg, `bad parameter: method ${c.method} is not served here: this route takes ${c.takes}`);
    }
    const zh = await h.call(dev, 'GET', '/v2/taobao/order/pay');
    assert.equal(zh.msg, '参数错误: method GET 不可用, 该接口只接受 POST');
    const unknown = await h.call(dev, 'GET', '/v2/taobao/order/nothing-here', undefined, EN);
    assert.equal(unknown.code, 404);
    assert.equal(unknown.msg, 'not found: GET /v2/taobao/order/nothing-here');
  });
});
