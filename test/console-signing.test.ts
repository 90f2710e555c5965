/** The playground's signing code against the README's published test vectors (header form). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalString, signature, signedHeaders, stringToSign } from '../console/src/dev/signing.ts';

const base = {
  accessKey: '58c0201dfdf148eca63cbf6bb5e7cf03',
  nonceStr: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  timestamp: '1715669977082',
  body: '{"name":"Somchai","province":"浙江省"}',
};
const secret = '3f1b2c4d5e6f708192a3b4c5d6e7f809';
const canonical = `access-key=${base.accessKey}&nonce-str=${base.nonceStr}&timestamp=1715669977082`;

test('MD5 mode: the canonical string plus &secret=, upper-case hex', () => {
  const input = { ...base, signType: 'MD5' as const };
  assert.equal(canonicalString(input), canonical);
  assert.equal(stringToSign(input, secret), `${canonical}&secret=${secret}`);
  assert.equal(signature(input, secret), '51670AEBF2E50CC744BF09F049D36632');
});

test('HMAC-SHA256 mode covers the UTF-8 body', () => {
  const input = { ...base, signType: 'HMAC-SHA256' as const };
  assert.equal(canonicalString(input), `${canonical}&body-sha256=d94dc699d15d0ea6242d8430aa1162eb57ac382a16bfe1737d7c2367b3c03798`);
  assert.equal(signature(input, secret), 'C4F6F4E206038B5B5B6EC27A0AD134CEEC2747E66B6701261F6C62FC4C0A8EB7');
});

test('HMAC-SHA256 mode with an empty body (a GET)', () => {
  const input = { ...base, body: '', signType: 'HMAC-SHA256' as const };
  assert.match(canonicalString(input), /&body-sha256=e3b0c442[0-9a-f]+b855$/);
  assert.equal(signature(input, secret), '0BE2F652C6F1C38B70171C191832AF11A6FB35F6A565762BFA79D546585B200C');
});

test('a wrong secret gives another signature; the headers carry sign-type only in HMAC mode', () => {
  const input = { ...base, signType: 'MD5' as const };
  assert.notEqual(signature(input, `${secret}0`), '51670AEBF2E50CC744BF09F049D36632');
  assert.equal(signedHeaders({ ...input, userId: '1' }, secret)['sign-type'], undefined);
  assert.equal(signedHeaders({ ...input, signType: 'HMAC-SHA256', userId: '1' }, secret)['sign-type'], 'HMAC-SHA256');
});
