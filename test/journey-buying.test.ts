import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createClient, type PonteClient } from '../sdk/src/index.ts';
import { createDeveloper, type CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { ledgerCheck } from '../src/modules/wallet/index.ts';
import type { SystemCtx } from '../src/platform/context.ts';
import type { Source, SourceProduct } from '../src/sources/source.ts';
import { startJourneyBed, type JourneyBed } from './helpers/journey-bed.ts';
import { ADMIN_TOKEN } from './helpers/harness.ts';

/**
 * Buying journeys over real HTTP with the SDK. Business time is a SandboxClock (wall clock +
 * offset) moved by the admin route POST /sandbox/clock/advance, so signatures use real time
 * while the simulated sellers see the advanced one.
 */
const TAOBAO_ADDRESS = {
  name: '王五',
  mobile_phone: '13900000000',
  phone: '',
  country: '中国',
  state: '浙江省',
  city: '金华市',
  district: '义乌市',
  address: '稠州北路 1 号 仓库',
  zip: '322000',
};
const ALI_ADDRESS = {
  fullName: '王五',
  mobile: '13900000000',
  phone: '',
  postCode: '322000',
  cityText: '金华市',
  provinceText: '浙江省',
  areaText: '义乌市',
  townText: '稠城街道',
  address: '稠州北路 1 号 仓库',
};

let bed: JourneyBed;
let ctx: SystemCtx;
let source: Source;
let baseUrl: string;
let products: SourceProduct[];
const used = new Set<string>();

before(async () => {
  bed = await startJourneyBed({ products: 600 });
  ({ ctx, source, baseUrl, products } = bed);
});
after(async () => {
  await bed.close();
});

async function admin(path: string, body: unknown): Promise<any> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { code: number; msg: string; data: any };
  assert.equal(answer.code, 200, `${path}: ${answer.msg}`);
  return answer.data;
}

async function customer(topUpFen: number): Promise<{ dev: CreatedDeveloper; client: PonteClient }> {
  const dev = await createDeveloper(ctx, { name: `journey-${used.size}` });
  await admin('/admin/wallets/topup', { developerId: dev.developerId, amountFen: topUpFen, note: 'journey' });
  return {
    dev,
    client: createClient({ baseUrl, accessKey: dev.accessKey, accessSecret: dev.accessSecret, userId: dev.userId, language: 'en' }),
  };
}

function pick(platform: 'taobao' | '1688', notShops: number[] = []) {
  for (const product of products) {
    if (product.platform !== platform || notShops.includes(product.shopIndex)) continue;
    const quantity = platform === '1688' ? product.minOrderQuantity : 1;
    const sku = product.skus.find((s) => s.stock >= quantity * 3 && !used.has(`${product.itemId}/${s.skuId}`));
    if (!sku) continue;
    used.add(`${product.itemId}/${sku.skuId}`);
    return { product, sku, quantity };
  }
  throw new Error(`no ${platform} product fits`);
}

async function ok<T = any>(promise: Promise<{ code: number; msg: string; data: unknown }>): Promise<T> {
  const answer = await promise;
  assert.equal(answer.code, 200, answer.msg);
  return answer.data as T;
}

/** Advances business time in steps (so trace times differ), running the sellers after each. */
async function advanceHours(hours: number, step = 2): Promise<void> {
  for (let done = 0; done < hours; done += step) await admin('/sandbox/clock/advance', { by: `${step}h` });
}

describe('buying journeys over HTTP', () => {
  test('Taobao: cart → preview → create from cart → pay → seller ships → tracking → arrived at the warehouse', async (_t) => {
    const { dev, client } = await customer(10_000_000);
    const p = pick('taobao');
    const added = await ok(
      client.call('POST', '/v2/taobao/cart/add', { body: { itemMapId: p.product.mapId, skuId: p.sku.skuId, quantity: 2 } }),
    );
    const preview = await ok(
      client.call('POST', '/v2/taobao/cart/preview/order', { body: { ids: [added.id], orderAddress: TAOBAO_ADDRESS } }),
    );
    const created = await ok(
      client.call('POST', '/v2/taobao/cart/create/order', {
        body: { ids: [added.id], orderAddress: TAOBAO_ADDRESS },
        headers: { 'Idempotency-Key': 'journey-cart-1' },
      }),
    );
    const id: string = created.purchaseOrderId;
    assert.equal(preview.purchaseAmount, created.purchaseAmount, 'the cart preview shows what the order charges');
    const paid = await ok(client.call('POST', '/v2/taobao/order/pay', { body: { purchaseOrderId: id } }));
    assert.equal(paid.payAmount, created.purchaseAmount);
    const stockOut = source.planAfterPayment({ orderId: id, platform: 'taobao' }).some((a) => a.kind === 'stock_out');

    await advanceHours(8);
    const shipped = await ok(client.call('GET', '/v2/taobao/order/detail', { query: { purchaseOrderId: id } }));
    if (stockOut) {
      assert.equal(shipped.status, 4);
      assert.equal((await ledgerCheck(ctx, dev.developerId)).balanceFen, 10_000_000);
      return;
    }
    assert.equal(shipped.status, 11);
    assert.ok(shipped.logisticsNo);
    const early = await ok(client.call('GET', '/v2/taobao/order/logistics', { query: { purchaseOrderId: id } }));
    assert.ok(early.traces.length >= 1 && early.traces.length < 5, JSON.stringify(early.traces));
    assert.equal(early.traces[0].status, 'ACCEPT');

    await advanceHours(32);
    const arrived = await ok(client.call('GET', '/v2/taobao/order/detail', { query: { purchaseOrderId: id } }));
    assert.equal(arrived.orderState, 'arrived_warehouse');
    assert.ok(arrived.arriveWarehouseTime);
    const traced = await ok(client.call('GET', '/v2/taobao/order/logistics', { query: { purchaseOrderId: id } }));
    assert.deepEqual(
      traced.traces.map((x: any) => x.status),
      ['ACCEPT', 'TRANSPORT', 'ARRIVE_CITY', 'DELIVERING', 'SIGN'],
    );
    assert.ok(traced.traces[0].time < traced.traces[4].time);
    const check = await ledgerCheck(ctx, dev.developerId);
    assert.equal(check.balanceFen, 10_000_000 - created.purchaseAmount);
    assert.equal(check.entriesSumFen, check.balanceFen);
  });

  test('1688: multi-merchant batch create → batch pay → tracking → confirm receipt', async () => {
    const { dev, client } = await customer(100_000_000);
    const a = pick('1688');
    const b = pick('1688', [a.product.shopIndex]);
    const cargo = [a, b].map((x) => ({
      offerMapId: x.product.mapId,
      specId: x.sku.specId,
      quantity: x.quantity,
      sellerOpenId: source.shop('1688', x.product.shopIndex)!.sellerOpenId,
    }));
    const preview = await ok(
      client.call('POST', '/v2/alibaba/order/batch/preview', {
        body: { flow: 'general', addressParam: ALI_ADDRESS, cargoParamList: cargo },
      }),
    );
    assert.equal(preview.orderPreviewResuslt.length, 2);
    const orders = await ok<any[]>(
      client.call('POST', '/v2/alibaba/order/batch/create', {
        body: { flow: 'general', addressParam: ALI_ADDRESS, cargoParamList: cargo },
      }),
    );
    assert.equal(orders.length, 2);
    assert.equal(orders[0].totalAmount + orders[1].totalAmount, preview.totalAmount);
    const ids = orders.map((o) => o.orderId as string);
    const paid = await ok(client.call('POST', '/v2/alibaba/order/batch/submit/to/pay', { body: { orderIds: ids } }));
    assert.equal(paid.successCount, 2);

    await advanceHours(40);
    let confirmed = 0;
    for (const o of orders) {
      const d = await ok(client.call('POST', '/v2/alibaba/order/detail', { body: { webSite: '1688', orderId: o.orderId } }));
      if (source.planAfterPayment({ orderId: o.orderId, platform: 'taobao' }).some((x) => x.kind === 'stock_out')) {
        assert.equal(d.status, 'terminated');
        continue;
      }
      assert.equal(d.status, 'confirm_goods');
      const trace = await ok<any[]>(client.call('GET', '/v2/alibaba/order/logistics/trace', { query: { orderId: o.orderId } }));
      assert.equal(trace[0].status, 'SIGN');
      assert.equal(trace[0].logisticsSteps.length, 5);
      const receipt = await ok(
        client.call('POST', '/v2/alibaba/order/receivegoods', {
          body: { orderId: o.orderId, orderEntryIds: o.productItems.map((i: any) => i.subItemID) },
        }),
      );
      assert.equal(receipt.success, true);
      assert.equal(
        (await ok(client.call('POST', '/v2/alibaba/order/detail', { body: { webSite: '1688', orderId: o.orderId } }))).status,
        'success',
      );
      confirmed++;
    }
    assert.ok(confirmed >= 1);
    const check = await ledgerCheck(ctx, dev.developerId);
    assert.equal(check.entriesSumFen, check.balanceFen);
  });

  test('price change before payment: the seller changes the price 10 min after creation; payment charges the new amount', async () => {
    const { dev, client } = await customer(100_000_000);
    let target: { id: string; amount: number; newAmount: number } | undefined;
    const others: string[] = [];
    for (let i = 0; i < 80 && !target; i++) {
      const p = pick('taobao');
      const lines = [{ itemId: p.product.itemId, skuId: p.sku.skuId, quantity: '1' }];
      const base = { orderLineList: JSON.stringify(lines), receiver: JSON.stringify(TAOBAO_ADDRESS), purchaseAmount: 0 };
      const quote = await client.call<any>('POST', '/v2/taobao/order/create', { body: base });
      assert.equal(quote.code, 2002, quote.msg); // a wrong amount answers the amount due
      const made = await ok(
        client.call('POST', '/v2/taobao/order/create', { body: { ...base, purchaseAmount: quote.data.purchaseAmount } }),
      );
      const plan = source.planBeforePayment({ orderId: made.purchaseOrderId, platform: 'taobao', totalAmountFen: made.purchaseAmount });
      const change = plan.find((x) => x.kind === 'modify_price');
      if (change) target = { id: made.purchaseOrderId, amount: made.purchaseAmount, newAmount: Number((change as any).newTotalFen) };
      else others.push(made.purchaseOrderId);
    }
    assert.ok(target, 'no order with a planned price change among 80');
    await admin('/sandbox/clock/advance', { by: '15m' });
    const d = await ok(client.call('GET', '/v2/taobao/order/detail', { query: { purchaseOrderId: target.id } }));
    assert.equal(d.purchaseAmount, target.newAmount);
    assert.equal(d.adjustAmount, target.newAmount - target.amount);
    const paid = await ok(client.call('POST', '/v2/taobao/order/pay', { body: { purchaseOrderId: target.id } }));
    assert.equal(paid.payAmount, target.newAmount);
    const untouched = await ok(client.call('GET', '/v2/taobao/order/detail', { query: { purchaseOrderId: others[0] ?? target.id } }));
    if (others.length > 0) assert.equal(untouched.adjustAmount, 0);
    const check = await ledgerCheck(ctx, dev.developerId);
    assert.equal(check.balanceFen, 100_000_000 - target.newAmount);
  });

  test('stock-out after payment: the line is refunded (a system refund), which closes the one-line order; the wallet is refunded', async () => {
    const { dev, client } = await customer(100_000_000);
    let id: string | undefined;
    for (let i = 0; i < 150 && !id; i++) {
      const p = pick('taobao');
      const lines = [{ itemId: p.product.itemId, skuId: p.sku.skuId, quantity: '1' }];
      const quote = await client.call<any>('POST', '/v2/taobao/order/create', {
        body: { orderLineList: JSON.stringify(lines), receiver: JSON.stringify(TAOBAO_ADDRESS), purchaseAmount: 0 },
      });
      const made = await ok(
        client.call('POST', '/v2/taobao/order/create', {
          body: {
            orderLineList: JSON.stringify(lines),
            receiver: JSON.stringify(TAOBAO_ADDRESS),
            purchaseAmount: quote.data.purchaseAmount,
          },
        }),
      );
      if (source.planAfterPayment({ orderId: made.purchaseOrderId, platform: 'taobao' }).some((x) => x.kind === 'stock_out'))
        id = made.purchaseOrderId;
    }
    assert.ok(id, 'no order with a planned stock-out among 150');
    const d0 = await ok(client.call('GET', '/v2/taobao/order/detail', { query: { purchaseOrderId: id } }));
    await ok(client.call('POST', '/v2/taobao/order/pay', { body: { purchaseOrderId: id } }));
    const charged = (await ledgerCheck(ctx, dev.developerId)).balanceFen;
    assert.equal(charged, 100_000_000 - d0.purchaseAmount);
    await advanceHours(1, 1);
    const d = await ok(client.call('GET', '/v2/taobao/order/detail', { query: { purchaseOrderId: id } }));
    assert.equal(d.status, 4);
    assert.equal(d.closeReason, 'refunded', 'closed by the full refund of its only line');
    const check = await ledgerCheck(ctx, dev.developerId);
    assert.equal(check.balanceFen, 100_000_000);
    assert.equal(check.entriesSumFen, check.balanceFen);
  });

  test('cancel before payment: Taobao and 1688; a cancelled order cannot be paid and costs nothing', async () => {
    const { dev, client } = await customer(100_000_000);
    const p = pick('taobao');
    const lines = [{ itemId: p.product.itemId, skuId: p.sku.skuId, quantity: '1' }];
    const quote = await client.call<any>('POST', '/v2/taobao/order/create', {
      body: { orderLineList: JSON.stringify(lines), receiver: JSON.stringify(TAOBAO_ADDRESS), purchaseAmount: 0 },
    });
    const made = await ok(
      client.call('POST', '/v2/taobao/order/create', {
        body: {
          orderLineList: JSON.stringify(lines),
          receiver: JSON.stringify(TAOBAO_ADDRESS),
          purchaseAmount: quote.data.purchaseAmount,
          outer_purchase_id: 'journey-cancel',
        },
      }),
    );
    await ok(client.call('POST', '/v2/taobao/order/cancel', { body: { purchaseOrderId: made.purchaseOrderId } }));
    assert.equal((await client.call('POST', '/v2/taobao/order/pay', { body: { purchaseOrderId: made.purchaseOrderId } })).code, 2006);
    const a = pick('1688');
    const orders = await ok<any[]>(
      client.call('POST', '/v2/alibaba/order/create', {
        body: {
          flow: 'general',
          addressParam: ALI_ADDRESS,
          cargoParamList: [{ offerMapId: a.product.mapId, specId: a.sku.specId, quantity: a.quantity }],
        },
      }),
    );
    assert.equal(
      await ok(
        client.call('POST', '/v2/alibaba/order/cancel', {
          body: { webSite: '1688', orderId: orders[0].orderId, cancelReason: 'buyerCancel' },
        }),
      ),
      true,
    );
    assert.equal((await client.call('GET', '/v2/alibaba/order/pay/url', { query: { orderId: orders[0].orderId } })).code, 2006);
    await advanceHours(2);
    const check = await ledgerCheck(ctx, dev.developerId);
    assert.equal(check.balanceFen, 100_000_000);
    assert.equal(check.entries, 1);
  });
});
