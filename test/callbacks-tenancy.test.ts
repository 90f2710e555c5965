import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { createDispatcher, pageCallbackLog, redeliver } from '../src/modules/callbacks/index.ts';
import { pandaPonMessages } from '../src/wire/callbacks/bodies.ts';
import type { Ctx } from '../src/platform/context.ts';
import { priceOrder } from '../src/modules/orders/index.ts';
import type { Role } from '../src/platform/auth/roles.ts';
import type { Source, SourceProduct } from '../src/sources/source.ts';
import { startReceiver, type Receiver } from './helpers/callback-receiver.ts';
import { fundedDeveloper, orderTestbed } from './helpers/catalog.ts';
import type { Harness } from './helpers/harness.ts';
import { TAOBAO_RECEIVER as RECEIVER } from './helpers/fixtures-buyers.ts';

/**
 * The delivery log describes orders, so it follows the orders' visibility (README "Roles"):
 * viewer and buyer sub-accounts see the messages of their own orders only, finance, admin and
 * the main user see all of the developer's. Redelivery is scoped the same way.
 */

let h: Harness;
let products: SourceProduct[];
let source: Source;
let rx: Receiver;
before(async () => {
  ({ h, products, source } = await orderTestbed({ allowPrivateUrls: true }, 200));
  h.clock.set(Date.now());
  rx = await startReceiver();
});
after(async () => {
  await rx.close();
  await h.close();
});

const taobaoSkus = () =>
  products.filter((p) => p.platform === 'taobao').flatMap((p) => p.skus.filter((s) => s.stock >= 5).map((sku) => ({ product: p, sku })));

async function createOrder(who: CreatedDeveloper, pick: { product: SourceProduct; sku: SourceProduct['skus'][number] }): Promise<string> {
  const line = {
    itemId: pick.product.itemId,
    skuId: pick.sku.skuId,
    quantity: '1',
    orderLineNo: '1',
    price: String(pick.sku.priceFen),
    currency: 'CNY',
  };
  const priced = await priceOrder(source, 'taobao', [{ itemRef: pick.product.itemId, skuId: pick.sku.skuId, quantity: 1 }]);
  assert.ok(priced.ok);
  const purchaseAmount = priced.groups.reduce((sum, g) => sum + g.totalAmountFen, 0);
  const body = { orderLineList: JSON.stringify([line]), receiver: JSON.stringify(RECEIVER), purchaseAmount, orderSource: 'test' };
  const answer = await h.call(who, 'POST', '/v2/taobao/order/create', body);
  assert.equal(answer.code, 200, answer.msg);
  return answer.data.purchaseOrderId;
}

async function logOf(
  who: CreatedDeveloper,
  filter: Record<string, unknown> = {},
): Promise<{ orderId: string; messageId: string; messageBody: string }[]> {
  const answer = await h.call(who, 'POST', '/v2/open/callback/log/page', { pageSize: 100, ...filter });
  assert.equal(answer.code, 200, answer.msg);
  return answer.data.data;
}

const ctxOf = (dev: CreatedDeveloper, who: CreatedDeveloper, role: Role): Ctx => ({
  ...h.ctx,
  developerId: dev.developerId,
  userId: who.userId,
  rowsVisible: role === 'viewer' || role === 'buyer' ? 'own' : 'all',
  role,
  language: 'en',
});

describe('callback log and redelivery follow the visibility of the orders they describe', () => {
  test('a buyer sees only its own orders’ messages; siblings and viewers see none of them; finance, admin and main see all', async () => {
    const dev = await fundedDeveloper(h, 10_000_000);
    assert.equal((await h.call(dev, 'POST', '/v2/open/callback/set', { url: rx.url })).code, 200);
    const [buyerA, buyerB, viewer, finance, admin] = await Promise.all(
      (['buyer', 'buyer', 'viewer', 'finance', 'admin'] as const).map((role) => h.subAccount(dev, role)),
    );
    const skus = taobaoSkus();
    const orderA = await createOrder(buyerA!, skus[0]!);
    const orderB = await createOrder(buyerB!, skus[1]!);
    const orderMain = await createOrder(dev, skus[2]!);
    await createDispatcher({ ctx: h.ctx, source, renderer: pandaPonMessages, allowPrivate: true, schedule: 'none' }).runOnce();

    const orders = (rows: { orderId: string }[]) => [...new Set(rows.map((r) => r.orderId))].sort();
    assert.deepEqual(orders(await logOf(dev)), [orderA, orderB, orderMain].sort());
    assert.deepEqual(orders(await logOf(finance!)), [orderA, orderB, orderMain].sort());
    assert.deepEqual(orders(await logOf(admin!)), [orderA, orderB, orderMain].sort());
    assert.deepEqual(orders(await logOf(buyerA!)), [orderA]);
    assert.deepEqual(orders(await logOf(buyerB!)), [orderB]);
    assert.deepEqual(await logOf(viewer!), []);

    // The sibling's order is not found, and neither are its messages, even by order id.
    assert.equal((await h.call(buyerB!, 'GET', `/v2/taobao/order/detail?purchaseOrderId=${orderA}`)).code, 404);
    assert.deepEqual(await logOf(buyerB!, { orderId: orderA }), []);
    const page = await h.call(buyerB!, 'POST', '/v2/open/callback/log/page', { orderId: orderA });
    assert.equal(page.data.totalRecords, 0);
    assert.deepEqual(await logOf(viewer!, { orderId: orderB }), []);
    assert.ok(!JSON.stringify(await logOf(buyerB!)).includes(orderA));
  });

  test('redelivery: a sub-account limited to its own rows cannot re-send a sibling’s message; the main user can', async () => {
    const dev = await fundedDeveloper(h, 10_000_000);
    assert.equal((await h.call(dev, 'POST', '/v2/open/callback/set', { url: rx.url })).code, 200);
    const [buyerA, buyerB] = await Promise.all([h.subAccount(dev, 'buyer'), h.subAccount(dev, 'buyer')]);
    const skus = taobaoSkus();
    const orderA = await createOrder(buyerA!, skus[3]!);
    rx.mode = 'error';
    await createDispatcher({ ctx: h.ctx, source, renderer: pandaPonMessages, allowPrivate: true, schedule: 'none' }).runOnce();
    rx.mode = 'ok';
    const messageA = (await logOf(dev, { orderId: orderA }))[0]!.messageId;

    const asB = ctxOf(dev, buyerB!, 'buyer');
    assert.equal((await redeliver(asB, { messageId: messageA })).ok, false);
    assert.deepEqual(await redeliver(asB, { failedSince: 0 }), { ok: true, queued: 0, messageIds: [] });
    const logB = await pageCallbackLog(asB, { orderId: orderA });
    assert.ok(logB.ok && logB.total === 0);

    const asA = ctxOf(dev, buyerA!, 'buyer');
    assert.deepEqual(await redeliver(asA, { messageId: messageA }), { ok: true, queued: 1, messageIds: [messageA] });
    const main = await h.call(dev, 'POST', '/v2/open/callback/redeliver', { failedSince: 0 });
    assert.equal(main.code, 200, main.msg);
  });
});
