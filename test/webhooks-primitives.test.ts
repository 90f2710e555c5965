import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import {
  checkCallbackUrl,
  classifyAddress,
  generateWebhookSecret,
  nextAttemptAt,
  PANDAPON_SCHEDULE,
  parseRetrySchedule,
  sendWebhook,
  signWebhook,
  SVIX_SCHEDULE,
  verifyWebhook,
  webhookHeaders,
  type LookupAll,
} from '../src/platform/webhooks/index.ts';

const nowSeconds = () => Math.floor(Date.now() / 1000);
const BODY = '{"messageType":"ORDER_PAY_SUCCESS","messageBody":"{\\"orderId\\":\\"T1\\"}","messagePlatform":0,"timestamp":1700000000000}';

describe('signing', () => {
  it('generates whsec_ secrets of 24 random bytes', () => {
    const secret = generateWebhookSecret();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{32}$/);
    assert.equal(Buffer.from(secret.slice(6), 'base64').length, 24);
    assert.notEqual(generateWebhookSecret(), secret);
  });

  it('produces headers the standardwebhooks reference implementation accepts', () => {
    const secret = generateWebhookSecret();
    const headers = webhookHeaders({ id: 'msg_2bK', timestampSeconds: nowSeconds(), body: BODY, secrets: [secret] });
    assert.equal(headers['content-type'], 'application/json');
    assert.deepEqual(new Webhook(secret).verify(BODY, headers), JSON.parse(BODY));
  });

  it('matches the reference signature byte for byte', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const at = 1_614_265_330;
    const theirs = new Webhook(secret).sign('msg_p5jXN8AQM9LWM0D4loKWxJek', new Date(at * 1000), BODY);
    assert.equal(signWebhook({ id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestampSeconds: at, body: BODY, secrets: [secret] }), theirs);
  });

  it('verifies signatures made by the reference implementation', () => {
    const secret = generateWebhookSecret();
    const at = 1_700_000_000;
    const headers = {
      'Webhook-Id': 'msg_1',
      'Webhook-Timestamp': String(at),
      'Webhook-Signature': new Webhook(secret).sign('msg_1', new Date(at * 1000), BODY),
    };
    assert.deepEqual(verifyWebhook({ headers, body: BODY, secrets: [secret], nowSeconds: at + 10 }), { ok: true });
    assert.deepEqual(verifyWebhook({ headers, body: Buffer.from(BODY), secrets: [secret], nowSeconds: at }), { ok: true });
    assert.deepEqual(verifyWebhook({ headers: new Headers(headers), body: BODY, secrets: [secret], nowSeconds: at }), { ok: true });
  });

  it('signs with every secret during rotation; either secret verifies', () => {
    const [oldSecret, newSecret] = [generateWebhookSecret(), generateWebhookSecret()];
    const headers = webhookHeaders({ id: 'msg_rot', timestampSeconds: nowSeconds(), body: BODY, secrets: [oldSecret, newSecret] });
    assert.equal(headers['webhook-signature'].split(' ').length, 2);
    for (const secret of [oldSecret, newSecret]) {
      assert.deepEqual(verifyWebhook({ headers, body: BODY, secrets: [secret] }), { ok: true });
      new Webhook(secret).verify(BODY, headers);
    }
    const other = generateWebhookSecret();
    assert.equal(verifyWebhook({ headers, body: BODY, secrets: [other] }).ok, false);
    assert.deepEqual(verifyWebhook({ headers, body: BODY, secrets: [other, newSecret] }), { ok: true });
  });

  it('rejects tampered bodies, ids, timestamps and signatures', () => {
    const secret = generateWebhookSecret();
    const at = 1_700_000_000;
    const headers = webhookHeaders({ id: 'msg_t', timestampSeconds: at, body: BODY, secrets: [secret] });
    const check = (h: Record<string, string>, body = BODY) => verifyWebhook({ headers: h, body, secrets: [secret], nowSeconds: at });
    assert.equal(check(headers).ok, true);
    const tampered = [
      check(headers, BODY.replace('T1', 'T2')),
      check({ ...headers, 'webhook-id': 'msg_u' }),
      check({ ...headers, 'webhook-timestamp': String(at + 1) }),
      check({ ...headers, 'webhook-signature': headers['webhook-signature'].replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) }),
      check({ ...headers, 'webhook-signature': headers['webhook-signature'].replace('v1,', 'v1a,') }),
    ];
    for (const result of tampered) assert.equal(result.ok === false && result.reason, 'no-matching-signature');
  });

  it('rejects stale, future and incomplete deliveries with a named reason', () => {
    const secret = generateWebhookSecret();
    const at = 1_700_000_000;
    const headers = webhookHeaders({ id: 'msg_old', timestampSeconds: at, body: BODY, secrets: [secret] });
    const verify = (now: number, tolerance?: number) =>
      verifyWebhook({ headers, body: BODY, secrets: [secret], nowSeconds: now, toleranceSeconds: tolerance });
    assert.equal(verify(at + 300).ok, true);
    const old = verify(at + 301);
    assert.equal(old.ok === false && old.reason, 'timestamp-too-old');
    assert.match(old.ok === false ? old.detail : '', /301 s old/);
    const future = verify(at - 301);
    assert.equal(future.ok === false && future.reason, 'timestamp-too-new');
    assert.equal(verify(at + 600, 900).ok, true);
    assert.throws(() => verify(at, 0), RangeError);
    const { 'webhook-signature': _dropped, ...incomplete } = headers;
    const missing = verifyWebhook({ headers: incomplete, body: BODY, secrets: [secret], nowSeconds: at });
    assert.deepEqual(missing, { ok: false, reason: 'missing-headers', detail: 'missing webhook-signature' });
    const garbled = verifyWebhook({ headers: { ...headers, 'webhook-timestamp': '17e8' }, body: BODY, secrets: [secret], nowSeconds: at });
    assert.equal(garbled.ok === false && garbled.reason, 'missing-headers');
  });

  it('refuses ids containing a dot (the signed content would be ambiguous)', () => {
    assert.throws(() => signWebhook({ id: 'a.b', timestampSeconds: 1, body: '', secrets: [generateWebhookSecret()] }), /contain no '\.'/);
  });

  it('round-trips arbitrary bodies through both implementations (property)', () => {
    const secret = generateWebhookSecret();
    const at = nowSeconds();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/), (body, id) => {
        const headers = webhookHeaders({ id, timestampSeconds: at, body, secrets: [secret] });
        assert.deepEqual(verifyWebhook({ headers, body, secrets: [secret], nowSeconds: at }), { ok: true });
        assert.deepEqual(verifyWebhook({ headers, body: Buffer.from(body, 'utf8'), secrets: [secret], nowSeconds: at }), { ok: true });
        new Webhook(secret).verify(body, headers, { jsonParse: false });
      }),
      { numRuns: 300 },
    );
  });
});

describe('retry schedule', () => {
  it('parses units into milliseconds', () => {
    assert.deepEqual(parseRetrySchedule('30m,30m,30m,30m,30m'), Array(5).fill(1_800_000));
    assert.deepEqual(parseRetrySchedule(' 5s, 2h ,1d '), [5_000, 7_200_000, 86_400_000]);
    assert.deepEqual(parseRetrySchedule('none'), []);
    assert.deepEqual(PANDAPON_SCHEDULE, Array(5).fill(30 * 60_000));
    assert.deepEqual(SVIX_SCHEDULE, [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    assert.ok(Object.isFrozen(PANDAPON_SCHEDULE));
  });

  it('throws a clear error on bad config', () => {
    for (const bad of ['', '30', '30x', '1.5h', '30m,,30m', '-5s', '30 m', 'm']) {
      assert.throws(() => parseRetrySchedule(bad), /retry schedule/, `should reject ${JSON.stringify(bad)}`);
    }
    assert.throws(() => parseRetrySchedule('30m,2q'), /entry 2 \("2q"\)/);
  });

  it('computes the next attempt with injected jitter, and null once exhausted', () => {
    const last = 1_700_000_000_000;
    const base = { schedule: PANDAPON_SCHEDULE, lastAttemptAtMs: last };
    assert.equal(nextAttemptAt({ ...base, attemptsMade: 1, random: () => 0.5 }), last + 1_800_000);
    assert.equal(nextAttemptAt({ ...base, attemptsMade: 1, random: () => 0 }), last + 1_620_000);
    assert.equal(nextAttemptAt({ ...base, attemptsMade: 5, random: () => 0.75 }), last + 1_890_000);
    assert.equal(nextAttemptAt({ ...base, attemptsMade: 5, jitterRatio: 0, random: () => 0 }), last + 1_800_000);
    assert.equal(nextAttemptAt({ ...base, attemptsMade: 6, random: () => 0.5 }), null);
    const svix = { schedule: SVIX_SCHEDULE, lastAttemptAtMs: last, random: () => 0.25 };
    assert.equal(nextAttemptAt({ ...svix, attemptsMade: 1 }), last + 4_750);
    assert.equal(nextAttemptAt({ ...svix, attemptsMade: 7 }), last + 34_200_000);
    assert.equal(nextAttemptAt({ ...svix, attemptsMade: 8 }), null);
    assert.equal(nextAttemptAt({ schedule: [], attemptsMade: 1, lastAttemptAtMs: last }), null);
    assert.throws(() => nextAttemptAt({ ...base, attemptsMade: 0 }), RangeError);
  });

  it('keeps jitter within ±ratio for any random value (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attemptsMade, r) => {
        const at = nextAttemptAt({ schedule: PANDAPON_SCHEDULE, attemptsMade, lastAttemptAtMs: 0, random: () => r });
        assert.ok(at !== null && at >= 1_620_000 && at <= 1_980_000);
      }),
    );
  });
});

describe('SSRF rules', () => {
  const table: Array<[string, ReturnType<typeof classifyAddress>]> = [
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.128.0.1', 'public'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::FFFF:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:c0a8:0101::1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2001:4860:4860::8888', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['::127.0.0.1', 'reserved'],
    ['not-an-ip', 'reserved'],
  ];
  for (const [ip, expected] of table) {
    it(`classifies ${ip} as ${expected}`, () => assert.equal(classifyAddress(ip), expected));
  }

  const lookupOf =
    (answers: Record<string, string[]>): LookupAll =>
    async (hostname) => {
      const found = answers[hostname];
      if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
  const lookup = lookupOf({
    'hooks.example.com': ['93.184.216.34', '2606:4700:4700::1111'],
    'internal.example.com': ['10.0.0.7'],
    'mixed.example.com': ['93.184.216.34', '169.254.169.254'],
    'empty.example.com': [],
  });

  it('accepts public hosts and reports every address', async () => {
    const result = await checkCallbackUrl('https://hooks.example.com/pandapon?x=1', { allowPrivate: false, lookup });
    assert.ok(result.ok);
    assert.deepEqual(result.addresses, ['93.184.216.34', '2606:4700:4700::1111']);
    assert.equal(result.url.pathname, '/pandapon');
  });

  it('refuses private answers, including one private among public ones', async () => {
    for (const url of [
      'http://internal.example.com/',
      'https://mixed.example.com/cb',
      'http://127.0.0.1:8080/',
      'http://[::ffff:127.0.0.1]/',
      'http://2130706433/',
    ]) {
      const result = await checkCallbackUrl(url, { allowPrivate: false, lookup });
      assert.equal(result.ok === false && result.reason, 'private-address', url);
    }
  });

  it('accepts private targets when allowPrivate is set', async () => {
    const result = await checkCallbackUrl('http://internal.example.com/', { allowPrivate: true, lookup });
    assert.ok(result.ok);
    assert.deepEqual(result.addresses, ['10.0.0.7']);
  });

  it('refuses malformed URLs, other schemes, credentials and unresolvable hosts', async () => {
    const cases: Array<[string, string]> = [
      ['not a url', 'invalid-url'],
      ['/relative/path', 'invalid-url'],
      ['ftp://hooks.example.com/', 'unsupported-scheme'],
      ['file:///etc/passwd', 'unsupported-scheme'],
      ['https://user:pass@hooks.example.com/', 'credentials-in-url'],
      ['https://token@hooks.example.com/', 'credentials-in-url'],
      ['https://nowhere.example.com/', 'unresolvable'],
      ['https://empty.example.com/', 'unresolvable'],
    ];
    for (const [url, reason] of cases) {
      const result = await checkCallbackUrl(url, { allowPrivate: true, lookup });
      assert.equal(result.ok === false && result.reason, reason, url);
    }
  });
});

describe('sendWebhook', () => {
  const timers = new Set<NodeJS.Timeout>();
  let received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url === '/ok') return res.writeHead(200).end('success');
      if (req.url === '/fail') return res.writeHead(500).end(`boom ${'x'.repeat(5000)}`);
      if (req.url === '/created') return res.writeHead(201).end();
      if (req.url === '/redirect') return res.writeHead(302, { location: '/ok' }).end();
      if (req.url === '/slow') timers.add(setTimeout(() => res.writeHead(200).end('late'), 1500));
    });
  });
  let base = '';
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    for (const timer of timers) clearTimeout(timer);
    server.closeAllConnections();
    server.close();
  });
  const secret = generateWebhookSecret();
  const send = (path: string, extra: { timeoutMs?: number } = {}) => {
    received = [];
    const headers = webhookHeaders({ id: 'msg_send', timestampSeconds: nowSeconds(), body: BODY, secrets: [secret] });
    return sendWebhook({ url: `${base}${path}`, headers, body: BODY, allowPrivate: true, ...extra });
  };

  it('delivers a signed POST and treats 200 as success', async () => {
    const result = await send('/ok');
    assert.equal(result.ok, true);
    assert.equal(result.statusCode, 200);
    assert.equal(result.responseSnippet, 'success');
    assert.equal(result.error, undefined);
    const [delivery] = received;
    assert.ok(delivery);
    assert.equal(delivery.body, BODY);
    assert.equal(delivery.headers['content-type'], 'application/json');
    assert.match(delivery.headers.host ?? '', /^127\.0\.0\.1:\d+$/);
    new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>);
  });

  it('reports a 500 as a failure with a 1 KiB snippet', async () => {
    const result = await send('/fail');
    assert.equal(result.ok, false);
    assert.equal(result.statusCode, 500);
    assert.equal(result.responseSnippet.length, 1024);
    assert.ok(result.responseSnippet.startsWith('boom x'));
  });

  it('accepts only 200 exactly and does not follow redirects', async () => {
    assert.deepEqual(
      [await send('/created'), await send('/redirect')].map((r) => [r.ok, r.statusCode]),
      [
        [false, 201],
        [false, 302],
      ],
    );
    assert.equal(received.length, 1, 'the redirect target was not requested');
  });

  it('gives up at the timeout when the receiver is slow', async () => {
    const result = await send('/slow');
    assert.equal(result.ok, false);
    assert.equal(result.error, 'timeout');
    assert.equal(result.statusCode, null);
    assert.ok(result.latencyMs >= 990 && result.latencyMs < 1450, `latency ${result.latencyMs} ms`);
  });

  it('reports connection-refused on a closed port', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await sendWebhook({ url: `http://127.0.0.1:${port}/`, headers: {}, body: BODY, allowPrivate: true });
    assert.equal(result.ok, false);
    assert.equal(result.error, 'connection-refused');
  });

  it('refuses private targets without allowPrivate, before connecting', async () => {
    received = [];
    const result = await sendWebhook({ url: `${base}/ok`, headers: {}, body: BODY, allowPrivate: false });
    assert.equal(result.error, 'private-address');
    assert.equal(received.length, 0);
  });

  it('connects to the checked address, not a second resolution', async () => {
    const port = new URL(base).port;
    let calls = 0;
    const rebinding: LookupAll = async () => (calls++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.9.9.9', family: 4 }]);
    received = [];
    const result = await sendWebhook({
      url: `http://hooks.test:${port}/ok`,
      headers: {},
      body: BODY,
      allowPrivate: true,
      lookup: rebinding,
    });
    assert.equal(result.ok, true);
    assert.equal(calls, 1);
    assert.equal(received[0]?.headers.host, `hooks.test:${port}`);
  });
});
