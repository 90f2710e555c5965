import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertCreditedOnce,
  balanceOf,
  type Journey,
  ok,
  QUIET_SELLERS,
  refundCallbacks,
  startJourney,
  taobaoDetail,
  taobaoRefund,
} from './helpers/aftersales-journey.ts';

/**
 * The sandbox sellers' after-sales as an outside client meets it: the independent client (README
 * rule, no project code) over real HTTP, business time moved by `POST /sandbox/clock/advance`,
 * callbacks verified at a real receiver. The seller rates are the documented settings
 * (PONTE_SANDBOX_*_RATE) set to 0 or 1, so what the sellers do is certain, not a draw: one server
 * where every paid order meets a stock-out, one where every seller agrees.
 */
const STATUS = 'TAOBAO_ORDER_BUYER_VIEW_BUYER_STATUS';

describe('stock-out: the sandbox opens and completes a line refund', () => {
  let j: Journey;
  before(async () => {
    j = await startJourney({ products: 300, sellers: { ...QUIET_SELLERS, stockOutRate: 1 } });
  });
  after(() => j.close());

  test('one line of a two-line order is refunded to the wallet and the order ships on; a one-line order closes', async () => {
    const b = await j.buyer();
    const two = await j.taobaoOrder(b, 2);
    const one = await j.taobaoOrder(b, 1);
    const before = await balanceOf(b);
    const advanced = await j.advance('40m');
    assert.ok(advanced.refundActions >= 2, `the stock-outs are reported as after-sales moves (${advanced.refundActions})`);

    const order = await taobaoDetail(b, two.orderId);
    assert.equal(order.orderState, 'paid', 'the other line is still to ship');
    const refundedLines = order.orderLineList.filter((l: any) => l.refundStatus === 100);
    const openLines = order.orderLineList.filter((l: any) => l.refundStatus === 0);
    assert.deepEqual([refundedLines.length, openLines.length], [1, 1], JSON.stringify(order.orderLineList));
    const line = refundedLines[0];
    assert.equal(openLines[0].refundAmount, 0);
    const listed = await ok(b.client.post('/v2/taobao/order/refund/list', { subOrderId: line.subOrderId }));
    assert.equal(listed.total, 1);
    const refund = listed.list[0];
    assert.deepEqual([refund.refundStatus, refund.refundedFee, refund.subOrderId], [100, line.refundAmount, line.subOrderId]);
    assert.ok(line.refundAmount > 0 && line.refundAmount < two.paidFen, `${line.refundAmount} of ${two.paidFen}`);

    const lone = await taobaoDetail(b, one.orderId);
    assert.deepEqual([lone.orderState, lone.status, lone.orderLineList[0].refundStatus], ['closed', 4, 100]);
    const loneRefund = (await ok(b.client.post('/v2/taobao/order/refund/list', { orderId: one.orderId }))).list[0];
    // The lone line's refund closes its unshipped order: its freight comes back too, so both orders
    // together return line + the whole charge of the one-line order.
    await assertCreditedOnce(b, `refund:${refund.refundId}`, line.refundAmount, before, line.refundAmount + one.paidFen);
    await assertCreditedOnce(b, `refund:${loneRefund.refundId}`, loneRefund.refundedFee, before, line.refundAmount + one.paidFen);

    await j.deliver();
    for (const id of [refund.refundId, loneRefund.refundId]) {
      const trail = refundCallbacks(b, id);
      assert.deepEqual(
        trail.map((c) => `${c.status}/${c.operator}/${c.action}`),
        ['10/system/SYSTEM_APPLY_REFUND', '100/system/SYSTEM_AGREE_REFUND'],
        'the system opens the application and completes it',
      );
      assert.equal(trail[1]!.body.refunded_fee, trail[1]!.body.refund_fee);
    }
    const statuses = b.callbacks().filter((c) => c.messageType === STATUS);
    const closedOf = (orderId: string) =>
      statuses.filter((c) => String(c.body[0].purchase_id) === orderId && c.body[0].status === 'TRADE_CLOSED').length;
    assert.deepEqual([closedOf(one.orderId), closedOf(two.orderId)], [1, 0], 'only the one-line order closes');
  });
});

describe('sandbox sellers answer a refund application on the advanced clock', () => {
  let j: Journey;
  before(async () => {
    j = await startJourney({ products: 200, sellers: { ...QUIET_SELLERS, refundAgreeRate: 1 } });
  });
  after(() => j.close());

  test('an agreeing seller refunds within 90 minutes of business time; the refund callback arrives', async () => {
    const b = await j.buyer({ mode: 'MD5' });
    const { orderId, paidFen } = await j.taobaoOrder(b);
    const subOrderId = `${orderId}-1`;
    const vo = await ok(b.client.post('/v2/taobao/order/refund/render', { subOrderId, refundType: 1, goodsStatus: 1 }));
    const reason = vo.refundOrderTemplate.refundReasons[0].reasonId;
    const max = vo.refundOrderTemplate.maxRefundFee.refundFee;
    const { refundId } = await ok(
      b.client.post('/v2/taobao/order/refund/submit', { subOrderId, refundType: 1, goodsStatus: 1, reasonId: reason, refundFee: max }),
    );
    const before = await balanceOf(b);
    assert.equal((await taobaoRefund(b, refundId)).refundStatus, 10, 'no seller acts before the clock moves');
    // Sellers answer 10–90 min after the application; the parcel would ship 2 h after payment at the earliest.
    const advanced = await j.advance('100m');
    assert.ok(advanced.refundActions >= 1, 'the advance reports the seller’s answer');
    const done = await taobaoRefund(b, refundId);
    assert.deepEqual([done.refundStatus, done.refundedFee], [100, max]);
    await assertCreditedOnce(b, `refund:${refundId}`, max, before, paidFen);
    assert.equal((await taobaoDetail(b, orderId)).orderState, 'closed');
    await j.deliver();
    assert.deepEqual(
      refundCallbacks(b, refundId).map((c) => `${c.status}/${c.operator}/${c.action}`),
      ['10/buyer/BUYER_APPLY_REFUND', '100/seller/SELLER_AGREE_REFUND'],
    );
  });
});
