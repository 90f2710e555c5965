import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { emitEvent } from '../src/platform/outbox/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { connect, type Db } from '../src/platform/db/index.ts';
import { startReceiver, type Receiver } from './helpers/callback-receiver.ts';
import { freshDatabase, onPostgres, type TestDb } from './helpers/db.ts';
import { ponte, tempDataDir } from './helpers/process.ts';

describe('ponte callback CLI', () => {
  let rx: Receiver;
  let env: Record<string, string>;
  let testDb: TestDb | null = null;
  let db: Db;

  before(async () => {
    rx = await startReceiver();
    const dataDir = tempDataDir();
    if (onPostgres) {
      testDb = await freshDatabase();
      env = { ...testDb.env, PONTE_DATA_DIR: dataDir, PONTE_CALLBACK_ALLOW_PRIVATE: '1' };
    } else {
      env = { PONTE_DATA_DIR: dataDir, PONTE_CALLBACK_ALLOW_PRIVATE: '1' };
    }
  });
  after(async () => {
    await rx.close();
    if (db && !onPostgres) await db.close();
    await testDb?.drop();
  });

  const callback = (args: string[], extraEnv: Record<string, string> = {}) => ponte(['callback', ...args], { ...env, ...extraEnv });

  test('set prints {url, secret}; log and redeliver work; private URLs refused unless allowed', async () => {
    const dev = JSON.parse(await ponte(['developer', 'create', '--name', 'cli-dev', '--json'], env)) as {
      developerId: string;
      userId: string;
    };
    const set = JSON.parse(await callback(['set', '--developer', dev.developerId, '--url', rx.url, '--json']));
    assert.deepEqual(Object.keys(set).sort(), ['secret', 'url']);
    assert.equal(set.url, rx.url);
    assert.match(set.secret, /^whsec_/);
    await assert.rejects(
      callback(['set', '--developer', dev.developerId, '--url', rx.url, '--json'], { PONTE_CALLBACK_ALLOW_PRIVATE: '0' }),
      /private-address/,
    );

    db = onPostgres ? testDb!.open() : connect({ sqliteFile: join(env.PONTE_DATA_DIR!, 'ponte.sqlite'), dataDir: env.PONTE_DATA_DIR });
    const ctx = { db: db.kysely, dialect: db.dialect, clock: systemClock, masterKey: Buffer.alloc(32), requestId: 't' };
    const id = await emitEvent(ctx, {
      developerId: dev.developerId,
      type: 'ORDER_CREATE',
      aggregateType: 'purchase_order',
      aggregateId: '1888888888888888888',
      payload: {
        orderId: '1888888888888888888',
        platform: 'taobao',
        ownerUserId: dev.userId,
        state: 'waiting_payment',
        totalAmountFen: 100,
        version: 1,
      },
    });
    // messages are made by the dispatcher; a message row stands in for one that failed
    await db.kysely
      .insertInto('callback_messages')
      .values({
        id,
        developer_id: dev.developerId,
        owner_user_id: dev.userId,
        message_type: 'TAOBAO_ORDER_BUYER_VIEW_BUYER_STATUS',
        platform: 0,
        body: '[]',
        aggregate_id: '1888888888888888888',
        event_type: 'ORDER_CREATE',
        status: 'failed',
        attempts: 6,
        retry_base: 0,
        next_attempt_at: null,
        lease_until: null,
        lease_owner: null,
        created_at: Date.now(),
        delivered_at: null,
      })
      .execute();
    const log = JSON.parse(await callback(['log', '--developer', dev.developerId, '--json']));
    assert.equal(log.total, 1);
    assert.equal(log.messages[0].messageId, id);
    const human = await callback(['log', '--developer', dev.developerId]);
    assert.match(human, new RegExp(`${id} TAOBAO_ORDER_BUYER_VIEW_BUYER_STATUS order 1888888888888888888 failed`));
    const again = JSON.parse(
      await callback([
        'redeliver',
        '--developer',
        dev.developerId,
        '--failed-since',
        new Date(Date.now() - 60_000).toISOString(),
        '--json',
      ]),
    );
    assert.deepEqual(again, { queued: 1, messageIds: [id] });
    const one = JSON.parse(await callback(['redeliver', '--developer', dev.developerId, '--message', id, '--json']));
    assert.equal(one.queued, 1);
    await assert.rejects(callback(['redeliver', '--developer', dev.developerId, '--message', '123', '--json']), /not found/);
  });
});
