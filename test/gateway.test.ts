import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { rotateKey, setRequireHmac } from '../src/modules/accounts/index.ts';
import { asUserId } from '../src/platform/ids.ts';
import { defineRoute } from '../src/platform/http/index.ts';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

const LIST = '/v2/open/address/list';

describe('signed gateway: every failure code from a real request', () => {
  let h: Harness;
  let dev: CreatedDeveloper;
  before(async () => {
    h = await createHarness();
    dev = await h.developer();
  });
  after(() => h.close());

  test('200 with the envelope; requestId is 32 lowercase hex; developId a string', async () => {
    const answer = await h.call(dev, 'GET', LIST);
    assert.equal(answer.status, 200);
    assert.equal(answer.code, 200);
    assert.equal(answer.msg, '成功');
    assert.match(answer.requestId, /^[0-9a-f]{32}$/);
    assert.equal(answer.developId, dev.developerId);
    assert.deepEqual(answer.data, []);
    assert.equal(answer.headers['x-ratelimit-limit'], '100');
  });

  test('401 for a missing and for an unknown access key', async () => {
    const missing = await h.app.inject({ method: 'GET', url: LIST });
    assert.equal(missing.json().code, 401);
    assert.equal(missing.statusCode, 200);
    const unknown = await h.call({ ...dev, accessKey: 'ffffffffffffffffffffffffffffffff' }, 'GET', LIST);
    assert.equal(unknown.code, 401);
    assert.equal(unknown.developId, '');
  });

  test('402 for a wrong secret, with a hint', async () => {
    const answer = await h.call({ ...dev, accessSecret: '00000000000000000000000000000000' }, 'GET', LIST);
    assert.equal(answer.code, 402);
    assert.match(answer.msg, /签名错误/);
  });

  test('403 at 601 s of skew either way; 599 s is accepted', async () => {
    const now = h.clock.nowMs();
    const late = await h.call(dev, 'GET', LIST, undefined, { timestamp: String(now - 601_000) });
    assert.equal(late.code, 403);
    assert.match(late.msg, /601/);
    const early = await h.call(dev, 'GET', LIST, undefined, { timestamp: String(now + 601_000) });
    assert.equal(early.code, 403);
    assert.equal((await h.call(dev, 'GET', LIST, undefined, { timestamp: String(now - 599_000) })).code, 200);
    assert.equal(
      (await h.call(dev, 'GET', LIST, undefined, { timestamp: String(Math.floor(now / 1000) - 599) })).code,
      200,
      '10-digit seconds',
    );
  });

  test('405 when a captured request is replayed (same nonce)', async () => {
    const nonceStr = 'replay-me-0123456789abcdef012345';
    assert.equal((await h.call(dev, 'POST', '/v2/open/address/addOrUpdate', address(), { nonceStr })).code, 200);
    const replay = await h.call(dev, 'POST', '/v2/open/address/addOrUpdate', address(), { nonceStr });
    assert.equal(replay.code, 405);
    assert.equal((await h.call(dev, 'GET', LIST)).data.length, 1, 'the replay created nothing');
  });

  test('a refused request does not burn its nonce', async () => {
    const nonceStr = 'bad-signature-nonce-000000000000';
    assert.equal((await h.call({ ...dev, accessSecret: 'x'.repeat(32) }, 'GET', LIST, undefined, { nonceStr })).code, 402);
    assert.equal((await h.call(dev, 'GET', LIST, undefined, { nonceStr })).code, 200);
  });

  test('406 when a viewer sub-account writes; 407 for a foreign or unknown user-id', async () => {
    const viewer = await h.subAccount(dev, 'viewer');
    assert.equal((await h.call(viewer, 'POST', '/v2/open/address/addOrUpdate', address())).code, 406);
    assert.equal((await h.call(viewer, 'GET', LIST)).code, 200);
    const other = await h.developer();
    assert.equal((await h.call({ ...dev, userId: other.userId }, 'GET', LIST)).code, 407);
    assert.equal((await h.call({ ...dev, userId: asUserId('123') }, 'GET', LIST)).code, 407);
  });

  test('400 names the field and rule; bad JSON, oversized body and unknown routes answer in the envelope', async () => {
    const bad = await h.call(
      dev,
      'POST',
      '/v2/open/address/addOrUpdate',
      { ...address(), phone: 'call me' },
      { headers: { 'accept-language': 'en' } },
    );
    assert.equal(bad.code, 400);
    assert.match(bad.msg, /phone/);
    assert.match(bad.msg, /phone number/);
    const json = await h.call(dev, 'POST', '/v2/open/address/addOrUpdate', undefined, { rawBody: '{"name":' });
    assert.equal(json.code, 400);
    assert.equal(json.status, 200);
    const big = await h.call(dev, 'POST', '/v2/open/address/addOrUpdate', { blob: 'x'.repeat(h.config.bodyLimitBytes) });
    assert.equal(big.code, 413);
    const missing = await h.call(dev, 'GET', '/v2/no/such/route');
    assert.equal(missing.code, 404);
    assert.equal(missing.status, 200);
  });

  test('msg follows language (query, body, Accept-Language); zh by default', async () => {
    const wrong = { ...dev, accessSecret: 'y'.repeat(32) };
    const expectations: Array<[Record<string, string>, string, RegExp]> = [
      [{}, '', /签名错误/],
      [{ 'accept-language': 'en-US,en;q=0.9' }, '', /signature mismatch/],
      [{}, '?language=th', /ลายเซ็น/],
      [{}, '?language=vi', /chữ ký/],
      [{ 'accept-language': 'es' }, '', /firma/],
    ];
    for (const [headers, query, pattern] of expectations) {
      const answer = await h.call(wrong, 'GET', `${LIST}${query}`, undefined, { headers });
      assert.match(answer.msg, pattern, JSON.stringify({ headers, query }));
    }
  });

  test('500 hides the cause and logs it under the requestId', async () => {
    const lines: string[] = [];
    const { createLogger } = await import('../src/platform/logger.ts');
    const logger = createLogger('error', { write: (line: string) => lines.push(line) } as unknown as NodeJS.WritableStream);
    const local = await createHarnessWithRoute(logger);
    const d = await local.developer();
    const answer = await local.call(d, 'GET', '/test/boom');
    assert.equal(answer.code, 500);
    assert.doesNotMatch(answer.msg, /SELECT|secret table|at /);
    assert.ok(
      lines.some((l) => l.includes(answer.requestId) && l.includes('secret table exploded')),
      'detail logged under requestId',
    );
    await local.close();
  });
});

describe('HMAC-SHA256 mode, mandatory HMAC and key rotation', () => {
  let h: Harness;
  let dev: CreatedDeveloper;
  before(async () => {
    h = await createHarness();
    dev = await h.developer();
  });
  after(() => h.close());

  test('HMAC mode accepts an intact body and refuses a body changed after signing', async () => {
    assert.equal((await h.call(dev, 'POST', '/v2/open/address/addOrUpdate', address(), { signType: 'HMAC-SHA256' })).code, 200);
    const signedFor = JSON.stringify(address());
    const { signedHeaders } = await import('../sdk/src/index.ts');
    const headers = signedHeaders({ ...dev, body: signedFor, signType: 'HMAC-SHA256', timestamp: String(h.clock.nowMs()) });
    const tampered = JSON.stringify({ ...address(), name: 'Mallory' });
    const response = await h.app.inject({
      method: 'POST',
      url: '/v2/open/address/addOrUpdate',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: tampered,
    });
    assert.equal(response.json().code, 402);
    assert.match(response.json().msg, /body changed after signing/);
  });

  test('408 when the operator makes HMAC mandatory and the request uses MD5', async () => {
    await setRequireHmac(h.ctx, dev.developerId, true);
    assert.equal((await h.call(dev, 'GET', LIST)).code, 408);
    assert.equal((await h.call(dev, 'GET', LIST, undefined, { signType: 'HMAC-SHA256' })).code, 200);
    await setRequireHmac(h.ctx, dev.developerId, false);
  });

  test('rotation without grace: the old secret stops at once', async () => {
    const rotated = await rotateKey(h.ctx, dev.developerId, 0);
    assert.ok(rotated.ok);
    assert.equal((await h.call(dev, 'GET', LIST)).code, 402);
    dev = { ...dev, accessSecret: rotated.accessSecret };
    assert.equal((await h.call(dev, 'GET', LIST)).code, 200);
  });

  test('rotation with grace: both secrets work until the grace ends', async () => {
    const rotated = await rotateKey(h.ctx, dev.developerId, 60_000);
    assert.ok(rotated.ok);
    const fresh = { ...dev, accessSecret: rotated.accessSecret };
    assert.equal((await h.call(dev, 'GET', LIST)).code, 200, 'old secret within grace');
    assert.equal((await h.call(fresh, 'GET', LIST)).code, 200, 'new secret');
    h.clock.advance(61_000);
    assert.equal((await h.call(dev, 'GET', LIST)).code, 402, 'old secret after grace');
    assert.equal((await h.call(fresh, 'GET', LIST)).code, 200);
  });
});

describe('rate limit per access key', () => {
  test('429 with X-RateLimit headers once the burst is spent; tokens refill with time', async () => {
    const h = await createHarness({ rateLimitPerSecond: 5, rateLimitBurst: 5 });
    const dev = await h.developer();
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await h.call(dev, 'GET', LIST)).code);
    assert.deepEqual(codes, [200, 200, 200, 200, 200, 429, 429]);
    const limited = await h.call(dev, 'GET', LIST);
    assert.equal(limited.headers['x-ratelimit-remaining'], '0');
    assert.equal(limited.headers['x-ratelimit-limit'], '5');
    assert.ok(Number(limited.headers['x-ratelimit-reset']) >= 1);
    const other = await h.developer();
    assert.equal((await h.call(other, 'GET', LIST)).code, 200, 'another key has its own bucket');
    h.clock.advance(1000);
    assert.equal((await h.call(dev, 'GET', LIST)).code, 200);
    await h.close();
  });
});

function address() {
  return { name: 'Somchai', province: '浙江省', city: '金华市', district: '义乌市', address: '稠城街道 88 号', phone: '+66 81 234 5678' };
}

const boom = defineRoute({
  method: 'GET',
  path: '/test/boom',
  operationId: 'boom',
  summary: 'throws',
  tags: ['Test'],
  action: 'read',
  data: z.null(),
  errors: [],
  handler: async () => {
    throw new Error('secret table exploded');
  },
});

function createHarnessWithRoute(logger: import('pino').Logger): Promise<Harness> {
  return createHarness({}, { logger, extraRoutes: [boom] });
}
