import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  acceptedPriceTotalsMigration,
  cancelPurchase,
  DEFAULT_PRICE_POLICY,
  expirePriceReviews,
  purchaseTaskHistory,
  queuePaidOrders,
  recordPurchase,
} from '../src/modules/purchasing/index.ts';
import { adjust, getBalance, topUp } from '../src/modules/wallet/index.ts';
import { manualBed, type ManualBed } from './helpers/manual-bed.ts';

const HOUR = 3_600_000;

describe('/v2/open/order/price-change', () => {
  let bed: ManualBed;
  before(async () => {
    bed = await manualBed();
  });
  after(() => bed.h.close());

  /** A paid order whose operator paid 20 % more than the charge: the task waits in PRICE_REVIEW. */
  async function inReview() {
    const order = await bed.paidOrder();
    await queuePaidOrders(bed.h.ctx, ['taobao']);
    const paidFen = Math.ceil(order.totalAmountFen * 1.2) + 1_000;
    const done = await recordPurchase(
      bed.h.ctx,
      { orderId: order.orderId, marketplaceOrderNo: 'TB1', paidFen },
      { actor: 'operator' },
      DEFAULT_PRICE_POLICY,
    );
    assert.ok(done.ok && done.task.state === 'PRICE_REVIEW', JSON.stringify(done));
    return { ...order, paidFen, differenceFen: paidFen - order.totalAmountFen };
  }

  const balance = () => getBalance(bed.h.ctx, bed.dev.developerId);

  it('tells the developer the new amount with the price-modification event', async () => {
    const order = await inReview();
    const events = await bed.h.db.kysely
      .selectFrom('outbox_events')
      .select('payload_json')
      .where('aggregate_id', '=', order.orderId)
      .where('type', '=', 'ORDER_PRICE_MODIFY')
      .execute();
    assert.equal(events.length, 1);
    const payload = JSON.parse(events[0]!.payload_json);
    assert.equal(payload.newTotalFen, order.paidFen);
    assert.equal(payload.oldTotalFen, order.totalAmountFen);
    const read = await bed.h.call(bed.dev, 'GET', `/v2/open/order/price-change?orderId=${order.orderId}`);
    assert.equal(read.code, 200, read.msg);
    assert.equal(read.data.state, 'PRICE_REVIEW');
    assert.equal(read.data.differenceFen, order.differenceFen);
  });

  it('accept charges the difference once and moves the task to PURCHASED', async () => {
    const order = await inReview();
    const before = await balance();
    const accepted = await bed.h.call(bed.dev, 'POST', '/v2/open/order/price-change/accept', { orderId: order.orderId });
    assert.equal(accepted.code, 200, accepted.msg);
    assert.equal(accepted.data.state, 'PURCHASED');
    assert.equal(accepted.data.extraChargedFen, order.differenceFen);
    const again = await bed.h.call(bed.dev, 'POST', '/v2/open/order/price-change/accept', { orderId: order.orderId });
    assert.equal(again.code, 200, again.msg);
    assert.equal(await balance(), before - order.differenceFen, 'charged once');
    const history = await purchaseTaskHistory(bed.h.ctx, order.orderId);
    assert.ok(
      history.some((e) => e.toState === 'PURCHASED' && e.actor === `user:${bed.dev.userId}`),
      JSON.stringify(history),
    );
    const rejected = await bed.h.call(bed.dev, 'POST', '/v2/open/order/price-change/reject', { orderId: order.orderId });
    assert.equal(rejected.code, 4021, rejected.msg);
  });

  it('accept makes the order say what was paid, with a history row', async () => {
    const order = await inReview();
    await bed.h.call(bed.dev, 'POST', '/v2/open/order/price-change/accept', { orderId: order.orderId });
    const detail = await bed.h.call(bed.dev, 'GET', `/v2/taobao/order/detail?purchaseOrderId=${order.orderId}`);
    assert.equal(detail.code, 200, detail.msg);
    assert.equal(detail.data.purchaseAmount, order.paidFen);
    assert.equal(detail.data.paidAmount, order.paidFen);
    const rows = await bed.h.db.kysely
      .selectFrom('purchase_order_history')
      .select(['action', 'from_state', 'to_state', 'actor'])
      .where('order_id', '=', order.orderId)
      .where('action', '=', 'accept_price')
      .execute();
    assert.deepEqual(rows, [{ action: 'accept_price', from_state: 'paid', to_state: 'paid', actor: `user:${bed.dev.userId}` }]);
  });

  it('the upgrade writes an earlier accept into the order, so its close refunds it', async () => {
    const order = await inReview();
    await bed.h.call(bed.dev, 'POST', '/v2/open/order/price-change/accept', { orderId: order.orderId });
    // An order accepted before the order carried the new price: the amounts as they were charged.
    await bed.h.db.kysely
      .updateTable('purchase_orders')
      .set({ total_amount_fen: order.totalAmountFen, paid_amount_fen: order.totalAmountFen, adjust_amount_fen: 0 })
      .where('order_id', '=', order.orderId)
      .execute();
    await acceptedPriceTotalsMigration().up(bed.h.db.kysely);
    const row = await bed.h.db.kysely
      .selectFrom('purchase_orders')
      .select(['total_amount_fen', 'paid_amount_fen'])
      .where('order_id', '=', order.orderId)
      .executeTakeFirstOrThrow();
    assert.deepEqual([Number(row.total_amount_fen), Number(row.paid_amount_fen)], [order.paidFen, order.paidFen]);
  });

  it('an operator cancel after an accept refunds the accepted difference too', async () => {
    const order = await inReview();
    const before = await balance();
    await bed.h.call(bed.dev, 'POST', '/v2/open/order/price-change/accept', { orderId: order.orderId });
    const cancelled = await cancelPurchase(bed.h.ctx, { orderId: order.orderId }, { actor: 'operator' });
    assert.ok(cancelled.ok, JSON.stringify(cancelled));
    assert.equal(await balance(), before + order.totalAmountFen);
  });

  it('insufficient balance answers 2001 and changes nothing', async () => {
    const order = await inReview();
    const drained = await adjust(bed.h.ctx, { developerId: bed.dev.developerId, amountFen: 1 - (await balance()), note: 'drain' });
    assert.ok(drained.ok, JSON.stringify(drained));
    const refused = await bed.h.call(bed.dev, 'POST', '/v2/open/order/price-change/accept', { orderId: order.orderId });
    assert.equal(refused.code, 2001, refused.msg);
    const read = await bed.h.call(bed.dev, 'GET', `/v2/open/order/price-change?orderId=${order.orderId}`);
    assert.equal(read.data.state, 'PRICE_REVIEW');
    assert.equal(await balance(), 1);
    await topUp(bed.h.ctx, { developerId: bed.dev.developerId, amountFen: 10_000_000 });
  });

  it('reject closes and refunds the order with reason price_changed', async () => {
    const order = await inReview();
    const before = await balance();
    const rejected = await bed.h.call(bed.dev, 'POST', '/v2/open/order/price-change/reject', { orderId: order.orderId });
    assert.equal(rejected.code, 200, rejected.msg);
    assert.equal(rejected.data.state, 'CANCELLED');
    assert.equal(await balance(), before + order.totalAmountFen);
    const row = await bed.h.db.kysely
      .selectFrom('purchase_orders')
      .select('state')
      .where('order_id', '=', order.orderId)
      .executeTakeFirstOrThrow();
    assert.equal(row.state, 'closed');
    const history = await purchaseTaskHistory(bed.h.ctx, order.orderId);
    assert.match(history.at(-1)!.note ?? '', /price_changed/);
  });

  it('names the field of a bad body, answers 404 for another developer and refuses without a signature', async () => {
    const order = await inReview();
    const bad = await bed.h.call(bed.dev, 'POST', '/v2/open/order/price-change/accept', { orderId: 'abc' });
    assert.equal(bad.code, 400);
    assert.match(bad.msg, /orderId/);
    const other = await bed.h.developer();
    for (const path of ['/v2/open/order/price-change/accept', '/v2/open/order/price-change/reject']) {
      const foreign = await bed.h.call(other, 'POST', path, { orderId: order.orderId });
      assert.equal(foreign.code, 404, foreign.msg);
    }
    assert.equal((await bed.h.call(other, 'GET', `/v2/open/order/price-change?orderId=${order.orderId}`)).code, 404);
    const unsigned = await bed.h.app.inject({
      method: 'POST',
      url: '/v2/open/order/price-change/accept',
      payload: { orderId: order.orderId },
    });
    assert.notEqual(unsigned.json().code, 200);
    const read = await bed.h.call(bed.dev, 'GET', `/v2/open/order/price-change?orderId=${order.orderId}`);
    assert.equal(read.data.state, 'PRICE_REVIEW', 'nothing moved');
  });

  it('a review left too long is rejected by the system, once across two runs', async () => {
    const order = await inReview();
    assert.equal(await expirePriceReviews(bed.h.ctx, 48 * HOUR), 0, 'not due yet');
    bed.h.clock.advance(49 * HOUR);
    const [a, b] = await Promise.all([expirePriceReviews(bed.h.ctx, 48 * HOUR), expirePriceReviews(bed.h.ctx, 48 * HOUR)]);
    assert.ok((a ?? 0) + (b ?? 0) >= 1);
    const history = await purchaseTaskHistory(bed.h.ctx, order.orderId);
    const last = history.at(-1)!;
    assert.equal(last.toState, 'CANCELLED');
    assert.equal(last.actor, 'system');
    const refunds = await bed.h.db.kysely
      .selectFrom('ledger_transactions')
      .select('amount_fen')
      .where('kind', '=', 'refund')
      .where('ref', 'like', `%${order.orderId}%`)
      .execute();
    assert.deepEqual(
      refunds.map((r) => Number(r.amount_fen)),
      [order.totalAmountFen],
      'refunded once',
    );
  });
});
