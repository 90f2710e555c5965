import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { adjust, chargeWallet, ledgerCheck, refundToWallet, topUp } from '../src/modules/wallet/index.ts';
import { MAX_WALLET_FEN } from '../src/platform/money.ts';
import { freshDatabase, onPostgres, type TestDb } from './helpers/db.ts';
import { ADMIN_TOKEN, createHarness, type Harness } from './helpers/harness.ts';
import { ponte, tempDataDir } from './helpers/process.ts';

/**
 * A balance, every running sum of the ledger and every single movement stop at MAX_WALLET_FEN
 * (10^13 fen), well inside 2^53: past 2^53 SQLite rounded the balance away from its entries and
 * PostgreSQL's bigint parser threw. A credit that would pass the ceiling is refused, unwritten.
 */
const SAFE = Number.MAX_SAFE_INTEGER;

describe('the wallet ceiling', () => {
  let h: Harness;
  const admin = (payload: unknown) =>
    h.app
      .inject({
        method: 'POST',
        url: '/admin/wallets/topup',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'accept-language': 'en' },
        payload: payload as object,
      })
      .then((r) => r.json() as { code: number; msg: string; data: any });
  const rows = async () => {
    const t = await h.ctx.db
      .selectFrom('ledger_transactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const e = await h.ctx.db
      .selectFrom('ledger_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return [Number(t.n), Number(e.n)];
  };
  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  test('the two top-ups that passed 2^53 are refused; the balance stays exact and equal to its entries', async () => {
    const dev = await h.developer();
    const id = dev.developerId;
    const before = await rows();
    const huge = await topUp(h.ctx, { developerId: id, amountFen: SAFE });
    assert.deepEqual(huge, {
      ok: false,
      error: 'BAD_PARAMETER',
      params: { field: 'amountFen', rule: `must be a positive integer (fen) of at most ${MAX_WALLET_FEN}` },
    });
    assert.deepEqual(await rows(), before, 'nothing written');

    assert.ok((await topUp(h.ctx, { developerId: id, amountFen: MAX_WALLET_FEN - 1 })).ok);
    const full = await topUp(h.ctx, { developerId: id, amountFen: 1 });
    assert.ok(full.ok && full.balanceFen === MAX_WALLET_FEN);
    const written = await rows();
    const over = await topUp(h.ctx, { developerId: id, amountFen: 1 });
    assert.deepEqual(over, {
      ok: false,
      error: 'WALLET_LIMIT_EXCEEDED',
      params: { balanceAfterFen: MAX_WALLET_FEN + 1, limitFen: MAX_WALLET_FEN },
    });
    assert.equal((await adjust(h.ctx, { developerId: id, amountFen: 5, note: 'correction' })).ok, false);
    assert.deepEqual(await rows(), written, 'refused credits write nothing');
    const check = await ledgerCheck(h.ctx, id);
    assert.deepEqual([check.balanceFen, check.entriesSumFen, check.unbalancedTransactions], [MAX_WALLET_FEN, MAX_WALLET_FEN, 0]);
  });

  test('debits are never held back by the ceiling; a refund that would pass it is refused like a top-up', async () => {
    const id = (await h.developer()).developerId;
    assert.ok((await topUp(h.ctx, { developerId: id, amountFen: MAX_WALLET_FEN })).ok);
    const charged = await chargeWallet(h.ctx, { developerId: id, amountFen: 500, kind: 'order_charge', ref: 'o-1' });
    assert.ok(charged.ok && charged.balanceFen === MAX_WALLET_FEN - 500);
    assert.ok((await topUp(h.ctx, { developerId: id, amountFen: 400 })).ok);
    const refund = await refundToWallet(h.ctx, { developerId: id, amountFen: 500, ref: 'r-1' });
    assert.equal(refund.ok ? null : refund.error, 'WALLET_LIMIT_EXCEEDED');
    assert.ok((await chargeWallet(h.ctx, { developerId: id, amountFen: 600, kind: 'order_charge', ref: 'o-2' })).ok);
    assert.ok(
      (await refundToWallet(h.ctx, { developerId: id, amountFen: 500, ref: 'r-1' })).ok,
      'the same ref succeeds once there is room',
    );
    const check = await ledgerCheck(h.ctx, id);
    assert.deepEqual([check.balanceFen, check.entriesSumFen], [MAX_WALLET_FEN - 200, MAX_WALLET_FEN - 200]);
  });

  test('admin HTTP top-up: past the ceiling → 2008 naming the limit; an amount above it → 400', async () => {
    const dev = await h.developer();
    assert.equal((await admin({ developerId: dev.developerId, amountFen: MAX_WALLET_FEN })).code, 200);
    const over = await admin({ developerId: dev.developerId, amountFen: 1 });
    assert.equal(over.code, 2008, over.msg);
    assert.equal(
      over.msg,
      `wallet limit exceeded: the balance would be ${MAX_WALLET_FEN + 1} fen, above the limit of ${MAX_WALLET_FEN} fen`,
    );
    for (const amountFen of [MAX_WALLET_FEN + 1, SAFE]) {
      const answer = await admin({ developerId: dev.developerId, amountFen });
      assert.equal(answer.code, 400, answer.msg);
      assert.match(answer.msg, /amountFen/);
    }
    const check = await ledgerCheck(h.ctx, dev.developerId);
    assert.deepEqual([check.balanceFen, check.entries], [MAX_WALLET_FEN, 1]);
  });
});

describe('the wallet ceiling on the CLI', () => {
  let env: Record<string, string>;
  let testDb: TestDb | null = null;
  before(async () => {
    if (onPostgres) testDb = await freshDatabase();
    env = { ...(testDb?.env ?? {}), PONTE_DATA_DIR: tempDataDir() };
  });
  after(async () => {
    await testDb?.drop();
  });

  test('`ponte wallet topup` past the ceiling exits 2 with the reason, no stack trace, nothing written', async () => {
    const dev = JSON.parse(await ponte(['developer', 'create', '--name', 'rich', '--json'], env)) as { developerId: string };
    const topup = (amount: number) =>
      ponte(['wallet', 'topup', '--developer', dev.developerId, '--amount', String(amount), '--json'], env).then(
        (out) => JSON.parse(out),
        (error: { code?: number; stderr?: string }) => error,
      );
    assert.deepEqual(await topup(MAX_WALLET_FEN), { balance: MAX_WALLET_FEN });
    const over = await topup(1);
    assert.equal(over.code, 2);
    assert.equal(
      over.stderr,
      `ponte: wallet limit exceeded: the balance would be ${MAX_WALLET_FEN + 1} fen, above the limit of ${MAX_WALLET_FEN} fen\n`,
    );
    const huge = await topup(SAFE);
    assert.equal(huge.code, 2);
    assert.equal(huge.stderr, `ponte: bad parameter: amountFen must be a positive integer (fen) of at most ${MAX_WALLET_FEN}\n`);
    assert.deepEqual(JSON.parse(await ponte(['wallet', 'show', '--developer', dev.developerId, '--json'], env)), {
      balance: MAX_WALLET_FEN,
      entries: 1,
    });
  });
});
