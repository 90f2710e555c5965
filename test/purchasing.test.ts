import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fulfilmentTick } from '../src/modules/fulfilment/index.ts';
import { getOrder } from '../src/modules/orders/index.ts';
import {
  cancelPurchase,
  DEFAULT_PRICE_POLICY,
  purchaseQueue,
  purchaseTaskHistory,
  queuePaidOrders,
  recordPurchase,
  recordShipment,
  recordStockOut,
  toleranceFen,
} from '../src/modules/purchasing/index.ts';
import { getBalance, ledgerCheck } from '../src/modules/wallet/index.ts';
import { expectOrderParcels } from '../src/modules/warehouse/index.ts';
import { OUTBOX_CURSOR_LAG_MS } from '../src/platform/outbox/index.ts';
import { manualBed, type ManualBed } from './helpers/manual-bed.ts';

const OPERATOR = { actor: 'operator:lin', note: 'bought on Taobao' };
const POLICY = DEFAULT_PRICE_POLICY;

async function events(bed: ManualBed, orderId: string): Promise<string[]> {
  const rows = await bed.h.ctx.db.selectFrom('outbox_events').select('type').where('aggregate_id', '=', orderId).orderBy('id').execute();
  return rows.map((r) => r.type);
}

describe('purchasing queue', () => {
  let bed: ManualBed;
  before(async () => {
    bed = await manualBed();
  });
  after(() => bed.h.close());

  it('tolerates the larger of 2 % and ¥5', () => {
    assert.equal(toleranceFen(POLICY, 10_000), 500);
    assert.equal(toleranceFen(POLICY, 100_000), 2000);
    assert.equal(toleranceFen(POLICY, 100_001), 2001);
  });

  it('queues a paid manual order once, however often and on however many nodes the follower runs', async () => {
    const order = await bed.paidOrder();
    const runs = await Promise.all([queuePaidOrders(bed.h.ctx, ['taobao']), queuePaidOrders(bed.h.ctx, ['taobao'])]);
    assert.equal(runs[0] + runs[1], 1);
    assert.equal(await queuePaidOrders(bed.h.ctx, ['taobao']), 0);
    bed.h.clock.advance(OUTBOX_CURSOR_LAG_MS + 1000);
    assert.equal(await queuePaidOrders(bed.h.ctx, ['taobao']), 0, 'past the lag, the cursor moves and nothing is queued again');
    const queue = await purchaseQueue(bed.h.ctx, { state: 'QUEUED', page: 1, pageSize: 50 });
    const task = queue.rows.find((t) => t.orderId === order.orderId);
    assert.equal(task?.chargedFen, order.totalAmountFen);
    assert.equal(task?.state, 'QUEUED');
  });

  it('purchased within the tolerance, then shipped: ORDER_SHIPPED, tracking, an expected parcel', async () => {
    const order = await bed.paidOrder();
    await queuePaidOrders(bed.h.ctx, ['taobao']);
    const bought = await recordPurchase(
      bed.h.ctx,
      { orderId: order.orderId, marketplaceOrderNo: '3921874410023345566', paidFen: order.totalAmountFen + 300 },
      OPERATOR,
      POLICY,
    );
    assert.ok(bought.ok, JSON.stringify(bought));
    assert.equal(bought.task.state, 'PURCHASED');
    assert.equal(bought.task.paidFen, order.totalAmountFen + 300);
    const shipped = await recordShipment(
      bed.h.ctx,
      { orderId: order.orderId, carrier: '中通快递', trackingNumber: '78312345678901' },
      OPERATOR,
    );
    assert.ok(shipped.ok, JSON.stringify(shipped));
    assert.equal(shipped.task.state, 'SHIPPED');
    const detail = await getOrder(bed.ctx, order.orderId);
    assert.ok(detail.ok);
    assert.equal(detail.order.state, 'shipped');
    assert.equal(detail.order.trackingNumber, '78312345678901');
    assert.ok((await events(bed, order.orderId)).includes('ORDER_SHIPPED'));
    await expectOrderParcels(bed.h.ctx);
    const parcel = await bed.h.ctx.db.selectFrom('warehouse_parcels').selectAll().where('order_id', '=', order.orderId).executeTakeFirst();
    assert.equal(parcel?.state, 'EXPECTED');
    assert.equal(parcel?.tracking_number, '78312345678901');
    const history = await purchaseTaskHistory(bed.h.ctx, order.orderId);
    assert.deepEqual(
      history.map((e) => [e.action, e.toState, e.actor]),
      [
        ['queue', 'QUEUED', 'system'],
        ['purchase', 'PURCHASED', 'operator:lin'],
        ['ship', 'SHIPPED', 'operator:lin'],
      ],
    );
    assert.match(history[1]!.note ?? '', /paid 300 fen above the charge, absorbed; bought on Taobao/);
  });

  it('above the tolerance: price review, then the order is closed and refunded with price_changed', async () => {
    const before = await getBalance(bed.h.ctx, bed.dev.developerId);
    const order = await bed.paidOrder();
    await queuePaidOrders(bed.h.ctx, ['taobao']);
    const over = order.totalAmountFen + toleranceFen(POLICY, order.totalAmountFen) + 1;
    const reviewed = await recordPurchase(bed.h.ctx, { orderId: order.orderId, marketplaceOrderNo: 'T1', paidFen: over }, OPERATOR, POLICY);
    assert.ok(reviewed.ok && reviewed.task.state === 'PRICE_REVIEW', JSON.stringify(reviewed));
    const shipTooEarly = await recordShipment(bed.h.ctx, { orderId: order.orderId, carrier: 'x', trackingNumber: 'y' }, OPERATOR);
    assert.equal(shipTooEarly.ok, false);
    const cancelled = await cancelPurchase(bed.h.ctx, { orderId: order.orderId }, OPERATOR);
    assert.ok(cancelled.ok && cancelled.task.state === 'CANCELLED', JSON.stringify(cancelled));
    const detail = await getOrder(bed.ctx, order.orderId);
    assert.ok(detail.ok);
    assert.equal(detail.order.state, 'closed');
    assert.equal(await getBalance(bed.h.ctx, bed.dev.developerId), before, 'the charge came back in full');
    const check = await ledgerCheck(bed.h.ctx, bed.dev.developerId);
    assert.equal(check.entriesSumFen, check.balanceFen);
    assert.equal(check.unbalancedTransactions, 0);
    const history = await purchaseTaskHistory(bed.h.ctx, order.orderId);
    assert.match(history.at(-1)!.note ?? '', /^price_changed/);
  });

  it('a lower price recorded under review purchases', async () => {
    const order = await bed.paidOrder();
    await queuePaidOrders(bed.h.ctx, ['taobao']);
    await recordPurchase(
      bed.h.ctx,
      { orderId: order.orderId, marketplaceOrderNo: 'T2', paidFen: order.totalAmountFen * 2 },
      OPERATOR,
      POLICY,
    );
    const lower = await recordPurchase(
      bed.h.ctx,
      { orderId: order.orderId, marketplaceOrderNo: 'T2', paidFen: order.totalAmountFen },
      OPERATOR,
      POLICY,
    );
    assert.ok(lower.ok && lower.task.state === 'PURCHASED', JSON.stringify(lower));
  });

  it('a stock-out of one line of two refunds that line; of the last, the order closes and the task ends', async () => {
    const before = await getBalance(bed.h.ctx, bed.dev.developerId);
    const order = await bed.paidOrder('652000000402', 2);
    await queuePaidOrders(bed.h.ctx, ['taobao']);
    const one = await recordStockOut(bed.h.ctx, { orderId: order.orderId, lineNos: [1] }, OPERATOR);
    assert.ok(one.ok && one.task.state === 'QUEUED', JSON.stringify(one));
    const detail = await getOrder(bed.ctx, order.orderId);
    assert.ok(detail.ok);
    assert.equal(detail.order.state, 'paid');
    assert.ok(Number(detail.order.lines[0]!.refundedFen) > 0);
    const last = await recordStockOut(bed.h.ctx, { orderId: order.orderId, lineNos: [2] }, OPERATOR);
    assert.ok(last.ok && last.task.state === 'STOCK_OUT', JSON.stringify(last));
    assert.equal(await getBalance(bed.h.ctx, bed.dev.developerId), before);
    const check = await ledgerCheck(bed.h.ctx, bed.dev.developerId);
    assert.equal(check.entriesSumFen, check.balanceFen);
  });

  it('refuses bad input naming the field, unknown orders, and actions the state does not allow', async () => {
    const order = await bed.paidOrder();
    await queuePaidOrders(bed.h.ctx, ['taobao']);
    const cases = [
      await recordPurchase(bed.h.ctx, { orderId: order.orderId, marketplaceOrderNo: '', paidFen: 100 }, OPERATOR, POLICY),
      await recordPurchase(bed.h.ctx, { orderId: order.orderId, marketplaceOrderNo: 'x', paidFen: 1.5 }, OPERATOR, POLICY),
      await recordShipment(bed.h.ctx, { orderId: order.orderId, carrier: '', trackingNumber: '1' }, OPERATOR),
      await recordStockOut(bed.h.ctx, { orderId: order.orderId, lineNos: [] }, OPERATOR),
      await recordStockOut(bed.h.ctx, { orderId: order.orderId, lineNos: [9] }, OPERATOR),
    ];
    assert.deepEqual(
      cases.map((c) => (c.ok ? 'ok' : `${c.error} ${c.params?.field}`)),
      [
        'BAD_PARAMETER marketplaceOrderNo',
        'BAD_PARAMETER paidFen',
        'BAD_PARAMETER carrier',
        'BAD_PARAMETER lineNos',
        'NOT_FOUND undefined',
      ],
    );
    const unknown = await recordPurchase(bed.h.ctx, { orderId: '999', marketplaceOrderNo: 'x', paidFen: 1 }, OPERATOR, POLICY);
    assert.ok(!unknown.ok && unknown.error === 'NOT_FOUND');
    const notBought = await recordShipment(bed.h.ctx, { orderId: order.orderId, carrier: 'a', trackingNumber: 'b' }, OPERATOR);
    assert.ok(!notBought.ok && notBought.error === 'PURCHASE_TASK_STATE_INVALID', JSON.stringify(notBought));
    const stillQueued = await purchaseTaskHistory(bed.h.ctx, order.orderId);
    assert.equal(stillQueued.length, 1, 'refusals leave no history');
  });

  it('leaves the sandbox platform alone: its paid orders make no task and keep their simulated sellers', async () => {
    const alibaba = await bed.h.ctx.db
      .selectFrom('sandbox_products' as never)
      .select(['numeric_id' as never])
      .where('platform' as never, '=', '1688' as never)
      .limit(40)
      .execute();
    let made: { orderId: string } | null = null;
    for (const row of alibaba as { numeric_id: string }[]) {
      try {
        made = await bed.paidOrder(String(row.numeric_id));
        break;
      } catch {
        // Not every generated 1688 product sells one piece of its first SKU (minimum order quantities).
      }
    }
    assert.ok(made, 'no 1688 product could be ordered');
    assert.equal(await queuePaidOrders(bed.h.ctx, ['taobao']), 0);
    const task = await bed.h.ctx.db.selectFrom('purchase_tasks').select('order_id').where('order_id', '=', made.orderId).executeTakeFirst();
    assert.equal(task, undefined);
    await fulfilmentTick(bed.h.ctx, bed.source);
    const planned = await bed.h.ctx.db.selectFrom('fulfilment_tasks').select('order_id').where('order_id', '=', made.orderId).execute();
    assert.ok(planned.length > 0, 'the sandbox seller still plans its work');
  });
});
