import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { canonical, fillPath, signHmac, signMd5, verifyStandardWebhook } from './helpers/independent-client.ts';

/**
 * The independent client's signer against the README's published test vectors (computed there
 * with md5sum/openssl), and its webhook verifier against the standardwebhooks package, a third
 * implementation: if either drifted from the documentation the journeys built on them would prove nothing.
 */
const VECTOR = {
  accessKey: '58c0201dfdf148eca63cbf6bb5e7cf03',
  nonceStr: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  timestamp: '1715669977082',
};
const SECRET = '3f1b2c4d5e6f708192a3b4c5d6e7f809';

test('the signer reproduces the README vectors: MD5, HMAC-SHA256 over a UTF-8 body, HMAC over the empty body', () => {
  assert.equal(canonical(VECTOR), `access-key=${VECTOR.accessKey}&nonce-str=${VECTOR.nonceStr}&timestamp=${VECTOR.timestamp}`);
  assert.equal(signMd5(VECTOR, SECRET), '51670AEBF2E50CC744BF09F049D36632');
  const body = Buffer.from('{"name":"Somchai","province":"浙江省"}', 'utf8');
  assert.equal(signHmac(VECTOR, SECRET, body), 'C4F6F4E206038B5B5B6EC27A0AD134CEEC2747E66B6701261F6C62FC4C0A8EB7');
  assert.equal(signHmac(VECTOR, SECRET, ''), '0BE2F652C6F1C38B70171C191832AF11A6FB35F6A565762BFA79D546585B200C');
  assert.notEqual(signHmac(VECTOR, SECRET, Buffer.from('{"name":"Somchai","province":"浙江"}')), signHmac(VECTOR, SECRET, body));
});

test('path parameters are URL-encoded and a missing one is an error', () => {
  assert.equal(fillPath('/open/order/refund/cancel/{refundId}', { refundId: 'a/b c' }), '/open/order/refund/cancel/a%2Fb%20c');
  assert.throws(() => fillPath('/x/{refundId}', {}), /refundId/);
});

test('the webhook verifier accepts what standardwebhooks signs and refuses a changed body, id or secret', () => {
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const id = 'msg_2b1d8e0f';
  const at = new Date(Math.floor(Date.now() / 1000) * 1000);
  const body = JSON.stringify({ messageType: 'X', messageBody: '{"refundId":"TQ1"}' });
  const signature = new Webhook(secret).sign(id, at, body);
  const headers = { id, timestamp: String(at.getTime() / 1000), signature };
  assert.deepEqual(verifyStandardWebhook(secret, headers, body), { ok: true });
  assert.equal(verifyStandardWebhook(secret, headers, `${body} `).ok, false);
  assert.equal(verifyStandardWebhook(secret, { ...headers, id: 'msg_other' }, body).ok, false);
  assert.equal(verifyStandardWebhook(`whsec_${randomBytes(24).toString('base64')}`, headers, body).ok, false);
  // Several live secrets (rotation): any one entry matching is enough.
  assert.deepEqual(verifyStandardWebhook(secret, { ...headers, signature: `v1,AAAA ${signature}` }, body), { ok: true });
});
