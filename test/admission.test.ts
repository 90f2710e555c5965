/**
 * The gateway's two writes (platform/auth/admission.ts): a rate-limit token, then the nonce. On
 * PostgreSQL they go out in one round trip (platform/db/pipeline.ts); what a client sees must be
 * what it saw when they went one after the other, on both databases.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CompiledQuery } from 'kysely';
import { rotateKey, setDeveloperDisabled } from '../src/modules/accounts/index.ts';
import { onPostgres } from './helpers/db.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { pgQueriesOf } from './helpers/pg-queries.ts';

const LIST = '/v2/open/address/list';
const pgOnly = { skip: !onPostgres && 'PostgreSQL only (PONTE_TEST_DB=postgres)' };

describe('admitting a signed request', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness({ rateLimitPerSecond: 4, rateLimitBurst: 1 });
  });
  after(() => h.close());

  const nonceRows = async (nonce: string) =>
    (await h.ctx.db.selectFrom('nonce_claims').select('nonce').where('nonce', '=', nonce).execute()).length;

  test('a request the rate limit refused can be sent again, same nonce and timestamp, once the bucket refills', async () => {
    const dev = await h.developer('refused-then-resent');
    assert.equal((await h.call(dev, 'GET', LIST)).code, 200, 'the bucket’s one token');
    const signed = { nonceStr: 'resend-after-429-000000000000000', timestamp: String(h.clock.nowMs()) };
    const refused = await h.call(dev, 'GET', LIST, undefined, signed);
    assert.equal(refused.code, 429);
    assert.equal(await nonceRows(signed.nonceStr), 0, 'the refused request left its nonce unclaimed');
    h.clock.advance(250); // one token at 4 per second
    assert.equal((await h.call(dev, 'GET', LIST, undefined, signed)).code, 200);
    assert.equal(await nonceRows(signed.nonceStr), 1);
    h.clock.advance(250);
    assert.equal((await h.call(dev, 'GET', LIST, undefined, signed)).code, 405, 'then it is a replay');
  });

  test('a replay that the rate limit also refuses answers 429 and leaves the first claim in place', async () => {
    const dev = await h.developer('replayed-while-limited');
    h.clock.advance(250);
    const signed = { nonceStr: 'replay-while-limited-00000000000', timestamp: String(h.clock.nowMs()) };
    assert.equal((await h.call(dev, 'GET', LIST, undefined, signed)).code, 200);
    assert.equal((await h.call(dev, 'GET', LIST, undefined, signed)).code, 429);
    assert.equal(await nonceRows(signed.nonceStr), 1);
    h.clock.advance(250);
    assert.equal((await h.call(dev, 'GET', LIST, undefined, signed)).code, 405);
  });
});

/** The statements the pool's clients send while `work` runs, each marked when it rode in another's write. */
const statementsOf = (work: () => Promise<unknown>) =>
  pgQueriesOf(work, ({ text, client }) => {
    const corked = (client as unknown as { connection: { stream: { writableCorked: number } } }).connection.stream.writableCorked > 0;
    const table = ['rate_buckets', 'nonces', 'api_keys', 'addresses'].find((name) => text.includes(name)) ?? text.slice(0, 30);
    return `${corked ? 'piped ' : ''}${table}`;
  });

describe('a remembered caller (PostgreSQL)', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  test('a request of a known caller makes one round trip before its handler: lookup, token and claim together', pgOnly, async () => {
    const dev = await h.developer('one-trip');
    assert.equal((await h.call(dev, 'GET', LIST)).code, 200);
    let code = 0;
    const statements = await statementsOf(async () => {
      code = (await h.call(dev, 'GET', LIST)).code;
    });
    assert.equal(code, 200);
    assert.deepEqual(statements, ['piped api_keys', 'piped rate_buckets', 'piped nonces', 'addresses']);
  });

  test(
    'a changed row decides at once: a rotated key and a disabled developer are refused, their nonces left unclaimed',
    pgOnly,
    async () => {
      const dev = await h.developer('changed-row');
      assert.equal((await h.call(dev, 'GET', LIST)).code, 200, 'the caller is remembered now');
      const rotated = await rotateKey(h.ctx, dev.developerId, 0);
      assert.ok(rotated.ok);
      const stale = await h.call(dev, 'GET', LIST, undefined, { nonceStr: 'stale-secret-nonce-0000000000000' });
      assert.equal(stale.code, 402);
      const count = async (nonce: string) =>
        (await h.ctx.db.selectFrom('nonce_claims').select('nonce').where('nonce', '=', nonce).execute()).length;
      assert.equal(await count('stale-secret-nonce-0000000000000'), 0);
      const fresh = { ...dev, accessSecret: rotated.accessSecret };
      assert.equal((await h.call(fresh, 'GET', LIST)).code, 200);
      await setDeveloperDisabled(h.ctx, dev.developerId, true);
      const disabled = await h.call(fresh, 'GET', LIST, undefined, { nonceStr: 'disabled-dev-nonce-0000000000000' });
      assert.equal(disabled.code, 4031);
      assert.equal(await count('disabled-dev-nonce-0000000000000'), 0);
    },
  );
});

describe('the PostgreSQL pipeline', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  test('runs each statement in its own implicit transaction: one failing does not undo the others', pgOnly, async () => {
    const pipeline = h.db.pipeline;
    assert.ok(pipeline, 'a direct PostgreSQL connection has a pipeline');
    const put = (key: string) => CompiledQuery.raw('INSERT INTO meta (key, value) VALUES ($1, $2)', [key, 'v']);
    await assert.rejects(pipeline([put('pipe-1'), put('pipe-1'), put('pipe-2')]), /duplicate key/);
    const keys = await h.ctx.db.selectFrom('meta').select('key').where('key', 'like', 'pipe-%').orderBy('key').execute();
    assert.deepEqual(
      keys.map((row) => row.key),
      ['pipe-1', 'pipe-2'],
    );
    // Every connection of the pipeline's pool is still usable after the failure.
    const counts = await Promise.all(Array.from({ length: 8 }, () => pipeline([CompiledQuery.raw('SELECT 1 AS one', [])])));
    assert.ok(counts.every(([result]) => result!.rows[0]!.one === 1));
  });
});
