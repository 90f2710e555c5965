/**
 * Nonce claims keyed by the signed timestamp (migration 030, platform/auth/nonces.ts): a replay is
 * refused by every process, a nonce signed again under a new timestamp by the process that
 * claimed it, and claims made before the migration keep refusing their nonce until they expire.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { allMigrations, migrateToLatest } from '../src/migrations.ts';
import { createNonceStore, recentNonces, type NonceStore } from '../src/platform/auth/index.ts';
import { connect, dropPostgresSchema, ensurePostgresSchema, migrateWith, type Db } from '../src/platform/db/index.ts';
import { freshSchemaName, onPostgres, testDatabaseUrl } from './helpers/db.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

const LIST = '/v2/open/address/list';
const WINDOW_MS = 600_000;

/** A database migrated up to, not including, 030: the nonce table of every earlier release. */
async function databaseBefore030(): Promise<{ db: Db; drop(): Promise<void> }> {
  const before = Object.fromEntries(Object.entries(allMigrations(onPostgres ? 'postgres' : 'sqlite')).filter(([name]) => name < '030'));
  if (!onPostgres) {
    const db = connect({ sqliteFile: ':memory:' });
    await migrateWith(db, before);
    return { db, drop: () => db.close() };
  }
  const schema = freshSchemaName();
  await ensurePostgresSchema(testDatabaseUrl, schema);
  const db = connect({ databaseUrl: testDatabaseUrl, schema });
  await migrateWith(db, before);
  const drop = async () => {
    await db.close();
    await dropPostgresSchema(testDatabaseUrl, schema);
  };
  return { db, drop };
}

describe('nonce claims made before migration 030', () => {
  const now = Date.UTC(2026, 11, 8, 3, 0, 0);
  let target: Awaited<ReturnType<typeof databaseBefore030>>;
  let nonces: NonceStore;
  before(async () => {
    target = await databaseBefore030();
    // Rows as the old claim wrote them: the expiry, not the timestamp.
    await (target.db.kysely as any)
      .insertInto('nonces')
      .values([
        { access_key: 'key-a', nonce: 'claimed-before-030', expires_at: now + 300_000 },
        { access_key: 'key-a', nonce: 'expired-before-030', expires_at: now - 1 },
      ])
      .execute();
    await migrateToLatest(target.db);
    nonces = createNonceStore(target.db);
  });
  after(() => target.drop());

  const claim = (nonce: string, sentAt: number, accessKey = 'key-a') =>
    nonces.claim(accessKey, { value: nonce, sentAt, expiresAt: sentAt + WINDOW_MS + 1000 }, now);

  test('refuse their nonce under any timestamp until they expire; an expired one is free', async () => {
    assert.equal(await claim('claimed-before-030', now - 5000), false);
    assert.equal(await claim('claimed-before-030', now), false);
    assert.equal(await claim('claimed-before-030', now, 'key-b'), true, 'another key’s nonce');
    assert.equal(await claim('expired-before-030', now), true);
  });

  test('a node of the previous release still claims into the old table, and its claims refuse the nonce here', async () => {
    // The statement the previous release ran for every claim.
    const previous = await (target.db.kysely as any)
      .insertInto('nonces')
      .values({ access_key: 'key-a', nonce: 'claimed-by-previous-release', expires_at: now + 601_000 })
      .onConflict((oc: any) => oc.columns(['access_key', 'nonce']).doNothing())
      .executeTakeFirst();
    assert.equal(Number(previous.numInsertedOrUpdatedRows), 1);
    assert.equal(await claim('claimed-by-previous-release', now + 1), false);
  });

  test('a new claim refuses its own timestamp only', async () => {
    assert.equal(await claim('claimed-after-030', now), true);
    assert.equal(await claim('claimed-after-030', now), false, 'the replay');
    assert.equal(await claim('claimed-after-030', now + 1), true, 'signed again: the database does not refuse it');
  });

  test('the purge keeps every claim whose timestamp the window still accepts', async () => {
    const later = now + 10 * WINDOW_MS;
    for (const [nonce, sentAt] of [
      ['purged-outside-window', later - WINDOW_MS - 1001],
      ['kept-inside-window', later - WINDOW_MS - 1000],
      ['kept-future', later + WINDOW_MS],
    ] as const)
      assert.equal(await claim(nonce, sentAt), true);
    await nonces.purgeExpired(later, WINDOW_MS);
    const left = await target.db.kysely.selectFrom('nonce_claims').select('nonce').execute();
    const names = left.map((row) => row.nonce);
    assert.ok(!names.includes('purged-outside-window'));
    assert.ok(names.includes('kept-inside-window') && names.includes('kept-future'));
    assert.deepEqual(await target.db.kysely.selectFrom('nonces').select('nonce').execute(), [], 'legacy claims expired');
  });
});

describe('a nonce under a new timestamp', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  test('signed again, is refused by the process that claimed it, within the window', async () => {
    const dev = await h.developer('signed-again');
    const nonceStr = 'signed-again-under-new-timestamp';
    assert.equal((await h.call(dev, 'GET', LIST, undefined, { nonceStr })).code, 200);
    h.clock.advance(1000);
    assert.equal((await h.call(dev, 'GET', LIST, undefined, { nonceStr })).code, 405);
    h.clock.advance(WINDOW_MS + 1000);
    assert.equal((await h.call(dev, 'GET', LIST, undefined, { nonceStr })).code, 200, 'the first timestamp has left the window');
  });

  test('sent twice at once, under two timestamps, is admitted once', async () => {
    const dev = await h.developer('two-at-once');
    const nonceStr = 'two-timestamps-in-flight-0000001';
    const now = h.clock.nowMs();
    const codes = await Promise.all(
      [now, now - 1].map(async (sentAt) => (await h.call(dev, 'GET', LIST, undefined, { nonceStr, timestamp: String(sentAt) })).code),
    );
    assert.deepEqual(codes.sort(), [200, 405]);
  });
});

describe('recentNonces', () => {
  const claim = (value: string, sentAt: number) => ({ value, sentAt, expiresAt: sentAt + 100 });

  test('tells a nonce signed again from a replay, and forgets it after its window', () => {
    const recent = recentNonces();
    recent.remember('k', claim('n', 1000));
    assert.equal(recent.reusedElsewhen('k', claim('n', 1000), 1001), false, 'the same timestamp is the database’s to refuse');
    assert.equal(recent.reusedElsewhen('k', claim('n', 1001), 1001), true);
    assert.equal(recent.reusedElsewhen('other', claim('n', 1001), 1001), false);
    assert.equal(recent.reusedElsewhen('k', claim('n', 1200), 1200), false, 'expired');
    recent.forget('k', 'n');
    assert.equal(recent.reusedElsewhen('k', claim('n', 1001), 1001), false);
  });

  test('holds at most its bound, dropping the oldest first', () => {
    const recent = recentNonces(4);
    for (const [i, nonce] of ['a', 'b', 'c', 'd', 'e'].entries()) recent.remember('k', claim(nonce, 1000 + i));
    for (const nonce of ['a', 'b']) assert.equal(recent.reusedElsewhen('k', claim(nonce, 2), 1004), false, `${nonce} evicted`);
    for (const nonce of ['c', 'd', 'e']) assert.equal(recent.reusedElsewhen('k', claim(nonce, 2), 1004), true);
  });

  test('counts a nonce remembered again once, so it evicts nothing', () => {
    const recent = recentNonces(4);
    for (const nonce of ['a', 'a', 'b', 'c', 'd']) recent.remember('k', claim(nonce, 1000));
    for (const nonce of ['a', 'b', 'c', 'd']) assert.equal(recent.reusedElsewhen('k', claim(nonce, 2), 1004), true, nonce);
  });
});
