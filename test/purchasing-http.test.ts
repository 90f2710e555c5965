import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { queuePaidOrders } from '../src/modules/purchasing/index.ts';
import { ADMIN_TOKEN } from './helpers/harness.ts';
import { manualBed, type ManualBed } from './helpers/manual-bed.ts';

describe('/admin/purchasing', () => {
  let bed: ManualBed;
  before(async () => {
    bed = await manualBed();
  });
  after(() => bed.h.close());

  const admin = async (method: 'GET' | 'POST', url: string, payload?: object, token = ADMIN_TOKEN) =>
    (
      await bed.h.app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload ? { payload } : {}) })
    ).json();

  it('pages the queue and moves a task from QUEUED to SHIPPED', async () => {
    const order = await bed.paidOrder();
    await queuePaidOrders(bed.h.ctx, ['taobao']);
    const queued = await admin('GET', '/admin/purchasing/queue?state=QUEUED&pageSize=10');
    assert.equal(queued.code, 200, queued.msg);
    assert.ok(queued.data.rows.some((t: { orderId: string }) => t.orderId === order.orderId));
    const bought = await admin('POST', '/admin/purchasing/purchase', {
      orderId: order.orderId,
      marketplaceOrderNo: '3921874410023345566',
      paidFen: order.totalAmountFen,
      note: 'same price',
    });
    assert.equal(bought.code, 200, bought.msg);
    assert.equal(bought.data.state, 'PURCHASED');
    const shipped = await admin('POST', '/admin/purchasing/ship', {
      orderId: order.orderId,
      carrier: '圆通速递',
      trackingNumber: 'YT7512345678901',
    });
    assert.equal(shipped.code, 200, shipped.msg);
    assert.equal(shipped.data.state, 'SHIPPED');
    const again = await admin('POST', '/admin/purchasing/ship', {
      orderId: order.orderId,
      carrier: '圆通速递',
      trackingNumber: 'YT7512345678901',
    });
    assert.equal(again.code, 4021, again.msg);
  });

  it('names the field of a bad body and answers 404 for an order with no task', async () => {
    const bad = await admin('POST', '/admin/purchasing/purchase', { orderId: '1', marketplaceOrderNo: 'x', paidFen: -3 });
    assert.equal(bad.code, 400);
    assert.match(bad.msg, /paidFen/);
    const missing = await admin('POST', '/admin/purchasing/cancel', { orderId: '123456789' });
    assert.equal(missing.code, 404, missing.msg);
  });

  it('needs the admin token', async () => {
    const order = await bed.paidOrder();
    await queuePaidOrders(bed.h.ctx, ['taobao']);
    for (const token of ['', 'wrong-token']) {
      const refused = await admin('POST', '/admin/purchasing/cancel', { orderId: order.orderId }, token);
      assert.notEqual(refused.code, 200);
    }
    const still = await admin('GET', '/admin/purchasing/queue?state=QUEUED');
    assert.ok(still.data.rows.some((t: { orderId: string }) => t.orderId === order.orderId));
  });
});
