import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { sellerAgree, sellerRefuse } from '../src/modules/aftersales/index.ts';
import type { Source, SourceProduct } from '../src/sources/source.ts';
import { fundedDeveloper, orderTestbed } from './helpers/catalog.ts';
import type { Answer, Harness } from './helpers/harness.ts';
import { ownerRows, RETURN_ADDRESS, type OwnerRows, type Params } from './helpers/owned-ids.ts';

/**
 * The Taobao reverse-order routes over app.inject: each route's happy path, and the refusals the
 * error table names (2101 wrong state, 2102 above the maximum, 2106 reason, 2107 type × goods),
 * bad and foreign sub-order ids, idempotent resubmits and sibling sub-account isolation.
 */
const V2 = '/v2/taobao/order/refund';

let h: Harness;
let source: Source;
let products: SourceProduct[];
let dev: CreatedDeveloper;
let rows: OwnerRows;

before(async () => {
  ({ h, source, products } = await orderTestbed({}, 300));
  dev = await fundedDeveloper(h, 1_000_000_000);
  rows = ownerRows(h, source, products, dev);
});
after(() => h.close());

async function call(method: 'GET' | 'POST', path: string, body?: Params, who = dev, headers: Record<string, string> = {}): Promise<Answer> {
  return h.call(who, method, path, body, { headers: { 'accept-language': 'en', ...headers } });
}
async function okData(answer: Promise<Answer> | Answer): Promise<any> {
  const a = await answer;
  assert.equal(a.code, 200, `${a.code} ${a.msg}`);
  return a.data;
}
const query = (refundId: string, who = dev) => call('GET', `${V2}/query?refundId=${refundId}`, undefined, who);
const orderLine = async (subOrderId: string) => {
  const orderId = subOrderId.split('-')[0];
  const detail = await okData(call('GET', `/v2/taobao/order/detail?purchaseOrderId=${orderId}`));
  return detail.orderLineList.find((l: { subOrderId: string }) => l.subOrderId === subOrderId);
};

describe('TA2 render', () => {
  test('answers RefundRenderVO with exactly the documented members, the line’s paid amount as the maximum', async () => {
    const subOrderId = await rows.taobaoSubOrder();
    const line = await orderLine(subOrderId);
    const vo = await okData(call('POST', `${V2}/render`, { subOrderId, refundType: 1, goodsStatus: 1 }));
    assert.deepEqual(Object.keys(vo).toSorted(), ['currency', 'distributorId', 'refundOrderTemplate', 'saleFlag']);
    assert.deepEqual(Object.keys(vo.refundOrderTemplate).toSorted(), ['goodsStatusList', 'maxRefundFee', 'refundOrder', 'refundReasons']);
    assert.deepEqual(Object.keys(vo.refundOrderTemplate.maxRefundFee).toSorted(), [
      'canEditRefundFee',
      'feeTips',
      'minRefundFee',
      'refundFee',
    ]);
    assert.equal(vo.distributorId, dev.developerId);
    assert.equal(vo.currency, 'CNY');
    assert.equal(vo.saleFlag, true);
    // A one-line order without a seller adjustment: the line's amount is what it paid for the goods.
    assert.equal(vo.refundOrderTemplate.maxRefundFee.refundFee, line.amount);
    assert.ok(vo.refundOrderTemplate.refundReasons.length > 0);
    for (const r of vo.refundOrderTemplate.refundReasons) assert.deepEqual(Object.keys(r).toSorted(), ['reasonDesc', 'reasonId', 'tips']);
    assert.ok(vo.refundOrderTemplate.goodsStatusList.includes('1'));
    const order = vo.refundOrderTemplate.refundOrder;
    assert.equal(order.refundStatus, '0');
    assert.equal(order.refundId, null);
    assert.equal(order.payOrderId, subOrderId.split('-')[0]);
  });

  test('an unpaid order: render says saleFlag false with no maximum, submit answers 2108', async () => {
    const orderId = await rows.taobaoOrder();
    const vo = await okData(call('POST', `${V2}/render`, { subOrderId: `${orderId}-1`, refundType: 1, goodsStatus: 1 }));
    assert.equal(vo.saleFlag, false);
    assert.equal(vo.refundOrderTemplate.maxRefundFee.refundFee, 0);
    const body = { subOrderId: `${orderId}-1`, refundType: 1, goodsStatus: 1, reasonId: '402652', refundFee: 1 };
    const refused = await call('POST', `${V2}/submit`, body);
    assert.equal(refused.code, 2108, refused.msg);
  });

  test('a malformed sub-order id is 400 naming subOrderId; another developer’s or an unknown line is 404', async () => {
    for (const subOrderId of ['abc', '12345', '12345-0', '12345-1-2', '-1', '']) {
      const answer = await call('POST', `${V2}/render`, { subOrderId, refundType: 1, goodsStatus: 1 });
      assert.equal(answer.code, 400, subOrderId);
      assert.match(answer.msg, /subOrderId/, subOrderId);
    }
    const subOrderId = await rows.taobaoSubOrder();
    const stranger = await h.developer();
    assert.equal((await call('POST', `${V2}/render`, { subOrderId, refundType: 1, goodsStatus: 1 }, stranger)).code, 404);
    const unknownLine = `${subOrderId.split('-')[0]}-9`;
    assert.equal((await call('POST', `${V2}/render`, { subOrderId: unknownLine, refundType: 1, goodsStatus: 1 })).code, 404);
  });
});

describe('TA7 submit', () => {
  test('opens status 10; the order line shows it; a resubmit or a used Idempotency-Key answers the same application', async () => {
    const body = await rows.taobaoRefundApplication();
    const made = await okData(call('POST', `${V2}/submit`, body, dev, { 'idempotency-key': `k-${body.subOrderId}` }));
    assert.equal(made.refundStatus, 10);
    assert.equal(made.replayed, false);
    assert.match(made.refundId, /^\d{16}$/);
    const line = await orderLine(String(body.subOrderId));
    assert.equal(line.refundStatus, 10);
    assert.equal(line.refundAmount, 0);
    const again = await okData(call('POST', `${V2}/submit`, body));
    assert.deepEqual(again, { ...made, replayed: true });
    const keyed = await okData(call('POST', `${V2}/submit`, body, dev, { 'idempotency-key': `k-${body.subOrderId}` }));
    assert.equal(keyed.refundId, made.refundId);
    assert.equal(keyed.replayed, true);
    const listed = await okData(call('POST', `${V2}/list`, { subOrderId: body.subOrderId }));
    assert.equal(listed.total, 1);
  });

  test('refusals: above the maximum 2102, a reason not offered 2106, type × goods 2107', async () => {
    const body = await rows.taobaoRefundApplication();
    const above = await call('POST', `${V2}/submit`, { ...body, refundFee: Number(body.refundFee) + 1 });
    assert.equal(above.code, 2102, above.msg);
    assert.match(above.msg, new RegExp(`${Number(body.refundFee) + 1} fen is above the maximum ${body.refundFee} fen`));
    const reason = await call('POST', `${V2}/submit`, { ...body, reasonId: '999999' });
    assert.equal(reason.code, 2106, reason.msg);
    // Return and refund needs the goods received (4); refund only with "received" does not fit a paid, unshipped order.
    const returnUnshipped = await call('POST', `${V2}/submit`, { ...body, refundType: 2, goodsStatus: 1 });
    assert.equal(returnUnshipped.code, 2107, returnUnshipped.msg);
    const receivedUnshipped = await call('POST', `${V2}/submit`, { ...body, goodsStatus: 4 });
    assert.equal(receivedUnshipped.code, 2107, receivedUnshipped.msg);
    const listed = await okData(call('POST', `${V2}/list`, { subOrderId: body.subOrderId }));
    assert.equal(listed.total, 0, 'no refusal opened an application');
  });

  test('refundImages: a comma-separated string and an array are one list', async () => {
    const body = await rows.taobaoRefundApplication();
    const made = await okData(
      call('POST', `${V2}/submit`, { ...body, refundImages: 'https://img.example/a.jpg, https://img.example/b.jpg' }),
    );
    const detail = await okData(query(made.refundId));
    assert.deepEqual(detail.refundOrderAggregate.refundOrder.refundImages, ['https://img.example/a.jpg', 'https://img.example/b.jpg']);
    await okData(
      call('POST', `${V2}/submit/message`, { refundId: made.refundId, refundMessage: 'see', refundImages: ['https://img.example/c.jpg'] }),
    );
    const messages = await okData(call('POST', `${V2}/message/list`, { refundId: made.refundId }));
    assert.deepEqual(messages.list.at(-1).images, ['https://img.example/c.jpg']);
  });
});

describe('TA10 query, TA1 list, TA8 messages', () => {
  test('the detail aggregate names the sub-order, the amounts in fen and the timer', async () => {
    const { refundId, application } = await rows.taobaoRefund('applied');
    const detail = await okData(query(refundId));
    assert.deepEqual(Object.keys(detail).toSorted(), ['currency', 'distributorId', 'refundOrderAggregate']);
    assert.equal(detail.distributorId, dev.developerId);
    const { logistics, refundOrder, purchaseOrderLine } = detail.refundOrderAggregate;
    assert.equal(refundOrder.refundId, refundId);
    assert.equal(refundOrder.refundStatus, 10);
    assert.equal(refundOrder.refundFee, application.refundFee);
    assert.equal(refundOrder.timeoutType, 'SELLER_RESPOND');
    assert.equal(typeof refundOrder.timeoutDate, 'number');
    assert.equal(refundOrder.remainingTime, String(refundOrder.timeoutDate - h.clock.nowMs()));
    assert.equal(purchaseOrderLine.purchaseOrderLineId, application.subOrderId);
    assert.equal(typeof purchaseOrderLine.createTime, 'number');
    assert.equal(logistics.receiverAddress, null);
    const list = await okData(call('POST', `${V2}/list`, { orderId: String(application.subOrderId).split('-')[0], refundStatus: 10 }));
    assert.deepEqual(
      list.list.map((r: { refundId: string }) => r.refundId),
      [refundId],
    );
    assert.equal((await okData(call('POST', `${V2}/list`, { subOrderId: application.subOrderId, refundStatus: -20 }))).total, 0);
    const created = { subOrderId: application.subOrderId, startTime: h.clock.nowMs(), endTime: h.clock.nowMs() };
    assert.equal((await okData(call('POST', `${V2}/list`, created))).total, 1, 'created within [startTime, endTime]');
    assert.equal((await okData(call('POST', `${V2}/list`, { ...created, startTime: h.clock.nowMs() + 1 }))).total, 0);
    const messages = await okData(call('POST', `${V2}/message/list`, { refundId }));
    assert.equal(messages.list[0].action, 'submit');
    assert.equal(messages.list[0].role, 'buyer');
  });

  test('another developer’s refund id is 404 on every route that takes one', async () => {
    const { refundId } = await rows.taobaoRefund('applied');
    const stranger = await h.developer();
    const answers = [
      await query(refundId, stranger),
      await call('GET', `${V2}/cancel/${refundId}`, undefined, stranger),
      await call('GET', `/open/order/refund/cancel/${refundId}`, undefined, stranger),
      await call('POST', `${V2}/submit/message`, { refundId, refundMessage: 'x' }, stranger),
      await call('POST', `${V2}/message/list`, { refundId }, stranger),
      await call('GET', `${V2}/logistics/render?refundId=${refundId}`, undefined, stranger),
    ];
    assert.deepEqual(
      answers.map((a) => a.code),
      answers.map(() => 404),
    );
    assert.equal((await okData(query(refundId))).refundOrderAggregate.refundOrder.refundStatus, 10, 'the stranger changed nothing');
  });
});

describe('TA9 modify, TA5 cancel', () => {
  test('modify changes the application; cancel (path id, v1 and v2) closes it; then both answer 2101 and a new one may be opened', async () => {
    const { refundId, application } = await rows.taobaoRefund('applied');
    const lower = Number(application.refundFee) - 1;
    const changed = await okData(call('POST', `${V2}/modify`, { ...application, refundId, refundFee: lower, refundDesc: 'less' }));
    assert.equal(changed.refundStatus, 10);
    const detail = await okData(query(refundId));
    assert.equal(detail.refundOrderAggregate.refundOrder.refundFee, lower);
    assert.equal(detail.refundOrderAggregate.refundOrder.refundDesc, 'less');
    const wrongLine = await call('POST', `${V2}/modify`, {
      ...application,
      refundId,
      subOrderId: `${String(application.subOrderId).split('-')[0]}-2`,
    });
    assert.equal(wrongLine.code, 400);
    assert.match(wrongLine.msg, /subOrderId/);

    const cancelled = await okData(call('GET', `/open/order/refund/cancel/${refundId}`));
    assert.equal(cancelled.cancelSuccess, true);
    assert.equal(cancelled.refundOrderAggregate.refundOrder.refundStatus, -20);
    assert.equal(cancelled.distributorId, dev.developerId);
    const twice = await call('GET', `${V2}/cancel/${refundId}`);
    assert.equal(twice.code, 2101, twice.msg);
    assert.equal((await call('POST', `${V2}/modify`, { ...application, refundId })).code, 2101);
    assert.equal((await call('GET', `${V2}/cancel/12ab`)).code, 400);
    assert.equal((await orderLine(String(application.subOrderId))).refundStatus, -20);
    const reopened = await okData(call('POST', `${V2}/submit`, application));
    assert.notEqual(reopened.refundId, refundId);
    assert.equal(reopened.replayed, false);
  });

  test('refused by the seller (-10): the detail shows the reason, modify brings it back to 10', async () => {
    const { refundId, application } = await rows.taobaoRefund('applied');
    assert.ok((await sellerRefuse(h.ctx, refundId, { actor: 'seller', reason: '商品已发出' })).ok);
    const refused = (await okData(query(refundId))).refundOrderAggregate.refundOrder;
    assert.equal(refused.refundStatus, -10);
    assert.equal(refused.sellerRefuseReason, '商品已发出');
    assert.equal(refused.timeoutType, 'BUYER_MODIFY');
    const rendered = await okData(call('POST', `${V2}/render`, { subOrderId: application.subOrderId, refundType: 1, goodsStatus: 1 }));
    assert.equal(rendered.refundOrderTemplate.refundOrder.refundId, refundId);
    assert.equal(rendered.refundOrderTemplate.refundOrder.refundStatus, '-10');
    assert.equal((await okData(call('POST', `${V2}/modify`, { ...application, refundId }))).refundStatus, 10);
  });
});

describe('TA3 / TA4 return logistics', () => {
  test('only once the seller agreed a return: the address, then the parcel moves 20 → 30', async () => {
    const applied = await rows.taobaoRefund('applied');
    const early = await call('GET', `${V2}/logistics/render?refundId=${applied.refundId}`);
    assert.equal(early.code, 2101, early.msg);
    const parcel = { logisticsCompanyCode: 'SF', logisticsNo: 'SF1234567890', buyerPhone: '13800138000' };
    assert.equal((await call('POST', `${V2}/logistics/submit`, { refundId: applied.refundId, ...parcel })).code, 2101);

    const { refundId } = await rows.taobaoRefund('return_agreed');
    const rendered = await okData(call('GET', `${V2}/logistics/render?refundId=${refundId}`));
    assert.deepEqual(rendered.receiverAddress, RETURN_ADDRESS);
    assert.ok(rendered.logisticsCompanies.some((c: { logisticCompanyCode: string }) => c.logisticCompanyCode === 'SF'));
    const badCarrier = await call('POST', `${V2}/logistics/submit`, { refundId, ...parcel, logisticsCompanyCode: 'NOPE' });
    assert.equal(badCarrier.code, 400);
    assert.match(badCarrier.msg, /logisticsCompanyCode/);
    const shipped = await okData(call('POST', `${V2}/logistics/submit`, { refundId, ...parcel, returnGoodsDesc: 'boxed' }));
    assert.equal(shipped.refundStatus, 30);
    const { logistics } = (await okData(query(refundId))).refundOrderAggregate;
    assert.equal(logistics.logisticsNo, 'SF1234567890');
    assert.deepEqual(logistics.logisticsCompany, { logisticCompanyCode: 'SF', logisticsCompanyName: '顺丰速运' });
    assert.deepEqual(logistics.receiverAddress, RETURN_ADDRESS);
    assert.equal(logistics.returnGoodsDesc, 'boxed');
    assert.equal((await call('GET', `${V2}/cancel/${refundId}`)).code, 2101, 'a parcel on its way cannot be cancelled');
  });
});

describe('sub-accounts', () => {
  test('a buyer sub-account’s application is invisible to its sibling and visible to the main user', async () => {
    const a = await h.subAccount(dev, 'buyer');
    const b = await h.subAccount(dev, 'buyer');
    const orderId = await ownerRows(h, source, products.toReversed(), a).taobaoOrder();
    await okData(call('POST', '/v2/taobao/order/pay', { purchaseOrderId: orderId }));
    const subOrderId = `${orderId}-1`;
    const vo = await okData(call('POST', `${V2}/render`, { subOrderId, refundType: 1, goodsStatus: 1 }, a));
    const reasonId = vo.refundOrderTemplate.refundReasons[0].reasonId;
    const body = { subOrderId, refundType: 1, goodsStatus: 1, reasonId, refundFee: vo.refundOrderTemplate.maxRefundFee.refundFee };
    assert.equal((await call('POST', `${V2}/submit`, body, b)).code, 404, 'the sibling cannot apply for it');
    const made = await okData(call('POST', `${V2}/submit`, body, a));
    assert.equal((await query(made.refundId, b)).code, 404);
    assert.equal((await okData(call('POST', `${V2}/list`, {}, b))).total, 0);
    assert.equal((await call('GET', `${V2}/cancel/${made.refundId}`, undefined, b)).code, 404);
    assert.equal((await okData(query(made.refundId))).refundOrderAggregate.refundOrder.refundStatus, 10);
    assert.ok((await okData(call('POST', `${V2}/list`, {}))).list.some((r: { refundId: string }) => r.refundId === made.refundId));
  });

  test('a viewer may read (its own rows: none) but not apply (406)', async () => {
    const viewer = await h.subAccount(dev, 'viewer');
    const body = await rows.taobaoRefundApplication();
    assert.equal((await call('POST', `${V2}/submit`, body, viewer)).code, 406);
    assert.equal((await call('POST', `${V2}/render`, { subOrderId: body.subOrderId, refundType: 1, goodsStatus: 1 }, viewer)).code, 404);
    assert.equal((await okData(call('POST', `${V2}/list`, {}, viewer))).total, 0);
  });
});

describe('seller agrees (module)', () => {
  test('refund only: 100, the line shows the amount, a second agree is 2101', async () => {
    const { refundId, application } = await rows.taobaoRefund('applied');
    const agreed = await sellerAgree(h.ctx, refundId, { actor: 'seller' });
    assert.ok(agreed.ok);
    const line = await orderLine(String(application.subOrderId));
    assert.equal(line.refundStatus, 100);
    assert.equal(line.refundAmount, application.refundFee);
    const again = await sellerAgree(h.ctx, refundId, { actor: 'seller' });
    assert.equal(again.ok, false);
  });
});
