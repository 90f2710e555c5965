import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOrders, payOrders } from '../src/modules/orders/index.ts';
import { chargeWallet, ledgerCheck, topUp } from '../src/modules/wallet/index.ts';
import { MAX_WALLET_FEN } from '../src/platform/money.ts';
import type { Ctx } from '../src/platform/context.ts';
import type { Source, SourceProduct } from '../src/sources/source.ts';
import { fundedDeveloper, orderTestbed } from './helpers/catalog.ts';
import { onPostgres } from './helpers/db.ts';
import type { Harness } from './helpers/harness.ts';
import { pgQueriesOf, ridesWithBegin } from './helpers/pg-queries.ts';

const RECEIVER = { name: '张三', phone: '13800000000', province: '浙江省', city: '杭州市', district: '余杭区', address: '文一西路 969 号' };

/** The SQL text of every statement the pool's clients send while `work` runs, BEGIN where it rides along. */
const statementsOf = (work: () => Promise<unknown>) =>
  pgQueriesOf(work, (query) => (ridesWithBegin(query) ? ['begin', query.text] : query.text));

/**
 * Every payment of a developer waits for the developer's wallet row, which PostgreSQL locks from
 * the debit until COMMIT: the debit is the pay transaction's last statement, and writes its ledger
 * entries in the same statement.
 */
describe('the pay transaction and the wallet row', () => {
  let h: Harness;
  let source: Source;
  let products: SourceProduct[];
  before(async () => {
    ({ h, source, products } = await orderTestbed({}, 60));
  });
  after(() => h.close());

  const pgOnly = { skip: !onPostgres && 'PostgreSQL only' };
  test('on PostgreSQL, locks the wallet row with its last statement before COMMIT, the event and entries written', pgOnly, async () => {
    const developer = await fundedDeveloper(h, 1_000_000);
    const ctx: Ctx = {
      ...h.ctx,
      developerId: developer.developerId,
      userId: developer.userId,
      rowsVisible: 'all',
      role: 'main',
      language: 'en',
    };
    const product = products.find((p) => p.platform === 'taobao' && p.skus.some((s) => s.stock > 0))!;
    const sku = product.skus.find((s) => s.stock > 0)!;
    const lines = [{ itemRef: product.itemId, skuId: sku.skuId, quantity: 1 }];
    const made = await createOrders(ctx, source, { platform: 'taobao', receiver: RECEIVER, requestHash: 'pay-statements', lines });
    assert.ok(made.ok, JSON.stringify(made));
    const orderId = made.orders[0]!.orderId;

    let paid: Awaited<ReturnType<typeof payOrders>> | undefined;
    const statements = await statementsOf(async () => {
      paid = await payOrders(ctx, { orderIds: [orderId] });
    });
    assert.ok(paid?.ok && paid.results[0]!.ok, JSON.stringify(paid));
    // Six statements in five round trips: the move writes its history row and the debit its entries in the same statement.
    const shapes = statements.map(
      (text) =>
        /^(begin|commit)|^with "moved" as \((update|insert into) "(\w+)"|^(insert into|update|select .* from) "(\w+)"/i
          .exec(text)
          ?.slice(1)
          .filter(Boolean)
          .join(' ')
          .toLowerCase() ?? text,
    );
    assert.deepEqual(shapes, [
      'begin',
      'update purchase_orders',
      'insert into ledger_transactions',
      'insert into outbox_events',
      'update wallets',
      'commit',
    ]);
    const debit = statements.findIndex((text) => /update "wallets"/i.test(text));
    assert.ok(debit > 0, statements.join('\n'));
    assert.match(statements[debit]!, /insert into "ledger_entries"/i, 'the entries go in with the debit');
    assert.match(statements[debit + 1]!, /^commit/i, statements.slice(debit).join('\n'));
    assert.ok(statements.slice(0, debit).some((text) => /insert into "outbox_events"/i.test(text)));

    const check = await ledgerCheck(h.ctx, developer.developerId);
    assert.equal(check.entriesSumFen, check.balanceFen);
    assert.equal(check.balanceFen, 1_000_000 - made.orders[0]!.totalAmountFen);
  });

  test('a refused debit and a refused credit still answer exactly, writing nothing', async () => {
    const developer = await fundedDeveloper(h, 100);
    const before = await ledgerCheck(h.ctx, developer.developerId);
    const debit = await chargeWallet(h.ctx, { developerId: developer.developerId, amountFen: 101, kind: 'storage', ref: 'too-much' });
    assert.deepEqual(debit.ok ? debit : [debit.error, debit.params], ['INSUFFICIENT_BALANCE', { shortfallFen: 1 }]);
    const credit = await topUp(h.ctx, { developerId: developer.developerId, amountFen: MAX_WALLET_FEN });
    assert.deepEqual(credit.ok ? credit : credit.error, 'WALLET_LIMIT_EXCEEDED');
    assert.deepEqual(await ledgerCheck(h.ctx, developer.developerId), before);
    const fits = await chargeWallet(h.ctx, { developerId: developer.developerId, amountFen: 100, kind: 'storage', ref: 'too-much' });
    assert.ok(fits.ok && fits.balanceFen === 0 && !fits.replayed, 'the refused ref may be used again');
  });
});
