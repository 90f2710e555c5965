import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { asUserId } from '../src/platform/ids.ts';
import { reservedQuantity } from '../src/modules/orders/index.ts';
import type { SourceProduct } from '../src/sources/source.ts';
import type { Harness } from './helpers/harness.ts';
import { fundedDeveloper, orderTestbed } from './helpers/catalog.ts';
import { FAST_ADDRESS } from './helpers/fixtures-buyers.ts';

/**
 * Messages name the field the client sent: never a service's own name for it, never a table.
 * Every case asserts the exact English message.
 */
const EN = { headers: { 'accept-language': 'en' } };
const TAOBAO_RECEIVER = {
  name: '张三',
  mobile_phone: '13800000000',
  country: '中国',
  state: '浙江省',
  city: '杭州市',
  district: '余杭区',
  address: '文一西路 969 号',
};
const CALLBACK_TIMEOUT_MS = 300;

let h: Harness;
let products: SourceProduct[];
let dev: CreatedDeveloper;
let silent: http.Server;
before(async () => {
  ({ h, products } = await orderTestbed({ allowPrivateUrls: true, callbackTimeoutMs: CALLBACK_TIMEOUT_MS }, 200));
  dev = await fundedDeveloper(h, 10_000_000);
  silent = http.createServer(() => {});
  await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
});
after(async () => {
  silent.closeAllConnections();
  silent.close();
  await h.close();
});

function product(platform: 'taobao' | '1688', filter: (p: SourceProduct) => boolean = () => true): SourceProduct {
  const found = products.find((p) => p.platform === platform && p.skus.some((s) => s.stock >= 50) && filter(p));
  assert.ok(found, `a ${platform} product fits`);
  return found;
}
const sku = (p: SourceProduct) => p.skus.find((s) => s.stock >= 50)!;
const taobaoLine = (p: SourceProduct, extra: Record<string, unknown> = {}) => ({
  itemId: p.itemId,
  skuId: sku(p).skuId,
  quantity: 1,
  ...extra,
});
const cargo = (p: SourceProduct, extra: Record<string, unknown> = {}) => ({
  offerId: p.itemId,
  specId: sku(p).specId,
  quantity: Math.max(1, p.minOrderQuantity),
  ...extra,
});
const taobaoCreate = (lines: unknown[], receiver: unknown = TAOBAO_RECEIVER) => ({
  orderLineList: JSON.stringify(lines),
  receiver: JSON.stringify(receiver),
  purchaseAmount: 0,
});
const alibabaCreate = (cargoList: unknown[], addressParam: unknown = FAST_ADDRESS) => ({
  flow: 'general',
  addressParam,
  cargoParamList: cargoList,
});

async function addToTaobaoCart(who: CreatedDeveloper, p: SourceProduct): Promise<number> {
  const added = await h.call(who, 'POST', '/v2/taobao/cart/add', { itemMapId: p.itemId, skuId: sku(p).skuId, quantity: 1 });
  assert.equal(added.code, 200, added.msg);
  return added.data.id;
}

async function addToAlibabaCart(who: CreatedDeveloper, p: SourceProduct): Promise<number> {
  const added = await h.call(who, 'POST', '/v2/alibaba/cart/add', {
    offerMapId: p.itemId,
    specId: sku(p).specId,
    quantity: Math.max(1, p.minOrderQuantity),
  });
  assert.equal(added.code, 200, added.msg);
  return added.data.id;
}

describe('BAD_PARAMETER names the wire field', () => {
  test('table: each request names the field the client sent', async () => {
    const several = product('taobao', (p) => p.skus.length > 1);
    const severalOffer = product('1688', (p) => p.skus.length > 1);
    const one = product('taobao');
    const offer = product('1688');
    const cartLine = await addToTaobaoCart(
      dev,
      product('taobao', (p) => p !== one),
    );
    const alibabaCartLine = await addToAlibabaCart(
      dev,
      product('1688', (p) => p !== offer),
    );
    const { mobile_phone: _m, ...noPhone } = TAOBAO_RECEIVER;
    const { fullName: _f, ...noFullName } = FAST_ADDRESS;
    const { mobile: _mobile, ...noMobile } = FAST_ADDRESS;
    const cases: { name: string; method?: 'GET' | 'POST'; url: string; body?: unknown; headers?: Record<string, string>; msg: string }[] = [
      {
        name: '1688 create without addressParam.fullName',
        url: '/v2/alibaba/order/create',
        body: alibabaCreate([cargo(offer)], noFullName),
        msg: 'bad parameter: addressParam.fullName is required',
      },
      {
        name: '1688 batch create without a phone',
        url: '/v2/alibaba/order/batch/create',
        body: alibabaCreate([cargo(offer)], noMobile),
        msg: 'bad parameter: addressParam.mobile is required',
      },
      {
        name: '1688 cart order without addressParam.fullName',
        url: '/v2/alibaba/cart/create/order',
        body: { flow: 'general', addressParam: noFullName, cartIds: [alibabaCartLine] },
        msg: 'bad parameter: addressParam.fullName is required',
      },
      {
        name: 'Taobao create without a phone',
        url: '/v2/taobao/order/create',
        body: taobaoCreate([taobaoLine(one)], noPhone),
        msg: 'bad parameter: receiver.mobile_phone is required',
      },
      {
        name: 'Taobao cart order without a phone',
        url: '/v2/taobao/cart/create/order',
        body: { ids: [cartLine], orderAddress: noPhone },
        msg: 'bad parameter: orderAddress.mobile_phone is required',
      },
      {
        name: 'Taobao modify-advance without a phone',
        url: '/v2/taobao/order/modify/advance',
        body: { purchaseOrderId: '1', receiver: JSON.stringify(noPhone) },
        msg: 'bad parameter: receiver.mobile_phone is required',
      },
      {
        name: 'Taobao line of a several-SKU item without skuId',
        url: '/v2/taobao/order/create',
        body: taobaoCreate([taobaoLine(one), { itemId: several.itemId, quantity: 1 }]),
        msg: 'bad parameter: orderLineList[1].skuId is required: the product has several SKUs',
      },
      {
        name: 'Taobao line with a bad quantity (schema)',
        url: '/v2/taobao/order/create',
        body: taobaoCreate([taobaoLine(one), taobaoLine(several, { quantity: 0 })]),
        msg: 'bad parameter: orderLineList[1].quantity must be ≥ 1',
      },
      {
        name: '1688 cargo of a several-SKU offer without specId',
        url: '/v2/alibaba/order/create',
        body: alibabaCreate([{ offerId: severalOffer.itemId, quantity: Math.max(1, severalOffer.minOrderQuantity) }]),
        msg: 'bad parameter: cargoParamList[0].specId is required: the product has several SKUs',
      },
      {
        name: '1688 cargo with a bad quantity (schema)',
        url: '/v2/alibaba/order/create/preview',
        body: { cargoParamList: [cargo(offer), cargo(offer, { quantity: 0 })] },
        msg: 'bad parameter: cargoParamList[1].quantity must be ≥ 1',
      },
      {
        name: 'an Idempotency-Key over 128 characters',
        url: '/v2/taobao/order/create',
        body: taobaoCreate([taobaoLine(one)]),
        headers: { 'idempotency-key': 'k'.repeat(129) },
        msg: 'bad parameter: Idempotency-Key must be 1–128 characters',
      },
    ];
    for (const c of cases) {
      const answer = await h.call(dev, c.method ?? 'POST', c.url, c.body, { headers: { ...EN.headers, ...c.headers } });
      assert.equal(answer.code, 400, `${c.name}: ${answer.msg}`);
      assert.equal(answer.msg, c.msg, c.name);
    }
  });

  test('a 1688 preview lists a cargo it cannot price with the cargo’s own field', async () => {
    const severalOffer = product('1688', (p) => p.skus.length > 1);
    const answer = await h.call(
      dev,
      'POST',
      '/v2/alibaba/order/create/preview',
      { cargoParamList: [cargo(product('1688')), { offerId: severalOffer.itemId, quantity: Math.max(1, severalOffer.minOrderQuantity) }] },
      EN,
    );
    assert.equal(answer.code, 200, answer.msg);
    assert.deepEqual(
      answer.data.unsupportedList.map((u: { reason: string }) => u.reason),
      ['bad parameter: cargoParamList[1].specId is required: the product has several SKUs'],
    );
  });

  test('a missing user-id header says it is missing', async () => {
    const answer = await h.call({ ...dev, userId: asUserId('') }, 'GET', '/v2/open/address/list', undefined, EN);
    assert.equal(answer.code, 400);
    assert.equal(answer.msg, 'bad parameter: user-id header required');
  });

  test('a callback URL that does not answer names the configured timeout, not the time left', async () => {
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/cb`;
    const answer = await h.call(dev, 'POST', '/v2/open/callback/set', { url }, EN);
    assert.equal(answer.code, 400);
    assert.equal(
      answer.msg,
      `bad parameter: url verification POST must answer HTTP 200 within ${CALLBACK_TIMEOUT_MS} ms, timeout: no response within ${CALLBACK_TIMEOUT_MS} ms`,
    );
  });
});

describe('NOT_FOUND names the thing, never its table', () => {
  test('another developer’s order, paid or cancelled, is "not found: order <id>"', async () => {
    const offer = product('1688');
    const made = await h.call(dev, 'POST', '/v2/alibaba/order/create', alibabaCreate([cargo(offer)]), EN);
    assert.equal(made.code, 200, made.msg);
    const id = made.data[0].orderId;
    const other = await fundedDeveloper(h, 10_000_000);
    const paid = await h.call(other, 'POST', '/v2/alibaba/order/batch/submit/to/pay', { orderIds: [id] }, EN);
    const outcomes = [paid.msg, ...(paid.data?.payResults ?? []).map((r: { message?: string; msg?: string }) => r.message ?? r.msg)];
    assert.ok(
      outcomes.every((m) => !/purchase_orders/.test(String(m))),
      JSON.stringify(paid),
    );
    assert.ok(
      outcomes.some((m) => m === `not found: order ${id}`),
      JSON.stringify(paid),
    );
    const taobaoPay = await h.call(other, 'POST', '/v2/taobao/order/pay', { purchaseOrderId: id }, EN);
    assert.equal(taobaoPay.code, 404);
    assert.equal(taobaoPay.msg, `not found: order ${id}`);
  });
});

describe('two lines of one SKU are refused, naming the second', () => {
  test('Taobao create, 1688 create and both previews; nothing is reserved', async () => {
    const one = product('taobao');
    const offer = product('1688');
    const tail = (p: SourceProduct) =>
      `names the same SKU as an earlier line (item ${p.itemId}, sku ${sku(p).skuId}): put the whole quantity on one line`;
    const cases = [
      {
        url: '/v2/taobao/order/create',
        body: taobaoCreate([taobaoLine(one), taobaoLine(one, { quantity: 2 })]),
        msg: `bad parameter: orderLineList[1] ${tail(one)}`,
      },
      {
        url: '/v2/alibaba/order/create',
        body: alibabaCreate([cargo(offer), cargo(offer)]),
        msg: `bad parameter: cargoParamList[1] ${tail(offer)}`,
      },
      {
        url: '/v2/alibaba/order/batch/create',
        body: alibabaCreate([cargo(offer), cargo(offer, { specId: undefined, skuId: sku(offer).skuId })]),
        msg: `bad parameter: cargoParamList[1] ${tail(offer)}`,
      },
      {
        url: '/v2/alibaba/order/create/preview',
        body: { cargoParamList: [cargo(offer), cargo(offer)] },
        msg: `bad parameter: cargoParamList[1] ${tail(offer)}`,
      },
      {
        url: '/v2/alibaba/order/batch/preview',
        body: { cargoParamList: [cargo(offer), cargo(offer)] },
        msg: `bad parameter: cargoParamList[1] ${tail(offer)}`,
      },
    ];
    for (const c of cases) {
      const answer = await h.call(dev, 'POST', c.url, c.body, EN);
      assert.equal(answer.code, 400, `${c.url}: ${answer.msg}`);
      assert.equal(answer.msg, c.msg, c.url);
    }
    assert.equal(await reservedQuantity(h.ctx, one.itemId, sku(one).skuId), 0, 'nothing reserved');
  });

  test('cart previews and cart orders over two sub-accounts’ lines of one SKU name both cart lines', async () => {
    const main = await fundedDeveloper(h, 10_000_000);
    const [a, b] = [await h.subAccount(main, 'buyer'), await h.subAccount(main, 'buyer')];
    const one = product('taobao');
    const offer = product('1688');
    const taobaoIds = [await addToTaobaoCart(a, one), await addToTaobaoCart(b, one)];
    const alibabaIds = [await addToAlibabaCart(a, offer), await addToAlibabaCart(b, offer)];
    const rule = (ids: number[], p: SourceProduct) =>
      `cart lines ${ids[0]} and ${ids[1]} hold the same SKU (item ${p.itemId}, sku ${sku(p).skuId}): order one line per SKU`;
    const cases = [
      { url: '/v2/taobao/cart/preview/order', body: { ids: taobaoIds }, msg: `bad parameter: ids ${rule(taobaoIds, one)}` },
      {
        url: '/v2/taobao/cart/create/order',
        body: { ids: taobaoIds, orderAddress: TAOBAO_RECEIVER },
        msg: `bad parameter: ids ${rule(taobaoIds, one)}`,
      },
      { url: '/v2/alibaba/cart/preview/order', body: { cartIds: alibabaIds }, msg: `bad parameter: cartIds ${rule(alibabaIds, offer)}` },
      {
        url: '/v2/alibaba/cart/create/order',
        body: { flow: 'general', cartIds: alibabaIds, addressParam: FAST_ADDRESS },
        msg: `bad parameter: cartIds ${rule(alibabaIds, offer)}`,
      },
    ];
    for (const c of cases) {
      const answer = await h.call(main, 'POST', c.url, c.body, EN);
      assert.equal(answer.code, 400, `${c.url}: ${answer.msg}`);
      assert.equal(answer.msg, c.msg, c.url);
    }
    const page = await h.call(main, 'POST', '/v2/taobao/order/page', {});
    assert.equal(page.data.total, 0, 'no order was created');
  });
});
