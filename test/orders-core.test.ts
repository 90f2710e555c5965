import assert from 'node:assert/strict';
import { expectedShipping } from './helpers/pricing.ts';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import {
  cancelOrder,
  closeOrder,
  completeOrder,
  createOrders,
  getOrder,
  getOrderHistory,
  markArrived,
  markShipped,
  ORDER_STATES,
  pageOrders,
  payOrders,
  reservedQuantity,
  sellerModifyPrice,
  unitPriceFen,
  type CreateOrdersInput,
  type OrderSummary,
} from '../src/modules/orders/index.ts';
import { getBalance, ledgerCheck, topUp } from '../src/modules/wallet/index.ts';
import { ALIBABA_STATUS, TAOBAO_STATUS } from '../src/wire/common/order-status.ts';
import { inTransaction, type Ctx, type SystemCtx } from '../src/platform/context.ts';
import { asOrderId } from '../src/platform/ids.ts';
import type { Source, SourceProduct } from '../src/sources/source.ts';
import { generateProduct } from '../src/sources/sandbox/catalog/index.ts';
import { CATALOG_SEED, type Harness } from './helpers/harness.ts';
import { orderTestbed } from './helpers/catalog.ts';

/** The outbox event types of an order, oldest first. */
async function eventTypes(h: Harness, orderId: string): Promise<string[]> {
  const rows = await h.ctx.db.selectFrom('outbox_events').select('type').where('aggregate_id', '=', orderId).orderBy('id').execute();
  return rows.map((r) => r.type);
}

const RECEIVER = { name: '张三', phone: '13800000000', province: '浙江省', city: '杭州市', district: '余杭区', address: '文一西路 969 号' };

function ctxOf(h: Harness, who: CreatedDeveloper, sub = false): Ctx {
  return {
    ...h.ctx,
    developerId: who.developerId,
    userId: who.userId,
    rowsVisible: sub ? 'own' : 'all',
    role: sub ? 'buyer' : 'main',
    language: 'en',
  };
}

type Pick = { product: SourceProduct; sku: SourceProduct['skus'][number] };

async function count(
  ctx: SystemCtx,
  table: 'purchase_orders' | 'purchase_order_history' | 'outbox_events' | 'ledger_transactions',
  where?: [string, string],
) {
  let q = ctx.db.selectFrom(table as 'purchase_orders').select((eb) => eb.fn.countAll<number>().as('n'));
  if (where) q = q.where(where[0] as 'order_id', '=', where[1]);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

describe('purchase-order core', () => {
  let h: Harness;
  let source: Source;
  let products: SourceProduct[];
  const used = new Set<string>();
  let hashSeq = 0;

  before(async () => {
    ({ h, source, products } = await orderTestbed());
  });
  after(() => h.close());

  /** A fresh (unused by other tests) SKU with enough stock; taobao or 1688. */
  function pick(
    platform: 'taobao' | '1688',
    opts: { minStock?: number; notShops?: number[]; filter?: (p: SourceProduct) => boolean } = {},
  ): Pick {
    for (const product of products) {
      if (product.platform !== platform || (opts.notShops ?? []).includes(product.shopIndex) || (opts.filter && !opts.filter(product)))
        continue;
      const sku = product.skus.find((s) => s.stock >= (opts.minStock ?? 5) && !used.has(`${product.itemId}/${s.skuId}`));
      if (!sku) continue;
      used.add(`${product.itemId}/${sku.skuId}`);
      return { product, sku };
    }
    throw new Error(`no ${platform} product fits`);
  }

  const input = (
    platform: 'taobao' | '1688',
    lines: { p: Pick; quantity: number }[],
    extra: Partial<CreateOrdersInput> = {},
  ): CreateOrdersInput => ({
    platform,
    receiver: RECEIVER,
    requestHash: `hash-${++hashSeq}`,
    lines: lines.map(({ p, quantity }) => ({ itemRef: p.product.itemId, skuId: p.sku.skuId, quantity })),
    ...extra,
  });

  async function oneOrder(ctx: Ctx, quantity = 1): Promise<OrderSummary> {
    const made = await createOrders(ctx, source, input('taobao', [{ p: pick('taobao'), quantity }]));
    assert.ok(made.ok, JSON.stringify(made));
    return made.orders[0]!;
  }

  test('the generated records are what the source serves', () => {
    for (const p of products.slice(0, 20)) {
      const record = generateProduct(CATALOG_SEED, p.index);
      assert.deepEqual(
        p.skus.map((s) => [s.skuId, s.priceFen, s.stock]),
        record.skus.map((s) => [s.skuId, s.priceFen, s.stock]),
      );
    }
  });

  test('create one Taobao order: exact totals, lines, reservation, history and ORDER_CREATE event', async () => {
    const dev = await h.developer();
    const ctx = ctxOf(h, dev);
    const p = pick('taobao', { minStock: 3 });
    const made = await createOrders(ctx, source, input('taobao', [{ p, quantity: 3 }]));
    assert.ok(made.ok, JSON.stringify(made));
    assert.equal(made.replayed, false);
    assert.equal(made.orders.length, 1);
    const order = made.orders[0]!;
    const productFen = p.sku.priceFen * 3;
    const shipping = expectedShipping('taobao', productFen, p.product.weightGrams * 3);
    assert.deepEqual([order.productAmountFen, order.shippingFeeFen, order.totalAmountFen], [productFen, shipping, productFen + shipping]);
    assert.equal(order.state, 'waiting_payment');
    assert.equal(order.shopIndex, p.product.shopIndex);
    assert.match(order.orderId, /^\d{16}$/);
    const detail = await getOrder(ctx, order.orderId);
    assert.ok(detail.ok);
    assert.deepEqual(
      detail.order.lines.map((l) => [l.itemId, l.skuId, l.quantity, l.unitPriceFen, l.amountFen]),
      [[p.product.itemId, p.sku.skuId, 3, p.sku.priceFen, productFen]],
    );
    assert.deepEqual(detail.order.receiver, RECEIVER);
    assert.equal(await reservedQuantity(h.ctx, p.product.itemId, p.sku.skuId), 3);
    const history = await getOrderHistory(ctx, order.orderId);
    assert.ok(history.ok);
    assert.deepEqual(
      history.history.map((r) => [r.fromState, r.toState, r.action]),
      [[null, 'waiting_payment', 'create']],
    );
    const events = await h.ctx.db.selectFrom('outbox_events').selectAll().where('aggregate_id', '=', order.orderId).execute();
    assert.equal(events.length, 1);
    assert.equal(events[0]!.type, 'ORDER_CREATE');
    assert.equal(events[0]!.developer_id, dev.developerId);
    assert.equal(events[0]!.dispatched_at, null);
    assert.equal(Number(events[0]!.attempts), 0);
    assert.equal(JSON.parse(events[0]!.payload_json).totalAmountFen, order.totalAmountFen);
  });

  test('1688 batch across merchants: one order per seller in one batch, exact totals', async () => {
    const ctx = ctxOf(h, await h.developer());
    const moqFits = (p: SourceProduct) => p.skus.some((s) => s.stock >= p.minOrderQuantity * 2);
    const a1 = pick('1688', { filter: moqFits, minStock: 2 });
    const a2 = pick('1688', {
      filter: (p) => moqFits(p) && p.shopIndex === a1.product.shopIndex && p.itemId !== a1.product.itemId,
      minStock: 2,
    });
    const b = pick('1688', { filter: moqFits, notShops: [a1.product.shopIndex], minStock: 2 });
    const lines = [
      { p: a1, quantity: a1.product.minOrderQuantity },
      { p: b, quantity: b.product.minOrderQuantity },
      { p: a2, quantity: a2.product.minOrderQuantity },
    ];
    const made = await createOrders(ctx, source, input('1688', lines));
    assert.ok(made.ok, JSON.stringify(made));
    assert.equal(made.orders.length, 2);
    assert.ok(made.orders.every((o) => o.batchId === made.batchId && o.platform === '1688'));
    assert.deepEqual(
      made.orders.map((o) => o.shopIndex),
      [a1.product.shopIndex, b.product.shopIndex],
    );
    const expected = (group: typeof lines) => {
      const productFen = group.reduce((s, l) => s + unitPriceFen(l.p.product, l.p.sku.priceFen, l.quantity) * l.quantity, 0);
      const grams = group.reduce((s, l) => s + l.p.product.weightGrams * l.quantity, 0);
      return productFen + expectedShipping('1688', productFen, grams);
    };
    assert.equal(made.orders[0]!.totalAmountFen, expected([lines[0]!, lines[2]!]));
    assert.equal(made.orders[1]!.totalAmountFen, expected([lines[1]!]));
    for (const l of lines) {
      if (l.p.product.priceRanges.length <= 1) assert.equal(unitPriceFen(l.p.product, l.p.sku.priceFen, l.quantity), l.p.sku.priceFen);
    }
  });

  test('1688 unit price follows the quantity tier', () => {
    const offer = {
      platform: '1688' as const,
      priceRanges: [
        { startQuantity: 2, priceFen: 1000 },
        { startQuantity: 10, priceFen: 900 },
        { startQuantity: 50, priceFen: 800 },
      ],
    };
    assert.deepEqual(
      [2, 9, 10, 49, 50, 500].map((q) => unitPriceFen(offer, 1000, q)),
      [1000, 1000, 900, 900, 800, 800],
    );
    assert.equal(unitPriceFen(offer, 1500, 10), 1350, 'a dearer SKU gets the same proportional discount');
    assert.equal(unitPriceFen(offer, 1001, 50), 801, 'rounded half up');
    assert.equal(unitPriceFen({ platform: 'taobao', priceRanges: [] }, 1234, 100), 1234);
  });

  test('expectedTotalFen that differs answers PRICE_CHANGED with the current amount, creating nothing', async () => {
    const ctx = ctxOf(h, await h.developer());
    const p = pick('taobao');
    const before = await count(h.ctx, 'purchase_orders');
    const probe = input('taobao', [{ p, quantity: 2 }]);
    const total = p.sku.priceFen * 2 + expectedShipping('taobao', p.sku.priceFen * 2, p.product.weightGrams * 2);
    const changed = await createOrders(ctx, source, { ...probe, expectedTotalFen: total - 1 });
    assert.equal(changed.ok, false);
    assert.ok(!changed.ok && changed.error === 'PRICE_CHANGED');
    assert.deepEqual(!changed.ok && changed.params, { currentAmountFen: total });
    assert.equal(!changed.ok && (changed.data as { currentAmountFen: number }).currentAmountFen, total);
    assert.equal(await count(h.ctx, 'purchase_orders'), before);
    const ok = await createOrders(ctx, source, { ...probe, expectedTotalFen: total });
    assert.ok(ok.ok && ok.orders[0]!.totalAmountFen === total);
  });

  test('stock, reservations, MOQ and unknown goods are refused with their codes', async () => {
    const ctx = ctxOf(h, await h.developer());
    const p = pick('taobao', { minStock: 2 });
    const over = await createOrders(ctx, source, input('taobao', [{ p, quantity: p.sku.stock + 1 }]));
    assert.ok(!over.ok && over.error === 'OUT_OF_STOCK' && over.params?.available === p.sku.stock);
    const all = await createOrders(ctx, source, input('taobao', [{ p, quantity: p.sku.stock }]));
    assert.ok(all.ok);
    const none = await createOrders(ctx, source, input('taobao', [{ p, quantity: 1 }]));
    assert.ok(!none.ok && none.error === 'OUT_OF_STOCK' && none.params?.available === 0, JSON.stringify(none));
    const cancelled = await cancelOrder(ctx, { orderId: all.orders[0]!.orderId, reason: 'changed my mind' });
    assert.ok(cancelled.ok);
    assert.equal(await reservedQuantity(h.ctx, p.product.itemId, p.sku.skuId), 0, 'cancel releases the reservation');
    assert.ok((await createOrders(ctx, source, input('taobao', [{ p, quantity: 1 }]))).ok);

    // Two lines of one SKU are refused, naming the second, and reserve nothing.
    const q = pick('taobao', { minStock: 2 });
    const twice = await createOrders(
      ctx,
      source,
      input('taobao', [
        { p: q, quantity: 1 },
        { p: q, quantity: 1 },
      ]),
    );
    assert.ok(!twice.ok && twice.error === 'BAD_PARAMETER' && twice.params?.field === 'lines[1]', JSON.stringify(twice));
    assert.equal(await reservedQuantity(h.ctx, q.product.itemId, q.sku.skuId), 0, 'a refused batch reserves nothing');

    const moq = pick('1688', { filter: (x) => x.minOrderQuantity > 1 });
    const below = await createOrders(ctx, source, input('1688', [{ p: moq, quantity: moq.product.minOrderQuantity - 1 }]));
    assert.ok(!below.ok && below.error === 'BELOW_MIN_ORDER_QUANTITY' && below.params?.minimum === moq.product.minOrderQuantity);
    const badSku = await createOrders(ctx, source, {
      ...input('taobao', [{ p: pick('taobao'), quantity: 1 }]),
      lines: [{ itemRef: p.product.itemId, skuId: 'nope', quantity: 1 }],
    });
    assert.ok(!badSku.ok && badSku.error === 'PRODUCT_UNAVAILABLE');
    const wrongPlatform = await createOrders(ctx, source, input('1688', [{ p: pick('taobao'), quantity: 1 }]));
    assert.ok(!wrongPlatform.ok && wrongPlatform.error === 'PRODUCT_UNAVAILABLE');
    const zero = await createOrders(ctx, source, input('taobao', [{ p: pick('taobao'), quantity: 0 }]));
    assert.ok(!zero.ok && zero.error === 'BAD_PARAMETER');
    const noReceiver = await createOrders(ctx, source, {
      ...input('taobao', [{ p: pick('taobao'), quantity: 1 }]),
      receiver: { ...RECEIVER, phone: '' },
    });
    assert.ok(!noReceiver.ok && noReceiver.error === 'BAD_PARAMETER');
  });

  test('idempotent create: same key replays, other body refused, 20 racing creates make one order', async () => {
    const ctx = ctxOf(h, await h.developer());
    const p = pick('taobao', { minStock: 30 });
    const body = input('taobao', [{ p, quantity: 1 }], { idempotencyKey: 'key-1' });
    const first = await createOrders(ctx, source, body);
    assert.ok(first.ok && !first.replayed);
    const again = await createOrders(ctx, source, body);
    assert.ok(again.ok && again.replayed);
    assert.deepEqual(
      again.orders.map((o) => o.orderId),
      first.orders.map((o) => o.orderId),
    );
    const other = await createOrders(ctx, source, { ...body, requestHash: 'another-body' });
    assert.ok(!other.ok && other.error === 'IDEMPOTENCY_KEY_REUSED' && other.params?.key === 'key-1');

    const byClientId = input('taobao', [{ p, quantity: 1 }], { clientOrderId: 'outer-7' });
    const c1 = await createOrders(ctx, source, byClientId);
    const c2 = await createOrders(ctx, source, byClientId);
    assert.ok(c1.ok && c2.ok && c2.replayed && c1.orders[0]!.orderId === c2.orders[0]!.orderId);

    const racer = input('taobao', [{ p, quantity: 1 }], { idempotencyKey: 'race-key' });
    const results = await Promise.all(Array.from({ length: 20 }, () => createOrders(ctx, source, racer)));
    assert.ok(
      results.every((r) => r.ok),
      JSON.stringify(results.find((r) => !r.ok)),
    );
    const ids = new Set(results.flatMap((r) => (r.ok ? r.orders.map((o) => o.orderId) : [])));
    assert.equal(ids.size, 1);
    assert.equal(results.filter((r) => r.ok && !r.replayed).length, 1);
    const made = await h.ctx.db
      .selectFrom('purchase_orders')
      .select('order_id')
      .where('developer_id', '=', ctx.developerId)
      .where('idempotency_key', '=', 'race-key')
      .execute();
    assert.equal(made.length, 1);
    assert.equal(await reservedQuantity(h.ctx, p.product.itemId, p.sku.skuId), 3, 'one unit each for key-1, outer-7, race-key');

    // Keys belong to the caller: another developer may use the same key.
    const otherDev = ctxOf(h, await h.developer());
    const theirs = await createOrders(otherDev, source, body);
    assert.ok(theirs.ok && !theirs.replayed && theirs.orders[0]!.orderId !== first.orders[0]!.orderId);
  });

  test('pay: the wallet is debited exactly the total, the ledger sums to the balance', async () => {
    const dev = await h.developer();
    const ctx = ctxOf(h, dev);
    await topUp(h.ctx, { developerId: dev.developerId, amountFen: 1_000_000 });
    const order = await oneOrder(ctx, 2);
    const paid = await payOrders(ctx, { orderIds: [order.orderId] });
    assert.ok(paid.ok);
    assert.deepEqual(paid.results[0], {
      orderId: order.orderId,
      ok: true,
      alreadyPaid: false,
      paidAmountFen: order.totalAmountFen,
      balanceFen: 1_000_000 - order.totalAmountFen,
    });
    assert.equal(await getBalance(h.ctx, dev.developerId), 1_000_000 - order.totalAmountFen);
    const check = await ledgerCheck(h.ctx, dev.developerId);
    assert.equal(check.entriesSumFen, check.balanceFen);
    const detail = await getOrder(ctx, order.orderId);
    assert.ok(
      detail.ok &&
        detail.order.state === 'paid' &&
        detail.order.paidAmountFen === order.totalAmountFen &&
        detail.order.paidAt === h.clock.nowMs(),
    );
    const again = await payOrders(ctx, { orderIds: [order.orderId] });
    assert.ok(again.ok && again.results[0]!.ok && again.results[0]!.alreadyPaid === true);
    assert.equal(await getBalance(h.ctx, dev.developerId), 1_000_000 - order.totalAmountFen, 'paying twice charges once');
    assert.deepEqual(await eventTypes(h, order.orderId), ['ORDER_CREATE', 'ORDER_PAY_SUCCESS']);
  });

  test('50 concurrent pays of one order charge once', async () => {
    const dev = await h.developer();
    const ctx = ctxOf(h, dev);
    await topUp(h.ctx, { developerId: dev.developerId, amountFen: 1_000_000 });
    const order = await oneOrder(ctx);
    const results = await Promise.all(Array.from({ length: 50 }, () => payOrders(ctx, { orderIds: [order.orderId] })));
    const flat = results.flatMap((r) => (r.ok ? r.results : []));
    assert.equal(flat.length, 50);
    assert.ok(
      flat.every((r) => r.ok),
      JSON.stringify(flat.find((r) => !r.ok)),
    );
    assert.equal(flat.filter((r) => r.alreadyPaid === false).length, 1);
    const charges = await h.ctx.db
      .selectFrom('ledger_transactions')
      .select('id')
      .where('developer_id', '=', dev.developerId)
      .where('kind', '=', 'order_charge')
      .execute();
    assert.equal(charges.length, 1);
    assert.equal(await getBalance(h.ctx, dev.developerId), 1_000_000 - order.totalAmountFen);
    assert.equal(await count(h.ctx, 'purchase_order_history', ['order_id', order.orderId]), 2);
    assert.equal(await count(h.ctx, 'outbox_events', ['aggregate_id', order.orderId]), 2);
  });

  test('parallel pays of different orders draining one wallet never go negative', async () => {
    const dev = await h.developer();
    const ctx = ctxOf(h, dev);
    const orders: OrderSummary[] = [];
    for (let i = 0; i < 12; i++) orders.push(await oneOrder(ctx));
    const all = orders.reduce((s, o) => s + o.totalAmountFen, 0);
    const budget = Math.floor(all / 2);
    await topUp(h.ctx, { developerId: dev.developerId, amountFen: budget });
    const results = (await Promise.all(orders.map((o) => payOrders(ctx, { orderIds: [o.orderId] })))).flatMap((r) =>
      r.ok ? r.results : [],
    );
    const paid = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    assert.ok(paid.length > 0 && refused.length > 0);
    const spent = paid.reduce((s, r) => s + r.paidAmountFen!, 0);
    const balance = await getBalance(h.ctx, dev.developerId);
    assert.ok(balance >= 0);
    assert.equal(balance, budget - spent);
    const check = await ledgerCheck(h.ctx, dev.developerId);
    assert.equal(check.entriesSumFen, balance);
    for (const r of refused) {
      assert.equal(r.error, 'INSUFFICIENT_BALANCE');
      assert.ok(r.shortfallFen! > 0);
      const o = await getOrder(ctx, r.orderId);
      assert.ok(o.ok && o.order.state === 'waiting_payment' && o.order.paidAmountFen === 0);
    }
  });

  test('insufficient balance answers the shortfall and leaves the order unpaid, with no trace', async () => {
    const dev = await h.developer();
    const ctx = ctxOf(h, dev);
    const order = await oneOrder(ctx);
    await topUp(h.ctx, { developerId: dev.developerId, amountFen: order.totalAmountFen - 7 });
    const refused = await payOrders(ctx, { orderIds: [order.orderId] });
    assert.ok(refused.ok);
    assert.deepEqual(refused.results[0], {
      orderId: order.orderId,
      ok: false,
      error: 'INSUFFICIENT_BALANCE',
      params: { shortfallFen: 7 },
      shortfallFen: 7,
    });
    const o = await getOrder(ctx, order.orderId);
    assert.ok(o.ok && o.order.state === 'waiting_payment' && o.order.version === 1);
    assert.equal(await count(h.ctx, 'purchase_order_history', ['order_id', order.orderId]), 1);
    assert.equal(await count(h.ctx, 'outbox_events', ['aggregate_id', order.orderId]), 1);
    assert.equal((await h.ctx.db.selectFrom('ledger_transactions').select('id').where('ref', '=', order.orderId).execute()).length, 0);
    await topUp(h.ctx, { developerId: dev.developerId, amountFen: 7 });
    const now = await payOrders(ctx, { orderIds: [order.orderId] });
    assert.ok(now.ok && now.results[0]!.ok && now.results[0]!.balanceFen === 0);
  });

  test('batch pay: each order all-or-nothing, results per order', async () => {
    const dev = await h.developer();
    const ctx = ctxOf(h, dev);
    const a = await oneOrder(ctx);
    const b = await oneOrder(ctx);
    await topUp(h.ctx, { developerId: dev.developerId, amountFen: a.totalAmountFen });
    const paid = await payOrders(ctx, { orderIds: [a.orderId, b.orderId, asOrderId('1234567890123456789')] });
    assert.ok(paid.ok);
    assert.deepEqual(
      paid.results.map((r) => [r.orderId, r.ok, r.error]),
      [
        [a.orderId, true, undefined],
        [b.orderId, false, 'INSUFFICIENT_BALANCE'],
        ['1234567890123456789', false, 'NOT_FOUND'],
      ],
    );
    assert.equal(paid.results[1]!.shortfallFen, b.totalAmountFen);
  });

  test('cancel before payment; then pay is ORDER_STATE_INVALID; cancel after payment is refused', async () => {
    const dev = await h.developer();
    const ctx = ctxOf(h, dev);
    await topUp(h.ctx, { developerId: dev.developerId, amountFen: 1_000_000 });
    const order = await oneOrder(ctx);
    const cancelled = await cancelOrder(ctx, { orderId: order.orderId, reason: 'buyer_cancel' });
    assert.deepEqual(cancelled, { ok: true, orderId: order.orderId, state: 'cancelled' });
    const pay = await payOrders(ctx, { orderIds: [order.orderId] });
    assert.ok(pay.ok && pay.results[0]!.error === 'ORDER_STATE_INVALID' && pay.results[0]!.params?.state === 'cancelled');
    assert.equal(await getBalance(h.ctx, dev.developerId), 1_000_000);
    const twice = await cancelOrder(ctx, { orderId: order.orderId, reason: 'again' });
    assert.ok(!twice.ok && twice.error === 'ORDER_STATE_INVALID');

    const paidOrder = await oneOrder(ctx);
    assert.ok((await payOrders(ctx, { orderIds: [paidOrder.orderId] })).ok);
    const late = await cancelOrder(ctx, { orderId: paidOrder.orderId, reason: 'too late' });
    assert.deepEqual(late, { ok: false, error: 'ORDER_STATE_INVALID', params: { state: 'paid', action: 'cancel' } });
    const detail = await getOrder(ctx, order.orderId);
    assert.ok(detail.ok && detail.order.closeReason === 'buyer_cancel');
    assert.deepEqual(await eventTypes(h, order.orderId), ['ORDER_CREATE', 'ORDER_CANCEL']);
  });

  test('tenancy: other developers and sibling sub-accounts get NOT_FOUND; the main user sees its sub-accounts', async () => {
    const a = await h.developer();
    const b = await h.developer();
    const subA1 = await h.subAccount(a, 'buyer');
    const subA2 = await h.subAccount(a, 'buyer');
    await topUp(h.ctx, { developerId: a.developerId, amountFen: 1_000_000 });
    await topUp(h.ctx, { developerId: b.developerId, amountFen: 1_000_000 });
    const mainA = ctxOf(h, a);
    const sub1 = ctxOf(h, subA1, true);
    const sub2 = ctxOf(h, subA2, true);
    const devB = ctxOf(h, b);
    const ofA = await oneOrder(mainA);
    const ofSub1 = await oneOrder(sub1);
    for (const [who, id] of [
      [devB, ofA.orderId],
      [devB, ofSub1.orderId],
      [sub2, ofSub1.orderId],
      [sub2, ofA.orderId],
      [sub1, ofA.orderId],
    ] as const) {
      const got = await getOrder(who, id);
      assert.ok(!got.ok && got.error === 'NOT_FOUND');
      const paid = await payOrders(who, { orderIds: [id] });
      assert.ok(paid.ok && paid.results[0]!.error === 'NOT_FOUND');
      const cancelled = await cancelOrder(who, { orderId: id, reason: 'x' });
      assert.ok(!cancelled.ok && cancelled.error === 'NOT_FOUND');
      const hist = await getOrderHistory(who, id);
      assert.ok(!hist.ok && hist.error === 'NOT_FOUND');
    }
    assert.equal(await getBalance(h.ctx, b.developerId), 1_000_000, 'B paid nothing');
    assert.ok((await getOrder(mainA, ofSub1.orderId)).ok, 'main user sees the sub-account order');
    assert.ok((await getOrder(sub1, ofSub1.orderId)).ok);
    const pageMain = await pageOrders(mainA, { platform: 'taobao', page: 1, pageSize: 10 });
    assert.ok(pageMain.ok && pageMain.total === 2 && pageMain.rows[0]!.orderId === ofSub1.orderId, 'newest first');
    const pageSub = await pageOrders(sub1, { platform: 'taobao', page: 1, pageSize: 10 });
    assert.ok(pageSub.ok && pageSub.total === 1);
    const pageB = await pageOrders(devB, { platform: 'taobao', page: 1, pageSize: 10 });
    assert.ok(pageB.ok && pageB.total === 0);
    const paidBySub = await payOrders(sub1, { orderIds: [ofSub1.orderId] });
    assert.ok(paidBySub.ok && paidBySub.results[0]!.ok);
    const unpaid = await pageOrders(mainA, { platform: 'taobao', states: ['waiting_payment'] });
    assert.ok(unpaid.ok && unpaid.total === 1 && unpaid.rows[0]!.orderId === ofA.orderId);
    assert.ok(!(await pageOrders(mainA, { platform: 'taobao', pageSize: 51 })).ok);
  });

  test('seller side: price modification, ship, arrive, complete; closing a paid order refunds it', async () => {
    const dev = await h.developer();
    const ctx = ctxOf(h, dev);
    await topUp(h.ctx, { developerId: dev.developerId, amountFen: 1_000_000 });
    const order = await oneOrder(ctx);
    const newTotal = order.totalAmountFen + 150;
    assert.ok((await sellerModifyPrice(h.ctx, order.orderId, newTotal)).ok);
    const event = await h.ctx.db
      .selectFrom('outbox_events')
      .select('payload_json')
      .where('aggregate_id', '=', order.orderId)
      .where('type', '=', 'ORDER_PRICE_MODIFY')
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [JSON.parse(event.payload_json).oldTotalFen, JSON.parse(event.payload_json).newTotalFen],
      [order.totalAmountFen, newTotal],
    );
    const stale = await createOrders(ctx, source, input('taobao', [{ p: pick('taobao'), quantity: 1 }], { expectedTotalFen: 1 }));
    assert.ok(!stale.ok && stale.error === 'PRICE_CHANGED');
    const paid = await payOrders(ctx, { orderIds: [order.orderId] });
    assert.ok(paid.ok && paid.results[0]!.paidAmountFen === newTotal, 'pays the modified total');
    assert.ok(!(await sellerModifyPrice(h.ctx, order.orderId, 100)).ok, 'no price change after payment');
    assert.ok((await markShipped(h.ctx, order.orderId, { carrier: '顺丰', trackingNumber: 'SF1234567890' })).ok);
    assert.ok((await markArrived(h.ctx, order.orderId)).ok);
    assert.ok((await completeOrder(h.ctx, order.orderId)).ok);
    const done = await getOrder(ctx, order.orderId);
    assert.ok(
      done.ok && done.order.state === 'completed' && done.order.trackingNumber === 'SF1234567890' && done.order.adjustAmountFen === 150,
    );
    const closeDone = await closeOrder(h.ctx, order.orderId, 'late');
    assert.ok(!closeDone.ok && closeDone.error === 'ORDER_STATE_INVALID');
    const hist = await getOrderHistory(ctx, order.orderId);
    assert.ok(hist.ok);
    assert.deepEqual(
      hist.history.map((r) => r.action),
      ['create', 'modify_price', 'pay', 'ship', 'arrive', 'complete'],
    );
    assert.equal(await count(h.ctx, 'outbox_events', ['aggregate_id', order.orderId]), hist.history.length);

    const toClose = await oneOrder(ctx);
    const balanceBefore = await getBalance(h.ctx, dev.developerId);
    assert.ok((await payOrders(ctx, { orderIds: [toClose.orderId] })).ok);
    const closed = await closeOrder(h.ctx, toClose.orderId, 'seller out of stock');
    assert.deepEqual(closed, { ok: true, orderId: toClose.orderId, state: 'closed' });
    assert.equal(await getBalance(h.ctx, dev.developerId), balanceBefore, 'refunded in full');
    const check = await ledgerCheck(h.ctx, dev.developerId);
    assert.equal(check.entriesSumFen, check.balanceFen);
    const unpaidClose = await oneOrder(ctx);
    assert.ok((await closeOrder(h.ctx, unpaidClose.orderId, 'timeout')).ok);
    assert.ok(!(await markShipped(h.ctx, unpaidClose.orderId, { carrier: '圆通', trackingNumber: 'YT1' })).ok);
    assert.ok(!(await markShipped(h.ctx, asOrderId('999'), { carrier: '圆通', trackingNumber: 'YT1' })).ok);
  });

  test('racing creates for the last units never oversell', async () => {
    const ctx = ctxOf(h, await h.developer());
    const p = pick('taobao', { minStock: 3, filter: (x) => x.skus.some((s) => s.stock >= 3 && s.stock <= 40) });
    const stock = p.sku.stock;
    const results = await Promise.all(
      Array.from({ length: stock + 10 }, () => createOrders(ctx, source, input('taobao', [{ p, quantity: 1 }]))),
    );
    assert.equal(results.filter((r) => r.ok).length, stock);
    assert.ok(results.filter((r) => !r.ok).every((r) => !r.ok && r.error === 'OUT_OF_STOCK'));
    assert.equal(await reservedQuantity(h.ctx, p.product.itemId, p.sku.skuId), stock);
  });

  test('cancel racing pay: exactly one wins, and money moves only if pay won', async () => {
    const dev = await h.developer();
    const ctx = ctxOf(h, dev);
    await topUp(h.ctx, { developerId: dev.developerId, amountFen: 1_000_000 });
    for (let round = 0; round < 5; round++) {
      const order = await oneOrder(ctx);
      const before = await getBalance(h.ctx, dev.developerId);
      const [paid, cancelled] = await Promise.all([
        payOrders(ctx, { orderIds: [order.orderId] }),
        cancelOrder(ctx, { orderId: order.orderId, reason: 'race' }),
      ]);
      const payWon = paid.ok && paid.results[0]!.ok;
      assert.notEqual(payWon, cancelled.ok, 'exactly one of pay and cancel succeeds');
      const after = await getBalance(h.ctx, dev.developerId);
      assert.equal(after, payWon ? before - order.totalAmountFen : before);
      const detail = await getOrder(ctx, order.orderId);
      assert.ok(detail.ok && detail.order.state === (payWon ? 'paid' : 'cancelled'));
    }
  });

  test('price modification racing pay: the charge always equals the paid amount recorded', async () => {
    const dev = await h.developer();
    const ctx = ctxOf(h, dev);
    await topUp(h.ctx, { developerId: dev.developerId, amountFen: 1_000_000 });
    for (let round = 0; round < 5; round++) {
      const order = await oneOrder(ctx);
      const [, modified] = await Promise.all([
        payOrders(ctx, { orderIds: [order.orderId] }),
        sellerModifyPrice(h.ctx, order.orderId, order.totalAmountFen + 99),
      ]);
      const detail = await getOrder(ctx, order.orderId);
      assert.ok(detail.ok && detail.order.state === 'paid');
      const charge = await h.ctx.db
        .selectFrom('ledger_transactions')
        .select('amount_fen')
        .where('ref', '=', order.orderId)
        .where('kind', '=', 'order_charge')
        .executeTakeFirstOrThrow();
      assert.equal(-Number(charge.amount_fen), detail.order.paidAmountFen);
      assert.equal(detail.order.paidAmountFen, modified.ok ? order.totalAmountFen + 99 : order.totalAmountFen);
    }
  });

  test('inside a caller transaction each pay is its own savepoint: a refusal undoes only itself', async () => {
    const dev = await h.developer();
    const ctx = ctxOf(h, dev);
    const a = await oneOrder(ctx);
    const b = await oneOrder(ctx);
    await topUp(h.ctx, { developerId: dev.developerId, amountFen: a.totalAmountFen });
    const results = await inTransaction(ctx, (tx) => payOrders(tx, { orderIds: [a.orderId, b.orderId] }));
    assert.ok(results.ok);
    assert.deepEqual(
      results.results.map((r) => r.ok),
      [true, false],
    );
    const [da, db] = [await getOrder(ctx, a.orderId), await getOrder(ctx, b.orderId)];
    assert.ok(da.ok && da.order.state === 'paid' && db.ok && db.order.state === 'waiting_payment');
    assert.equal(await getBalance(h.ctx, dev.developerId), 0);
    assert.equal(await count(h.ctx, 'purchase_order_history', ['order_id', b.orderId]), 1);
  });

  test('every state change has exactly one history row and one outbox row', async () => {
    const histories = await h.ctx.db
      .selectFrom('purchase_order_history')
      .select(['order_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('order_id')
      .execute();
    const events = await h.ctx.db
      .selectFrom('outbox_events')
      .select(['aggregate_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('aggregate_type', '=', 'purchase_order')
      .groupBy('aggregate_id')
      .execute();
    const byOrder = new Map(events.map((e) => [e.aggregate_id, Number(e.n)]));
    assert.ok(histories.length > 20);
    for (const row of histories) assert.equal(byOrder.get(row.order_id), Number(row.n), `order ${row.order_id}`);
    assert.equal(events.length, histories.length);
    assert.equal(await count(h.ctx, 'purchase_orders'), histories.length, 'every order has history');
  });

  test('wire status tables cover every state', () => {
    assert.deepEqual(Object.keys(TAOBAO_STATUS).sort(), [...ORDER_STATES].sort());
    assert.deepEqual(Object.keys(ALIBABA_STATUS).sort(), [...ORDER_STATES].sort());
    assert.deepEqual(
      [TAOBAO_STATUS.waiting_payment.code, TAOBAO_STATUS.paid.code, TAOBAO_STATUS.shipped.code, TAOBAO_STATUS.cancelled.code],
      [0, 10, 11, 4],
    );
    assert.deepEqual(
      [ALIBABA_STATUS.waiting_payment, ALIBABA_STATUS.paid, ALIBABA_STATUS.shipped, ALIBABA_STATUS.completed, ALIBABA_STATUS.closed],
      ['waitbuyerpay', 'waitsellersend', 'waitbuyerreceive', 'success', 'terminated'],
    );
  });
});
