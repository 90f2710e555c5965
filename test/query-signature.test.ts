import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { codeOf } from '../src/platform/errors.ts';
import { computeQuerySign, queryCanonicalString } from '../src/platform/auth/index.ts';
import { defineRoute, ok } from '../src/platform/http/index.ts';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

// A test-only route under the logistics prefix (none is served on this branch yet) and one elsewhere.
const echo = (path: '/v2/open/pp/logistics/echoForTest' | '/v2/open/other/echoForTest', aliases: string[]) =>
  defineRoute({
    method: 'POST',
    path,
    aliases,
    operationId: `echoForTest${path.length}`,
    summary: 'test only',
    tags: ['test'],
    action: 'read',
    body: z.object({ n: z.number().int() }),
    data: z.object({ n: z.number().int(), userId: z.string() }),
    errors: [],
    handler: async (ctx, input) => ok({ n: input.body.n, userId: String(ctx.userId) }),
  });
const LOGISTICS = '/v2/open/pp/logistics/echoForTest';
const V1 = '/open/pp/logistics/echoForTest';
const OTHER = '/v2/open/other/echoForTest';

// The published vectors (README signing section, docs/decisions/001-signature-rule.md), computed with md5sum/openssl.
const VECTOR = {
  accessKey: '58c0201dfdf148eca63cbf6bb5e7cf03',
  secret: '3f1b2c4d5e6f708192a3b4c5d6e7f809',
  pairs: [
    ['timestamp', '1715669977082'],
    ['user-id', '2100007341207'],
    ['access-key', '58c0201dfdf148eca63cbf6bb5e7cf03'],
    ['nonce-str', 'a1b2c3d4e5f60718293a4b5c6d7e8f90'],
  ] as Array<[string, string]>,
  body: '{"name":"Somchai","province":"浙江省"}',
};

test('the query rule reproduces the published vectors', () => {
  assert.equal(
    queryCanonicalString([...VECTOR.pairs, ['sign', 'ignored']], 'MD5'),
    'access-key=58c0201dfdf148eca63cbf6bb5e7cf03&nonce-str=a1b2c3d4e5f60718293a4b5c6d7e8f90&timestamp=1715669977082&user-id=2100007341207',
  );
  assert.equal(computeQuerySign(VECTOR.pairs, VECTOR.secret), 'E549668F5DA9E7114D5FB374CA065553');
  assert.equal(
    computeQuerySign(VECTOR.pairs, VECTOR.secret, 'HMAC-SHA256', VECTOR.body),
    '612849C04ED0B4F297AE208FA465648FBECA193EDF3F80192B32687E5BE94683',
  );
});

describe('query timestamp + sign on the logistics prefixes', () => {
  let h: Harness;
  let dev: CreatedDeveloper;
  before(async () => {
    h = await createHarness({}, { extraRoutes: [echo(LOGISTICS, [V1]), echo(OTHER, [])] });
    dev = await h.developer();
  });
  after(() => h.close());

  interface Sent {
    who?: CreatedDeveloper;
    path?: string;
    timestamp?: string;
    nonce?: string | null;
    extra?: Array<[string, string]>;
    sign?: string | null;
    signType?: 'HMAC-SHA256';
    body?: string;
    headers?: Record<string, string>;
  }
  let counter = 0;
  async function send(s: Sent = {}) {
    const who = s.who ?? dev;
    const body = s.body ?? '{"n":7}';
    const pairs: Array<[string, string]> = [
      ['access-key', who.accessKey],
      ['user-id', who.userId],
      ['timestamp', s.timestamp ?? String(h.clock.nowMs())],
      ...(s.nonce === null ? [] : ([['nonce-str', s.nonce ?? `nonce-${++counter}-abcdef`]] as Array<[string, string]>)),
      ...(s.signType ? ([['sign-type', s.signType]] as Array<[string, string]>) : []),
      ...(s.extra ?? []),
    ];
    // A nonce sent only as the header is signed as if it were a query parameter.
    const headerNonce =
      s.nonce === null && s.headers?.['nonce-str'] ? ([['nonce-str', s.headers['nonce-str']]] as Array<[string, string]>) : [];
    const signed = [...pairs, ...headerNonce];
    const sign = s.sign === undefined ? computeQuerySign(signed, who.accessSecret, s.signType ?? 'MD5', body) : s.sign;
    const query = new URLSearchParams([...pairs, ...(sign === null ? [] : ([['sign', sign]] as Array<[string, string]>))]);
    const url = `${s.path ?? LOGISTICS}?${query}`;
    const response = await h.app.inject({
      method: 'POST',
      url,
      payload: body,
      headers: { 'content-type': 'application/json', ...s.headers },
    });
    return response.json() as { code: number; msg: string; data: { n: number; userId: string } | null };
  }

  test('MD5 and HMAC-SHA256 query signatures are accepted on v2 and v1', async () => {
    const md5 = await send();
    assert.equal(md5.code, 200);
    assert.deepEqual(md5.data, { n: 7, userId: dev.userId });
    assert.equal((await send({ signType: 'HMAC-SHA256' })).code, 200);
    assert.equal((await send({ path: V1 })).code, 200);
    // Like the header form, the nonce is required when the server requires it (the default).
    const expected = h.config.requireNonce ? codeOf('BAD_PARAMETER') : 200;
    assert.equal((await send({ nonce: null })).code, expected);
  });

  test('extra query parameters are signed too', async () => {
    const pairs: Array<[string, string]> = [['language', 'en']];
    assert.equal((await send({ extra: pairs })).code, 200);
    const tampered = await send({ extra: pairs, sign: computeQuerySign([['access-key', dev.accessKey]], dev.accessSecret) });
    assert.equal(tampered.code, codeOf('SIGNATURE_MISMATCH'));
  });

  test('HMAC mode covers the body: a changed body is refused', async () => {
    const pairs: Array<[string, string]> = [
      ['access-key', dev.accessKey],
      ['user-id', dev.userId],
      ['timestamp', String(h.clock.nowMs())],
      ['sign-type', 'HMAC-SHA256'],
      ['nonce-str', 'hmac-body-nonce-01'],
    ];
    const sign = computeQuerySign(pairs, dev.accessSecret, 'HMAC-SHA256', '{"n":7}');
    const url = `${LOGISTICS}?${new URLSearchParams([...pairs, ['sign', sign]])}`;
    const answer = await h.app.inject({ method: 'POST', url, payload: '{"n":8}', headers: { 'content-type': 'application/json' } });
    assert.equal(answer.json().code, codeOf('SIGNATURE_MISMATCH'));
  });

  test('missing sign is a bad parameter naming sign', async () => {
    const answer = await send({ sign: null });
    assert.equal(answer.code, codeOf('BAD_PARAMETER'));
    assert.match(answer.msg, /sign/);
  });

  test('a wrong sign, a stale timestamp, an unknown key, a replayed nonce', async () => {
    assert.equal((await send({ sign: 'B5E6AA4F5DF71E4E17E62FB5F6B51C49' })).code, codeOf('SIGNATURE_MISMATCH'));
    const stale = String(h.clock.nowMs() - h.config.signatureWindowMs - 1000);
    assert.equal((await send({ timestamp: stale })).code, codeOf('TIMESTAMP_OUT_OF_WINDOW'));
    const unknown = { ...dev, accessKey: 'ffffffffffffffffffffffffffffffff' };
    assert.equal((await send({ who: unknown })).code, codeOf('ACCESS_KEY_INVALID'));
    assert.equal((await send({ nonce: 'replayed-nonce-0001' })).code, 200);
    assert.equal((await send({ nonce: 'replayed-nonce-0001' })).code, codeOf('NONCE_REUSED'));
  });

  test('a nonce sent as the header is signed and claimed like a query one', async () => {
    const headers = { 'nonce-str': 'header-nonce-0001' };
    assert.equal((await send({ nonce: null, headers })).code, 200);
    assert.equal((await send({ nonce: null, headers })).code, codeOf('NONCE_REUSED'));
    assert.equal((await send({ nonce: 'header-nonce-0002', headers: { 'nonce-str': 'header-nonce-0003' } })).code, codeOf('BAD_PARAMETER'));
    // Signed without the header nonce: refused, so a nonce cannot be swapped under a captured sign.
    const pairs: Array<[string, string]> = [
      ['access-key', dev.accessKey],
      ['user-id', dev.userId],
      ['timestamp', String(h.clock.nowMs())],
    ];
    const url = `${LOGISTICS}?${new URLSearchParams([...pairs, ['sign', computeQuerySign(pairs, dev.accessSecret)]])}`;
    const headers2 = { 'content-type': 'application/json', 'nonce-str': 'header-nonce-0004' };
    const unsigned = await h.app.inject({ method: 'POST', url, payload: '{"n":7}', headers: headers2 });
    assert.equal(unsigned.json().code, codeOf('SIGNATURE_MISMATCH'));
  });

  test('a parameter sent twice is refused', async () => {
    const answer = await send({ extra: [['timestamp', '1715669977082']] });
    assert.equal(answer.code, codeOf('BAD_PARAMETER'));
  });

  test('another prefix does not take the query form', async () => {
    const answer = await send({ path: OTHER });
    assert.equal(answer.code, codeOf('ACCESS_KEY_INVALID'));
  });

  test('the header form still works on the logistics prefix', async () => {
    const answer = await h.call(dev, 'POST', LOGISTICS, { n: 3 });
    assert.equal(answer.code, 200);
    assert.equal(answer.data.n, 3);
  });
});
