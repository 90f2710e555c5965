import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertCreditedOnce,
  balanceOf,
  type Buyer,
  type Journey,
  ok,
  refundCallbacks,
  refused,
  startJourney,
  taobaoDetail,
  taobaoRefund,
  WAREHOUSE,
} from './helpers/aftersales-journey.ts';

/**
 * Taobao after-sales journeys as an outside integrator meets them: every buyer call signed by the
 * independent client (built from the README's rule, no project code) over real HTTP, the seller
 * played by the operator through `/admin/refunds/*`, goods moved on by `POST /sandbox/clock/advance`,
 * the money read back from the wallet ledger over HTTP and the refund callbacks verified at a real
 * receiver. The sandbox sellers are told never to act, so only the journey's own steps move a refund.
 */
let j: Journey;

before(async () => {
  j = await startJourney({ products: 300 });
});
after(() => j.close());

async function render(b: Buyer, subOrderId: string, refundType: number, goodsStatus: number, refundQuantity?: number) {
  const body = { subOrderId, refundType, goodsStatus, ...(refundQuantity ? { refundQuantity } : {}) };
  return ok(b.client.post('/v2/taobao/order/refund/render', body));
}

/** The refund's callbacks after a dispatcher run, as `status/operator` pairs. */
async function callbackTrail(b: Buyer, refundId: string): Promise<string[]> {
  await j.deliver();
  return refundCallbacks(b, refundId).map((c) => `${c.status}/${c.operator}`);
}

describe('Taobao after-sales journeys over HTTP, independent client', () => {
  test('refund only before shipping: render, submit (retried), the seller agrees, the whole charge comes back once, the order closes', async () => {
    const b = await j.buyer();
    const { orderId, paidFen } = await j.taobaoOrder(b);
    const line = (await taobaoDetail(b, orderId)).orderLineList[0];
    assert.deepEqual([line.subOrderId, line.refundStatus, line.refundAmount], [`${orderId}-1`, 0, 0]);
    const vo = await render(b, line.subOrderId, 1, 1);
    assert.equal(vo.saleFlag, true);
    const max = vo.refundOrderTemplate.maxRefundFee.refundFee;
    assert.ok(max > 0 && max <= paidFen, `${max} of ${paidFen}`);
    const body = {
      subOrderId: line.subOrderId,
      refundType: 1,
      goodsStatus: 1,
      reasonId: vo.refundOrderTemplate.refundReasons[0].reasonId,
      refundFee: max,
      refundDesc: '拍错了',
    };
    const key = `journey-refund-${orderId}`;
    const submitted = await ok(b.client.post('/v2/taobao/order/refund/submit', body, { idempotencyKey: key }));
    assert.deepEqual([submitted.refundStatus, submitted.replayed], [10, false]);
    const retried = await ok(b.client.post('/v2/taobao/order/refund/submit', body, { idempotencyKey: key }));
    assert.deepEqual([retried.refundId, retried.replayed], [submitted.refundId, true], 'a retried submit answers the same application');
    const before = await balanceOf(b);

    const agreed = await j.admin('/admin/refunds/agree', { refundId: submitted.refundId, note: '同意' });
    assert.equal(agreed.status, '100');
    const again = await j.adminAnswer('/admin/refunds/agree', { refundId: submitted.refundId });
    assert.equal(again.code, 2101, 'a second agree is refused and credits nothing');

    const refund = await taobaoRefund(b, submitted.refundId);
    assert.deepEqual([refund.refundStatus, refund.refundedFee], [100, max]);
    // The only line is refunded before shipping: the order closes and its freight comes back too.
    await assertCreditedOnce(b, `refund:${submitted.refundId}`, max, before, paidFen);
    if (paidFen > max) await assertCreditedOnce(b, `refund-freight:${orderId}`, paidFen - max, before, paidFen);
    const order = await taobaoDetail(b, orderId);
    assert.deepEqual([order.orderLineList[0].refundStatus, order.orderLineList[0].refundAmount], [100, max]);
    assert.deepEqual([order.orderState, order.status], ['closed', 4]);
    const messages = await ok(b.client.post('/v2/taobao/order/refund/message/list', { refundId: submitted.refundId }));
    assert.deepEqual(
      messages.list.map((m: { action: string; role: string }) => `${m.role}:${m.action}`),
      ['buyer:submit', 'operator:agree_refund'],
    );
    assert.deepEqual(await callbackTrail(b, submitted.refundId), ['10/buyer', '100/seller']);
    const last = refundCallbacks(b, submitted.refundId).at(-1)!.body;
    assert.deepEqual([last.refund_action, last.refunded_fee, last.sub_purchase_order_id], ['SELLER_AGREE_REFUND', max, `${orderId}-1`]);
  });

  test('return and refund after arrival: one of two pieces goes back with return logistics, the seller receives it', async () => {
    const b = await j.buyer();
    const { orderId } = await j.taobaoOrder(b);
    // The sellers ship within 2–6 h and the parcel is signed for at the warehouse 30 h later.
    await j.advance('40h');
    const order = await taobaoDetail(b, orderId);
    assert.equal(order.orderState, 'arrived_warehouse');
    const subOrderId = order.orderLineList[0].subOrderId;
    const vo = await render(b, subOrderId, 2, 4, 1);
    assert.ok(vo.refundOrderTemplate.goodsStatusList.includes('4'));
    const fee = vo.refundOrderTemplate.maxRefundFee.refundFee;
    const whole = (await render(b, subOrderId, 2, 4)).refundOrderTemplate.maxRefundFee.refundFee;
    assert.ok(fee < whole, `one piece (${fee}) is less than both (${whole})`);
    const submitted = await ok(
      b.client.post('/open/order/refund/submit', {
        subOrderId,
        refundType: 2,
        goodsStatus: 4,
        reasonId: vo.refundOrderTemplate.refundReasons[0].reasonId,
        refundFee: fee,
        refundQuantity: 1,
        refundImages: 'https://img.example/broken-1.jpg,https://img.example/broken-2.jpg',
      }),
    );
    await j.admin('/admin/refunds/agree', { refundId: submitted.refundId, address: WAREHOUSE, note: '请寄回' });
    const logistics = await ok(b.client.get('/v2/taobao/order/refund/logistics/render', { query: { refundId: submitted.refundId } }));
    assert.deepEqual([logistics.refundStatus, logistics.receiverAddress], [20, WAREHOUSE]);
    assert.equal(logistics.sellerAgreeReturnDescribe, '请寄回');
    const carrier = logistics.logisticsCompanies[0].logisticCompanyCode;
    const shipped = await ok(
      b.client.post('/v2/taobao/order/refund/logistics/submit', {
        refundId: submitted.refundId,
        logisticsCompanyCode: carrier,
        logisticsNo: 'YT9876543210',
        buyerPhone: '13800138000',
      }),
    );
    assert.equal(shipped.refundStatus, 30);
    const before = await balanceOf(b);
    await j.admin('/admin/refunds/receive', { refundId: submitted.refundId });
    const done = await ok(b.client.get('/v2/taobao/order/refund/query', { query: { refundId: submitted.refundId } }));
    assert.equal(done.refundOrderAggregate.refundOrder.refundStatus, 100);
    assert.equal(done.refundOrderAggregate.logistics.logisticsNo, 'YT9876543210');
    await assertCreditedOnce(b, `refund:${submitted.refundId}`, fee, before);
    const after = await taobaoDetail(b, orderId);
    assert.deepEqual([after.orderLineList[0].refundStatus, after.orderLineList[0].refundAmount], [100, fee]);
    assert.equal(after.orderState, 'arrived_warehouse', 'one piece of two was returned: the order stays open');
    assert.deepEqual(await callbackTrail(b, submitted.refundId), ['10/buyer', '20/seller', '30/buyer', '100/seller']);
    assert.equal(refundCallbacks(b, submitted.refundId).at(-1)!.body.refunded_fee, fee);
  });

  test('the seller refuses, the buyer writes and modifies, the seller agrees to the lower amount', async () => {
    const b = await j.buyer({ mode: 'MD5' });
    const { orderId } = await j.taobaoOrder(b);
    const subOrderId = `${orderId}-1`;
    const vo = await render(b, subOrderId, 1, 1);
    const reasons = vo.refundOrderTemplate.refundReasons;
    const max = vo.refundOrderTemplate.maxRefundFee.refundFee;
    const body = { subOrderId, refundType: 1, goodsStatus: 1, reasonId: reasons[0].reasonId, refundFee: max };
    const { refundId } = await ok(b.client.post('/v2/taobao/order/refund/submit', body));
    await j.admin('/admin/refunds/refuse', { refundId, reason: '请说明原因' });
    const refusedOrder = await taobaoRefund(b, refundId);
    assert.deepEqual([refusedOrder.refundStatus, refusedOrder.sellerRefuseReason], [-10, '请说明原因']);
    await ok(
      b.client.post('/open/order/refund/submit/message', {
        refundId,
        refundMessage: '买错尺码了',
        refundImages: 'https://img.example/size.jpg',
      }),
    );
    const lower = max - 1;
    const reason = reasons.at(-1).reasonId;
    const modified = await ok(
      b.client.post('/v2/taobao/order/refund/modify', { ...body, refundId, reasonId: reason, refundFee: lower, refundDesc: '尺码不对' }),
    );
    assert.equal(modified.refundStatus, 10);
    const before = await balanceOf(b);
    await j.admin('/admin/refunds/agree', { refundId });
    const done = await taobaoRefund(b, refundId);
    assert.deepEqual([done.refundStatus, done.reasonId], [100, reason]);
    await assertCreditedOnce(b, `refund:${refundId}`, lower, before);
    const messages = await ok(b.client.post('/v2/taobao/order/refund/message/list', { refundId }));
    assert.deepEqual(
      messages.list.map((m: { action: string; role: string }) => `${m.role}:${m.action}`),
      ['buyer:submit', 'operator:refuse', 'buyer:message', 'buyer:modify', 'operator:agree_refund'],
    );
    // TA5 is a GET with the id in the path (v1 form): a finished application cannot be cancelled.
    await refused(b.client.get('/open/order/refund/cancel/{refundId}', { params: { refundId } }), 2101);
    const order = await taobaoDetail(b, orderId);
    assert.equal(order.orderState, 'paid', 'less than the line was refunded: the order stays paid');
    assert.deepEqual([order.orderLineList[0].refundStatus, order.orderLineList[0].refundAmount], [100, lower]);
    assert.deepEqual(await callbackTrail(b, refundId), ['10/buyer', '-10/seller', '10/buyer', '100/seller']);
    assert.equal(refundCallbacks(b, refundId).at(-1)!.body.refund_fee, lower);
  });
});
