import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { ADMIN_TOKEN, createHarness, type Harness } from './helpers/harness.ts';

// U+0000 cannot be stored in PostgreSQL text (code 500 there, accepted on SQLite), so every
// request string is refused at the edge with 400 naming the field as the client sent it.
const NUL = '\u0000';
// JSON text holding the six characters \u0000, which decode to U+0000 once the field is parsed.
const ESCAPED_NUL = '\\u0000';
const ORDER_ID = '2127854011615870977';

let h: Harness;
let dev: CreatedDeveloper;
before(async () => {
  h = await createHarness({}, { catalogProducts: 20 });
  dev = await h.developer();
});
after(() => h.close());

interface Case {
  name: string;
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  field: string;
}

const address = {
  name: 'Somchai',
  phone: '+66 81 234 5678',
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  address: '文三路 1 号',
};
const fastAddress = {
  fullName: 'Somchai',
  mobile: '13800000000',
  provinceText: '浙江省',
  cityText: '杭州市',
  areaText: '西湖区',
  address: '文三路 1 号',
};

const CASES: Case[] = [
  { name: 'query string', method: 'GET', url: '/v2/taobao/product/get?itemId=a%00b', field: 'itemId' },
  { name: 'query id', method: 'GET', url: `/v2/open/address/get?id=1%00`, field: 'id' },
  { name: 'body string', method: 'POST', url: '/v2/open/address/addOrUpdate', body: { ...address, name: `Som${NUL}chai` }, field: 'name' },
  {
    name: 'client order id',
    method: 'POST',
    url: '/v2/taobao/order/create',
    body: { outer_purchase_id: `po-${NUL}`, orderLineList: '[]', receiver: '{}', purchaseAmount: 1 },
    field: 'outer_purchase_id',
  },
  {
    name: 'cancel reason',
    method: 'POST',
    url: '/v2/taobao/order/cancel',
    body: { purchaseOrderId: ORDER_ID, cancelReason: `changed my mind${NUL}` },
    field: 'cancelReason',
  },
  {
    name: '1688 remark',
    method: 'POST',
    url: '/v2/alibaba/order/cancel',
    body: { webSite: '1688', orderId: ORDER_ID, cancelReason: 'buyerCancel', remark: NUL },
    field: 'remark',
  },
  { name: 'message id', method: 'POST', url: '/v2/open/callback/redeliver', body: { messageId: `1${NUL}` }, field: 'messageId' },
  {
    name: 'nested object',
    method: 'POST',
    url: '/v2/alibaba/order/create',
    body: {
      flow: 'general',
      addressParam: { ...fastAddress, fullName: `a${NUL}` },
      cargoParamList: [{ offerId: '1', specId: 'x', quantity: 1 }],
    },
    field: 'addressParam.fullName',
  },
  {
    name: 'array element',
    method: 'POST',
    url: '/v2/alibaba/order/create',
    body: { flow: 'general', addressParam: fastAddress, cargoParamList: [{ offerId: `1${NUL}`, quantity: 1 }] },
    field: 'cargoParamList[0].offerId',
  },
  {
    name: 'JSON-in-string object',
    method: 'POST',
    url: '/v2/taobao/order/create',
    body: { orderLineList: '[{"itemId":"x","quantity":1}]', receiver: `{"name":"a${ESCAPED_NUL}"}`, purchaseAmount: 1 },
    field: 'receiver.name',
  },
  {
    name: 'JSON-in-string array',
    method: 'POST',
    url: '/v2/taobao/order/create',
    body: { orderLineList: `[{"itemId":"x${ESCAPED_NUL}","quantity":1}]`, receiver: '{}', purchaseAmount: 1 },
    field: 'orderLineList[0].itemId',
  },
  {
    name: 'T2 params',
    method: 'POST',
    url: '/v2/taobao/product/batch/check',
    body: { params: `[{"itemId":"a${ESCAPED_NUL}b","skuIds":[]}]` },
    field: 'params[0].itemId',
  },
  {
    name: 'header',
    method: 'POST',
    url: '/v2/open/address/addOrUpdate',
    body: address,
    headers: { 'idempotency-key': `k${NUL}` },
    field: 'idempotency-key',
  },
  { name: 'path parameter (media)', method: 'GET', url: '/media/p/a%00bcdefg/0.jpg', field: 'itemId' },
  {
    name: 'admin note',
    method: 'POST',
    url: '/admin/wallets/topup',
    body: { developerId: ORDER_ID, amountFen: 1, note: `wire${NUL}` },
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    field: 'note',
  },
];

async function send(c: Case): Promise<{ code: number; msg: string }> {
  const headers = { 'accept-language': 'en', ...c.headers };
  if (c.url.startsWith('/v2/')) return h.call(dev, c.method, c.url, c.body, { headers });
  const payload = c.body === undefined ? undefined : JSON.stringify(c.body);
  const response = await h.app.inject({
    method: c.method,
    url: c.url,
    headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) },
    ...(payload ? { payload } : {}),
  });
  return response.json();
}

describe('U+0000 in any request string answers 400 naming the field', () => {
  for (const c of CASES) {
    test(`${c.name}: ${c.method} ${c.url.split('?')[0]} → ${c.field}`, async () => {
      const answer = await send(c);
      assert.equal(answer.code, 400, answer.msg);
      assert.equal(answer.msg, `bad parameter: ${c.field} must not contain the NUL character (U+0000)`);
    });
  }

  test('the same strings without U+0000 still pass the check', async () => {
    const answer = await h.call(dev, 'POST', '/v2/open/address/addOrUpdate', address, { headers: { 'accept-language': 'en' } });
    assert.equal(answer.code, 200, answer.msg);
  });
});
