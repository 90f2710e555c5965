import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { getRefundSystem, REFUND_EVENT_TYPE } from '../src/modules/aftersales/index.ts';
import { setCallbackUrl } from '../src/modules/callbacks/index.ts';
import { getBalance, ledgerCheck } from '../src/modules/wallet/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import type { SystemCtx } from '../src/platform/context.ts';
import { connect, type Db } from '../src/platform/db/index.ts';
import { createSandboxSource } from '../src/sources/sandbox/source.ts';
import { getProductsByIndexes } from '../src/sources/sandbox/store/index.ts';
import { startReceiver, type Receiver } from './helpers/callback-receiver.ts';
import { freshDatabase, onPostgres, type TestDb } from './helpers/db.ts';
import { ADMIN_TOKEN, CATALOG_SEED } from './helpers/harness.ts';
import { startServerProcess, tempDataDir, type ServerProcess } from './helpers/process.ts';
import { applyRefund, fundedBuyer, paidOrder, refundCredits, skuPicker } from './helpers/refunds.ts';

/*
 * The real server is killed (SIGKILL) after the sandbox seller's refund committed and while its
 * callback is in flight (the receiver holds the request unanswered). After a restart the wallet
 * holds exactly one credit for the refund and the same message (same webhook-id) is delivered.
 */
const MASTER_KEY = Buffer.alloc(32, 5);
const PRODUCTS = 200;

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function advance(server: ServerProcess, by: string): Promise<void> {
  const response = await fetch(`${server.baseUrl}/sandbox/clock/advance`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ by }),
  });
  const answer = (await response.json()) as { code: number; msg: string };
  assert.equal(answer.code, 200, answer.msg);
}

describe('after-sales: a crash between the seller’s refund and its callback', () => {
  let testDb: TestDb | null = null;
  let db: Db | null = null;
  let rx: Receiver | null = null;
  const servers: ServerProcess[] = [];
  after(async () => {
    for (const s of servers) await s.stop('SIGKILL');
    await rx?.close();
    if (!onPostgres) await db?.close();
    await testDb?.drop();
  });

  test('the wallet is credited once and the callback is delivered after the restart', async () => {
    const dataDir = tempDataDir();
    testDb = onPostgres ? await freshDatabase() : null;
    const env = {
      ...(testDb?.env ?? {}),
      PONTE_DATA_DIR: dataDir,
      PONTE_ADMIN_TOKEN: ADMIN_TOKEN,
      PONTE_MASTER_KEY: MASTER_KEY.toString('hex'),
      PONTE_SANDBOX_PRODUCTS: String(PRODUCTS),
      PONTE_SANDBOX_SEED: String(CATALOG_SEED),
      PONTE_CALLBACK_ALLOW_PRIVATE: '1',
      // The held request stays in flight for the whole kill window.
      PONTE_CALLBACK_TIMEOUT_MS: '30000',
      PONTE_SANDBOX_PRICE_CHANGE_RATE: '0',
      PONTE_SANDBOX_STOCK_OUT_RATE: '0',
      PONTE_SANDBOX_REFUND_AGREE_RATE: '1',
      PONTE_SANDBOX_REFUND_REFUSE_RATE: '0',
    };
    const first = await startServerProcess(env);
    servers.push(first);
    db = testDb ? testDb.open() : connect({ sqliteFile: join(dataDir, 'ponte.sqlite'), dataDir });
    const ctx: SystemCtx = { db: db.kysely, dialect: db.dialect, clock: systemClock, masterKey: MASTER_KEY, requestId: 'crash' };
    const source = await createSandboxSource(db);
    const b = await fundedBuyer(ctx, 'crash');
    const { dev } = b;
    const products = await getProductsByIndexes(
      db,
      Array.from({ length: PRODUCTS }, (_, i) => i),
    );
    const order = await paidOrder(b, source, skuPicker(products), 'taobao');
    const refund = await applyRefund(b, order, 'refund');
    // Subscribe only once the order and the application were consumed without messages: the one
    // message in flight at the kill is then the seller's refund (and the order close it causes).
    await waitFor('the outbox drained', async () => {
      const left = await ctx.db.selectFrom('outbox_events').select('id').where('dispatched_at', 'is', null).execute();
      return left.length === 0;
    });
    rx = await startReceiver();
    assert.ok((await setCallbackUrl(b.ctx, { url: rx.url }, { allowPrivate: true })).ok);
    rx.mode = 'hang';
    const balanceBefore = await getBalance(ctx, dev.developerId);

    // Within the agreeing seller's 90 minutes and before the sandbox's earliest shipping (2 h).
    await advance(first, '100m');
    const refunded = await getRefundSystem(ctx, refund.refundId);
    assert.ok(refunded.ok);
    assert.equal(refunded.refund.status, '100', 'the seller refunded');
    const refundMessageIn = (r: Receiver) =>
      r.messages().filter((m) => {
        const envelope = JSON.parse(m.body) as { messageType: string; messageBody: string };
        return (
          envelope.messageType === 'TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND' && JSON.parse(envelope.messageBody).refund_status === 100
        );
      });
    await waitFor('the refund callback in flight', () => refundMessageIn(rx!).length > 0);
    const message = await ctx.db
      .selectFrom('callback_messages')
      .select(['id', 'status'])
      .where('aggregate_id', '=', order.orderId)
      .where('event_type', '=', REFUND_EVENT_TYPE)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.notEqual(message.status, 'delivered');
    await first.stop('SIGKILL');

    rx.mode = 'ok';
    const second = await startServerProcess(env);
    servers.push(second);
    // Past the lease the killed server held (business time): the message is due again.
    await advance(second, '10m');
    await waitFor('the refund callback delivered', async () => {
      const row = await ctx.db.selectFrom('callback_messages').select('status').where('id', '=', message.id).executeTakeFirstOrThrow();
      return row.status === 'delivered';
    });
    const deliveries = refundMessageIn(rx);
    assert.ok(deliveries.length >= 2, 'held before the crash, sent again after it');
    assert.ok(
      deliveries.every((d) => d.headers['webhook-id'] === deliveries[0]!.headers['webhook-id']),
      'the same message id: a receiver de-duplicates on it',
    );
    assert.deepEqual(await refundCredits(ctx, refund.refundId), { count: 1, fen: refund.applyFen });
    const check = await ledgerCheck(ctx, dev.developerId);
    assert.equal(check.balanceFen, check.entriesSumFen);
    assert.equal(await getBalance(ctx, dev.developerId), balanceBefore + order.paidAmountFen, 'the line and its freight, once');
  });
});
