import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { priceOrder } from '../src/modules/orders/index.ts';
import { fulfilmentTick } from '../src/modules/fulfilment/index.ts';
import { getBalance, ledgerCheck, topUp } from '../src/modules/wallet/index.ts';
import type { Source, SourceProduct } from '../src/sources/source.ts';
import type { Harness } from './helpers/harness.ts';
import { orderTestbed, fundedDeveloper } from './helpers/catalog.ts';
import { ALIBABA_ADDRESS as ADDRESS } from './helpers/fixtures-buyers.ts';

const HOUR = 3_600_000;

let h: Harness;
let source: Source;
let products: SourceProduct[];
const used = new Set<string>();

before(async () => {
  ({ h, source, products } = await orderTestbed());
});
after(() => h.close());

type Pick = { product: SourceProduct; sku: SourceProduct['skus'][number]; quantity: number };

/** A fresh 1688 SKU with stock for the offer's minimum order quantity (+ room). */
function pick(opts: { notShops?: number[] } = {}): Pick {
  for (const product of products) {
    if (product.platform !== '1688' || (opts.notShops ?? []).includes(product.shopIndex)) continue;
    const quantity = product.minOrderQuantity;
    const sku = product.skus.find((s) => s.stock >= quantity * 3 && !used.has(`${product.itemId}/${s.skuId}`));
    if (!sku) continue;
    used.add(`${product.itemId}/${sku.skuId}`);
    return { product, sku, quantity };
  }
  throw new Error('no 1688 offer fits');
}

const cargo = (p: Pick, extra: Record<string, unknown> = {}) => ({
  offerMapId: p.product.mapId,
  specId: p.sku.specId,
  quantity: p.quantity,
  sellerOpenId: source.shop('1688', p.product.shopIndex)!.sellerOpenId,
  ...extra,
});
const createBody = (picks: Pick[], extra: Record<string, unknown> = {}) => ({
  flow: 'general',
  addressParam: ADDRESS,
  cargoParamList: picks.map((p) => cargo(p)),
  ...extra,
});

async function amountOf(picks: Pick[]): Promise<number> {
  const priced = await priceOrder(
    source,
    '1688',
    picks.map((p) => ({ itemRef: p.product.itemId, specId: p.sku.specId, quantity: p.quantity })),
  );
  assert.ok(priced.ok);
  return priced.groups.reduce((s, g) => s + g.totalAmountFen, 0);
}

const funded = (amountFen = 100_000_000): Promise<CreatedDeveloper> => fundedDeveloper(h, amountFen);

async function order(who: CreatedDeveloper): Promise<{ id: string; amount: number; entries: string[] }> {
  const p = pick();
  const answer = await h.call(who, 'POST', '/v2/alibaba/order/create', createBody([p]));
  assert.equal(answer.code, 200, answer.msg);
  return {
    id: answer.data[0].orderId,
    amount: answer.data[0].totalAmount,
    entries: answer.data[0].productItems.map((i: any) => i.subItemID),
  };
}

const detail = (who: CreatedDeveloper, id: string) => h.call(who, 'POST', '/v2/alibaba/order/detail', { webSite: '1688', orderId: id });

async function advance(hours: number) {
  await fulfilmentTick({ ...h.ctx }, source);
  for (let i = 0; i < hours; i++) {
    h.clock.advance(HOUR);
    await fulfilmentTick({ ...h.ctx }, source);
  }
}

describe('1688 orders: happy paths', () => {
  test('preview (AO6): per-seller shipping fee; unsupported cargo listed with its reason', async () => {
    const dev = await funded();
    const a = pick();
    const b = pick({ notShops: [a.product.shopIndex] });
    const answer = await h.call(dev, 'POST', '/alibaba/order/create/preview', {
      addressParam: ADDRESS,
      cargoParamList: [cargo(a), cargo(b), { offerId: '999999999', specId: 'nope', quantity: 1 }, cargo(a, { quantity: a.sku.stock + 1 })],
    });
    assert.equal(answer.code, 200, answer.msg);
    assert.equal(answer.data.success, true);
    assert.equal(answer.data.orderPreviewResuslt.length, 2);
    for (const g of answer.data.orderPreviewResuslt) {
      assert.ok(g.sumCarriage >= 800);
      assert.equal(g.sumPayment, g.sumPaymentNoCarriage + g.sumCarriage);
      assert.match(g.cargoList[0].price, /^\d+\.\d\d$/);
    }
    assert.equal(answer.data.totalAmount, await amountOf([a, b]));
    assert.deepEqual(
      answer.data.unsupportedList.map((u: any) => u.code),
      [2007, 2003],
    );
    const batch = await h.call(dev, 'POST', '/v2/alibaba/order/batch/preview', {
      flow: 'general',
      addressParam: ADDRESS,
      cargoParamList: [cargo(a), cargo(b)],
    });
    assert.equal(batch.data.orderPreviewResuslt.length, 2);
    assert.equal(batch.data.orderPreviewResuslt[0].sellerOpenId, source.shop('1688', a.product.shopIndex)!.sellerOpenId);
  });

  test('batch create across merchants (AO3) → one order per seller, orderId strings and totalAmount; batch pay (AO1); list and detail', async () => {
    const dev = await funded(100_000_000);
    const a = pick();
    const b = pick({ notShops: [a.product.shopIndex] });
    const created = await h.call(dev, 'POST', '/v2/alibaba/order/batch/create', createBody([a, b]));
    assert.equal(created.code, 200, created.msg);
    assert.equal(created.data.length, 2);
    for (const o of created.data) {
      assert.equal(typeof o.orderId, 'string');
      assert.ok(Number.isInteger(o.totalAmount));
      assert.equal(o.status, 'waitbuyerpay');
      assert.equal(o.nativeLogistics.contactPerson, 'zhang');
      assert.equal(o.nativeLogistics.area, '西湖区');
      assert.equal(o.baseInfo.totalAmount * 100, o.totalAmount);
    }
    const total = created.data[0].totalAmount + created.data[1].totalAmount;
    assert.equal(total, await amountOf([a, b]));
    const ids = created.data.map((o: any) => o.orderId);
    const paid = await h.call(dev, 'POST', '/alibaba/order/batch/submit/to/pay', { orderIds: ids });
    assert.equal(paid.code, 200, paid.msg);
    assert.equal(paid.data.successCount, 2);
    assert.deepEqual(paid.data.cantPayOrderList, []);
    assert.equal(paid.data.payResults[0].payAmount + paid.data.payResults[1].payAmount, total);
    assert.equal(await getBalance(h.ctx, dev.developerId), 100_000_000 - total);
    const listed = await h.call(dev, 'POST', '/v2/alibaba/order/page', { status: 'waitsellersend' });
    assert.equal(listed.code, 200, listed.msg);
    assert.equal(listed.data.totalRecords, 2);
    assert.deepEqual(listed.data.data.map((o: any) => o.orderId).sort(), [...ids].sort());
    const one = await detail(dev, ids[0]);
    assert.equal(one.data.status, 'waitsellersend');
    assert.equal(
      one.data.baseInfo.sellerOpenId,
      source.shop(
        '1688',
        one.data.baseInfo.sellerOpenId === source.shop('1688', a.product.shopIndex)!.sellerOpenId
          ? a.product.shopIndex
          : b.product.shopIndex,
      )!.sellerOpenId,
    );
  });

  test('pay url (AO9): wallet payment, protocolPaySuccess; several ids with one unpayable → cantPayOrderList', async () => {
    const dev = await funded();
    const one = await order(dev);
    const paid = await h.call(dev, 'GET', `/v2/alibaba/order/pay/url?orderId=${one.id}`);
    assert.equal(paid.code, 200, paid.msg);
    assert.equal(paid.data.protocolPaySuccess, true);
    assert.equal(paid.data.payUrl, null);
    assert.equal(paid.data.payAmount, one.amount);
    const again = await h.call(dev, 'GET', `/alibaba/order/pay/url?orderId=${one.id}`);
    assert.equal(again.data.payAmount, 0);
    const two = await order(dev);
    const three = await order(dev);
    assert.equal(
      (await h.call(dev, 'POST', '/v2/alibaba/order/cancel', { webSite: '1688', orderId: three.id, cancelReason: 'buyerCancel' })).code,
      200,
    );
    const mixed = await h.call(dev, 'GET', `/v2/alibaba/order/pay/url?orderId=${two.id},${three.id}`);
    assert.equal(mixed.code, 200, mixed.msg);
    assert.equal(mixed.data.protocolPaySuccess, false);
    assert.deepEqual(mixed.data.cantPayOrderList, [three.id]);
    const check = await ledgerCheck(h.ctx, dev.developerId);
    assert.equal(check.entriesSumFen, check.balanceFen);
    assert.equal(check.entries, 3);
  });

  test('shipped → logistics tracking (upstream shape) → arrived → confirm receipt (AO10) → success', async () => {
    const dev = await funded();
    const made = await order(dev);
    const early = await h.call(dev, 'POST', '/v2/alibaba/order/receivegoods', { orderId: made.id, orderEntryIds: made.entries });
    assert.equal(early.code, 200);
    assert.deepEqual([early.data.success, early.data.errorCode], [false, '2006']);
    assert.deepEqual((await h.call(dev, 'GET', `/v2/alibaba/order/logistics/trace?orderId=${made.id}`)).data, []);
    assert.equal((await h.call(dev, 'GET', `/v2/alibaba/order/pay/url?orderId=${made.id}`)).code, 200);
    await advance(40);
    const d = await detail(dev, made.id);
    if (d.data.status === 'terminated') return; // the sandbox seller's ~5 % stock-out
    assert.equal(d.data.status, 'confirm_goods');
    const trace = await h.call(dev, 'GET', `/alibaba/order/logistics/trace?orderId=${made.id}`);
    assert.equal(trace.code, 200, trace.msg);
    assert.equal(trace.data.length, 1);
    const parcel = trace.data[0];
    assert.equal(parcel.status, 'SIGN');
    assert.equal(parcel.logisticsId, d.data.nativeLogistics.logisticsItems[0].logisticsBillNo);
    assert.ok(['SF', 'YTO', 'ZTO', 'YUNDA', 'STO', 'JT'].includes(parcel.logisticsCompanyId));
    assert.equal(parcel.receiver.receiverName, 'zhang');
    assert.equal(parcel.sendGoods[0].quantity, d.data.productItems[0].quantity);
    assert.equal(parcel.logisticsSteps.length, 5);
    const stranger = await h.call(dev, 'POST', '/v2/alibaba/order/receivegoods', { orderId: made.id, orderEntryIds: ['1'] });
    assert.deepEqual([stranger.data.success, stranger.data.errorCode], [false, '4003']);
    const confirmed = await h.call(dev, 'POST', '/alibaba/order/receivegoods', { orderId: made.id, orderEntryIds: made.entries });
    assert.deepEqual(confirmed.data, { success: true, errorCode: '', errorInfo: '' });
    assert.equal((await detail(dev, made.id)).data.status, 'success');
    assert.equal((await h.call(dev, 'POST', '/alibaba/order/receivegoods', { orderId: made.id })).data.success, true);
  });

  test('create from cart (AC6): orders the lines and empties them from the cart', async () => {
    const dev = await funded();
    const p = pick();
    const added = await h.call(dev, 'POST', '/v2/alibaba/cart/add', {
      offerMapId: p.product.mapId,
      specId: p.sku.specId,
      quantity: p.quantity,
    });
    assert.equal(added.code, 200, added.msg);
    const made = await h.call(dev, 'POST', '/alibaba/cart/create/order', {
      flow: 'general',
      addressParam: ADDRESS,
      cartIds: [added.data.id],
    });
    assert.equal(made.code, 200, made.msg);
    assert.equal(made.data.length, 1);
    assert.equal(made.data[0].productItems[0].specId, p.sku.specId);
    const cart = await h.call(dev, 'GET', '/v2/alibaba/cart/list');
    assert.equal(cart.data.enableList.length + cart.data.disableList.length, 0);
    assert.equal(
      (await h.call(dev, 'POST', '/v2/alibaba/cart/create/order', { flow: 'general', addressParam: ADDRESS, cartIds: [added.data.id] }))
        .code,
      404,
    );
  });

  test('Wangwang decrypt: sellerOpenId → nickname and chat link; unknown → 404', async () => {
    const dev = await funded();
    const shop = source.shop('1688', pick().product.shopIndex)!;
    const answer = await h.call(dev, 'POST', '/v2/alibaba/order/wangwang/decrypt', { openUid: shop.sellerOpenId });
    assert.equal(answer.code, 200, answer.msg);
    assert.equal(answer.data.wangwangNick, shop.wangwangNick);
    assert.ok(answer.data.wangwangUrl.endsWith(`/sandbox/chat/${encodeURIComponent(shop.wangwangNick)}`), answer.data.wangwangUrl);
    assert.equal((await h.call(dev, 'POST', '/alibaba/im/openuid/decrypt', { openUid: 'BBBunknown' })).code, 404);
  });
});

describe('1688 orders: errors', () => {
  test('below the minimum order quantity → 2004; more than stock → 2003; missing address field → 400', async () => {
    const dev = await funded();
    const p = products.find((x) => x.platform === '1688' && x.minOrderQuantity > 1 && x.skus[0]!.stock > 0)!;
    const below = await h.call(dev, 'POST', '/v2/alibaba/order/create', {
      flow: 'general',
      addressParam: ADDRESS,
      cargoParamList: [{ offerMapId: p.mapId, specId: p.skus[0]!.specId, quantity: 1 }],
    });
    assert.equal(below.code, 2004, below.msg);
    const q = pick();
    const over = await h.call(dev, 'POST', '/v2/alibaba/order/create', createBody([{ ...q, quantity: q.sku.stock + 1 }]));
    assert.equal(over.code, 2003, over.msg);
    const noName = await h.call(dev, 'POST', '/v2/alibaba/order/create', {
      ...createBody([q]),
      addressParam: { ...ADDRESS, fullName: '' },
    });
    assert.equal(noName.code, 400);
  });

  test('idempotent: sellerOrderNumber / Idempotency-Key replay the first orders; another body → 2005', async () => {
    const dev = await funded();
    const body = createBody([pick()], { sellerOrderNumber: 'S-1' });
    const first = await h.call(dev, 'POST', '/v2/alibaba/order/batch/create', body);
    const second = await h.call(dev, 'POST', '/v2/alibaba/order/batch/create', body);
    assert.equal(first.code, 200, first.msg);
    assert.deepEqual(
      second.data.map((o: any) => o.orderId),
      first.data.map((o: any) => o.orderId),
    );
    assert.equal(
      (await h.call(dev, 'POST', '/v2/alibaba/order/batch/create', createBody([pick()], { sellerOrderNumber: 'S-1' }))).code,
      2005,
    );
    const keyed = createBody([pick()]);
    const k1 = await h.call(dev, 'POST', '/alibaba/order/create', keyed, { headers: { 'Idempotency-Key': 'ali-1' } });
    const k2 = await h.call(dev, 'POST', '/alibaba/order/create', keyed, { headers: { 'Idempotency-Key': 'ali-1' } });
    assert.equal(k2.data[0].orderId, k1.data[0].orderId);
    assert.equal((await h.call(dev, 'POST', '/v2/alibaba/order/page', {})).data.totalRecords, 2);
  });

  test('insufficient balance: pay url → 2001 with shortfall; batch pay → per-order result, others still paid', async () => {
    const dev = await funded(0 + 1);
    const a = await order(dev);
    const single = await h.call(dev, 'GET', `/v2/alibaba/order/pay/url?orderId=${a.id}`);
    assert.equal(single.code, 2001);
    assert.equal(single.data.shortfallFen, a.amount - 1);
    await topUp(h.ctx, { developerId: dev.developerId, amountFen: a.amount });
    const b = await order(dev);
    const batch = await h.call(dev, 'POST', '/v2/alibaba/order/batch/submit/to/pay', { orderIds: [a.id, b.id] });
    assert.equal(batch.code, 200, batch.msg);
    assert.deepEqual(
      batch.data.payResults.map((r: any) => [r.success, r.code]),
      [
        [true, 200],
        [false, 2001],
      ],
    );
    assert.equal(batch.data.payResults[1].shortfallFen, b.amount - 1);
    assert.deepEqual(batch.data.cantPayOrderList, [b.id]);
    assert.equal(await getBalance(h.ctx, dev.developerId), 1);
  });

  test('cancel (AO8): reason from the list; unpaid only; unknown reason → 400', async () => {
    const dev = await funded();
    const made = await order(dev);
    assert.equal(
      (await h.call(dev, 'POST', '/v2/alibaba/order/cancel', { webSite: '1688', orderId: made.id, cancelReason: 'whatever' })).code,
      400,
    );
    const ok = await h.call(dev, 'POST', '/alibaba/order/cancel', {
      webSite: '1688',
      orderId: Number(made.id.slice(0, 15)),
      cancelReason: 'other',
      remark: 'x',
    });
    assert.equal(ok.code, 404); // a truncated id is another (unknown) order
    const cancelled = await h.call(dev, 'POST', '/alibaba/order/cancel', {
      webSite: '1688',
      orderId: made.id,
      cancelReason: 'other',
      remark: 'wrong size',
    });
    assert.equal(cancelled.code, 200, cancelled.msg);
    assert.equal(cancelled.data, true);
    const d = await detail(dev, made.id);
    assert.equal(d.data.status, 'cancel');
    assert.equal(d.data.baseInfo.closeReason, 'other: wrong size');
    const paid = await order(dev);
    assert.equal((await h.call(dev, 'GET', `/v2/alibaba/order/pay/url?orderId=${paid.id}`)).code, 200);
    assert.equal(
      (await h.call(dev, 'POST', '/v2/alibaba/order/cancel', { webSite: '1688', orderId: paid.id, cancelReason: 'buyerCancel' })).code,
      2006,
    );
  });
});

describe('1688 orders: security', () => {
  test('developer B: 404 for pay, batch pay, cancel, confirm; A’s order and balance untouched', async () => {
    const a = await funded();
    const b = await funded();
    const made = await order(a);
    assert.equal((await h.call(b, 'GET', `/v2/alibaba/order/pay/url?orderId=${made.id}`)).code, 404);
    const batch = await h.call(b, 'POST', '/v2/alibaba/order/batch/submit/to/pay', { orderIds: [made.id] });
    assert.deepEqual(
      batch.data.payResults.map((r: any) => r.code),
      [404],
    );
    assert.equal(
      (await h.call(b, 'POST', '/v2/alibaba/order/cancel', { webSite: '1688', orderId: made.id, cancelReason: 'buyerCancel' })).code,
      404,
    );
    assert.equal((await h.call(b, 'POST', '/v2/alibaba/order/receivegoods', { orderId: made.id })).code, 404);
    assert.equal((await h.call(b, 'POST', '/v2/alibaba/order/page', {})).data.totalRecords, 0);
    assert.equal((await detail(a, made.id)).data.status, 'waitbuyerpay');
    assert.equal(await getBalance(h.ctx, a.developerId), 100_000_000);
  });

  test('roles: finance passes the pay check on a buyer’s order; a sibling sees 404', async () => {
    const main = await funded();
    const buyer = await h.subAccount(main, 'buyer');
    const sibling = await h.subAccount(main, 'buyer');
    const finance = await h.subAccount(main, 'finance');
    const made = await order(buyer);
    assert.notEqual((await h.call(finance, 'GET', `/v2/alibaba/order/pay/url?orderId=${made.id}`)).code, 406);
    assert.equal((await detail(sibling, made.id)).code, 404);
    assert.equal((await h.call(main, 'GET', `/v2/alibaba/order/pay/url?orderId=${made.id}`)).code, 200);
  });

  test('a Taobao order id is not a 1688 order (404)', async () => {
    const dev = await funded();
    const t = products.find((p) => p.platform === 'taobao' && p.skus[0]!.stock > 2)!;
    const { createOrders } = await import('../src/modules/orders/index.ts');
    const made = await createOrders(
      { ...h.ctx, developerId: dev.developerId, userId: dev.userId, rowsVisible: 'all', role: 'main', language: 'en' } as any,
      source,
      {
        platform: 'taobao',
        lines: [{ itemRef: t.itemId, skuId: t.skus[0]!.skuId, quantity: 1 }],
        receiver: { name: 'a', phone: '1', province: 'p', city: 'c', district: 'd', address: 'x' },
        requestHash: 'h',
      },
    );
    assert.ok(made.ok);
    assert.equal((await detail(dev, made.orders[0]!.orderId)).code, 404);
  });
});
