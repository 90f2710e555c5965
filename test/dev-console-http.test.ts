import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { priceOrder } from '../src/modules/orders/index.ts';
import type { Source, SourceProduct } from '../src/sources/source.ts';
import { orderTestbed } from './helpers/catalog.ts';
import { TAOBAO_RECEIVER } from './helpers/fixtures-buyers.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { addOperator, consoleCall, signIn as operatorSignIn } from './helpers/operators.ts';
import { type DevSession, devSignIn, post, signinLink } from './helpers/dev-sessions.ts';

const ADDRESS = { name: 'Somchai', province: '广东省', city: '深圳市', district: '南山区', address: '科技园 1 栋', phone: '13800138000' };

/** A call with the developer session cookie; `csrf: false` leaves x-csrf-token out. */
async function devCall(h: Harness, s: DevSession, method: 'GET' | 'POST', url: string, body?: unknown, csrf: string | false = s.csrfToken) {
  const response = await h.app.inject({
    method,
    url,
    headers: {
      cookie: s.cookie,
      ...(csrf === false ? {} : { 'x-csrf-token': csrf }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { ...response.json(), setCookie: String(response.headers['set-cookie'] ?? ''), headers: response.headers };
}

async function createOrder(h: Harness, source: Source, who: CreatedDeveloper, products: SourceProduct[]): Promise<string> {
  const product = products.find((p) => p.platform === 'taobao' && p.skus.some((s) => s.stock >= 5))!;
  const sku = product.skus.find((s) => s.stock >= 5)!;
  const priced = await priceOrder(source, 'taobao', [{ itemRef: product.itemId, skuId: sku.skuId, quantity: 1 }]);
  assert.ok(priced.ok);
  const line = { itemId: product.itemId, skuId: sku.skuId, quantity: '1', orderLineNo: '1', price: String(sku.priceFen), currency: 'CNY' };
  const body = {
    orderLineList: JSON.stringify([line]),
    receiver: JSON.stringify(TAOBAO_RECEIVER),
    purchaseAmount: priced.groups.reduce((sum, g) => sum + g.totalAmountFen, 0),
    orderSource: 'test',
  };
  const answer = await h.call(who, 'POST', '/v2/taobao/order/create', body);
  assert.equal(answer.code, 200, answer.msg);
  return answer.data.purchaseOrderId;
}

describe('developer console sign-in and session', () => {
  let h: Harness;
  let source: Source;
  let products: SourceProduct[];
  let devA: CreatedDeveloper;
  let devB: CreatedDeveloper;
  before(async () => {
    ({ h, source, products } = await orderTestbed({}, 60));
    devA = await h.developer('Alpha');
    devB = await h.developer('Beta');
  });
  after(() => h.close());

  test('an operator makes a link (admin and support only); unknown developer → 404; bad id names the field', async () => {
    const link = await signinLink(h, devA.developerId);
    assert.equal(link.code, 200);
    assert.match(link.data.url, new RegExp(`/console/dev/#/signin/${link.data.token}$`));
    assert.equal(Buffer.from(link.data.token, 'base64url').length, 32, '256-bit token');
    assert.equal(link.data.expiresAt, h.clock.nowMs() + 15 * 60_000);
    assert.equal((await signinLink(h, '999999')).code, 404);
    const bad = await signinLink(h, 'abc');
    assert.equal(bad.code, 400);
    assert.match(bad.msg, /developerId/);
    await addOperator(h, 'op.support', 'support');
    await addOperator(h, 'op.warehouse', 'warehouse');
    const support = await operatorSignIn(h, 'op.support');
    const warehouse = await operatorSignIn(h, 'op.warehouse');
    const body = { developerId: devA.developerId };
    assert.equal((await consoleCall(h, support, 'POST', '/admin/developers/signin-link', body)).code, 200);
    assert.equal((await consoleCall(h, warehouse, 'POST', '/admin/developers/signin-link', body)).code, 4004);
    assert.equal((await post(h, '/admin/developers/signin-link', body)).code, 411, 'no auth');
  });

  test('a link signs in once and only once; the cookie is HttpOnly, SameSite=Strict, Path=/, Max-Age 7 days', async () => {
    const link = await signinLink(h, devA.developerId);
    const first = await post(h, '/console/dev/api/signin', { token: link.data.token });
    assert.equal(first.code, 200, first.msg);
    assert.equal(first.data.developerId, devA.developerId);
    assert.equal(first.data.name, 'Alpha');
    assert.match(first.setCookie, /^ponte_dev_session=[A-Za-z0-9_-]{43}; /);
    for (const flag of ['HttpOnly', 'SameSite=Strict', 'Path=/', `Max-Age=${7 * 24 * 3600}`])
      assert.ok(first.setCookie.includes(flag), flag);
    assert.ok(!first.setCookie.includes('Secure'), 'plain http public URL');
    assert.equal((await post(h, '/console/dev/api/signin', { token: link.data.token })).code, 4011, 'used');
    assert.equal((await post(h, '/console/dev/api/signin', { token: 'x'.repeat(43) })).code, 4011, 'unknown');
    assert.equal((await post(h, '/console/dev/api/signin', {})).code, 400);
  });

  test('an expired link is refused (wall clock)', async () => {
    const link = await signinLink(h, devA.developerId);
    h.clock.advance(15 * 60_000);
    assert.equal((await post(h, '/console/dev/api/signin', { token: link.data.token })).code, 4011);
  });

  test('me lists the keys and never a secret; no session → 4012', async () => {
    const s = await devSignIn(h, devA.developerId);
    const me = await devCall(h, s, 'GET', '/console/dev/api/me');
    assert.equal(me.code, 200, me.msg);
    assert.equal(me.data.userId, devA.userId);
    assert.equal(me.data.csrfToken, s.csrfToken);
    assert.deepEqual(
      me.data.keys.map((k: { accessKey: string }) => k.accessKey),
      [devA.accessKey],
    );
    assert.ok(!JSON.stringify(me).includes(devA.accessSecret));
    const none = await h.app.inject({ method: 'GET', url: '/console/dev/api/me' });
    assert.equal(none.json().code, 4012);
    assert.equal((await devCall(h, { ...s, cookie: 'ponte_dev_session=nope' }, 'GET', '/console/dev/api/me')).code, 4012);
  });

  test('the session calls the signed API as the main user: GET works, a POST needs x-csrf-token', async () => {
    const s = await devSignIn(h, devA.developerId);
    const balance = await devCall(h, s, 'GET', '/v2/open/wallet/balance', undefined, false);
    assert.equal(balance.code, 200, balance.msg);
    assert.equal(balance.developId, devA.developerId);
    assert.ok(balance.headers['x-ratelimit-remaining'] !== undefined, 'spends the rate limit');
    assert.equal((await devCall(h, s, 'POST', '/v2/open/address/addOrUpdate', ADDRESS, false)).code, 4003);
    assert.equal((await devCall(h, s, 'POST', '/v2/open/address/addOrUpdate', ADDRESS, 'f'.repeat(64))).code, 4003);
    const saved = await devCall(h, s, 'POST', '/v2/open/address/addOrUpdate', ADDRESS);
    assert.equal(saved.code, 200, saved.msg);
    const signedList = await h.call(devA, 'GET', '/v2/open/address/list');
    assert.ok(
      signedList.data.some((a: { id: unknown }) => a.id === saved.data.id),
      'the same address as a signed call sees',
    );
  });

  test('a request that presents a signature is judged by the signature alone', async () => {
    const s = await devSignIn(h, devA.developerId);
    const forged = await h.call(devB, 'GET', '/v2/open/wallet/balance', undefined, { headers: { cookie: s.cookie, signature: 'BAD' } });
    assert.equal(forged.code, 402, 'a bad signature is not rescued by the cookie');
    const signedB = await h.call(devB, 'GET', '/v2/open/wallet/balance', undefined, { headers: { cookie: s.cookie } });
    assert.equal(signedB.developId, devB.developerId);
  });

  test("developer A's session cannot read developer B's address or order", async () => {
    const addressB = await h.call(devB, 'POST', '/v2/open/address/addOrUpdate', ADDRESS);
    const orderB = await createOrder(h, source, devB, products);
    const s = await devSignIn(h, devA.developerId);
    assert.equal((await devCall(h, s, 'GET', `/v2/open/address/get?id=${addressB.data.id}`)).code, 404);
    assert.equal((await devCall(h, s, 'GET', `/v2/taobao/order/detail?purchaseOrderId=${orderB}`)).code, 404);
    const page = await devCall(h, s, 'POST', '/v2/taobao/order/page', { pageNum: 1, pageSize: 20 });
    assert.equal(page.code, 200, page.msg);
    assert.ok(!JSON.stringify(page.data).includes(orderB));
    assert.equal((await h.call(devB, 'GET', `/v2/taobao/order/detail?purchaseOrderId=${orderB}`)).code, 200, 'B sees it');
  });

  test('rotate answers a new secret once; the old one keeps signing within the grace; csrf and range are checked', async () => {
    const dev = await h.developer('Gamma');
    const s = await devSignIn(h, dev.developerId);
    assert.equal((await devCall(h, s, 'POST', '/console/dev/api/keys/rotate', { graceSeconds: 60 }, false)).code, 4003);
    const tooLong = await devCall(h, s, 'POST', '/console/dev/api/keys/rotate', { graceSeconds: 604_801 });
    assert.equal(tooLong.code, 400);
    assert.match(tooLong.msg, /graceSeconds/);
    const rotated = await devCall(h, s, 'POST', '/console/dev/api/keys/rotate', { graceSeconds: 60 });
    assert.equal(rotated.code, 200, rotated.msg);
    assert.equal(rotated.data.accessKey, dev.accessKey);
    assert.notEqual(rotated.data.secretKey, dev.accessSecret);
    assert.equal((await h.call(dev, 'GET', '/v2/open/wallet/balance')).code, 200, 'old secret within the grace');
    assert.equal((await h.call({ ...dev, accessSecret: rotated.data.secretKey }, 'GET', '/v2/open/wallet/balance')).code, 200);
    const me = await devCall(h, s, 'GET', '/console/dev/api/me');
    assert.equal(me.data.keys[0].previousValidUntil, rotated.data.previousValidUntil);
    assert.ok(!JSON.stringify(me).includes(rotated.data.secretKey));
    h.clock.advance(61_000);
    assert.equal((await h.call(dev, 'GET', '/v2/open/wallet/balance')).code, 402, 'old secret after the grace');
  });

  test('logout ends the session and clears the cookie', async () => {
    const s = await devSignIn(h, devA.developerId);
    assert.equal((await devCall(h, s, 'POST', '/console/dev/api/logout', undefined, false)).code, 4003);
    const out = await devCall(h, s, 'POST', '/console/dev/api/logout');
    assert.equal(out.code, 200);
    assert.match(out.setCookie, /^ponte_dev_session=; .*Max-Age=0/);
    assert.equal((await devCall(h, s, 'GET', '/console/dev/api/me')).code, 4012);
    assert.equal((await devCall(h, s, 'GET', '/v2/open/wallet/balance')).code, 4012);
  });

  test('a session ends after 12 idle hours', async () => {
    const s = await devSignIn(h, devA.developerId);
    h.clock.advance(12 * 3600_000);
    assert.equal((await devCall(h, s, 'GET', '/console/dev/api/me')).code, 4012);
  });

  test('an operator session is not accepted on signed routes; a developer session is not accepted on admin routes', async () => {
    await addOperator(h, 'op.admin', 'admin');
    const operator = await operatorSignIn(h, 'op.admin');
    const asDeveloper = await consoleCall(h, operator, 'GET', '/v2/open/wallet/balance');
    assert.equal(asDeveloper.code, 401);
    const dev = await devSignIn(h, devA.developerId);
    assert.equal((await devCall(h, dev, 'POST', '/admin/developers/signin-link', { developerId: devA.developerId })).code, 411);
    assert.equal((await devCall(h, dev, 'GET', `/admin/wallets?developerId=${devA.developerId}`)).code, 411);
    assert.equal((await consoleCall(h, operator, 'GET', '/console/dev/api/me')).code, 4012);
  });
});

describe('developer console behind an https public URL, with a small rate limit', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness({ publicUrl: 'https://ponte.example', rateLimitPerSecond: 1, rateLimitBurst: 3 });
  });
  after(() => h.close());

  test('the link is under the public URL and the cookie is Secure', async () => {
    const dev = await h.developer();
    const link = await signinLink(h, dev.developerId);
    assert.equal(link.data.url, `https://ponte.example/console/dev/#/signin/${link.data.token}`);
    const signed = await post(h, '/console/dev/api/signin', { token: link.data.token });
    assert.match(signed.setCookie, /; Secure/);
  });

  test("session calls spend the main key's bucket, shared with signed calls", async () => {
    const dev = await h.developer();
    const s = await devSignIn(h, dev.developerId);
    assert.equal((await h.call(dev, 'GET', '/v2/open/wallet/balance')).code, 200);
    assert.equal((await devCall(h, s, 'GET', '/v2/open/wallet/balance')).code, 200);
    assert.equal((await devCall(h, s, 'GET', '/v2/open/wallet/balance')).code, 200);
    const limited = await devCall(h, s, 'GET', '/v2/open/wallet/balance');
    assert.equal(limited.code, 429);
    assert.equal(limited.headers['x-ratelimit-remaining'], '0');
    assert.equal((await h.call(dev, 'GET', '/v2/open/wallet/balance')).code, 429, 'the signed call finds the bucket empty too');
  });
});
