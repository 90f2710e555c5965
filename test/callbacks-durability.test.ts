import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createDeveloper, type CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { createDispatcher, setCallbackUrl } from '../src/modules/callbacks/index.ts';
import { pandaPonMessages } from '../src/wire/callbacks/bodies.ts';
import { systemClock } from '../src/platform/clock.ts';
import type { Ctx, SystemCtx } from '../src/platform/context.ts';
import { connect, type Db } from '../src/platform/db/index.ts';
import { emitEvent } from '../src/platform/outbox/index.ts';
import { migrateToLatest } from '../src/migrations.ts';
import { createSandboxSource } from '../src/sources/sandbox/source.ts';
import { startReceiver, type Receiver } from './helpers/callback-receiver.ts';
import { freshDatabase, onPostgres, type TestDb } from './helpers/db.ts';
import { tempDataDir } from './helpers/process.ts';

/** How many attempts each of these messages has on record. */
function attemptsPerMessage(ctx: SystemCtx, ids: string[]) {
  return ctx.db
    .selectFrom('callback_attempts')
    .select(['message_id'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('message_id', 'in', ids)
    .groupBy('message_id')
    .execute();
}

const ROOT = new URL('..', import.meta.url).pathname;
const MASTER_KEY = Buffer.alloc(32, 9);

/** The database both this process and the child dispatchers open: a file on SQLite, a schema on PostgreSQL. */
async function sharedDatabase(): Promise<{ db: Db; env: Record<string, string>; drop(): Promise<void>; open(): Db }> {
  if (onPostgres) {
    const t: TestDb = await freshDatabase();
    return { db: t.db, env: t.env, drop: () => t.drop(), open: () => t.open() };
  }
  const dir = tempDataDir();
  const file = join(dir, 'ponte.sqlite');
  const db = connect({ sqliteFile: file, dataDir: dir });
  await migrateToLatest(db);
  return { db, env: { PONTE_SQLITE_FILE: file, PONTE_DATA_DIR: dir }, drop: () => db.close(), open: () => db };
}

function spawnDispatcher(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'test/helpers/dispatcher-process.ts')], {
    env: { ...process.env, ...env, PONTE_MASTER_KEY: MASTER_KEY.toString('hex') },
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      if (c.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`dispatcher exited ${code}: ${output}`)));
  });
}

/**
 * These tests count attempts per message, not timeouts: on a loaded machine a loopback answer can
 * take over PandaPon's 1 s, and a timed-out attempt waits 30 min for its retry, so the wait below
 * would never end. A generous per-attempt limit keeps them about what they test.
 */
const PATIENT = { timeoutMs: 10_000, leaseMs: 60_000 };

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function statusCounts(ctx: SystemCtx): Promise<Record<string, number>> {
  const rows = await ctx.db
    .selectFrom('callback_messages')
    .select(['status'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

describe('callbacks: durability across processes', () => {
  let shared: Awaited<ReturnType<typeof sharedDatabase>>;
  let ctx: SystemCtx;
  let rx: Receiver;
  let dev: CreatedDeveloper;
  let seq = 0;
  const children: ChildProcess[] = [];

  before(async () => {
    shared = await sharedDatabase();
    ctx = { db: shared.db.kysely, dialect: shared.db.dialect, clock: systemClock, masterKey: MASTER_KEY, requestId: 'test' };
    rx = await startReceiver();
    dev = await createDeveloper(ctx, { name: 'durable' });
    const devCtx: Ctx = { ...ctx, developerId: dev.developerId, userId: dev.userId, rowsVisible: 'all', role: 'main', language: 'en' };
    const set = await setCallbackUrl(devCtx, { url: rx.url }, { allowPrivate: true });
    assert.ok(set.ok);
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await rx.close();
    await shared.drop();
  });

  async function emitMany(n: number): Promise<string[]> {
    const ids = [];
    for (let i = 0; i < n; i++) {
      const orderId = `77${String(++seq).padStart(17, '0')}`;
      ids.push(
        await emitEvent(ctx, {
          developerId: dev.developerId,
          type: 'ORDER_CREATE',
          aggregateType: 'purchase_order',
          aggregateId: orderId,
          payload: {
            orderId,
            platform: i % 2 ? '1688' : 'taobao',
            ownerUserId: dev.userId,
            state: 'waiting_payment',
            totalAmountFen: 100 + i,
            version: 1,
          },
        }),
      );
    }
    return ids;
  }

  test('kill -9 of a dispatcher process with deliveries in flight and pending; a restart delivers everything', async () => {
    rx.received.length = 0;
    rx.mode = 'slow';
    rx.delayMs = 400;
    const ids = await emitMany(60);
    const env = { ...shared.env, CB_LEASE_MS: '2000', CB_CONCURRENCY: '4' };
    const first = await spawnDispatcher(env);
    children.push(first);
    await waitFor('first deliveries to reach the receiver', () => rx.messages().length >= 6);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const afterKill = await statusCounts(ctx);
    assert.ok((afterKill.pending ?? 0) > 0, `some messages still pending after the kill: ${JSON.stringify(afterKill)}`);
    rx.mode = 'ok';
    const second = await spawnDispatcher(env);
    children.push(second);
    await waitFor('every message delivered', async () => (await statusCounts(ctx)).delivered === ids.length);
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
    const seen = new Set(rx.messages().map((r) => String(r.headers['webhook-id'])));
    for (const id of ids) assert.ok(seen.has(id), `message ${id} never reached the receiver`);
    const duplicates = rx.messages().length - seen.size;
    // At-least-once: messages in flight at the kill may arrive twice, nothing is lost.
    assert.ok(duplicates <= 4, `at most the in-flight messages are re-sent, got ${duplicates}`);
    const attempts = await ctx.db
      .selectFrom('callback_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(attempts.n), ids.length, 'exactly one recorded attempt per message');
  });

  test('two dispatchers on one database at once: no message attempted twice', {
    skip: !onPostgres && 'PostgreSQL only (SQLite runs a single dispatcher)',
  }, async () => {
    rx.received.length = 0;
    // A receiver that takes 50 ms an answer: one dispatcher (16 at a time) needs ≥ 1.25 s for the 400,
    // so the other one is sure to get work, whichever starts first and however fast the machine is.
    rx.mode = 'slow';
    const delayBefore = rx.delayMs;
    rx.delayMs = 50;
    const dbA = shared.open();
    const dbB = shared.open();
    const source = await createSandboxSource(shared.db);
    const a = createDispatcher({
      ctx: { ...ctx, db: dbA.kysely },
      source,
      renderer: pandaPonMessages,
      allowPrivate: true,
      concurrency: 16,
      batchSize: 50,
      dispatcherId: 'A',
      ...PATIENT,
    });
    const b = createDispatcher({
      ctx: { ...ctx, db: dbB.kysely },
      source,
      renderer: pandaPonMessages,
      allowPrivate: true,
      concurrency: 16,
      batchSize: 50,
      dispatcherId: 'B',
      ...PATIENT,
    });
    // Both connected (a pass over nothing) and running before the messages exist: on a loaded
    // machine a dispatcher still opening its pool could otherwise find the other one done.
    await Promise.all([a.runOnce(), b.runOnce()]);
    a.start(5);
    b.start(5);
    const ids = await emitMany(400);
    try {
      await waitFor('all delivered', async () => (await statusCounts(ctx)).delivered === ids.length + 60);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      rx.mode = 'ok';
      rx.delayMs = delayBefore;
    }
    const perMessage = await attemptsPerMessage(ctx, ids);
    assert.equal(perMessage.length, ids.length);
    assert.ok(
      perMessage.every((r) => Number(r.n) === 1),
      'one attempt per message',
    );
    const received = rx.messages().map((r) => String(r.headers['webhook-id']));
    assert.equal(received.length, ids.length, 'the receiver got each message exactly once');
    assert.equal(new Set(received).size, ids.length);
    const byDispatcher = await ctx.db
      .selectFrom('callback_attempts')
      .select('dispatcher')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('message_id', 'in', ids)
      .groupBy('dispatcher')
      .execute();
    assert.equal(byDispatcher.length, 2, `both dispatchers worked: ${JSON.stringify(byDispatcher)}`);
  });

  test('two dispatcher processes on one PostgreSQL schema: each message delivered once', {
    skip: !onPostgres && 'PostgreSQL only',
  }, async () => {
    rx.received.length = 0;
    rx.mode = 'ok';
    const before = (await statusCounts(ctx)).delivered ?? 0;
    const ids = await emitMany(300);
    const env = { ...shared.env, CB_CONCURRENCY: '8', CB_TIMEOUT_MS: String(PATIENT.timeoutMs), CB_LEASE_MS: String(PATIENT.leaseMs) };
    const pair = await Promise.all([spawnDispatcher(env), spawnDispatcher(env)]);
    children.push(...pair);
    await waitFor('all delivered', async () => (await statusCounts(ctx)).delivered === before + ids.length);
    for (const child of pair) {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    }
    const received = rx.messages().map((r) => String(r.headers['webhook-id']));
    assert.equal(received.length, ids.length);
    assert.equal(new Set(received).size, ids.length);
    const perMessage = await attemptsPerMessage(ctx, ids);
    assert.ok(perMessage.length === ids.length && perMessage.every((r) => Number(r.n) === 1));
    const byDispatcher = await ctx.db
      .selectFrom('callback_attempts')
      .select('dispatcher')
      .where('message_id', 'in', ids)
      .groupBy('dispatcher')
      .execute();
    assert.equal(byDispatcher.length, 2, 'both processes delivered some');
  });
});
