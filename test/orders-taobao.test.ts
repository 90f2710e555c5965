import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { markShipped, priceOrder } from '../src/modules/orders/index.ts';
import { asOrderId } from '../src/platform/ids.ts';
import { fulfilmentTick } from '../src/modules/fulfilment/index.ts';
import { getBalance, ledgerCheck } from '../src/modules/wallet/index.ts';
import type { Source, SourceProduct } from '../src/sources/source.ts';
import type { Harness } from './helpers/harness.ts';
import { orderTestbed, fundedDeveloper } from './helpers/catalog.ts';
import { TAOBAO_RECEIVER as RECEIVER } from './helpers/fixtures-buyers.ts';

const HOUR = 3_600_000;

let h: Harness;
let source: Source;
let products: SourceProduct[];
const used = new Set<string>();

before(async () => {
  ({ h, source, products } = await orderTestbed());
});
after(() => h.close());

type Pick = { product: SourceProduct; sku: SourceProduct['skus'][number] };

function pick(opts: { minStock?: number; notShops?: number[]; maxPriceFen?: number } = {}): Pick {
  for (const product of products) {
    if (product.platform !== 'taobao' || (opts.notShops ?? []).includes(product.shopIndex)) continue;
    const sku = product.skus.find(
      (s) => s.stock >= (opts.minStock ?? 5) && !used.has(`${product.itemId}/${s.skuId}`) && s.priceFen <= (opts.maxPriceFen ?? Infinity),
    );
    if (!sku) continue;
    used.add(`${product.itemId}/${sku.skuId}`);
    return { product, sku };
  }
  throw new Error('no taobao product fits');
}

const lineList = (picks: { p: Pick; quantity: number }[]) =>
  picks.map(({ p, quantity }, i) => ({
    itemId: p.product.itemId,
    skuId: p.sku.skuId,
    quantity: String(quantity),
    orderLineNo: String(i + 1),
    price: String(p.sku.priceFen),
    currency: 'CNY',
  }));

async function amountOf(picks: { p: Pick; quantity: number }[]): Promise<number> {
  const priced = await priceOrder(
    source,
    'taobao',
    picks.map(({ p, quantity }) => ({ itemRef: p.product.itemId, skuId: p.sku.skuId, quantity })),
  );
  assert.ok(priced.ok);
  return priced.groups.reduce((s, g) => s + g.totalAmountFen, 0);
}

async function createBody(picks: { p: Pick; quantity: number }[], extra: Record<string, unknown> = {}) {
  return {
    orderLineList: JSON.stringify(lineList(picks)),
    receiver: JSON.stringify(RECEIVER),
    purchaseAmount: await amountOf(picks),
    orderSource: 'test',
    ...extra,
  };
}

const funded = (amountFen = 10_000_000): Promise<CreatedDeveloper> => fundedDeveloper(h, amountFen);

async function order(who: CreatedDeveloper, quantity = 1): Promise<{ id: string; amount: number }> {
  const picks = [{ p: pick(), quantity }];
  const body = await createBody(picks);
  const answer = await h.call(who, 'POST', '/v2/taobao/order/create', body);
  assert.equal(answer.code, 200, answer.msg);
  return { id: answer.data.purchaseOrderId, amount: body.purchaseAmount };
}

const detail = (who: CreatedDeveloper, id: string) => h.call(who, 'GET', `/v2/taobao/order/detail?purchaseOrderId=${id}`);

describe('Taobao orders: happy paths', () => {
  test('create (TO1 JSON strings) → detail awaiting payment → pay → detail awaiting shipment; wallet charged once, ledger sound', async () => {
    const dev = await funded(1_000_000);
    const p = pick();
    const body = await createBody([{ p, quantity: 2 }]);
    const created = await h.call(dev, 'POST', '/v2/taobao/order/create', body);
    assert.equal(created.code, 200, created.msg);
    assert.match(created.data.purchaseOrderId, /^\d+$/);
    assert.deepEqual(created.data.purchaseOrderIds, [created.data.purchaseOrderId]);
    assert.equal(created.data.purchaseAmount, body.purchaseAmount);
    const id = created.data.purchaseOrderId;

    const before = await detail(dev, id);
    assert.equal(before.code, 200, before.msg);
    assert.equal(before.data.status, 0);
    assert.equal(before.data.statusName, 'TAOBAO_ORDER_WAIT_BUYER_PAY');
    assert.equal(before.data.purchaseAmount, body.purchaseAmount);
    assert.equal(before.data.productAmount + before.data.postFee, body.purchaseAmount);
    assert.equal(before.data.orderLineList.length, 1);
    assert.equal(before.data.orderLineList[0].itemId, p.product.itemId);
    assert.equal(before.data.orderLineList[0].skuId, p.sku.skuId);
    assert.equal(before.data.orderLineList[0].quantity, 2);
    assert.equal(before.data.orderLineList[0].price * 2, before.data.orderLineList[0].amount);
    assert.equal(before.data.receiver.name, '张三');
    assert.equal(before.data.receiver.mobile_phone, '13800000000');
    assert.equal(before.data.receiver.state, '浙江省');
    assert.equal(before.data.logisticsNo, null);
    assert.match(before.data.createTime, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    const paid = await h.call(dev, 'POST', '/v2/taobao/order/pay', { purchaseOrderId: id });
    assert.equal(paid.code, 200, paid.msg);
    assert.equal(paid.data.alreadyPaid, false);
    assert.equal(paid.data.payAmount, body.purchaseAmount);
    assert.equal(paid.data.balance, 1_000_000 - body.purchaseAmount);

    const after = await detail(dev, id);
    assert.equal(after.data.status, 10);
    assert.equal(after.data.statusName, 'WAIT_SELLER_SEND_GOODS');
    assert.equal(after.data.paidAmount, body.purchaseAmount);
    assert.ok(after.data.payTime);
    const check = await ledgerCheck(h.ctx, dev.developerId);
    assert.equal(check.balanceFen, 1_000_000 - body.purchaseAmount);
    assert.equal(check.entriesSumFen, check.balanceFen);
    assert.equal(check.unbalancedTransactions, 0);
  });

  test('the v1 path /open/order creates too', async () => {
    const dev = await funded();
    const answer = await h.call(dev, 'POST', '/open/order', await createBody([{ p: pick(), quantity: 1 }]));
    assert.equal(answer.code, 200, answer.msg);
    assert.equal((await detail(dev, answer.data.purchaseOrderId)).data.status, 0);
  });

  test('goods of two sellers make two orders; purchaseAmount is their sum', async () => {
    const dev = await funded();
    const a = pick();
    const b = pick({ notShops: [a.product.shopIndex] });
    const body = await createBody([
      { p: a, quantity: 1 },
      { p: b, quantity: 1 },
    ]);
    const answer = await h.call(dev, 'POST', '/v2/taobao/order/create', body);
    assert.equal(answer.code, 200, answer.msg);
    assert.equal(answer.data.purchaseOrderIds.length, 2);
    assert.equal(answer.data.purchaseOrderId, answer.data.purchaseOrderIds[0]);
    assert.equal(answer.data.orders[0].purchaseAmount + answer.data.orders[1].purchaseAmount, body.purchaseAmount);
  });

  test('paging: newest first, status filter by code, pageSize', async () => {
    const dev = await funded();
    const first = await order(dev);
    const second = await order(dev);
    assert.equal((await h.call(dev, 'POST', '/v2/taobao/order/pay', { purchaseOrderId: second.id })).code, 200);
    const all = await h.call(dev, 'POST', '/v2/taobao/order/page', {});
    assert.equal(all.code, 200, all.msg);
    assert.equal(all.data.total, 2);
    assert.deepEqual(
      all.data.list.map((o: any) => o.purchaseOrderId),
      [second.id, first.id],
    );
    const unpaid = await h.call(dev, 'POST', '/v2/taobao/order/page', { status: 0 });
    assert.deepEqual(
      unpaid.data.list.map((o: any) => o.purchaseOrderId),
      [first.id],
    );
    const paid = await h.call(dev, 'POST', '/v2/taobao/order/page', { status: 10, pageNo: 1, pageSize: 1 });
    assert.deepEqual(
      paid.data.list.map((o: any) => o.purchaseOrderId),
      [second.id],
    );
    const unknown = await h.call(dev, 'POST', '/v2/taobao/order/page', { status: 77 }, { headers: { 'accept-language': 'en' } });
    assert.equal(unknown.msg, 'bad parameter: status must be one of 0|4|9|10|11|12', 'an unknown status is refused, not answered empty');
    assert.equal((await h.call(dev, 'POST', '/v2/taobao/order/page', { pageSize: 500 })).code, 400);
  });

  test('IM link points at the sandbox chat page of the seller', async () => {
    const dev = await funded();
    const made = await order(dev);
    const answer = await h.call(dev, 'GET', `/v2/taobao/order/im/link?purchaseOrderId=${made.id}`);
    assert.equal(answer.code, 200, answer.msg);
    assert.ok(answer.data.sellerNick);
    assert.ok(answer.data.imUrl.endsWith(`/sandbox/chat/${encodeURIComponent(answer.data.sellerNick)}`), answer.data.imUrl);
    const page = await h.app.inject({ method: 'GET', url: new URL(answer.data.imUrl).pathname });
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.ok(page.body.includes(answer.data.sellerNick), 'the page names the seller');
  });

  test('logistics: empty before shipping; after the sandbox seller ships, courier, number and traces up to SIGN', async () => {
    const dev = await funded();
    const made = await order(dev);
    const none = await h.call(dev, 'GET', `/v2/taobao/order/logistics?purchaseOrderId=${made.id}`);
    assert.equal(none.code, 200, none.msg);
    assert.equal(none.data.logisticsNo, null);
    assert.deepEqual(none.data.traces, []);
    assert.equal((await h.call(dev, 'POST', '/v2/taobao/order/pay', { purchaseOrderId: made.id })).code, 200);
    await fulfilmentTick(h.ctx, source);
    let closed = false;
    for (let i = 0; i < 40; i++) {
      h.clock.advance(HOUR);
      await fulfilmentTick({ ...h.ctx }, source);
    }
    const d = await detail(dev, made.id);
    if (d.data.status === 4) closed = true; // the ~5 % stock-out plan: the only line refunded, so the order closed
    const traced = await h.call(dev, 'GET', `/v2/taobao/order/logistics?purchaseOrderId=${made.id}`);
    if (closed) {
      assert.equal(d.data.closeReason, 'refunded');
      return;
    }
    assert.equal(d.data.status, 11);
    assert.ok(d.data.arriveWarehouseTime);
    assert.ok(['顺丰速运', '圆通速递', '中通快递', '韵达快递', '申通快递', '极兔速递'].includes(traced.data.logisticsCompanyName));
    assert.equal(traced.data.logisticsNo, d.data.logisticsNo);
    assert.deepEqual(
      traced.data.traces.map((t: any) => t.status),
      ['ACCEPT', 'TRANSPORT', 'ARRIVE_CITY', 'DELIVERING', 'SIGN'],
    );
    assert.equal(traced.data.logisticsStatus, 'SIGN');
  });

  test('create from cart (TC2): the lines become an order and leave the cart; a retry with the Idempotency-Key replays', async () => {
    const dev = await funded();
    const p = pick();
    const added = await h.call(dev, 'POST', '/v2/taobao/cart/add', { itemMapId: p.product.mapId, skuId: p.sku.skuId, quantity: 1 });
    assert.equal(added.code, 200, added.msg);
    const body = { ids: [added.data.id], orderAddress: RECEIVER, userId: dev.userId };
    const made = await h.call(dev, 'POST', '/open/cart/create/order', body, { headers: { 'Idempotency-Key': 'cart-1' } });
    assert.equal(made.code, 200, made.msg);
    assert.equal(made.data.replayed, false);
    const o = await detail(dev, made.data.purchaseOrderId);
    assert.equal(o.data.orderLineList[0].skuId, p.sku.skuId);
    const cart = await h.call(dev, 'GET', '/v2/taobao/cart/list');
    assert.equal(cart.data.enableList.length + cart.data.disableList.length, 0);
    const again = await h.call(dev, 'POST', '/v2/taobao/cart/create/order', body, { headers: { 'Idempotency-Key': 'cart-1' } });
    assert.equal(again.code, 200, again.msg);
    assert.equal(again.data.purchaseOrderId, made.data.purchaseOrderId);
    assert.equal(again.data.replayed, true);
    const gone = await h.call(dev, 'POST', '/v2/taobao/cart/create/order', body);
    assert.equal(gone.code, 404);
  });
});

describe('Taobao orders: errors', () => {
  test('purchaseAmount ≠ computed → 2002 with the current amount; nothing created', async () => {
    const dev = await funded();
    const body = await createBody([{ p: pick(), quantity: 1 }]);
    const answer = await h.call(dev, 'POST', '/v2/taobao/order/create', { ...body, purchaseAmount: body.purchaseAmount + 1 });
    assert.equal(answer.code, 2002);
    assert.equal(answer.data.purchaseAmount, body.purchaseAmount);
    assert.equal(answer.data.currentAmountFen, body.purchaseAmount);
    assert.equal((await h.call(dev, 'POST', '/v2/taobao/order/page', {})).data.total, 0);
  });

  test('more than the stock → 2003; unknown item → 2007; bad JSON string → 400', async () => {
    const dev = await funded();
    const p = pick();
    const body = await createBody([{ p, quantity: 1 }]);
    const tooMany = await h.call(dev, 'POST', '/v2/taobao/order/create', {
      ...body,
      orderLineList: JSON.stringify(lineList([{ p, quantity: p.sku.stock + 1 }])),
    });
    assert.equal(tooMany.code, 2003, tooMany.msg);
    const unknown = await h.call(dev, 'POST', '/v2/taobao/order/create', {
      ...body,
      orderLineList: JSON.stringify([{ itemId: '999999999999', skuId: '1', quantity: '1' }]),
    });
    assert.equal(unknown.code, 2007, unknown.msg);
    const badJson = await h.call(dev, 'POST', '/v2/taobao/order/create', { ...body, receiver: '{name:' });
    assert.equal(badJson.code, 400);
    const noReceiverField = await h.call(dev, 'POST', '/v2/taobao/order/create', {
      ...body,
      receiver: JSON.stringify({ ...RECEIVER, city: '' }),
    });
    assert.equal(noReceiverField.code, 400);
  });

  test('idempotent create: outer_purchase_id and Idempotency-Key replay the first order; another body with the key → 2005', async () => {
    const dev = await funded();
    const body = await createBody([{ p: pick(), quantity: 1 }], { outer_purchase_id: 'PO-1' });
    const first = await h.call(dev, 'POST', '/v2/taobao/order/create', body);
    const second = await h.call(dev, 'POST', '/v2/taobao/order/create', body);
    assert.equal(first.code, 200, first.msg);
    assert.equal(second.data.purchaseOrderId, first.data.purchaseOrderId);
    assert.equal(second.data.replayed, true);
    const other = await createBody([{ p: pick(), quantity: 1 }], { outer_purchase_id: 'PO-1' });
    assert.equal((await h.call(dev, 'POST', '/v2/taobao/order/create', other)).code, 2005);
    const keyed = await createBody([{ p: pick(), quantity: 1 }]);
    const k1 = await h.call(dev, 'POST', '/v2/taobao/order/create', keyed, { headers: { 'Idempotency-Key': 'k-1' } });
    const k2 = await h.call(dev, 'POST', '/v2/taobao/order/create', keyed, { headers: { 'Idempotency-Key': 'k-1' } });
    assert.equal(k2.data.purchaseOrderId, k1.data.purchaseOrderId);
    assert.equal((await h.call(dev, 'POST', '/v2/taobao/order/create', other, { headers: { 'Idempotency-Key': 'k-1' } })).code, 2005);
    assert.equal((await h.call(dev, 'POST', '/v2/taobao/order/page', {})).data.total, 2);
  });

  test('pay twice → charged once; concurrent pays → charged once', async () => {
    const dev = await funded(1_000_000);
    const made = await order(dev);
    const one = await h.call(dev, 'POST', '/v2/taobao/order/pay', { purchaseOrderId: made.id });
    const two = await h.call(dev, 'POST', '/v2/taobao/order/pay', { purchaseOrderId: made.id });
    assert.equal(one.code, 200);
    assert.equal(two.code, 200);
    assert.equal(two.data.alreadyPaid, true);
    const raced = await order(dev);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => h.call(dev, 'POST', '/v2/taobao/order/pay', { purchaseOrderId: raced.id })),
    );
    assert.ok(
      answers.every((a) => a.code === 200),
      answers.map((a) => a.msg).join(),
    );
    assert.equal(answers.filter((a) => !a.data.alreadyPaid).length, 1);
    const check = await ledgerCheck(h.ctx, dev.developerId);
    assert.equal(check.balanceFen, 1_000_000 - made.amount - raced.amount);
    assert.equal(check.entriesSumFen, check.balanceFen);
    assert.equal(check.entries, 3); // top-up + two charges
  });

  test('insufficient balance → 2001 with the shortfall; nothing charged; the order stays payable', async () => {
    const dev = await funded(100);
    const made = await order(dev);
    assert.ok(made.amount > 100);
    const answer = await h.call(dev, 'POST', '/v2/taobao/order/pay', { purchaseOrderId: made.id });
    assert.equal(answer.code, 2001);
    assert.equal(answer.data.shortfallFen, made.amount - 100);
    assert.equal(await getBalance(h.ctx, dev.developerId), 100);
    assert.equal((await detail(dev, made.id)).data.status, 0);
  });

  test('cancel before payment → status 4; paying it → 2006; cancelling a paid order → 2006', async () => {
    const dev = await funded();
    const made = await order(dev);
    const cancelled = await h.call(dev, 'POST', '/v2/taobao/order/cancel', { purchaseOrderId: made.id, cancelReason: 'changed my mind' });
    assert.equal(cancelled.code, 200, cancelled.msg);
    const d = await detail(dev, made.id);
    assert.equal(d.data.status, 4);
    assert.equal(d.data.closeReason, 'changed my mind');
    assert.equal((await h.call(dev, 'POST', '/v2/taobao/order/pay', { purchaseOrderId: made.id })).code, 2006);
    const paid = await order(dev);
    assert.equal((await h.call(dev, 'POST', '/v2/taobao/order/pay', { purchaseOrderId: paid.id })).code, 200);
    assert.equal((await h.call(dev, 'POST', '/v2/taobao/order/cancel', { purchaseOrderId: paid.id })).code, 2006);
  });

  test('unknown order id → 404; non-numeric id → 400', async () => {
    const dev = await funded();
    assert.equal((await detail(dev, '1234567890123456789')).code, 404);
    assert.equal((await detail(dev, 'abc')).code, 400);
  });
});

describe('Taobao orders: security', () => {
  test('developer B cannot pay or cancel A’s order (404), nor list it', async () => {
    const a = await funded();
    const b = await funded();
    const made = await order(a);
    assert.equal((await h.call(b, 'POST', '/v2/taobao/order/pay', { purchaseOrderId: made.id })).code, 404);
    assert.equal((await h.call(b, 'POST', '/v2/taobao/order/cancel', { purchaseOrderId: made.id })).code, 404);
    assert.equal((await h.call(b, 'POST', '/v2/taobao/order/page', {})).data.total, 0);
    assert.equal((await detail(a, made.id)).data.status, 0);
  });

  test('roles: a buyer creates but cannot pay (406); finance pays the buyer order; a sibling sub-account sees 404; the main user sees all', async () => {
    const main = await funded();
    const viewer = await h.subAccount(main, 'viewer');
    const buyer = await h.subAccount(main, 'buyer');
    const sibling = await h.subAccount(main, 'buyer');
    const finance = await h.subAccount(main, 'finance');
    const body = await createBody([{ p: pick(), quantity: 1 }]);
    const made = await h.call(buyer, 'POST', '/v2/taobao/order/create', body);
    assert.equal(made.code, 200, made.msg);
    const id = made.data.purchaseOrderId;
    assert.equal((await h.call(buyer, 'POST', '/v2/taobao/order/pay', { purchaseOrderId: id })).code, 406);
    assert.equal((await detail(sibling, id)).code, 404);
    assert.equal((await h.call(sibling, 'POST', '/v2/taobao/order/cancel', { purchaseOrderId: id })).code, 404);
    assert.equal((await detail(viewer, id)).code, 404);
    assert.equal((await detail(main, id)).code, 200);
    // Finance sees the developer's orders and pays the buyer's; paying again through the main user changes nothing.
    const paid = await h.call(finance, 'POST', '/v2/taobao/order/pay', { purchaseOrderId: id });
    assert.equal(paid.code, 200, paid.msg);
    assert.equal(paid.data.alreadyPaid, false);
    assert.equal((await h.call(finance, 'POST', '/v2/taobao/order/cancel', { purchaseOrderId: id })).code, 406, 'finance may not cancel');
    assert.equal((await h.call(main, 'POST', '/v2/taobao/order/pay', { purchaseOrderId: id })).data.alreadyPaid, true);
  });
});

describe('Taobao orders: modify pre-warehouse info (TO4)', () => {
  const WAREHOUSE = {
    name: 'Ponte 义乌仓 2 号',
    mobile_phone: '13900000000',
    state: '浙江省',
    city: '金华市',
    district: '义乌市',
    address: '福田街道 仓库路 8 号',
  };
  const modify = (who: CreatedDeveloper, id: string, receiver: unknown) =>
    h.call(
      who,
      'POST',
      '/v2/taobao/order/modify/advance',
      { purchaseOrderId: id, receiver: JSON.stringify(receiver) },
      { headers: { 'accept-language': 'en' } },
    );

  test('the receiver changes before the seller ships, paid or not; the detail shows it', async () => {
    const dev = await funded();
    const made = await order(dev);
    assert.equal((await modify(dev, made.id, WAREHOUSE)).code, 200);
    assert.equal((await h.call(dev, 'POST', '/v2/taobao/order/pay', { purchaseOrderId: made.id })).code, 200);
    const again = await modify(dev, made.id, { ...WAREHOUSE, name: 'Ponte 义乌仓 3 号' });
    assert.equal(again.code, 200, again.msg);
    assert.match(JSON.stringify((await detail(dev, made.id)).data), /义乌仓 3 号/);
  });

  test('after shipping it is 2006; another developer’s order is 404; a bad receiver is 400', async () => {
    const dev = await funded();
    const made = await order(dev);
    await h.call(dev, 'POST', '/v2/taobao/order/pay', { purchaseOrderId: made.id });
    await markShipped(h.ctx, asOrderId(made.id), { carrier: '顺丰速运', trackingNumber: 'SF0000000001' });
    assert.equal((await modify(dev, made.id, WAREHOUSE)).code, 2006);
    assert.equal((await modify(await funded(), made.id, WAREHOUSE)).code, 404);
    const bad = await modify(dev, made.id, { ...WAREHOUSE, city: '' });
    assert.equal(bad.code, 400);
    assert.match(bad.msg, /receiver\.city/);
  });
});
