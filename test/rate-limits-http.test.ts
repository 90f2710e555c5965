/** Per-developer rate limits set by operators (POST /admin/developers/rate-limit), against the deployment's. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../src/app.ts';
import { createLogger } from '../src/platform/logger.ts';
import { signedHeaders } from '../sdk/src/index.ts';
import { onPostgres } from './helpers/db.ts';
import { ADMIN_TOKEN, createHarness, type Harness } from './helpers/harness.ts';
import { addOperator, consoleCall, signIn } from './helpers/operators.ts';
import { devSignIn } from './helpers/dev-sessions.ts';

const LIST = '/v2/open/address/list';
const DEPLOYMENT = { rateLimitPerSecond: 20, rateLimitBurst: 20 };

async function setLimit(h: Harness, developerId: string, limit: { perSecond: number; burst: number } | null) {
  const response = await h.app.inject({
    method: 'POST',
    url: '/admin/developers/rate-limit',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ developerId, limit }),
  });
  return response.json();
}

async function codes(h: Harness, who: Awaited<ReturnType<Harness['developer']>>, n: number): Promise<number[]> {
  const answered: number[] = [];
  for (let i = 0; i < n; i++) answered.push((await h.call(who, 'GET', LIST)).code);
  return answered;
}

describe('a developer’s own rate limit', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness(DEPLOYMENT);
  });
  after(() => h.close());

  test('a limit of 3 refuses the 4th call of a burst with 429; a developer on the default is not refused', async () => {
    const limited = await h.developer('limited');
    const other = await h.developer('default');
    const set = await setLimit(h, limited.developerId, { perSecond: 3, burst: 3 });
    assert.equal(set.code, 200, set.msg);
    assert.deepEqual(set.data.rateLimit, { perSecond: 3, burst: 3, custom: true });
    assert.deepEqual(await codes(h, limited, 4), [200, 200, 200, 429]);
    const refused = await h.call(limited, 'GET', LIST);
    assert.equal(refused.code, 429, 'RATE_LIMITED');
    assert.equal(refused.headers['x-ratelimit-limit'], '3', 'the headers carry the developer’s limit');
    assert.equal(refused.headers['x-ratelimit-remaining'], '0');
    assert.deepEqual(await codes(h, other, 5), [200, 200, 200, 200, 200]);
    assert.equal((await h.call(other, 'GET', LIST)).headers['x-ratelimit-limit'], String(DEPLOYMENT.rateLimitPerSecond));
  });

  test('clearing the limit gives the deployment’s back, in the detail and at the gateway', async () => {
    const dev = await h.developer('cleared');
    await setLimit(h, dev.developerId, { perSecond: 2, burst: 2 });
    assert.deepEqual(await codes(h, dev, 3), [200, 200, 429]);
    const cleared = await setLimit(h, dev.developerId, null);
    assert.equal(cleared.code, 200, cleared.msg);
    assert.deepEqual(cleared.data.rateLimit, { perSecond: DEPLOYMENT.rateLimitPerSecond, burst: DEPLOYMENT.rateLimitBurst, custom: false });
    // One second refills the empty bucket at the deployment's 20/s; the old limit would have allowed 2.
    h.clock.advance(1000);
    assert.deepEqual(await codes(h, dev, 5), [200, 200, 200, 200, 200]);
    assert.equal((await h.call(dev, 'GET', LIST)).headers['x-ratelimit-limit'], String(DEPLOYMENT.rateLimitPerSecond));
  });

  test('a developer console session spends the same bucket under the developer’s limit', async () => {
    const dev = await h.developer('session');
    await setLimit(h, dev.developerId, { perSecond: 2, burst: 2 });
    const session = await devSignIn(h, dev.developerId);
    const viaSession = async () => {
      const response = await h.app.inject({ method: 'GET', url: LIST, headers: { cookie: session.cookie } });
      return { code: response.json().code as number, limit: response.headers['x-ratelimit-limit'] };
    };
    assert.deepEqual(await viaSession(), { code: 200, limit: '2' });
    assert.equal((await h.call(dev, 'GET', LIST)).code, 200, 'a signed call takes the second token');
    assert.deepEqual(await viaSession(), { code: 429, limit: '2' });
  });

  test('bad bounds answer 400 naming the field', async () => {
    const dev = await h.developer('bounds');
    const cases: [object, RegExp][] = [
      [{ perSecond: 0, burst: 5 }, /limit\.perSecond/],
      [{ perSecond: 10_001, burst: 20_000 }, /limit\.perSecond/],
      [{ perSecond: 5, burst: 100_001 }, /limit\.burst/],
      [{ perSecond: 10, burst: 9 }, /limit\.burst.*10/],
      [{ perSecond: 1.5, burst: 5 }, /limit\.perSecond/],
      [{ perSecond: 5 }, /limit\.burst/],
    ];
    for (const [limit, field] of cases) {
      const bad = await h.app.inject({
        method: 'POST',
        url: '/admin/developers/rate-limit',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ developerId: dev.developerId, limit }),
      });
      const answer = bad.json();
      assert.equal(answer.code, 400, JSON.stringify(limit));
      assert.match(answer.msg, field, JSON.stringify(limit));
    }
    assert.equal(
      (await setLimit(h, dev.developerId, { perSecond: 10_000, burst: 100_000 })).code,
      200,
      'the bounds themselves are allowed',
    );
    assert.equal((await setLimit(h, '999999999', { perSecond: 5, burst: 5 })).code, 404);
  });

  test('only an admin session may set a limit: warehouse and finance answer 4004 and change nothing', async () => {
    const dev = await h.developer('roles');
    for (const [login, role] of [
      ['rl.floor', 'warehouse'],
      ['rl.money', 'finance'],
    ] as const) {
      await addOperator(h, login, role);
      const refused = await consoleCall(h, await signIn(h, login), 'POST', '/admin/developers/rate-limit', {
        developerId: dev.developerId,
        limit: { perSecond: 1, burst: 1 },
      });
      assert.equal(refused.code, 4004, role);
    }
    const seen = await h.app.inject({
      method: 'GET',
      url: `/admin/developers/detail?developerId=${dev.developerId}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.equal(seen.json().data.rateLimit.custom, false);
    await addOperator(h, 'rl.admin', 'admin');
    const done = await consoleCall(h, await signIn(h, 'rl.admin'), 'POST', '/admin/developers/rate-limit', {
      developerId: dev.developerId,
      limit: { perSecond: 7, burst: 9 },
    });
    assert.equal(done.code, 200, done.msg);
    assert.deepEqual(done.data.rateLimit, { perSecond: 7, burst: 9, custom: true });
  });
});

test('two nodes on one database: a limit set on one holds on the other at once; on PostgreSQL they share its bucket', async () => {
  const h = await createHarness(DEPLOYMENT);
  const second = await buildApp({
    config: h.config,
    db: h.testDb.open(),
    clock: h.clock,
    wallClock: h.clock,
    logger: createLogger('silent'),
    masterKey: h.masterKey,
    adminToken: 'x'.repeat(32),
  });
  try {
    const dev = await h.developer('shared');
    const viaSecond = async () => {
      const headers = signedHeaders({ ...dev, timestamp: String(h.clock.nowMs()) });
      const response = await second.inject({ method: 'GET', url: LIST, headers });
      return { code: response.json().code as number, limit: response.headers['x-ratelimit-limit'] };
    };
    assert.deepEqual(await viaSecond(), { code: 200, limit: String(DEPLOYMENT.rateLimitPerSecond) }, 'the second node on the default');
    await setLimit(h, dev.developerId, { perSecond: 4, burst: 4 });
    // The pinned clock refills nothing: the first node's bucket has 4 tokens, or on PostgreSQL the
    // shared one has what the default left (19) capped by the new burst, 4.
    const answered: number[] = [];
    for (let i = 0; i < 6; i++) answered.push(i % 2 === 0 ? (await h.call(dev, 'GET', LIST)).code : (await viaSecond()).code);
    if (onPostgres) assert.deepEqual(answered, [200, 200, 200, 200, 429, 429], 'one bucket of 4 across both nodes');
    else assert.deepEqual(answered, [200, 200, 200, 200, 200, 200], 'each node keeps its own bucket of 4');
    const last = await viaSecond();
    assert.equal(last.limit, '4', 'the second node answers with the new limit without a restart');
  } finally {
    await second.close();
    await h.close();
  }
});
