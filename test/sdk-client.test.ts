/**
 * The SDK package alone: its signers against the README's vectors, and its client against a small
 * local server that fails first (a rate limit with a reset, a 503, a dropped connection), so a
 * retried create is seen to carry the same Idempotency-Key under a fresh signature.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { computeQuerySign, computeSignature, createClient, parseWebhookMessage, receiveWebhook, verifyWebhook } from '../sdk/src/index.ts';

const V = {
  accessKey: '58c0201dfdf148eca63cbf6bb5e7cf03',
  secret: '3f1b2c4d5e6f708192a3b4c5d6e7f809',
  nonceStr: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  timestamp: '1715669977082',
  body: '{"name":"Somchai","province":"浙江省"}',
};

test('the signers reproduce the README test vectors, header and query form', () => {
  const input = { accessKey: V.accessKey, timestamp: V.timestamp, nonceStr: V.nonceStr };
  assert.equal(computeSignature({ ...input, body: V.body }, V.secret), '51670AEBF2E50CC744BF09F049D36632');
  assert.equal(
    computeSignature({ ...input, body: V.body, signType: 'HMAC-SHA256' }, V.secret),
    'C4F6F4E206038B5B5B6EC27A0AD134CEEC2747E66B6701261F6C62FC4C0A8EB7',
  );
  assert.equal(
    computeSignature({ ...input, signType: 'HMAC-SHA256' }, V.secret),
    '0BE2F652C6F1C38B70171C191832AF11A6FB35F6A565762BFA79D546585B200C',
  );
  const query: Array<[string, string]> = [
    ['user-id', '2100007341207'],
    ['timestamp', V.timestamp],
    ['nonce-str', V.nonceStr],
    ['access-key', V.accessKey],
    ['sign', 'ignored'],
  ];
  assert.equal(computeQuerySign(query, V.secret), 'E549668F5DA9E7114D5FB374CA065553');
  assert.equal(
    computeQuerySign(query, V.secret, 'HMAC-SHA256', V.body),
    '612849C04ED0B4F297AE208FA465648FBECA193EDF3F80192B32687E5BE94683',
  );
});

interface Seen {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
type Script = (seen: Seen, req: http.IncomingMessage, res: http.ServerResponse) => void;

const seen: Seen[] = [];
let script: Script[] = [];
let server: http.Server;
let baseUrl = '';

const envelope = (code: number, data: unknown) =>
  JSON.stringify({ requestId: 'r'.repeat(32), code, developId: '1', msg: code === 200 ? 'success' : 'failed', data });
const answer =
  (code: number, data: unknown, headers: Record<string, string> = {}): Script =>
  (_seen, _req, res) =>
    res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(envelope(code, data));
const drop: Script = (_seen, req) => req.socket.destroy();
const status =
  (statusCode: number): Script =>
  (_seen, _req, res) =>
    res.writeHead(statusCode, { 'content-type': 'text/plain' }).end('unavailable');

before(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const entry = { url: req.url ?? '', headers: req.headers, body };
      seen.push(entry);
      (script.shift() ?? answer(200, { ok: true }))(entry, req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => {
  // The timeout test leaves one request unanswered on purpose.
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

function client(waits: number[], retries = 3) {
  seen.length = 0;
  return createClient({
    baseUrl,
    accessKey: V.accessKey,
    accessSecret: V.secret,
    userId: '2100007341207',
    signType: 'HMAC-SHA256',
    retries,
    timeoutMs: 2000,
    retryPolicy: { random: () => 0.5, sleep: async (ms) => void waits.push(ms) },
  });
}

test('a create retried after a rate limit, a 503 and a dropped connection orders once: one Idempotency-Key, a fresh nonce each time', async () => {
  const waits: number[] = [];
  const sdk = client(waits);
  script = [
    answer(429, null, { 'x-ratelimit-reset': '2' }),
    status(503),
    drop,
    answer(200, { purchaseOrderId: '1', purchaseOrderIds: ['1'] }),
  ];
  const body = { orderLineList: '[]', receiver: '{}', purchaseAmount: 100 };
  const result = await sdk.POST('/v2/taobao/order/create', { body });
  assert.ok(result.ok, JSON.stringify(result));
  assert.equal(result.data?.purchaseOrderId, '1');
  assert.equal(seen.length, 4);
  const keys = new Set(seen.map((s) => s.headers['idempotency-key']));
  assert.equal(keys.size, 1);
  assert.match(String([...keys][0]), /^[0-9a-f-]{36}$/);
  assert.equal(new Set(seen.map((s) => s.headers['nonce-str'])).size, 4, 'each attempt signed anew');
  for (const s of seen) {
    assert.deepEqual(JSON.parse(s.body), body);
    const signed = {
      accessKey: V.accessKey,
      timestamp: String(s.headers.timestamp),
      nonceStr: String(s.headers['nonce-str']),
      body: s.body,
    };
    assert.equal(s.headers.signature, computeSignature({ ...signed, signType: 'HMAC-SHA256' }, V.secret));
  }
  // Full jitter with random 0.5: half of 200·2^n; the rate limit waits its 2 s reset instead.
  assert.deepEqual(waits, [2000, 200, 400]);
});

test('a call that is not a create is not repeated after a dropped connection, nor after a 5xx', async () => {
  const sdk = client([]);
  script = [drop];
  await assert.rejects(sdk.POST('/v2/taobao/order/pay', { body: { purchaseOrderId: '1' } }));
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.headers['idempotency-key'], undefined);
  script = [status(502)];
  const failed = await sdk.POST('/v2/taobao/order/pay', { body: { purchaseOrderId: '1' } });
  assert.deepEqual(failed.ok ? 'ok' : [failed.name, failed.code], ['TRANSPORT', 502]);
  assert.equal(seen.length, 2);
});

test('reads retry until the retries run out; a business failure is a typed result, never retried', async () => {
  const waits: number[] = [];
  const sdk = client(waits, 2);
  script = [status(500), status(500), status(500)];
  const exhausted = await sdk.GET('/v2/open/address/list');
  assert.deepEqual(exhausted.ok ? 'ok' : [exhausted.name, exhausted.code], ['TRANSPORT', 500]);
  assert.equal(seen.length, 3);
  seen.length = 0;
  script = [answer(2001, { shortfallFen: 5 })];
  const refused = await sdk.POST('/v2/taobao/order/pay', { body: { purchaseOrderId: '1' } });
  assert.deepEqual(refused.ok ? 'ok' : [refused.name, refused.code, refused.data], ['INSUFFICIENT_BALANCE', 2001, { shortfallFen: 5 }]);
  assert.equal(seen.length, 1);
});

test('a timeout aborts the attempt; a caller may pass its own Idempotency-Key; ids beyond 2^53 arrive as exact strings', async () => {
  const sdk = client([], 0);
  script = [() => undefined];
  const short = createClient({ baseUrl, accessKey: V.accessKey, accessSecret: V.secret, userId: '1', timeoutMs: 50, retries: 0 });
  await assert.rejects(short.GET('/v2/open/address/list'), { name: 'TimeoutError' });
  seen.length = 0;
  script = [
    (_s, _req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(`{"requestId":"x","code":200,"developId":"1","msg":"ok","data":{"id":12345678901234567890,"n":7}}`),
  ];
  const raw = await sdk.call<{ id: string; n: number }>('POST', '/v2/alibaba/order/create', {
    body: {},
    headers: { 'Idempotency-Key': 'mine' },
  });
  assert.deepEqual(raw.data, { id: '12345678901234567890', n: 7 });
  assert.equal(seen[0]!.headers['idempotency-key'], 'mine');
});

test('webhooks: the verifier accepts what a Standard Webhooks library signs, refuses a changed body and an old timestamp, and types the message', () => {
  const secret = `whsec_${Buffer.alloc(24, 9).toString('base64')}`;
  const messageBody = JSON.stringify({ purchase_id: 3779263200012345, outer_purchase_id: 'PO1', status: 'WAIT_BUYER_PAY' });
  const body = JSON.stringify({
    messageType: 'TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
    messageBody,
    messagePlatform: 0,
    timestamp: '1779263269913',
  });
  const nowSeconds = 1_779_263_270;
  const signature = new Webhook(secret).sign('msg_1', new Date(nowSeconds * 1000), body);
  const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(nowSeconds), 'webhook-signature': signature };
  const received = receiveWebhook({ headers, body, secrets: [`whsec_${Buffer.alloc(24, 1).toString('base64')}`, secret], nowSeconds });
  assert.ok(received.ok, JSON.stringify(received));
  assert.equal(received.id, 'msg_1');
  const { message } = received;
  assert.equal(message.messageType === 'TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY' && message.messageBody.outer_purchase_id, 'PO1');
  assert.deepEqual(verifyWebhook({ headers, body: body.replace('PO1', 'PO2'), secrets: [secret], nowSeconds }).ok, false);
  const old = verifyWebhook({ headers, body, secrets: [secret], nowSeconds: nowSeconds + 301 });
  assert.equal(old.ok || old.reason, 'timestamp-too-old');
  assert.equal(verifyWebhook({ headers: {}, body, secrets: [secret] }).ok || 'refused', 'refused');
  assert.throws(() => verifyWebhook({ headers, body, secrets: [secret], toleranceSeconds: 0 }), RangeError);
  assert.equal(parseWebhookMessage('[1]'), null);
  const inline = parseWebhookMessage(
    JSON.stringify({ messageType: 'TAOBAO_ORDER_BUYER_VIEW_BUYER_STATUS', messageBody: [{ a: 1 }], messagePlatform: 0 }),
  );
  assert.deepEqual(inline?.messageBody, [{ a: 1 }]);
});
