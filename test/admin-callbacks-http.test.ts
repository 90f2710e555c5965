import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { emitEvent } from '../src/platform/outbox/index.ts';
import { ADMIN_TOKEN, createHarness, type Harness } from './helpers/harness.ts';
import { addOperator, consoleCall, signIn } from './helpers/operators.ts';

describe('/admin/callbacks', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  const admin = async (method: 'GET' | 'POST', url: string, payload?: object, token = ADMIN_TOKEN) =>
    (
      await h.app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload ? { payload } : {}) })
    ).json();

  /** A message as the dispatcher leaves it (it is made from an outbox event, whose id it keeps). */
  async function message(dev: { developerId: string; userId: string }, status: 'failed' | 'delivered' | 'retrying', type: string) {
    const aggregateId = String(1_888_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e9)));
    const id = await emitEvent(h.ctx, {
      developerId: dev.developerId,
      type: 'ORDER_CREATE',
      aggregateType: 'purchase_order',
      aggregateId,
      payload: {
        orderId: aggregateId,
        platform: 'taobao',
        ownerUserId: dev.userId,
        state: 'waiting_payment',
        totalAmountFen: 100,
        version: 1,
      },
    });
    await h.db.kysely
      .insertInto('callback_messages')
      .values({
        id,
        developer_id: dev.developerId,
        owner_user_id: dev.userId,
        message_type: type,
        platform: 0,
        body: '[]',
        aggregate_id: aggregateId,
        event_type: 'ORDER_CREATE',
        status,
        attempts: 2,
        retry_base: 0,
        next_attempt_at: status === 'retrying' ? h.clock.nowMs() + 60_000 : null,
        lease_until: null,
        lease_owner: null,
        created_at: h.clock.nowMs(),
        delivered_at: status === 'delivered' ? h.clock.nowMs() : null,
      })
      .execute();
    await h.db.kysely
      .insertInto('callback_attempts')
      .values({
        message_id: id,
        attempt_no: 1,
        at: h.clock.nowMs(),
        status_code: 500,
        latency_ms: 12,
        error: 'HTTP 500',
        response_snippet: 'no',
        trigger: 'scheduled',
        dispatcher: 'test',
      })
      .execute();
    return id;
  }

  it('lists messages across developers with attempts and developer, filtered; redelivers one', async () => {
    const a = await h.developer();
    const b = await h.developer();
    const failed = await message(a, 'failed', 'TAOBAO_ORDER_BUYER_VIEW_BUYER_STATUS');
    const retrying = await message(b, 'retrying', 'ALIBABA_ORDER_STATUS');
    const delivered = await message(b, 'delivered', 'TAOBAO_ORDER_BUYER_VIEW_BUYER_STATUS');
    const all = await admin('GET', '/admin/callbacks/log?pageSize=100');
    assert.equal(all.code, 200, all.msg);
    const ids = all.data.rows.map((r: { messageId: string }) => r.messageId);
    assert.ok([failed, retrying, delivered].every((id) => ids.includes(id)));
    const row = all.data.rows.find((r: { messageId: string }) => r.messageId === failed);
    assert.equal(row.developerId, a.developerId);
    assert.equal(row.attempts.length, 1);
    assert.equal(row.attempts[0].statusCode, 500);
    const ofB = await admin('GET', `/admin/callbacks/log?developerId=${b.developerId}`);
    assert.deepEqual(ofB.data.rows.map((r: { messageId: string }) => r.messageId).sort(), [retrying, delivered].sort());
    const pending = await admin('GET', `/admin/callbacks/log?developerId=${b.developerId}&state=pending`);
    assert.deepEqual(
      pending.data.rows.map((r: { messageId: string }) => r.messageId),
      [retrying],
    );
    const typed = await admin('GET', `/admin/callbacks/log?developerId=${b.developerId}&messageType=ALIBABA_ORDER_STATUS`);
    assert.equal(typed.data.total, 1);
    const again = await admin('POST', '/admin/callbacks/redeliver', { messageId: failed });
    assert.equal(again.code, 200, again.msg);
    assert.deepEqual(again.data, { queued: 1, messageIds: [failed] });
    const after = await h.db.kysely.selectFrom('callback_messages').selectAll().where('id', '=', failed).executeTakeFirstOrThrow();
    assert.equal(after.status, 'pending');
    assert.equal(after.next_trigger, 'manual');
    assert.equal(Number(after.next_attempt_at), h.clock.nowMs());
  });

  it('names the bad field, answers 404 for an unknown message', async () => {
    const bad = await admin('GET', '/admin/callbacks/log?state=retrying');
    assert.equal(bad.code, 400);
    assert.match(bad.msg, /state/);
    const badId = await admin('POST', '/admin/callbacks/redeliver', { messageId: 'x' });
    assert.equal(badId.code, 400);
    assert.match(badId.msg, /messageId/);
    const missing = await admin('POST', '/admin/callbacks/redeliver', { messageId: '123456789' });
    assert.equal(missing.code, 404, missing.msg);
  });

  it('refuses a warehouse login and no auth', async () => {
    await addOperator(h, 'wh-cb', 'warehouse');
    const session = await signIn(h, 'wh-cb');
    const log = await consoleCall(h, session, 'GET', '/admin/callbacks/log');
    assert.equal(log.code, 4004, log.msg);
    const redeliver = await consoleCall(h, session, 'POST', '/admin/callbacks/redeliver', { messageId: '123456789' });
    assert.equal(redeliver.code, 4004, redeliver.msg);
    assert.notEqual((await admin('GET', '/admin/callbacks/log', undefined, '')).code, 200);
    assert.notEqual((await admin('POST', '/admin/callbacks/redeliver', { messageId: '1' }, 'wrong')).code, 200);
  });
});
