import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { createOrders, getOrder, getOrderHistory, payOrders } from '../src/modules/orders/index.ts';
import { getBalance, topUp } from '../src/modules/wallet/index.ts';
import { advanceSandbox, fulfilmentTick, sellerWorkSince, trackingEvents } from '../src/modules/fulfilment/index.ts';
import { SandboxClock } from '../src/sources/sandbox/clock.ts';
import type { Ctx } from '../src/platform/context.ts';
import type { OrderId } from '../src/platform/ids.ts';
import { CARRIERS, planAfterPayment, planBeforePayment } from '../src/sources/sandbox/sellers/plan.ts';
import { createSandboxSource } from '../src/sources/sandbox/source.ts';
import type { Source, SourceProduct } from '../src/sources/source.ts';
import { ADMIN_TOKEN, CATALOG_SEED, createHarness, type Harness } from './helpers/harness.ts';

// The simulated sellers, driven through the admin clock endpoint exactly as an integrator would.
const RECEIVER = { name: '张三', phone: '13800000000', province: '浙江省', city: '杭州市', district: '余杭区', address: '文一西路 969 号' };
let h: Harness;
let dev: CreatedDeveloper;
let ctx: Ctx;
let source: Source;
let stocked: SourceProduct[];

before(async () => {
  h = await createHarness({}, { catalogProducts: 600 });
  dev = await h.developer();
  ctx = { ...h.ctx, developerId: dev.developerId, userId: dev.userId, rowsVisible: 'all', role: 'main', language: 'en' };
  source = await createSandboxSource(h.db);
  stocked = (await source.searchProducts({ platform: 'taobao', page: 1, pageSize: 50, sort: 'price_asc' })).rows.filter((p) =>
    p.skus.some((s) => s.stock >= 50),
  );
  await topUp(h.ctx, { developerId: dev.developerId, amountFen: 100_000_000 });
});
after(() => h.close());

let picked = 0;
async function newOrder(): Promise<{ orderId: OrderId; totalAmountFen: number }> {
  const product = stocked[picked++ % stocked.length]!;
  const sku = product.skus.find((s) => s.stock >= 50)!;
  const made = await createOrders(ctx, source, {
    platform: 'taobao',
    lines: [{ itemRef: product.itemId, skuId: sku.skuId, quantity: 1 }],
    receiver: RECEIVER,
    requestHash: `h${picked}`,
  });
  assert.ok(made.ok, JSON.stringify(made));
  return { orderId: made.orders[0]!.orderId, totalAmountFen: made.orders[0]!.totalAmountFen };
}

async function advance(by: string) {
  const answer = await h.app.inject({
    method: 'POST',
    url: '/sandbox/clock/advance',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    payload: { by },
  });
  assert.equal(answer.json().code, 200, answer.json().msg);
  return answer.json().data as { offsetMs: number; planned: number; ran: number };
}

describe('sandbox sellers', () => {
  test('a paid order is shipped by a real carrier, tracked through SIGN and arrives at the warehouse', async () => {
    let order = await newOrder();
    while (planAfterPayment(CATALOG_SEED, order)[0]!.kind !== 'ship' || planBeforePayment(CATALOG_SEED, order).length > 0)
      order = await newOrder();
    const paid = await payOrders(ctx, { orderIds: [order.orderId] });
    assert.ok(paid.ok && paid.results[0]!.ok);
    await advance('1h');
    assert.equal(
      ((await getOrder(ctx, order.orderId)) as { order: { state: string } }).order.state,
      'paid',
      'not shipped within the first hour',
    );
    await advance('2d');
    const detail = await getOrder(ctx, order.orderId);
    assert.ok(detail.ok);
    assert.equal(detail.order.state, 'arrived_warehouse');
    assert.ok(
      CARRIERS.some((c) => c.name === detail.order.carrier),
      detail.order.carrier ?? 'no carrier',
    );
    assert.ok(detail.order.trackingNumber);
    const events = await trackingEvents(h.ctx, detail.order);
    assert.deepEqual(
      events.map((e) => e.status),
      ['ACCEPT', 'TRANSPORT', 'ARRIVE_CITY', 'DELIVERING', 'SIGN'],
    );
    const history = await getOrderHistory(ctx, order.orderId);
    assert.ok(history.ok);
    assert.deepEqual(history.history.map((e) => e.action).slice(-3), ['pay', 'ship', 'arrive']);
  });

  test('a seller changes the price of an unpaid order ten minutes after creation (deterministic per order)', async () => {
    let order = await newOrder();
    for (let i = 0; i < 80 && planBeforePayment(CATALOG_SEED, order).length === 0; i++) order = await newOrder();
    const plan = planBeforePayment(CATALOG_SEED, order)[0];
    assert.ok(plan && plan.kind === 'modify_price', 'some order gets a price change at the 10 % rate');
    await advance('15m');
    const detail = await getOrder(ctx, order.orderId);
    assert.ok(detail.ok);
    assert.equal(detail.order.totalAmountFen, plan.newTotalFen);
    assert.notEqual(plan.newTotalFen, order.totalAmountFen);
  });

  test('a seller that runs out of stock refunds the line, which closes a one-line order; the wallet gets the money back', async () => {
    let order = await newOrder();
    for (let i = 0; i < 200 && planAfterPayment(CATALOG_SEED, order)[0]!.kind !== 'stock_out'; i++) order = await newOrder();
    assert.equal(planAfterPayment(CATALOG_SEED, order)[0]!.kind, 'stock_out', 'some order meets a stock-out at the 5 % rate');
    const before = await getBalance(h.ctx, dev.developerId);
    await payOrders(ctx, { orderIds: [order.orderId] });
    await advance('1h');
    const detail = await getOrder(ctx, order.orderId);
    assert.ok(detail.ok);
    assert.equal(detail.order.state, 'closed');
    assert.equal(detail.order.closeReason, 'refunded');
    assert.equal(await getBalance(h.ctx, dev.developerId), before, 'refunded in full');
  });

  test('the clock endpoint needs the admin token and a valid duration; GET reads it', async () => {
    assert.equal((await h.app.inject({ method: 'POST', url: '/sandbox/clock/advance', payload: { by: '1h' } })).json().code, 411);
    const bad = await h.app.inject({
      method: 'POST',
      url: '/sandbox/clock/advance',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { by: 'soon' },
    });
    assert.equal(bad.json().code, 400);
    const read = await h.app.inject({ method: 'GET', url: '/sandbox/clock', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    assert.ok(read.json().data.offsetMs > 0);
  });
});

describe('sandbox advance reports the work done since the clock moved', () => {
  test("work the server's scheduler ran right after the advance is reported by the advance", async () => {
    const orders = [await newOrder(), await newOrder(), await newOrder()];
    const paid = await payOrders(ctx, { orderIds: orders.map((o) => o.orderId) });
    assert.ok(paid.ok);
    const serverClock = new SandboxClock(() => h.clock.nowMs());
    await serverClock.load(h.ctx);
    await fulfilmentTick({ ...h.ctx, clock: serverClock }, source); // the server plans the new orders
    let serverRan = { planned: 0, ran: 0 };
    // The CLI's clock write wakes the server's scheduler, which runs everything due before the CLI does.
    class CliClock extends SandboxClock {
      override async advance(db: Parameters<SandboxClock['advance']>[0], ms: number): Promise<number> {
        const now = await super.advance(db, ms);
        await serverClock.load(h.ctx);
        serverRan = await fulfilmentTick({ ...h.ctx, clock: serverClock }, source);
        return now;
      }
    }
    const done = await advanceSandbox(h.ctx, new CliClock(() => h.clock.nowMs()), source, 6 * 3_600_000, null);
    assert.ok(serverRan.ran >= orders.length, `the server ran ${serverRan.ran}`);
    assert.equal(done.ran, serverRan.ran, 'reported although the server ran them');
    assert.deepEqual(await sellerWorkSince(h.ctx, done.nowMs + 1), { planned: 0, ran: 0 });
  });
});
