import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { allMigrations } from '../src/migrations.ts';
import { createDispatcher } from '../src/modules/callbacks/index.ts';
import { connect, dropPostgresSchema, ensurePostgresSchema, migrateWith } from '../src/platform/db/index.ts';
import { emitEvent } from '../src/platform/outbox/index.ts';
import { createSandboxSource } from '../src/sources/sandbox/source.ts';
import { pandaPonMessages } from '../src/wire/callbacks/bodies.ts';
import { startReceiver, type Receiver } from './helpers/callback-receiver.ts';
import { onPostgres, testDatabaseUrl } from './helpers/db.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

const MIN = 60_000;

describe('callback attempts record what triggered them', () => {
  let h: Harness;
  let rx: Receiver;

  before(async () => {
    h = await createHarness({ allowPrivateUrls: true });
    rx = await startReceiver();
  });
  after(async () => {
    await rx.close();
    await h.close();
  });

  test('the schedule’s attempts say scheduled; the one after a redelivery over HTTP says manual', async () => {
    const dev = await h.developer();
    assert.equal((await h.call(dev, 'POST', '/v2/open/callback/set', { url: rx.url })).code, 200);
    rx.mode = 'error';
    const orderId = '1888888888888888888';
    const messageId = await emitEvent(h.ctx, {
      developerId: dev.developerId,
      type: 'ORDER_CREATE',
      aggregateType: 'purchase_order',
      aggregateId: orderId,
      payload: { orderId, platform: 'taobao', ownerUserId: dev.userId, state: 'waiting_payment', totalAmountFen: 990, version: 1 },
    });
    const d = createDispatcher({
      ctx: h.ctx,
      source: await createSandboxSource(h.db),
      renderer: pandaPonMessages,
      wallClock: h.clock,
      allowPrivate: true,
      schedule: '1m',
      jitterRatio: 0,
    });
    await d.runOnce(); // first delivery
    h.clock.advance(MIN);
    await d.runOnce(); // the one retry of the schedule
    const redelivered = await h.call(dev, 'POST', '/v2/open/callback/redeliver', { messageId });
    assert.deepEqual(redelivered.data, { queued: 1, messageIds: [messageId] });
    await d.runOnce(); // the redelivery
    h.clock.advance(MIN);
    await d.runOnce(); // the fresh schedule's retry
    const log = await h.call(dev, 'POST', '/v2/open/callback/log/page', { orderId });
    assert.equal(log.code, 200, JSON.stringify(log));
    const attempts = log.data.data[0].attempts as Array<{ attemptNo: number; trigger: string; statusCode: number }>;
    assert.deepEqual(
      attempts.map((a) => [a.attemptNo, a.trigger]),
      [
        [1, 'scheduled'],
        [2, 'scheduled'],
        [3, 'manual'],
        [4, 'scheduled'],
      ],
    );
    assert.ok(attempts.every((a) => a.statusCode === 500));
  });
});

test('attempts recorded before the trigger column read as scheduled', async () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  if (onPostgres) await ensurePostgresSchema(testDatabaseUrl, schema);
  const db = onPostgres ? connect({ databaseUrl: testDatabaseUrl, schema }) : connect({ sqliteFile: ':memory:' });
  try {
    // The database as it was before the trigger column: every migration named before it.
    const all = allMigrations(db.dialect);
    const later = Object.keys(all).filter((name) => name >= '013_callback_attempt_trigger');
    await migrateWith(db, Object.fromEntries(Object.entries(all).filter(([name]) => !later.includes(name))));
    await sql`INSERT INTO callback_messages (id, developer_id, owner_user_id, message_type, platform, body, aggregate_id, event_type,
      status, attempts, retry_base, created_at) VALUES ('1', 'd', 'u', 'ORDER_CREATE', 1, '{}', 'o', 'ORDER_CREATE', 'failed', 1, 0, 0)`.execute(
      db.kysely,
    );
    await sql`INSERT INTO callback_attempts (message_id, attempt_no, at, latency_ms, response_snippet, dispatcher)
      VALUES ('1', 1, 0, 5, '', 'old')`.execute(db.kysely);
    assert.deepEqual(await migrateWith(db, all), later);
    const attempt = await db.kysely.selectFrom('callback_attempts').select('trigger').executeTakeFirstOrThrow();
    assert.equal(attempt.trigger, 'scheduled');
    const message = await db.kysely.selectFrom('callback_messages').select('next_trigger').executeTakeFirstOrThrow();
    assert.equal(message.next_trigger, 'scheduled');
  } finally {
    await db.close();
    if (onPostgres) await dropPostgresSchema(testDatabaseUrl, schema);
  }
});
