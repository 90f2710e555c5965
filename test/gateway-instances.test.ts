/**
 * Two app instances on one database (a file on SQLite, a schema on PostgreSQL), each with its own
 * connection, as two server processes would have: a nonce claimed through one is refused by the
 * other, and what one changes about a caller (disabled, rotated key, role) the other sees on its
 * very next request although it reused the caller's rows until then (caller-cache.ts).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { signedHeaders } from '../sdk/src/index.ts';
import { buildApp, systemContext } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { migrateToLatest } from '../src/migrations.ts';
import { createDeveloper, rotateKey, setDeveloperDisabled, type CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { connect, type Db } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/logger.ts';
import { freshDatabase, onPostgres } from './helpers/db.ts';
import { tempDataDir } from './helpers/process.ts';

const LIST = '/v2/open/address/list';

/**
 * Another connection's commit is seen from the next event-loop turn on SQLite (caller-cache.ts):
 * a request that reaches the server over a socket after the commit is read in a later turn.
 * These requests are injected, so the test lets a turn pass as a socket would.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const MASTER_KEY = Buffer.alloc(32, 7);

interface Shared {
  first: Db;
  second: Db;
  drop(): Promise<void>;
}

async function sharedDatabase(): Promise<Shared> {
  if (onPostgres) {
    const t = await freshDatabase();
    return { first: t.db, second: t.open(), drop: () => t.drop() };
  }
  const dir = tempDataDir();
  const file = join(dir, 'ponte.sqlite');
  const first = connect({ sqliteFile: file, dataDir: dir });
  await migrateToLatest(first);
  const second = connect({ sqliteFile: file, dataDir: dir });
  return { first, second, drop: async () => void (await Promise.all([second.close(), first.close()])) };
}

async function instance(db: Db, clock: ManualClock): Promise<FastifyInstance> {
  const deps = { config: loadConfig({}), db, clock, wallClock: clock, logger: createLogger('silent'), masterKey: MASTER_KEY };
  return buildApp({ ...deps, adminToken: 'instances-admin-token-0123456789', validateResponses: true });
}

describe('two app instances on one database', () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 28, 8, 0, 0));
  let shared: Shared;
  let apps: FastifyInstance[];
  let dev: CreatedDeveloper;
  const ctxOf = (db: Db) => systemContext({ db, clock, masterKey: MASTER_KEY });

  const call = async (app: FastifyInstance, who: CreatedDeveloper, nonceStr?: string): Promise<number> => {
    const headers = signedHeaders({ ...who, timestamp: String(clock.nowMs()), nonceStr });
    const response = await app.inject({ method: 'GET', url: LIST, headers });
    return (response.json() as { code: number }).code;
  };

  before(async () => {
    shared = await sharedDatabase();
    apps = [await instance(shared.first, clock), await instance(shared.second, clock)];
    dev = await createDeveloper(ctxOf(shared.first), { name: 'instances' });
  });
  after(async () => {
    for (const app of apps) await app.close();
    await shared.drop();
  });

  test('a request answered by one instance is refused as a replay by the other, in either order', async () => {
    const [a, b] = apps as [FastifyInstance, FastifyInstance];
    assert.equal(await call(a, dev, 'replayed-across-instances-0001'), 200);
    assert.equal(await call(b, dev, 'replayed-across-instances-0001'), 405);
    assert.equal(await call(b, dev, 'replayed-across-instances-0002'), 200);
    assert.equal(await call(a, dev, 'replayed-across-instances-0002'), 405);
  });

  test('a nonce signed again under a new timestamp is refused where it was claimed, and is no replay elsewhere', async () => {
    const [a, b] = apps as [FastifyInstance, FastifyInstance];
    assert.equal(await call(a, dev, 'signed-again-across-instances-1'), 200);
    clock.advance(1000);
    assert.equal(await call(a, dev, 'signed-again-across-instances-1'), 405);
    // Only the key's holder can sign a new timestamp; the database refuses replays (nonces.ts).
    assert.equal(await call(b, dev, 'signed-again-across-instances-1'), 200);
  });

  test('disabling through one instance refuses the next request at the other, which had the caller cached', async () => {
    const [a] = apps as [FastifyInstance, FastifyInstance];
    assert.equal(await call(a, dev), 200);
    assert.equal(await call(a, dev), 200);
    assert.deepEqual(await setDeveloperDisabled(ctxOf(shared.second), dev.developerId, true), { ok: true });
    await nextTurn();
    assert.equal(await call(a, dev), 4031);
    assert.deepEqual(await setDeveloperDisabled(ctxOf(shared.second), dev.developerId, false), { ok: true });
    await nextTurn();
    assert.equal(await call(a, dev), 200);
  });

  test('over a socket, the request after another connection’s commit sees it without waiting', async () => {
    const [a] = apps as [FastifyInstance, FastifyInstance];
    const address = await a.listen({ port: 0, host: '127.0.0.1' });
    const overSocket = async () => {
      const headers = signedHeaders({ ...dev, timestamp: String(clock.nowMs()) });
      return ((await (await fetch(`${address}${LIST}`, { headers })).json()) as { code: number }).code;
    };
    for (const disabled of [true, false, true, false]) {
      assert.equal(await overSocket(), disabled ? 200 : 4031);
      assert.deepEqual(await setDeveloperDisabled(ctxOf(shared.second), dev.developerId, disabled), { ok: true });
      assert.equal(await overSocket(), disabled ? 4031 : 200);
    }
  });

  test('disabling on the instance own connection is seen at once too', async () => {
    const [a] = apps as [FastifyInstance, FastifyInstance];
    assert.equal(await call(a, dev), 200);
    assert.deepEqual(await setDeveloperDisabled(ctxOf(shared.first), dev.developerId, true), { ok: true });
    assert.equal(await call(a, dev), 4031);
    assert.deepEqual(await setDeveloperDisabled(ctxOf(shared.first), dev.developerId, false), { ok: true });
    assert.equal(await call(a, dev), 200);
  });

  test('a key rotated through either connection: the new secret signs at once, the old one only without grace', async () => {
    for (const [index, db] of [shared.second, shared.first].entries()) {
      const [a] = apps as [FastifyInstance, FastifyInstance];
      assert.equal(await call(a, dev), 200, `round ${index}: cached`);
      const rotated = await rotateKey(ctxOf(db), dev.developerId, 0);
      assert.ok(rotated.ok);
      if (db === shared.second) await nextTurn();
      const renewed = { ...dev, accessSecret: rotated.accessSecret };
      assert.equal(await call(a, renewed), 200, `round ${index}: new secret`);
      assert.equal(await call(a, dev), 402, `round ${index}: old secret, no grace`);
      dev = renewed;
    }
  });
});
