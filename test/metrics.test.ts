import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { createDispatcher } from '../src/modules/callbacks/index.ts';
import { topUp } from '../src/modules/wallet/index.ts';
import { connect, setMeta } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/logger.ts';
import { definePublicRoute } from '../src/platform/http/index.ts';
import { createMetrics, METRICS, watch, type Metrics } from '../src/platform/metrics/index.ts';
import { emitEvent, OUTBOX_CURSOR_LAG_MS, settleOutboxCursor } from '../src/platform/outbox/index.ts';
import { createSandboxSource } from '../src/sources/sandbox/source.ts';
import { pandaPonMessages } from '../src/wire/callbacks/bodies.ts';
import { startReceiver, type Receiver } from './helpers/callback-receiver.ts';
import { onPostgres } from './helpers/db.ts';
import { ADMIN_TOKEN, createHarness, type Harness } from './helpers/harness.ts';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text answer (comment lines left out). */
function samples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      assert.ok(match, `not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** The value of the one sample with this name whose labels include `labels`. */
function sampleValue(all: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = all.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  assert.ok(found.length <= 1, `${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value;
}

async function scrape(h: Harness): Promise<Sample[]> {
  const answer = await h.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  assert.equal(answer.statusCode, 200, answer.body);
  assert.equal(answer.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
  return samples(answer.body);
}

describe('/metrics after signed requests, a rate-limit refusal and a callback delivery', () => {
  let h: Harness;
  let rx: Receiver;
  let metrics: Metrics;
  let all: Sample[];

  before(async () => {
    metrics = createMetrics();
    // The wall clock is pinned, so the bucket never refills: the fourth request of one key is refused.
    h = await createHarness({ rateLimitBurst: 3, rateLimitPerSecond: 1, allowPrivateUrls: true }, { metrics });
    rx = await startReceiver();
    const dev = await h.developer();
    await topUp(h.ctx, { developerId: dev.developerId, amountFen: 12_345 });
    assert.equal((await h.call(dev, 'POST', '/v2/open/callback/set', { url: rx.url })).code, 200);
    assert.equal((await h.call(dev, 'GET', '/v2/open/wallet/balance')).code, 200);
    assert.equal((await h.call(dev, 'GET', '/v2/taobao/order/refund/cancel/5550001')).code, 404);
    assert.equal((await h.call(dev, 'GET', '/v2/open/wallet/balance')).code, 429);
    await emitEvent(h.ctx, {
      developerId: dev.developerId,
      type: 'ORDER_PAY_SUCCESS',
      aggregateType: 'purchase_order',
      aggregateId: '1999999999999999999',
      payload: {
        orderId: '1999999999999999999',
        platform: '1688',
        ownerUserId: dev.userId,
        state: 'paid',
        totalAmountFen: 990,
        paidAmountFen: 990,
        version: 2,
      },
    });
    h.clock.advance(5000);
    const pending = await scrape(h);
    assert.equal(sampleValue(pending, 'ponte_outbox_pending_events'), 1);
    assert.equal(sampleValue(pending, 'ponte_outbox_oldest_pending_seconds'), 5);
    const dispatcher = createDispatcher({
      ctx: h.ctx,
      source: await createSandboxSource(h.db),
      renderer: pandaPonMessages,
      allowPrivate: true,
      schedule: 'none',
      onAttempt: (outcome) => metrics.callbackAttempts.inc({ result: outcome }),
    });
    await dispatcher.runOnce();
    all = await scrape(h);
  });
  after(async () => {
    await rx.close();
    await h.close();
  });

  test('requests are counted by declared route, method, HTTP status and envelope code, and timed', () => {
    const balance = { route: '/v2/open/wallet/balance', method: 'GET', status: '200' };
    assert.equal(sampleValue(all, 'ponte_http_requests_total', { ...balance, code: '200' }), 1);
    assert.equal(sampleValue(all, 'ponte_http_requests_total', { ...balance, code: '429' }), 1);
    assert.equal(sampleValue(all, 'ponte_http_request_duration_seconds_count', { route: balance.route, method: 'GET' }), 2);
    assert.equal(sampleValue(all, 'ponte_http_requests_total', { route: '/metrics', status: '200', code: '' }), 1, 'the first scrape');
  });

  test('the route label is the declared path, never the URL with its ids', () => {
    const cancel = '/v2/taobao/order/refund/cancel/{refundId}';
    assert.equal(sampleValue(all, 'ponte_http_requests_total', { route: cancel, code: '404' }), 1);
    assert.ok(!all.some((s) => Object.values(s.labels).some((v) => v.includes('5550001'))));
  });

  test('the rate limit refusal is counted by route', () => {
    assert.equal(sampleValue(all, 'ponte_rate_limited_total', { route: '/v2/open/wallet/balance' }), 1);
    assert.equal(sampleValue(all, 'ponte_rate_limited_total', { route: '/v2/open/callback/set' }), undefined);
  });

  test('the callback attempt is counted by outcome; the outbox is empty again; the wallets are summed', () => {
    assert.equal(rx.messages().length, 1);
    assert.equal(sampleValue(all, 'ponte_callback_attempts_total', { result: 'delivered' }), 1);
    assert.equal(sampleValue(all, 'ponte_outbox_pending_events'), 0);
    assert.equal(sampleValue(all, 'ponte_outbox_oldest_pending_seconds'), 0);
    assert.equal(sampleValue(all, 'ponte_wallet_balance_fen'), 12_345);
    assert.equal(sampleValue(all, 'ponte_wallets'), 1);
    assert.equal(sampleValue(all, 'ponte_scrape_errors_total'), undefined);
  });

  test('the database: pool connections on PostgreSQL, nothing for an in-memory SQLite; process metrics', () => {
    if (onPostgres) assert.ok((sampleValue(all, 'ponte_db_pool_connections', { state: 'total' }) ?? 0) >= 1);
    else assert.equal(sampleValue(all, 'ponte_db_pool_connections', { state: 'total' }), undefined);
    assert.ok((sampleValue(all, 'process_resident_memory_bytes') ?? 0) > 0);
    assert.ok(sampleValue(all, 'nodejs_eventloop_lag_seconds') !== undefined);
  });

  test('an outbox follower that falls behind shows its backlog and lag beyond the re-read window, and 0 once it passes them', async () => {
    await setMeta(h.ctx, 'probe_follower_cursor', '0');
    const fresh = await scrape(h);
    assert.equal(
      sampleValue(fresh, 'ponte_outbox_follower_backlog_events', { follower: 'probe_follower' }),
      0,
      'every event is inside the window',
    );
    assert.equal(sampleValue(fresh, 'ponte_outbox_follower_lag_seconds', { follower: 'probe_follower' }), 0);
    h.clock.advance(OUTBOX_CURSOR_LAG_MS + 60_000);
    const behind = await scrape(h);
    assert.ok((sampleValue(behind, 'ponte_outbox_follower_backlog_events', { follower: 'probe_follower' }) ?? 0) >= 1);
    // The event was emitted 5 s before the first scrape: 60 + 5 s beyond the window now.
    assert.equal(sampleValue(behind, 'ponte_outbox_follower_lag_seconds', { follower: 'probe_follower' }), 65);
    await settleOutboxCursor(h.ctx, 'probe_follower_cursor', '0');
    const caughtUp = await scrape(h);
    assert.equal(sampleValue(caughtUp, 'ponte_outbox_follower_backlog_events', { follower: 'probe_follower' }), 0);
    assert.equal(sampleValue(caughtUp, 'ponte_outbox_follower_lag_seconds', { follower: 'probe_follower' }), 0);
  });

  test('a scrape without the admin token, or with a wrong one, is refused in the envelope with HTTP 401', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }]) {
      const answer = await h.app.inject({ method: 'GET', url: '/metrics', headers });
      assert.equal(answer.statusCode, 401);
      assert.equal(answer.json().code, 411);
      assert.doesNotMatch(answer.body, /ponte_http/);
    }
  });
});

describe('/livez and /readyz', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  test('/livez answers 200 without the database; /readyz 200 while it answers, 503 NOT_READY once it is closed', async () => {
    const ready = await h.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json().data, { status: 'ready' });
    await h.db.close();
    const live = await h.app.inject({ method: 'GET', url: '/livez' });
    assert.equal(live.statusCode, 200);
    assert.deepEqual(live.json().data, { status: 'live' });
    const down = await h.app.inject({ method: 'GET', url: '/readyz', headers: { 'accept-language': 'en' } });
    assert.equal(down.statusCode, 503);
    assert.equal(down.json().code, 503);
    assert.match(down.json().msg, /^not ready: database unreachable/);
    assert.equal((await h.app.inject({ method: 'GET', url: '/health' })).statusCode, 200, '/health keeps its envelope');
    // A failed read is counted and its gauges read NaN; the rest of the scrape is served.
    const text = (await h.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).body;
    assert.ok(Number.isNaN(sampleValue(samples(text), 'ponte_wallets')));
    assert.equal(sampleValue(samples(text), 'ponte_scrape_errors_total', { collector: 'wallets' }), 1);
  });
});

test('an unhandled error is logged with its cause chain', async () => {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => lines.push(line) } as unknown as NodeJS.WritableStream);
  const failing = definePublicRoute({
    method: 'GET',
    path: '/test/fails',
    operationId: 'testFails',
    summary: 'Throws',
    tags: ['Test'],
    data: z.null(),
    errors: [],
    handler: async () => {
      const root = Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
      throw new Error('charge failed', { cause: new Error('ledger write failed', { cause: root }) });
    },
  });
  const h = await createHarness({}, { logger, extraRoutes: [failing] });
  try {
    assert.equal((await h.app.inject({ method: 'GET', url: '/test/fails' })).json().code, 500);
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'unhandled error');
    assert.equal(logged.err.message, 'charge failed');
    assert.equal(logged.err.cause.message, 'ledger write failed');
    assert.equal(logged.err.cause.cause.message, 'connection refused');
    assert.equal(logged.err.cause.cause.code, 'ECONNREFUSED');
    assert.match(logged.err.cause.cause.stack, /connection refused/);
    assert.match(logged.requestId, /^[0-9a-f]{32}$/);
  } finally {
    await h.close();
  }
});

test('a background job run and its failure are counted by job; the error passes on', async () => {
  const metrics = createMetrics({ processMetrics: false });
  assert.equal(await metrics.runJob('nonce_purge', async () => 3), 3);
  await assert.rejects(
    metrics.runJob('nonce_purge', async () => {
      throw new Error('disk full');
    }),
    /disk full/,
  );
  const all = samples(await metrics.registry.metrics());
  assert.equal(sampleValue(all, 'ponte_job_runs_total', { job: 'nonce_purge' }), 2);
  assert.equal(sampleValue(all, 'ponte_job_failures_total', { job: 'nonce_purge' }), 1);
});

test('a SQLite file reports its checkpoint thread: checkpoints by outcome and WAL frames', { skip: onPostgres }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-metrics-'));
  const db = connect({ sqliteFile: join(dir, 'm.sqlite'), dataDir: dir });
  try {
    db.sqlite!.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3);');
    // The thread checkpoints every 200 ms of real time; wait for its first (bounded).
    for (let waited = 0; db.stats().checkpoints!.complete === 0; waited += 20) {
      assert.ok(waited < 5000, 'no checkpoint within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const metrics = createMetrics({ processMetrics: false });
    watch(metrics, { db, clock: { nowMs: () => 0 }, walletTotals: async () => ({ balanceFen: 0, wallets: 0 }) });
    const all = samples(await metrics.registry.metrics());
    assert.ok((sampleValue(all, 'ponte_sqlite_checkpoints_total', { outcome: 'complete' }) ?? 0) >= 1);
    assert.equal(sampleValue(all, 'ponte_sqlite_checkpoints_total', { outcome: 'error' }), 0);
    const log = sampleValue(all, 'ponte_sqlite_wal_frames', { kind: 'log' })!;
    assert.ok(log >= 1);
    assert.equal(sampleValue(all, 'ponte_sqlite_wal_frames', { kind: 'checkpointed' }), log);
    assert.equal(sampleValue(all, 'ponte_db_pool_connections', { state: 'total' }), undefined);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the README lists every declared metric with its type and labels, and the registry serves exactly those', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Metrics and health'));
  const listed = [...section.slice(0, section.indexOf('\n## ', 5)).matchAll(/^\| `(ponte_\w+)` \| (\w+) \| ([^|]*) \|/gm)].map(
    (m) => `${m[1]} ${m[2]} ${m[3]!.trim()}`,
  );
  const declared = Object.values(METRICS).map((m) => `${m.name} ${m.type} ${m.labels.map((l) => `\`${l}\``).join(', ') || '—'}`);
  assert.deepEqual(listed, declared);
  const metrics = createMetrics({ processMetrics: false });
  const db = connect({ sqliteFile: ':memory:' });
  watch(metrics, { db, clock: { nowMs: () => 0 }, walletTotals: async () => ({ balanceFen: 0, wallets: 0 }) });
  const registered = metrics.registry.getMetricsAsArray().map((m) => (m as unknown as { name: string }).name);
  assert.deepEqual(
    registered.toSorted(),
    Object.values(METRICS)
      .map((m) => m.name)
      .toSorted(),
  );
  await db.close();
});
