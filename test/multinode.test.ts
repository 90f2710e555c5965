import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApp } from '../src/app.ts';
import { createLogger } from '../src/platform/logger.ts';
import { signedHeaders } from '../sdk/src/index.ts';
import { onPostgres } from './helpers/db.ts';
import { createHarness } from './helpers/harness.ts';

// Two API nodes on one database, each with its own connection pool: a nonce claimed on one node
// is refused on the other, and on PostgreSQL the rate-limit bucket is shared.
test('a request replayed to another node is refused; on PostgreSQL both nodes share the rate limit', async () => {
  const h = await createHarness({ rateLimitPerSecond: 4, rateLimitBurst: 4 });
  const second = await buildApp({
    config: h.config,
    db: h.testDb.open(),
    clock: h.clock,
    wallClock: h.clock,
    logger: createLogger('silent'),
    masterKey: h.masterKey,
    adminToken: 'x'.repeat(32),
  });
  const dev = await h.developer();
  const url = '/v2/open/address/list';
  const headers = signedHeaders({ ...dev, timestamp: String(h.clock.nowMs()) });
  assert.equal((await h.app.inject({ method: 'GET', url, headers })).json().code, 200);
  assert.equal((await second.inject({ method: 'GET', url, headers })).json().code, 405);

  const request = async (node: typeof second) =>
    (await node.inject({ method: 'GET', url, headers: signedHeaders({ ...dev, timestamp: String(h.clock.nowMs()) }) })).json().code;
  const codes: number[] = [];
  for (let i = 0; i < 6; i++) codes.push(await request(i % 2 === 0 ? h.app : second));
  // The wall clock is pinned, so no bucket refills: what is admitted is exactly the configured burst.
  if (onPostgres)
    assert.deepEqual(codes, [200, 200, 429, 429, 429, 429], 'one bucket of 4 across both nodes; the request and its replay above spent 2');
  else {
    // On SQLite each node limits on its own: a bucket of 4 per node, one spent on each by the request and its replay.
    assert.deepEqual(codes, [200, 200, 200, 200, 200, 200], 'each node admits its own 3 remaining');
    assert.deepEqual([await request(h.app), await request(second)], [429, 429], 'both buckets are now empty');
  }
  await second.close();
  await h.close();
});
