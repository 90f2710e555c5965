/** The playground's signing code against the README's published test vectors: header form, query form, multipart. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type SignRequest, signPairs, signRequest } from '../console/src/dev/signing.ts';

const secret = '3f1b2c4d5e6f708192a3b4c5d6e7f809';
const body = '{"name":"Somchai","province":"浙江省"}';
const base: SignRequest = {
  form: 'header',
  accessKey: '58c0201dfdf148eca63cbf6bb5e7cf03',
  userId: '2100007341207',
  nonceStr: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  timestamp: '1715669977082',
  signType: 'MD5',
  query: [],
  body,
  multipart: false,
};
const canonical = `access-key=${base.accessKey}&nonce-str=${base.nonceStr}&timestamp=1715669977082`;
const bodySha256 = 'd94dc699d15d0ea6242d8430aa1162eb57ac382a16bfe1737d7c2367b3c03798';
const EMPTY_HMAC = '0BE2F652C6F1C38B70171C191832AF11A6FB35F6A565762BFA79D546585B200C';

test('header MD5: the canonical string plus &secret=, upper-case hex; sign-type is not sent', () => {
  const signed = signRequest(base, secret);
  assert.equal(signed.canonical, canonical);
  assert.equal(signed.stringToSign, `${canonical}&secret=${secret}`);
  assert.equal(signed.signature, '51670AEBF2E50CC744BF09F049D36632');
  assert.deepEqual(signed.headers, {
    'access-key': base.accessKey,
    'user-id': base.userId,
    timestamp: base.timestamp,
    signature: '51670AEBF2E50CC744BF09F049D36632',
    'nonce-str': base.nonceStr,
  });
  assert.deepEqual(signed.query, []);
});

test('header HMAC-SHA256 covers the UTF-8 body, and an empty one (a GET)', () => {
  const signed = signRequest({ ...base, signType: 'HMAC-SHA256' }, secret);
  assert.equal(signed.canonical, `${canonical}&body-sha256=${bodySha256}`);
  assert.equal(signed.signature, 'C4F6F4E206038B5B5B6EC27A0AD134CEEC2747E66B6701261F6C62FC4C0A8EB7');
  assert.equal(signed.headers['sign-type'], 'HMAC-SHA256');
  const empty = signRequest({ ...base, body: '', signType: 'HMAC-SHA256' }, secret);
  assert.match(empty.canonical, /&body-sha256=e3b0c442[0-9a-f]+b855$/);
  assert.equal(empty.signature, EMPTY_HMAC);
});

test('multipart: the body is not signed, so HMAC mode gives the empty-body vector whatever the form holds', () => {
  const signed = signRequest({ ...base, body: 'imageData=…', multipart: true, signType: 'HMAC-SHA256' }, secret);
  assert.equal(signed.signature, EMPTY_HMAC);
  assert.equal(signRequest({ ...base, multipart: true }, secret).signature, '51670AEBF2E50CC744BF09F049D36632');
});

test('query form vectors: every query parameter but sign, sorted, in MD5 and HMAC-SHA256', () => {
  const pairs = [
    ['access-key', base.accessKey],
    ['nonce-str', base.nonceStr],
    ['timestamp', base.timestamp],
    ['user-id', base.userId],
  ] as const;
  const md5 = signPairs(pairs, 'MD5', body, secret);
  assert.equal(md5.stringToSign, `${canonical}&user-id=2100007341207&secret=${secret}`);
  assert.equal(md5.signature, 'E549668F5DA9E7114D5FB374CA065553');
  const hmac = signPairs(pairs, 'HMAC-SHA256', body, secret);
  assert.equal(hmac.canonical, `${canonical}&user-id=2100007341207&body-sha256=${bodySha256}`);
  assert.equal(hmac.signature, '612849C04ED0B4F297AE208FA465648FBECA193EDF3F80192B32687E5BE94683');
});

test('a query-form request carries the signing set and sign in the query, no headers; its own parameters are signed too', () => {
  const signed = signRequest({ ...base, form: 'query' }, secret);
  assert.equal(signed.signature, 'E549668F5DA9E7114D5FB374CA065553');
  assert.deepEqual(signed.headers, {});
  assert.deepEqual(Object.fromEntries(signed.query), {
    'access-key': base.accessKey,
    timestamp: base.timestamp,
    'nonce-str': base.nonceStr,
    'user-id': base.userId,
    sign: 'E549668F5DA9E7114D5FB374CA065553',
  });
  const hmac = signRequest({ ...base, form: 'query', signType: 'HMAC-SHA256', query: [['language', 'en']] }, secret);
  assert.equal(
    hmac.canonical,
    `access-key=${base.accessKey}&language=en&nonce-str=${base.nonceStr}&sign-type=HMAC-SHA256&timestamp=1715669977082` +
      `&user-id=2100007341207&body-sha256=${bodySha256}`,
  );
  assert.equal(hmac.query.at(-1)?.[0], 'sign');
});

test('a wrong secret gives another signature in each form', () => {
  for (const form of ['header', 'query'] as const) {
    const request = { ...base, form };
    assert.notEqual(signRequest(request, `${secret}0`).signature, signRequest(request, secret).signature);
  }
});
