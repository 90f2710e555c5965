import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOrders, getOrder } from '../src/modules/orders/index.ts';
import { queuePaidOrders } from '../src/modules/purchasing/index.ts';
import { getProductByNumericId } from '../src/sources/sandbox/store/index.ts';
import { ADMIN_TOKEN } from './helpers/harness.ts';
import { manualBed, type ManualBed } from './helpers/manual-bed.ts';
import { addOperator, consoleCall, signIn } from './helpers/operators.ts';
import { applyRefund, DOMAIN_RECEIVER } from './helpers/refunds.ts';

describe('/admin/orders', () => {
  let bed: ManualBed;
  before(async () => {
    bed = await manualBed();
  });
  after(() => bed.h.close());

  const admin = async (method: 'GET' | 'POST', url: string, payload?: object, token = ADMIN_TOKEN) =>
    (
      await bed.h.app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload ? { payload } : {}) })
    ).json();

  async function unpaidOrder(outer: string) {
    const product = (await getProductByNumericId(bed.h.db, '652000000402'))!;
    const created = await createOrders(bed.ctx, bed.source, {
      platform: product.platform,
      lines: [{ itemRef: product.itemId, skuId: product.skus[0]!.skuId, quantity: 1 }],
      receiver: DOMAIN_RECEIVER,
      clientOrderId: outer,
      requestHash: `unpaid-${outer}`,
    } as Parameters<typeof createOrders>[2]);
    assert.ok(created.ok, JSON.stringify(created));
    return created.orders[0]!;
  }

  it('lists every developer’s orders, filtered by state, developer, q and time, sorted by total', async () => {
    const paid = await bed.paidOrder();
    const unpaid = await unpaidOrder('OUTER-77-A');
    const all = await admin('GET', `/admin/orders?developerId=${bed.dev.developerId}&pageSize=100`);
    assert.equal(all.code, 200, all.msg);
    const ids = all.data.rows.map((r: { orderId: string }) => r.orderId);
    assert.ok(ids.includes(paid.orderId) && ids.includes(unpaid.orderId));
    const row = all.data.rows.find((r: { orderId: string }) => r.orderId === unpaid.orderId);
    assert.deepEqual(
      { platform: row.platform, state: row.state, outer: row.outerPurchaseId, lines: row.lineCount, total: row.totalFen },
      { platform: 'taobao', state: 'waiting_payment', outer: 'OUTER-77-A', lines: 1, total: unpaid.totalAmountFen },
    );
    const byState = await admin('GET', '/admin/orders?state=paid&pageSize=100');
    assert.ok(byState.data.rows.every((r: { state: string }) => r.state === 'paid'));
    assert.ok(byState.data.rows.some((r: { orderId: string }) => r.orderId === paid.orderId));
    const byOuter = await admin('GET', '/admin/orders?q=OUTER-77');
    assert.deepEqual(
      byOuter.data.rows.map((r: { orderId: string }) => r.orderId),
      [unpaid.orderId],
    );
    const byId = await admin('GET', `/admin/orders?q=${paid.orderId}`);
    assert.equal(byId.data.total, 1);
    const none = await admin('GET', '/admin/orders?developerId=999999999&pageSize=5');
    assert.equal(none.data.total, 0);
    const future = await admin('GET', `/admin/orders?from=${bed.h.clock.nowMs() + 60_000}`);
    assert.equal(future.data.total, 0);
    const sorted = await admin('GET', '/admin/orders?sort=totalFen&order=asc&pageSize=100');
    const totals = sorted.data.rows.map((r: { totalFen: number }) => r.totalFen);
    assert.deepEqual(
      totals,
      [...totals].sort((a: number, b: number) => a - b),
    );
  });

  it('names the field of a bad query', async () => {
    const bad = await admin('GET', '/admin/orders?pageSize=101');
    assert.equal(bad.code, 400);
    assert.match(bad.msg, /pageSize/);
    const platform = await admin('GET', '/admin/orders?platform=1688');
    assert.equal(platform.code, 400);
    assert.match(platform.msg, /platform/);
    const cancel = await admin('POST', '/admin/orders/cancel', { orderId: '1', reason: '' });
    assert.equal(cancel.code, 400);
    assert.match(cancel.msg, /reason/);
  });

  it('shows one order with lines, payments, merged history and actions; 404 for an unknown one', async () => {
    const order = await bed.paidOrder();
    await queuePaidOrders(bed.h.ctx, ['taobao']);
    const refused = await admin('POST', '/admin/purchasing/purchase', { orderId: order.orderId, marketplaceOrderNo: 'M-1', paidFen: 1 });
    assert.equal(refused.code, 200, refused.msg);
    const shown = await admin('GET', `/admin/orders/detail?orderId=${order.orderId}`);
    assert.equal(shown.code, 200, shown.msg);
    const d = shown.data;
    assert.equal(d.order.orderId, order.orderId);
    assert.equal(d.order.developerId, bed.dev.developerId);
    assert.equal(d.lines.length, 1);
    assert.equal(d.receiver.name, DOMAIN_RECEIVER.name);
    assert.deepEqual(
      d.payments.map((p: { kind: string; amountFen: number; ref: string }) => [p.kind, p.amountFen, p.ref]),
      [['order_charge', -order.totalAmountFen, order.orderId]],
    );
    const sources = new Set(d.history.map((h: { source: string }) => h.source));
    assert.deepEqual([...sources].sort(), ['audit', 'order', 'purchase']);
    const audit = d.history.find((h: { source: string }) => h.source === 'audit');
    assert.equal(audit.action, 'adminPurchasingPurchase');
    const ats = d.history.map((h: { at: number }) => h.at);
    assert.deepEqual(
      ats,
      [...ats].sort((a: number, b: number) => a - b),
    );
    assert.deepEqual(d.actions, ['cancel']);
    assert.deepEqual(d.refunds, []);
    const missing = await admin('GET', '/admin/orders/detail?orderId=123456789');
    assert.equal(missing.code, 404, missing.msg);
  });

  it('cancels an unpaid order, closes and refunds a paid one, refuses a cancelled one', async () => {
    const unpaid = await unpaidOrder('OUTER-88');
    const cancelled = await admin('POST', '/admin/orders/cancel', { orderId: unpaid.orderId, reason: 'customer asked' });
    assert.equal(cancelled.code, 200, cancelled.msg);
    assert.equal(cancelled.data.state, 'cancelled');
    const again = await admin('POST', '/admin/orders/cancel', { orderId: unpaid.orderId, reason: 'twice' });
    assert.equal(again.code, 2006, again.msg);
    const paid = await bed.paidOrder();
    await queuePaidOrders(bed.ctx, ['taobao']);
    const closed = await admin('POST', '/admin/orders/cancel', { orderId: paid.orderId, reason: 'out of stock upstream' });
    assert.equal(closed.code, 200, closed.msg);
    assert.equal(closed.data.state, 'closed');
    const tasks = await admin('GET', '/admin/purchasing/queue?state=CANCELLED&pageSize=200');
    assert.ok(
      tasks.data.rows.some((task: { orderId: string }) => task.orderId === paid.orderId),
      'the purchase task ends with the order',
    );
    const shown = await admin('GET', `/admin/orders/detail?orderId=${paid.orderId}`);
    const sum = shown.data.payments.reduce((s: number, p: { amountFen: number }) => s + p.amountFen, 0);
    assert.equal(sum, 0, JSON.stringify(shown.data.payments));
    assert.deepEqual(shown.data.actions, []);
    const unknown = await admin('POST', '/admin/orders/cancel', { orderId: '123456789', reason: 'x' });
    assert.equal(unknown.code, 404);
  });

  it('refuses a warehouse login for cancel, lets it read, and refuses no auth', async () => {
    await addOperator(bed.h, 'wh1', 'warehouse');
    const session = await signIn(bed.h, 'wh1');
    const unpaid = await unpaidOrder('OUTER-99');
    const refused = await consoleCall(bed.h, session, 'POST', '/admin/orders/cancel', { orderId: unpaid.orderId, reason: 'no' });
    assert.equal(refused.code, 4004, refused.msg);
    const read = await consoleCall(bed.h, session, 'GET', `/admin/orders/detail?orderId=${unpaid.orderId}`);
    assert.equal(read.code, 200, read.msg);
    assert.equal(read.data.order.state, 'waiting_payment');
    for (const url of ['/admin/orders', `/admin/orders/detail?orderId=${unpaid.orderId}`]) {
      const anonymous = await admin('GET', url, undefined, '');
      assert.notEqual(anonymous.code, 200);
    }
    const anonymousCancel = await admin('POST', '/admin/orders/cancel', { orderId: unpaid.orderId, reason: 'x' }, 'wrong-token');
    assert.notEqual(anonymousCancel.code, 200);
  });

  it('lists refund applications of every developer, filtered; the order page shows them', async () => {
    const paid = await bed.paidOrder();
    const detail = await getOrder(bed.ctx, paid.orderId);
    assert.ok(detail.ok);
    const refund = await applyRefund({ dev: bed.dev, ctx: bed.ctx }, detail.order, 'refund');
    const listed = await admin('GET', `/admin/refunds?developerId=${bed.dev.developerId}&platform=taobao`);
    assert.equal(listed.code, 200, listed.msg);
    const row = listed.data.rows.find((r: { refundId: string }) => r.refundId === refund.refundId);
    assert.deepEqual(
      { orderId: row.orderId, developerId: row.developerId, platform: row.platform, state: row.state, kind: row.kind },
      { orderId: paid.orderId, developerId: bed.dev.developerId, platform: 'taobao', state: refund.status, kind: 'refund' },
    );
    assert.equal(row.amountFen, refund.applyFen + refund.applyCarriageFen);
    const otherState = await admin('GET', `/admin/refunds?state=100&developerId=${bed.dev.developerId}`);
    assert.ok(otherState.data.rows.every((r: { refundId: string }) => r.refundId !== refund.refundId));
    assert.equal((await admin('GET', '/admin/refunds?platform=1688')).code, 400);
    const shown = await admin('GET', `/admin/orders/detail?orderId=${paid.orderId}`);
    assert.deepEqual(
      shown.data.refunds.map((r: { refundId: string }) => r.refundId),
      [refund.refundId],
    );
    await addOperator(bed.h, 'wh-rf', 'warehouse');
    const session = await signIn(bed.h, 'wh-rf');
    assert.equal((await consoleCall(bed.h, session, 'GET', '/admin/refunds')).code, 4004);
    assert.notEqual((await admin('GET', '/admin/refunds', undefined, '')).code, 200);
  });
});
