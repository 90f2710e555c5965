import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { adjust, chargeWallet, getBalance, ledgerCheck, listEntries, refundToWallet, topUp } from '../src/modules/wallet/index.ts';
import { inTransaction, type SystemCtx } from '../src/platform/context.ts';
import { ADMIN_TOKEN, createHarness, type Harness } from './helpers/harness.ts';

/** The invariants, checked after every scenario: entries sum to the balance, every transaction sums to zero. */
async function assertLedgerSound(ctx: SystemCtx, developerId: string, expectedBalanceFen?: number): Promise<void> {
  const check = await ledgerCheck(ctx, developerId);
  assert.equal(check.entriesSumFen, check.balanceFen, 'sum of entries == balance');
  assert.equal(check.unbalancedTransactions, 0, 'every transaction sums to zero');
  assert.ok(check.balanceFen >= 0, 'balance never negative');
  if (expectedBalanceFen !== undefined) assert.equal(check.balanceFen, expectedBalanceFen);
  const all = await ctx.db
    .selectFrom('ledger_entries')
    .select(['transaction_id', (eb) => eb.fn.sum<number>('amount_fen').as('s')])
    .groupBy('transaction_id')
    .execute();
  assert.ok(
    all.every((row) => Number(row.s) === 0),
    'no transaction anywhere is unbalanced',
  );
}

async function counts(ctx: SystemCtx) {
  const t = await ctx.db
    .selectFrom('ledger_transactions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const e = await ctx.db
    .selectFrom('ledger_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { transactions: Number(t.n), entries: Number(e.n) };
}

describe('wallet service', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  test('top-up, charge, refund, adjust: balances and a sound ledger', async () => {
    const dev = await h.developer();
    const id = dev.developerId;
    assert.equal(await getBalance(h.ctx, id), 0);
    const topped = await topUp(h.ctx, { developerId: id, amountFen: 10_000, note: 'bank transfer' });
    assert.ok(topped.ok && topped.balanceFen === 10_000);
    const charged = await chargeWallet(h.ctx, { developerId: id, amountFen: 2_550, kind: 'order_charge', ref: 'order-1' });
    assert.ok(charged.ok);
    assert.equal(charged.balanceFen, 7_450);
    assert.equal(charged.replayed, false);
    const freight = await chargeWallet(h.ctx, { developerId: id, amountFen: 450, kind: 'freight', ref: 'order-1' });
    assert.ok(freight.ok && !freight.replayed, 'same ref, other kind: a different charge');
    const refunded = await refundToWallet(h.ctx, { developerId: id, amountFen: 1_000, ref: 'refund-1' });
    assert.ok(refunded.ok);
    assert.equal(refunded.balanceFen, 8_000);
    const again = await refundToWallet(h.ctx, { developerId: id, amountFen: 1_000, ref: 'refund-1' });
    assert.ok(again.ok && again.replayed && again.transactionId === refunded.transactionId);
    const down = await adjust(h.ctx, { developerId: id, amountFen: -500, note: 'correction' });
    assert.ok(down.ok);
    assert.equal(down.balanceFen, 7_500);
    const up = await adjust(h.ctx, { developerId: id, amountFen: 20, note: 'goodwill' });
    assert.ok(up.ok && up.balanceFen === 7_520);
    await assertLedgerSound(h.ctx, id, 7_520);
    const page = await listEntries(h.ctx, id, { pageNo: 1, pageSize: 3 });
    assert.equal(page.total, 6);
    assert.deepEqual(
      page.rows.map((r) => [r.kind, r.amountFen, r.balanceAfterFen]),
      [
        ['adjustment', 20, 7_520],
        ['adjustment', -500, 7_500],
        ['refund', 1_000, 8_000],
      ],
    );
    assert.deepEqual((await listEntries(h.ctx, id, { pageNo: 3, pageSize: 3 })).rows, []);
  });

  test('charging more than the balance → INSUFFICIENT_BALANCE with the exact shortfall, nothing written', async () => {
    const id = (await h.developer()).developerId;
    await topUp(h.ctx, { developerId: id, amountFen: 1_000 });
    const before = await counts(h.ctx);
    const refused = await chargeWallet(h.ctx, { developerId: id, amountFen: 1_234, kind: 'order_charge', ref: 'big' });
    assert.deepEqual(refused, { ok: false, error: 'INSUFFICIENT_BALANCE', params: { shortfallFen: 234 } });
    assert.deepEqual(await counts(h.ctx), before, 'no transaction, no entries');
    await assertLedgerSound(h.ctx, id, 1_000);
    const overAdjust = await adjust(h.ctx, { developerId: id, amountFen: -1_001, note: 'too much' });
    assert.deepEqual(overAdjust, { ok: false, error: 'INSUFFICIENT_BALANCE', params: { shortfallFen: 1 } });
    const noWallet = await chargeWallet(h.ctx, {
      developerId: (await h.developer()).developerId,
      amountFen: 5,
      kind: 'order_charge',
      ref: 'x',
    });
    assert.deepEqual(noWallet, { ok: false, error: 'INSUFFICIENT_BALANCE', params: { shortfallFen: 5 } });
    // A refused charge leaves no claim behind: the same ref succeeds after a top-up.
    await topUp(h.ctx, { developerId: id, amountFen: 234 });
    const retried = await chargeWallet(h.ctx, { developerId: id, amountFen: 1_234, kind: 'order_charge', ref: 'big' });
    assert.ok(retried.ok && !retried.replayed && retried.balanceFen === 0);
    await assertLedgerSound(h.ctx, id, 0);
  });

  test('bad input and unknown developers', async () => {
    const id = (await h.developer()).developerId;
    assert.deepEqual(await topUp(h.ctx, { developerId: '999', amountFen: 1 }), {
      ok: false,
      error: 'NOT_FOUND',
      params: { what: 'developer 999' },
    });
    for (const amountFen of [0, -5, 1.5, Number.NaN]) {
      const answer = await topUp(h.ctx, { developerId: id, amountFen });
      assert.equal(!answer.ok && answer.error, 'BAD_PARAMETER', String(amountFen));
      const charge = await chargeWallet(h.ctx, { developerId: id, amountFen, kind: 'order_charge', ref: 'r' });
      assert.equal(!charge.ok && charge.error, 'BAD_PARAMETER');
    }
    assert.equal((await adjust(h.ctx, { developerId: id, amountFen: 0, note: 'x' })).ok, false);
    assert.equal((await adjust(h.ctx, { developerId: '999', amountFen: 5, note: 'x' })).ok, false);
    assert.equal((await chargeWallet(h.ctx, { developerId: id, amountFen: 1, kind: 'order_charge', ref: '' })).ok, false);
  });

  test('a replay with the same ref and another amount is refused; the first stands', async () => {
    const id = (await h.developer()).developerId;
    await topUp(h.ctx, { developerId: id, amountFen: 500 });
    const first = await chargeWallet(h.ctx, { developerId: id, amountFen: 100, kind: 'order_charge', ref: 'o' });
    const second = await chargeWallet(h.ctx, { developerId: id, amountFen: 100, kind: 'order_charge', ref: 'o' });
    assert.ok(first.ok && second.ok && second.replayed && second.transactionId === first.transactionId && second.balanceFen === 400);
    assert.deepEqual(await chargeWallet(h.ctx, { developerId: id, amountFen: 101, kind: 'order_charge', ref: 'o' }), {
      ok: false,
      error: 'IDEMPOTENCY_KEY_REUSED',
      params: { key: 'o' },
    });
    await assertLedgerSound(h.ctx, id, 400);
  });

  test("a charge inside the caller's transaction rolls back with it", async () => {
    const id = (await h.developer()).developerId;
    await topUp(h.ctx, { developerId: id, amountFen: 300 });
    await assert.rejects(
      inTransaction(h.ctx, async (tx) => {
        const charged = await chargeWallet(tx, { developerId: id, amountFen: 300, kind: 'order_charge', ref: 'rolled-back' });
        assert.ok(charged.ok);
        throw new Error('order transition failed');
      }),
      /order transition failed/,
    );
    await assertLedgerSound(h.ctx, id, 300);
    const later = await chargeWallet(h.ctx, { developerId: id, amountFen: 300, kind: 'order_charge', ref: 'rolled-back' });
    assert.ok(later.ok && !later.replayed);
  });

  test('50 concurrent charges with the same ref → exactly one debit', async () => {
    const id = (await h.developer()).developerId;
    await topUp(h.ctx, { developerId: id, amountFen: 10_000 });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => chargeWallet(h.ctx, { developerId: id, amountFen: 700, kind: 'order_charge', ref: 'same-order' })),
    );
    assert.ok(
      results.every((r) => r.ok),
      JSON.stringify(results.find((r) => !r.ok)),
    );
    const fresh = results.filter((r) => r.ok && !r.replayed);
    assert.equal(fresh.length, 1, 'one debit');
    assert.equal(new Set(results.map((r) => r.ok && r.transactionId)).size, 1, 'all answer the first transaction');
    assert.ok(results.every((r) => r.ok && r.balanceFen === 9_300));
    await assertLedgerSound(h.ctx, id, 9_300);
    assert.equal((await ledgerCheck(h.ctx, id)).entries, 2);
  });

  test('40 concurrent charges with different refs drain the wallet but never overdraw it', async () => {
    const id = (await h.developer()).developerId;
    await topUp(h.ctx, { developerId: id, amountFen: 1_000 });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        chargeWallet(h.ctx, { developerId: id, amountFen: 70, kind: 'order_charge', ref: `order-${i}` }),
      ),
    );
    const successes = results.filter((r) => r.ok);
    assert.equal(successes.length, Math.floor(1_000 / 70));
    for (const r of results)
      if (!r.ok) assert.deepEqual(r, { ok: false, error: 'INSUFFICIENT_BALANCE', params: { shortfallFen: 70 - (1_000 % 70) } });
    await assertLedgerSound(h.ctx, id, 1_000 % 70);
    assert.equal((await ledgerCheck(h.ctx, id)).entries, 1 + successes.length);
  });

  test('concurrent top-ups, charges, refunds and adjustments keep the ledger equal to the balance', async () => {
    const id = (await h.developer()).developerId;
    await topUp(h.ctx, { developerId: id, amountFen: 500 });
    const kinds = ['topUp', 'charge', 'refund', 'adjust'] as const;
    const jobs = Array.from({ length: 60 }, (_, i) => {
      switch (kinds[i % 4]) {
        case 'topUp':
          return { delta: 100, run: topUp(h.ctx, { developerId: id, amountFen: 100 }) };
        case 'charge':
          return {
            delta: -(90 + i),
            run: chargeWallet(h.ctx, { developerId: id, amountFen: 90 + i, kind: i % 8 === 1 ? 'freight' : 'order_charge', ref: `o${i}` }),
          };
        case 'refund':
          return { delta: 10, run: refundToWallet(h.ctx, { developerId: id, amountFen: 10, ref: `r${i % 3}` }) };
        default:
          return { delta: -150, run: adjust(h.ctx, { developerId: id, amountFen: -150, note: 'fee' }) };
      }
    });
    const results = await Promise.all(jobs.map((job) => job.run));
    // What moved money: a success that was not the replay of an earlier refund with the same ref.
    const applied = results.map((r) => r.ok && !('replayed' in r && r.replayed));
    const count = (kind: (typeof kinds)[number]) => applied.filter((moved, i) => moved && kinds[i % 4] === kind).length;
    for (const r of results) if (!r.ok) assert.equal(r.error, 'INSUFFICIENT_BALANCE', 'the only refusal is a short balance');
    assert.equal(count('topUp'), 15, 'a top-up is never refused');
    assert.equal(count('refund'), 3, 'one refund per distinct ref; the repeats are replays');
    assert.ok(
      count('charge') > 0 && count('adjust') > 0,
      `charges ${count('charge')}, adjustments ${count('adjust')}: some debits succeed`,
    );
    assert.ok(
      applied.some((moved) => !moved),
      'some debits are refused: the wallet runs dry',
    );
    const expected = jobs.reduce((balance, job, i) => balance + (applied[i] ? job.delta : 0), 500);
    await assertLedgerSound(h.ctx, id, expected);
    assert.equal((await ledgerCheck(h.ctx, id)).entries, 1 + applied.filter(Boolean).length);
  });
});

describe('wallet over HTTP', () => {
  let h: Harness;
  let a: CreatedDeveloper;
  let b: CreatedDeveloper;
  const admin = (method: 'GET' | 'POST', url: string, payload?: unknown, token: string | null = ADMIN_TOKEN) =>
    h.app
      .inject({
        method,
        url,
        headers: token === null ? {} : { authorization: `Bearer ${token}` },
        ...(payload === undefined ? {} : { payload: payload as object }),
      })
      .then((r) => r.json() as { code: number; msg: string; data: any });
  before(async () => {
    h = await createHarness();
    a = await h.developer('A');
    b = await h.developer('B');
  });
  after(() => h.close());

  test('admin top-up and show; signed balance and ledger page', async () => {
    const topped = await admin('POST', '/admin/wallets/topup', { developerId: a.developerId, amountFen: 1_234, note: 'wire 42' });
    assert.equal(topped.code, 200, topped.msg);
    assert.deepEqual(topped.data, { balance: 1_234 });
    await chargeWallet(h.ctx, { developerId: a.developerId, amountFen: 34, kind: 'order_charge', ref: '7000000000000000001' });
    assert.deepEqual((await admin('GET', `/admin/wallets?developerId=${a.developerId}`)).data, { balance: 1_200, entries: 2 });
    const balance = await h.call(a, 'GET', '/v2/open/wallet/balance');
    assert.equal(balance.code, 200, balance.msg);
    assert.deepEqual(balance.data, { balance: 1_200, balanceYuan: '12.00', currency: 'CNY' });
    const page = await h.call(a, 'POST', '/v2/open/wallet/ledger/page', {});
    assert.equal(page.code, 200, page.msg);
    assert.deepEqual({ ...page.data, data: undefined }, { totalRecords: 2, totalPage: 1, pageSize: 20, currentPage: 1, data: undefined });
    const [charge, topup] = page.data.data;
    assert.deepEqual(
      { ...charge, id: undefined },
      {
        id: undefined,
        kind: 'order_charge',
        ref: '7000000000000000001',
        amount: -34,
        balanceAfter: 1_200,
        note: null,
        createTime: '2026-11-28 16:00:00',
      },
    );
    assert.equal(topup.note, 'wire 42');
    assert.match(topup.id, /^\d{16}$/);
    const second = await h.call(a, 'POST', '/v2/open/wallet/ledger/page', { pageNo: 2, pageSize: 1 });
    assert.deepEqual(
      [second.data.totalPage, second.data.currentPage, second.data.data.length, second.data.data[0].kind],
      [2, 2, 1, 'topup'],
    );
  });

  test('the OpenAPI document lists the wallet operations with their tags', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const op = (path: string, method: string) => doc.paths[path]?.[method];
    assert.deepEqual(
      [op('/v2/open/wallet/balance', 'get')?.operationId, op('/v2/open/wallet/balance', 'get')?.tags],
      ['walletBalance', ['Wallet']],
    );
    assert.equal(op('/v2/open/wallet/ledger/page', 'post')?.operationId, 'walletLedgerPage');
    assert.deepEqual(op('/admin/wallets/topup', 'post')?.tags, ['Admin']);
    assert.deepEqual(op('/admin/wallets', 'get')?.security, [{ adminToken: [] }, { consoleSession: [], csrfToken: [] }]);
  });

  test('bad paging answers 400 naming the field', async () => {
    for (const [body, field] of [
      [{ pageSize: 0 }, 'pageSize'],
      [{ pageSize: 101 }, 'pageSize'],
      [{ pageNo: 0 }, 'pageNo'],
      [{ pageSize: 'x' }, 'pageSize'],
    ] as const) {
      const answer = await h.call(a, 'POST', '/v2/open/wallet/ledger/page', body, { headers: { 'accept-language': 'en' } });
      assert.equal(answer.code, 400, JSON.stringify(body));
      assert.match(answer.msg, new RegExp(field));
    }
  });

  test('another developer sees only its own wallet; a viewer sub-account may read', async () => {
    assert.deepEqual((await h.call(b, 'GET', '/v2/open/wallet/balance')).data, { balance: 0, balanceYuan: '0.00', currency: 'CNY' });
    const theirs = await h.call(b, 'POST', '/v2/open/wallet/ledger/page', { pageNo: 1 });
    assert.deepEqual([theirs.data.totalRecords, theirs.data.data], [0, []]);
    const viewer = await h.subAccount(a, 'viewer');
    assert.equal((await h.call(viewer, 'GET', '/v2/open/wallet/balance')).data.balance, 1_200);
    assert.equal((await h.call(viewer, 'POST', '/v2/open/wallet/ledger/page', {})).data.totalRecords, 2);
  });

  test('admin routes: no or wrong token → 411; unknown developer → 404; amount ≤ 0 → 400', async () => {
    const body = { developerId: a.developerId, amountFen: 100 };
    assert.equal((await admin('POST', '/admin/wallets/topup', body, null)).code, 411);
    assert.equal((await admin('POST', '/admin/wallets/topup', body, 'wrong-token')).code, 411);
    assert.equal((await admin('GET', `/admin/wallets?developerId=${a.developerId}`, undefined, null)).code, 411);
    assert.equal((await admin('GET', `/admin/wallets?developerId=${a.developerId}`, undefined, `${ADMIN_TOKEN}x`)).code, 411);
    assert.equal((await admin('POST', '/admin/wallets/topup', { developerId: '1234567890123456789', amountFen: 100 })).code, 404);
    assert.equal((await admin('GET', '/admin/wallets?developerId=1234567890123456789')).code, 404);
    for (const amountFen of [0, -1, 1.5]) {
      const answer = await admin('POST', '/admin/wallets/topup', { developerId: a.developerId, amountFen });
      assert.equal(answer.code, 400);
      assert.match(answer.msg, /amountFen/);
    }
    assert.equal((await h.call(a, 'GET', '/v2/open/wallet/balance')).data.balance, 1_200, 'nothing credited by refused calls');
    await assertLedgerSound(h.ctx, a.developerId, 1_200);
  });
});
