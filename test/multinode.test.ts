import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApp } from '../src/app.ts';
import { createLogger } from '../src/platform/logger.ts';
import { signedHeaders } from '../sdk/index.ts';
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

  const codes: number[] = [];
  for (let i = 0; i < 6; i++) {
    const node = i % 2 === 0 ? h.app : second;
    codes.push(
      (await node.inject({ method: 'GET', url, headers: signedHeaders({ ...dev, timestamp: String(h.clock.nowMs()) }) })).json().code,
    );
  }
  if (onPostgres)
    assert.deepEqual(codes, [200, 200, 429, 429, 429, 429], 'one bucket of 4 across both nodes; the request and its replay above spent 2');
  else assert.equal(codes.filter((c) => c === 200).length, 6 - codes.filter((c) => c === 429).length);
  await second.close();
  await h.close();
});
