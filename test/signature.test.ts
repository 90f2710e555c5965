import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalString, computeSignature, parseTimestampMs } from '../src/platform/auth/index.ts';

// The published test vectors (README and ARCHITECTURE.md §4), computed independently with md5sum/openssl.
const vector = {
  accessKey: '58c0201dfdf148eca63cbf6bb5e7cf03',
  secret: '3f1b2c4d5e6f708192a3b4c5d6e7f809',
  nonceStr: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  timestamp: '1715669977082',
  body: '{"name":"Somchai","province":"浙江省"}',
};

test('MD5 mode reproduces the published vector', () => {
  const input = { accessKey: vector.accessKey, timestamp: vector.timestamp, nonceStr: vector.nonceStr };
  assert.equal(canonicalString(input), `access-key=${vector.accessKey}&nonce-str=${vector.nonceStr}&timestamp=${vector.timestamp}`);
  assert.equal(computeSignature(input, vector.secret), '51670AEBF2E50CC744BF09F049D36632');
});

test('MD5 mode ignores the body (PandaPon signs only the system parameters)', () => {
  const input = { accessKey: vector.accessKey, timestamp: vector.timestamp, nonceStr: vector.nonceStr };
  assert.equal(computeSignature({ ...input, body: '{"x":1}' }, vector.secret), '51670AEBF2E50CC744BF09F049D36632');
});

test('HMAC-SHA256 mode covers the raw body and reproduces the published vectors', () => {
  const input = { accessKey: vector.accessKey, timestamp: vector.timestamp, nonceStr: vector.nonceStr, signType: 'HMAC-SHA256' as const };
  assert.equal(
    canonicalString({ ...input, body: vector.body }),
    `access-key=${vector.accessKey}&nonce-str=${vector.nonceStr}&timestamp=${vector.timestamp}&body-sha256=d94dc699d15d0ea6242d8430aa1162eb57ac382a16bfe1737d7c2367b3c03798`,
  );
  assert.equal(
    computeSignature({ ...input, body: Buffer.from(vector.body, 'utf8') }, vector.secret),
    'C4F6F4E206038B5B5B6EC27A0AD134CEEC2747E66B6701261F6C62FC4C0A8EB7',
  );
  assert.equal(computeSignature({ ...input, body: '' }, vector.secret), '0BE2F652C6F1C38B70171C191832AF11A6FB35F6A565762BFA79D546585B200C');
  assert.notEqual(
    computeSignature({ ...input, body: vector.body.replace('Somchai', 'Somchat') }, vector.secret),
    'C4F6F4E206038B5B5B6EC27A0AD134CEEC2747E66B6701261F6C62FC4C0A8EB7',
  );
});

test('timestamps: 10-digit seconds and 13-digit milliseconds only', () => {
  assert.equal(parseTimestampMs('1715669977'), 1715669977000);
  assert.equal(parseTimestampMs('1715669977082'), 1715669977082);
  for (const bad of ['', '171566997708', '17156699770821', '1715669977.0', 'abc']) assert.equal(parseTimestampMs(bad), null, bad);
});
