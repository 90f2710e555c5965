import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { sellerAgree } from '../src/modules/aftersales/index.ts';
import { cancelOrder, type OrderDetail } from '../src/modules/orders/index.ts';
import { codeOf } from '../src/platform/errors.ts';
import { entryIdOf } from '../src/wire/alibaba/orders-view.ts';
import { gmtOf } from '../src/wire/alibaba/refunds-view.ts';
import { actorKind } from '../src/wire/open/order-history.ts';
import { refundBed, type RefundBed } from './helpers/aftersales-bed.ts';
import type { Harness } from './helpers/harness.ts';
import { applyRefund, type Buyer } from './helpers/refunds.ts';

/**
 * The developers' 1688 refund list (`/alibaba/refund/list`) and order history (`/v2/open/order/history`):
 * answers, filters, paging, refusals, and that a sub-account or another developer sees only its own.
 */
const LIST = '/alibaba/refund/list';
const HISTORY = '/v2/open/order/history';
const BAD_PARAMETER = codeOf('BAD_PARAMETER');

let bed: RefundBed;
let h: Harness;
let owner: Buyer;
let sub: CreatedDeveloper;
let stranger: CreatedDeveloper;
/** Oldest first: three of the owner's main user, one of its sub-account. */
const refunds: { refundId: string; orderId: string; at: number }[] = [];
let subRefund: { refundId: string; orderId: string };
let agreedOrder: OrderDetail;

before(async () => {
  bed = await refundBed();
  h = bed.h;
  owner = await bed.buyer();
  stranger = (await bed.buyer()).dev;
  sub = await h.subAccount(owner.dev, 'buyer');
  for (let i = 0; i < 3; i++) {
    const order = await bed.order(owner.ctx, '1688');
    const refund = await applyRefund(owner, order, 'refund');
    refunds.push({ refundId: refund.refundId, orderId: order.orderId, at: refund.createdAt });
    if (i === 0) agreedOrder = order;
    h.clock.advance(60_000);
  }
  const agreed = await sellerAgree(h.ctx, refunds[0]!.refundId, { actor: 'seller' });
  assert.ok(agreed.ok, JSON.stringify(agreed));
  const subCtx = bed.ctxOf(sub, true);
  const subOrder = await bed.order(subCtx, '1688');
  const made = await applyRefund({ dev: sub, ctx: subCtx }, subOrder, 'refund');
  subRefund = { refundId: made.refundId, orderId: subOrder.orderId };
  // A stranger's application and a Taobao one of the owner's: neither is on the owner's 1688 list.
  const theirs = await bed.order(bed.ctxOf(stranger), '1688');
  await applyRefund({ dev: stranger, ctx: bed.ctxOf(stranger) }, theirs, 'refund');
  await applyRefund(owner, await bed.order(owner.ctx, 'taobao'), 'refund');
});
after(() => bed.close());

const ids = (answer: { data: { data: { refundId: string }[] } }) => answer.data.data.map((r) => r.refundId);

describe('POST /alibaba/refund/list', () => {
  test('the main user sees every 1688 application of its developer, newest first, with AR1’s fields', async () => {
    const answer = await h.call(owner.dev, 'POST', LIST, {});
    assert.equal(answer.code, 200, answer.msg);
    const expected = [subRefund.refundId, ...refunds.map((r) => r.refundId).toReversed()];
    assert.deepEqual(ids(answer), expected);
    assert.deepEqual({ ...answer.data, data: undefined }, { totalRecords: 4, totalPage: 1, pageSize: 20, currentPage: 1, data: undefined });
    const first = answer.data.data.find((r: { refundId: string }) => r.refundId === refunds[0]!.refundId);
    assert.equal(first.status, 'refundsuccess');
    assert.equal(first.orderId, refunds[0]!.orderId);
    assert.deepEqual(first.orderEntryIdList, [entryIdOf(agreedOrder.orderId, 1)]);
    assert.equal(first.disputeRequest, 'refund');
    assert.equal(first.refundPayment + first.refundCarriage, first.applyPayment + first.applyCarriage);
    assert.equal(first.gmtCreate, gmtOf(refunds[0]!.at));
    const detail = await h.call(owner.dev, 'POST', '/alibaba/refund/detail', { refundId: refunds[0]!.refundId });
    for (const [field, value] of Object.entries(first)) assert.deepEqual(detail.data[field], value, `${field} as AR1 says`);
  });

  test('filters by status, order id and the creation time range; the v2 alias answers the same', async () => {
    const byStatus = await h.call(owner.dev, 'POST', '/v2/alibaba/refund/list', { status: 'refundsuccess' });
    assert.deepEqual(ids(byStatus), [refunds[0]!.refundId]);
    const byOrder = await h.call(owner.dev, 'POST', LIST, { orderId: refunds[1]!.orderId });
    assert.deepEqual(ids(byOrder), [refunds[1]!.refundId]);
    const numeric = await h.call(owner.dev, 'POST', LIST, { orderId: Number(refunds[1]!.orderId) });
    assert.deepEqual(ids(numeric), [refunds[1]!.refundId], 'the order id as a JSON number too');
    const byTime = await h.call(owner.dev, 'POST', LIST, { applyStartTime: refunds[1]!.at, applyEndTime: refunds[2]!.at });
    assert.deepEqual(ids(byTime), [refunds[2]!.refundId, refunds[1]!.refundId], 'both ends inclusive');
    const none = await h.call(owner.dev, 'POST', LIST, { status: 'waitbuyersend' });
    assert.deepEqual([none.data.totalRecords, ids(none)], [0, []]);
  });

  test('pages: pageSize 3 makes two pages, the second holding the oldest', async () => {
    const second = await h.call(owner.dev, 'POST', LIST, { pageNo: 2, pageSize: 3 });
    assert.deepEqual(ids(second), [refunds[0]!.refundId]);
    assert.deepEqual([second.data.totalRecords, second.data.totalPage, second.data.currentPage], [4, 2, 2]);
  });

  test('a sub-account sees its own; another developer sees none of them', async () => {
    assert.deepEqual(ids(await h.call(sub, 'POST', LIST, {})), [subRefund.refundId]);
    const theirs = await h.call(stranger, 'POST', LIST, { orderId: refunds[0]!.orderId });
    assert.deepEqual([theirs.code, theirs.data.totalRecords], [200, 0]);
    const all = ids(await h.call(stranger, 'POST', LIST, {}));
    assert.equal(all.length, 1);
    assert.ok(!refunds.some((r) => all.includes(r.refundId)));
  });

  test('refuses a status outside 1688’s and a page size above 50', async () => {
    const status = await h.call(owner.dev, 'POST', LIST, { status: '10' });
    assert.equal(status.code, BAD_PARAMETER);
    assert.match(status.msg, /status/);
    assert.equal((await h.call(owner.dev, 'POST', LIST, { pageSize: 51 })).code, BAD_PARAMETER);
  });
});

describe('GET /v2/open/order/history', () => {
  test('the state changes of a 1688 order, oldest first, with the actor’s kind and no notes', async () => {
    const answer = await h.call(owner.dev, 'GET', `${HISTORY}?orderId=${agreedOrder.orderId}`);
    assert.equal(answer.code, 200, answer.msg);
    assert.equal(answer.data.orderId, agreedOrder.orderId);
    const steps = answer.data.history.map((c: { fromState: string | null; toState: string; actor: string }) => [
      c.fromState,
      c.toState,
      c.actor,
    ]);
    assert.deepEqual(steps.slice(0, 2), [
      [null, 'waiting_payment', 'buyer'],
      ['waiting_payment', 'paid', 'buyer'],
    ]);
    for (const change of answer.data.history) {
      assert.deepEqual(Object.keys(change).sort(), ['action', 'actor', 'at', 'fromState', 'toState']);
      assert.equal(typeof change.at, 'number');
    }
  });

  test('a Taobao order too; a cancel by the buyer shows as such, its reason does not', async () => {
    const order = await bed.order(owner.ctx, 'taobao', { state: 'waiting_payment' });
    assert.ok((await cancelOrder(owner.ctx, { orderId: order.orderId, reason: 'secret remark' })).ok);
    const answer = await h.call(owner.dev, 'GET', `${HISTORY}?orderId=${order.orderId}`);
    assert.deepEqual(answer.data.history.at(-1), {
      fromState: 'waiting_payment',
      toState: 'cancelled',
      action: 'cancel',
      actor: 'buyer',
      at: answer.data.history.at(-1).at,
    });
    assert.doesNotMatch(JSON.stringify(answer.data), /secret remark/);
  });

  test('another developer’s or a sibling sub-account’s order is not found; a malformed id is refused', async () => {
    const strangers = await h.call(stranger, 'GET', `${HISTORY}?orderId=${agreedOrder.orderId}`);
    assert.equal(strangers.code, codeOf('NOT_FOUND'));
    const sibling = await h.subAccount(owner.dev, 'buyer');
    assert.equal((await h.call(sibling, 'GET', `${HISTORY}?orderId=${subRefund.orderId}`)).code, codeOf('NOT_FOUND'));
    assert.equal((await h.call(sub, 'GET', `${HISTORY}?orderId=${subRefund.orderId}`)).code, 200);
    assert.equal((await h.call(owner.dev, 'GET', `${HISTORY}?orderId=abc`)).code, BAD_PARAMETER);
  });

  test('actors are told by kind: an operator’s login never shows', () => {
    assert.deepEqual(['user:42', 'seller', 'warehouse', 'operator:alice', 'operator', 'system', 'something-new'].map(actorKind), [
      'buyer',
      'seller',
      'warehouse',
      'operator',
      'operator',
      'system',
      'system',
    ]);
  });
});
