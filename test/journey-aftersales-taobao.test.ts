import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PonteClient } from '../sdk/index.ts';
import { createDeveloper } from '../src/modules/accounts/index.ts';
import { sellerAgree, sellerConfirmReceipt, sellerRefuse } from '../src/modules/aftersales/index.ts';
import { markArrived, markShipped } from '../src/modules/orders/index.ts';
import { ledgerCheck, topUp } from '../src/modules/wallet/index.ts';
import type { SystemCtx } from '../src/platform/context.ts';
import { asOrderId } from '../src/platform/ids.ts';
import { TAOBAO_RECEIVER } from './helpers/fixtures-buyers.ts';
import { startJourneyBed, type JourneyBed } from './helpers/journey-bed.ts';

/**
 * Taobao after-sales journeys over real HTTP, signed by the SDK exactly as a client signs: the
 * buyer's side through the API, the seller's answers through the after-sales module (what the
 * sandbox sellers and the operator console call), the money read back from the wallet ledger.
 * The sandbox clock is never advanced, so no simulated seller acts besides the test's own calls.
 */
const WAREHOUSE = { receiver: '退货仓 赵六', phone: '13700137000', detailAddress: '浙江省金华市义乌市稠州北路 9 号 退货部' };

let bed: JourneyBed;
let ctx: SystemCtx;
let next = 0;

before(async () => {
  bed = await startJourneyBed({ products: 200 });
  ctx = bed.ctx;
});
after(() => bed.close());

async function ok<T = any>(promise: Promise<{ code: number; msg: string; data: unknown }>): Promise<T> {
  const answer = await promise;
  assert.equal(answer.code, 200, answer.msg);
  return answer.data as T;
}

async function buyer() {
  const dev = await createDeveloper(ctx, { name: `aftersales-${next}` });
  await topUp(ctx, { developerId: dev.developerId, amountFen: 100_000_000 });
  return {
    dev,
    client: new PonteClient({
      baseUrl: bed.baseUrl,
      accessKey: dev.accessKey,
      accessSecret: dev.accessSecret,
      userId: dev.userId,
      language: 'en',
    }),
  };
}

/** A paid one-line Taobao order; the amount due comes back in the price-changed answer. */
async function paidOrder(client: PonteClient): Promise<{ orderId: string; postFee: number; paid: number }> {
  const product = bed.products.filter((p) => p.platform === 'taobao' && p.skus.some((s) => s.stock >= 3))[next++]!;
  const sku = product.skus.find((s) => s.stock >= 3)!;
  const line = { itemId: product.itemId, skuId: sku.skuId, quantity: '2', orderLineNo: '1', price: String(sku.priceFen), currency: 'CNY' };
  const body = { orderLineList: JSON.stringify([line]), receiver: JSON.stringify(TAOBAO_RECEIVER), purchaseAmount: 1 };
  const priced = await client.call<any>('POST', '/v2/taobao/order/create', { body });
  assert.equal(priced.code, 2002, priced.msg);
  const made = await ok(
    client.call('POST', '/v2/taobao/order/create', { body: { ...body, purchaseAmount: priced.data.currentAmountFen } }),
  );
  const paid = await ok(client.call('POST', '/v2/taobao/order/pay', { body: { purchaseOrderId: made.purchaseOrderId } }));
  return { orderId: made.purchaseOrderId, postFee: made.orders[0].postFee, paid: paid.payAmount };
}

const detail = (client: PonteClient, orderId: string) =>
  ok(client.call('GET', '/v2/taobao/order/detail', { query: { purchaseOrderId: orderId } }));
const refundDetail = (client: PonteClient, refundId: string) =>
  ok(client.request('GET /v2/taobao/order/refund/query', { query: { refundId } }));

async function balance(client: PonteClient): Promise<number> {
  return (await ok(client.call('GET', '/v2/open/wallet/balance'))).balance;
}

/** The wallet ledger lines for `ref`, read over HTTP. */
async function ledgerLines(client: PonteClient, ref: string): Promise<{ amount: number; kind: string }[]> {
  const page = await ok(client.call('POST', '/v2/open/wallet/ledger/page', { body: { pageNo: 1, pageSize: 100 } }));
  return page.data.filter((l: { ref: string | null }) => l.ref === ref);
}

async function render(client: PonteClient, subOrderId: string, refundType: number, goodsStatus: number) {
  return ok(client.call('POST', '/v2/taobao/order/refund/render', { body: { subOrderId, refundType, goodsStatus } }));
}

describe('Taobao after-sales journeys over HTTP', () => {
  test('refund only before shipping: render, submit, the seller agrees, the wallet is credited once and the order closes', async () => {
    const { dev, client } = await buyer();
    const { orderId, postFee, paid } = await paidOrder(client);
    const subOrderId = (await detail(client, orderId)).orderLineList[0].subOrderId;
    assert.equal(subOrderId, `${orderId}-1`);
    const vo = await render(client, subOrderId, 1, 1);
    assert.equal(vo.saleFlag, true);
    const max = vo.refundOrderTemplate.maxRefundFee.refundFee;
    assert.equal(max, paid - postFee, 'the goods part of the charge');
    const submitted = await ok(
      client.call('POST', '/v2/taobao/order/refund/submit', {
        body: {
          subOrderId,
          refundType: 1,
          goodsStatus: 1,
          reasonId: vo.refundOrderTemplate.refundReasons[0].reasonId,
          refundFee: max,
          refundDesc: '拍错了',
        },
        headers: { 'Idempotency-Key': `journey-refund-${orderId}` },
      }),
    );
    assert.equal(submitted.refundStatus, 10);
    const before = await balance(client);

    assert.ok((await sellerAgree(ctx, submitted.refundId, { actor: 'seller', note: '同意' })).ok);
    assert.equal((await sellerAgree(ctx, submitted.refundId, { actor: 'seller' })).ok, false, 'a second agree changes nothing');

    const refunded = await refundDetail(client, submitted.refundId);
    assert.equal(refunded.refundOrderAggregate.refundOrder.refundStatus, 100);
    assert.equal(refunded.refundOrderAggregate.refundOrder.refundedFee, max);
    const lines = await ledgerLines(client, `refund:${submitted.refundId}`);
    assert.deepEqual(
      lines.map((l) => l.amount),
      [max],
      'one credit for the refund',
    );
    // The only line is refunded before shipping: the order closes and its unrefunded postage comes back too.
    assert.deepEqual(
      (await ledgerLines(client, `refund-freight:${orderId}`)).map((l) => l.amount),
      postFee > 0 ? [postFee] : [],
    );
    assert.equal(await balance(client), before + max + postFee);
    assert.equal((await ledgerCheck(ctx, dev.developerId)).balanceFen, await balance(client));
    const order = await detail(client, orderId);
    assert.equal(order.orderLineList[0].refundStatus, 100);
    assert.equal(order.orderLineList[0].refundAmount, max);
    assert.equal(order.orderState, 'closed');
    assert.equal(order.status, 4);
    const messages = await ok(client.call('POST', '/v2/taobao/order/refund/message/list', { body: { refundId: submitted.refundId } }));
    assert.deepEqual(
      messages.list.map((m: { action: string; role: string }) => `${m.role}:${m.action}`),
      ['buyer:submit', 'seller:agree_refund'],
    );
  });

  test('return and refund after arrival: the seller publishes an address, the buyer ships it back, the seller confirms receipt', async () => {
    const { client } = await buyer();
    const { orderId } = await paidOrder(client);
    assert.ok((await markShipped(ctx, asOrderId(orderId), { carrier: '中通快递', trackingNumber: `ZT${orderId.slice(-10)}` })).ok);
    assert.ok((await markArrived(ctx, asOrderId(orderId))).ok);
    const subOrderId = `${orderId}-1`;
    const vo = await render(client, subOrderId, 2, 4);
    assert.ok(vo.refundOrderTemplate.goodsStatusList.includes('4'));
    const line = (await detail(client, orderId)).orderLineList[0];
    const fee = Math.floor(vo.refundOrderTemplate.maxRefundFee.refundFee / line.quantity); // one of the two pieces
    const submitted = await ok(
      client.call('POST', '/v2/taobao/order/refund/submit', {
        body: {
          subOrderId,
          refundType: 2,
          goodsStatus: 4,
          reasonId: vo.refundOrderTemplate.refundReasons[0].reasonId,
          refundFee: fee,
          refundQuantity: 1,
          refundImages: 'https://img.example/broken-1.jpg,https://img.example/broken-2.jpg',
        },
      }),
    );
    assert.ok((await sellerAgree(ctx, submitted.refundId, { actor: 'seller', address: WAREHOUSE, note: '请寄回' })).ok);
    const logistics = await ok(client.call('GET', '/v2/taobao/order/refund/logistics/render', { query: { refundId: submitted.refundId } }));
    assert.deepEqual(logistics.receiverAddress, WAREHOUSE);
    assert.equal(logistics.sellerAgreeReturnDescribe, '请寄回');
    const carrier = logistics.logisticsCompanies[0].logisticCompanyCode;
    const shipped = await ok(
      client.call('POST', '/v2/taobao/order/refund/logistics/submit', {
        body: { refundId: submitted.refundId, logisticsCompanyCode: carrier, logisticsNo: 'YT9876543210', buyerPhone: '13800138000' },
      }),
    );
    assert.equal(shipped.refundStatus, 30);
    const before = await balance(client);
    assert.ok((await sellerConfirmReceipt(ctx, submitted.refundId, { actor: 'seller' })).ok);
    const done = await refundDetail(client, submitted.refundId);
    assert.equal(done.refundOrderAggregate.refundOrder.refundStatus, 100);
    assert.equal(done.refundOrderAggregate.logistics.logisticsNo, 'YT9876543210');
    assert.deepEqual(
      (await ledgerLines(client, `refund:${submitted.refundId}`)).map((l) => l.amount),
      [fee],
    );
    assert.equal(await balance(client), before + fee);
    const order = await detail(client, orderId);
    assert.equal(order.orderLineList[0].refundStatus, 100);
    assert.equal(order.orderLineList[0].refundAmount, fee);
    assert.equal(order.orderState, 'arrived_warehouse', 'one piece of two was returned: the order stays open');
  });

  test('the seller refuses, the buyer modifies, the seller agrees', async () => {
    const { client } = await buyer();
    const { orderId } = await paidOrder(client);
    const subOrderId = `${orderId}-1`;
    const vo = await render(client, subOrderId, 1, 1);
    const reasons = vo.refundOrderTemplate.refundReasons;
    const max = vo.refundOrderTemplate.maxRefundFee.refundFee;
    const body = { subOrderId, refundType: 1, goodsStatus: 1, reasonId: reasons[0].reasonId, refundFee: max };
    const submitted = await ok(client.call('POST', '/v2/taobao/order/refund/submit', { body }));
    assert.ok((await sellerRefuse(ctx, submitted.refundId, { actor: 'seller', reason: '请说明原因' })).ok);
    const refused = await refundDetail(client, submitted.refundId);
    assert.equal(refused.refundOrderAggregate.refundOrder.refundStatus, -10);
    assert.equal(refused.refundOrderAggregate.refundOrder.sellerRefuseReason, '请说明原因');
    await ok(
      client.call('POST', '/v2/taobao/order/refund/submit/message', {
        body: { refundId: submitted.refundId, refundMessage: '买错尺码了' },
      }),
    );
    const lower = max - 1;
    const reason = reasons.at(-1).reasonId;
    const modified = await ok(
      client.call('POST', '/v2/taobao/order/refund/modify', {
        body: { ...body, refundId: submitted.refundId, reasonId: reason, refundFee: lower, refundDesc: '尺码不对' },
      }),
    );
    assert.equal(modified.refundStatus, 10);
    assert.ok((await sellerAgree(ctx, submitted.refundId, { actor: 'seller' })).ok);
    const done = await refundDetail(client, submitted.refundId);
    assert.equal(done.refundOrderAggregate.refundOrder.refundStatus, 100);
    assert.equal(done.refundOrderAggregate.refundOrder.reasonId, reason);
    assert.deepEqual(
      (await ledgerLines(client, `refund:${submitted.refundId}`)).map((l) => l.amount),
      [lower],
    );
    const messages = await ok(client.call('POST', '/v2/taobao/order/refund/message/list', { body: { refundId: submitted.refundId } }));
    assert.deepEqual(
      messages.list.map((m: { action: string; role: string }) => `${m.role}:${m.action}`),
      ['buyer:submit', 'seller:refuse', 'buyer:message', 'buyer:modify', 'seller:agree_refund'],
    );
    // The SDK fills the path parameter of GET …/cancel/{refundId}.
    const cancelled = await client.request('GET /v2/taobao/order/refund/cancel/{refundId}', { params: { refundId: submitted.refundId } });
    assert.equal(cancelled.code, 2101, 'a finished application cannot be cancelled');
    // Less than the line's amount was refunded: the order is not wholly refunded, so it stays paid.
    const order = await detail(client, orderId);
    assert.equal(order.orderState, 'paid');
    assert.equal(order.orderLineList[0].refundStatus, 100);
    assert.equal(order.orderLineList[0].refundAmount, lower);
  });
});
