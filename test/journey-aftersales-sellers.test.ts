import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { PonteClient } from '../sdk/index.ts';
import { createDeveloper } from '../src/modules/accounts/index.ts';
import { submitRefund, refundQuote } from '../src/modules/aftersales/index.ts';
import { createDispatcher } from '../src/modules/callbacks/index.ts';
import { ledgerCheck } from '../src/modules/wallet/index.ts';
import { asOrderId } from '../src/platform/ids.ts';
import type { Ctx } from '../src/platform/context.ts';
import { pandaPonMessages } from '../src/wire/callbacks/bodies.ts';
import { startReceiver, type Receiver, type Received } from './helpers/callback-receiver.ts';
import { TAOBAO_RECEIVER } from './helpers/fixtures-buyers.ts';
import { ADMIN_TOKEN } from './helpers/harness.ts';
import { startJourneyBed, type JourneyBed } from './helpers/journey-bed.ts';

/**
 * The sandbox sellers' after-sales as a client meets it over real HTTP: signed calls with the
 * SDK, business time moved by POST /sandbox/clock/advance, callbacks at a real receiver checked
 * with the standardwebhooks package. The refund application itself is submitted through the
 * after-sales module (its Taobao route is another part of the API and has its own journeys).
 */
let bed: JourneyBed;
let rx: Receiver;
let client: PonteClient;
let buyerCtx: Ctx;
let secret: string;
const used = new Set<string>();

async function admin(path: string, body: unknown): Promise<any> {
  const response = await fetch(`${bed.baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { code: number; msg: string; data: any };
  assert.equal(answer.code, 200, `${path}: ${answer.msg}`);
  return answer.data;
}

async function ok<T = any>(promise: Promise<{ code: number; msg: string; data: unknown }>): Promise<T> {
  const answer = await promise;
  assert.equal(answer.code, 200, answer.msg);
  return answer.data as T;
}

before(async () => {
  bed = await startJourneyBed({ products: 600, allowPrivateUrls: true });
  rx = await startReceiver();
  const dev = await createDeveloper(bed.ctx, { name: 'aftersales-journey' });
  await admin('/admin/wallets/topup', { developerId: dev.developerId, amountFen: 200_000_000, note: 'journey' });
  client = new PonteClient({
    baseUrl: bed.baseUrl,
    accessKey: dev.accessKey,
    accessSecret: dev.accessSecret,
    userId: dev.userId,
    language: 'en',
  });
  buyerCtx = { ...bed.ctx, developerId: dev.developerId, userId: dev.userId, rowsVisible: 'all', role: 'main', language: 'en' };
  secret = (await ok<{ secret: string }>(client.call('POST', '/v2/open/callback/set', { body: { url: rx.url } }))).secret;
});
after(async () => {
  await rx.close();
  await bed.close();
});

/** A one-line Taobao order over HTTP, created with the amount the 2002 answer quotes. */
async function taobaoOrder(): Promise<string> {
  const product = bed.products.find(
    (p) => p.platform === 'taobao' && p.skus.some((s) => s.stock >= 5 && !used.has(`${p.itemId}/${s.skuId}`)),
  );
  assert.ok(product, 'a Taobao product left');
  const sku = product.skus.find((s) => s.stock >= 5 && !used.has(`${product.itemId}/${s.skuId}`))!;
  used.add(`${product.itemId}/${sku.skuId}`);
  const body = {
    orderLineList: JSON.stringify([{ itemId: product.itemId, skuId: sku.skuId, quantity: 1 }]),
    receiver: JSON.stringify(TAOBAO_RECEIVER),
  };
  const quote = await client.call<{ purchaseAmount: number }>('POST', '/v2/taobao/order/create', { body: { ...body, purchaseAmount: 0 } });
  assert.equal(quote.code, 2002, quote.msg);
  const made = await ok<{ purchaseOrderId: string }>(
    client.call('POST', '/v2/taobao/order/create', { body: { ...body, purchaseAmount: quote.data!.purchaseAmount } }),
  );
  return made.purchaseOrderId;
}

/** Delivers everything queued; answers the new deliveries after checking each one's signature. */
async function deliver(): Promise<Array<{ messageType: string; body: any }>> {
  const before = rx.messages().length;
  await createDispatcher({ ctx: bed.ctx, source: bed.source, renderer: pandaPonMessages, allowPrivate: true, schedule: 'none' }).runOnce();
  const verifier = new Webhook(secret);
  return rx
    .messages()
    .slice(before)
    .map((r: Received) => {
      const headers = {
        'webhook-id': String(r.headers['webhook-id']),
        'webhook-timestamp': String(r.headers['webhook-timestamp']),
        'webhook-signature': String(r.headers['webhook-signature']),
      };
      assert.doesNotThrow(() => verifier.verify(r.body, headers), headers['webhook-id']);
      const envelope = JSON.parse(r.body) as { messageType: string; messageBody: unknown };
      const body = typeof envelope.messageBody === 'string' ? JSON.parse(envelope.messageBody) : envelope.messageBody;
      return { messageType: envelope.messageType, body };
    });
}

const REFUND = 'TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND';
const STATUS = 'TAOBAO_ORDER_BUYER_VIEW_BUYER_STATUS';

describe('sandbox sellers after-sales over HTTP', () => {
  test('a stock-out reaches the client as a system line refund and the closed order', async () => {
    let orderId: string | undefined;
    for (let i = 0; i < 150 && !orderId; i++) {
      const id = await taobaoOrder();
      if (bed.source.planAfterPayment({ orderId: id }).some((a) => a.kind === 'stock_out')) orderId = id;
    }
    assert.ok(orderId, 'an order with a planned stock-out among 150');
    await ok(client.call('POST', '/v2/taobao/order/pay', { body: { purchaseOrderId: orderId } }));
    await deliver();
    const advanced = await admin('/sandbox/clock/advance', { by: '40m' });
    assert.ok(advanced.refundActions >= 1, 'the stock-out refund is reported as an after-sales move');
    const detail = await ok(client.call('GET', '/v2/taobao/order/detail', { query: { purchaseOrderId: orderId } }));
    assert.equal(detail.status, 4, 'closed by the refund of its only line');
    const messages = await deliver();
    const refunds = messages.filter((m) => m.messageType === REFUND && String(m.body.purchase_id) === orderId);
    assert.deepEqual(
      refunds.map((m) => [m.body.refund_status, m.body.operator]),
      [
        [10, 'system'],
        [100, 'system'],
      ],
      'the system opens the application and completes it',
    );
    assert.equal(refunds.at(-1)!.body.refund_action, 'SYSTEM_AGREE_REFUND');
    assert.equal(refunds.at(-1)!.body.sub_purchase_order_id, `${orderId}-1`);
    assert.equal(refunds.at(-1)!.body.refunded_fee, refunds.at(-1)!.body.refund_fee);
    const closed = messages.filter((m) => m.messageType === STATUS && String(m.body[0].purchase_id) === orderId);
    assert.deepEqual(
      closed.map((m) => m.body[0].status),
      ['TRADE_CLOSED'],
    );
    const check = await ledgerCheck(bed.ctx, buyerCtx.developerId);
    assert.equal(check.balanceFen, check.entriesSumFen);
  });

  test('a sandbox seller agrees a refund-only application on the advanced clock; the refund callback arrives', async () => {
    let agreed: { refundId: string; orderId: string; applyFen: number } | undefined;
    for (let i = 0; i < 10 && !agreed; i++) {
      const orderId = await taobaoOrder();
      // A planned stock-out would refund the line itself (closing the buyer's application first).
      if (bed.source.planAfterPayment({ orderId }).some((a) => a.kind === 'stock_out')) continue;
      await ok(client.call('POST', '/v2/taobao/order/pay', { body: { purchaseOrderId: orderId } }));
      const q = await refundQuote(buyerCtx, {
        platform: 'taobao',
        orderId: asOrderId(orderId),
        lineNos: [1],
        kind: 'refund',
        goodsStatus: '1',
      });
      assert.ok(q.ok, JSON.stringify(q));
      const made = await submitRefund(buyerCtx, {
        platform: 'taobao',
        orderId: asOrderId(orderId),
        lines: [{ lineNo: 1 }],
        kind: 'refund',
        goodsStatus: '1',
        reasonId: q.quote.reasons.find((r) => !r.needVoucher)!.reasonId,
        applyFen: q.quote.maxFen,
        description: '不想要了',
        images: [],
      });
      assert.ok(made.ok, JSON.stringify(made));
      const plan = bed.source.planRefundResponse({
        refundId: made.refund.refundId,
        status: '10',
        version: made.refund.version,
        kind: 'refund',
      });
      if (plan?.kind === 'agree') agreed = { refundId: made.refund.refundId, orderId, applyFen: made.refund.applyFen };
    }
    assert.ok(agreed, 'an agreeing seller among ten applications (80 % agree)');
    await deliver();
    const before = await ok<{ balance: number }>(client.call('GET', '/v2/open/wallet/balance'));
    const advanced = await admin('/sandbox/clock/advance', { by: '100m' });
    assert.ok(advanced.refundActions >= 1, 'the advance reports the seller’s answer');
    const messages = await deliver();
    const answer = messages.find((m) => m.messageType === REFUND && m.body.refund_id === agreed!.refundId && m.body.refund_status === 100);
    assert.ok(answer, 'the refund callback of the seller’s answer');
    assert.deepEqual([answer.body.refund_action, answer.body.operator, answer.body.refund_type], ['SELLER_AGREE_REFUND', 'seller', 1]);
    assert.equal(answer.body.refunded_fee, agreed.applyFen);
    const after = await ok<{ balance: number }>(client.call('GET', '/v2/open/wallet/balance'));
    assert.ok(after.balance >= before.balance + agreed.applyFen, `${before.balance} → ${after.balance}`);
  });
});
