/**
 * Shared steps of the after-sales journeys, as an outside client and an operator take them: every
 * call goes over real HTTP through the independent client (test/helpers/independent-client.ts) or
 * the admin routes with the bearer token. Two things are not a client's or operator's to do and
 * stay in process: creating a developer (there is no HTTP route for it; operators use the CLI) and
 * running the callback dispatcher once (the server's background loop, run on demand so each step
 * sees its own deliveries).
 */
import assert from 'node:assert/strict';
import type { SandboxSellerRates } from '../../src/config.ts';
import { createDeveloper } from '../../src/modules/accounts/index.ts';
import { createDispatcher } from '../../src/modules/callbacks/index.ts';
import { pandaPonMessages } from '../../src/wire/callbacks/bodies.ts';
import { startReceiver, type Receiver } from './callback-receiver.ts';
import { TAOBAO_RECEIVER } from './fixtures-buyers.ts';
import { ADMIN_TOKEN } from './harness.ts';
import { adminCall, type Answer, type Envelope, IndependentClient, type SignMode, verifyStandardWebhook } from './independent-client.ts';
import { startJourneyBed, type JourneyBed } from './journey-bed.ts';
import { skuPicker } from './refunds.ts';

export const TAOBAO_REFUND = 'TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND';
export const ALIBABA_REFUND = 'ORDER_BUYER_VIEW_ORDER_BUYER_REFUND';
export const WAREHOUSE = { receiver: '退货仓 赵六', phone: '13700137000', detailAddress: '浙江省金华市义乌市稠州北路 9 号 退货部' };
export const ADDRESS_1688 = {
  fullName: '王五',
  mobile: '13900000000',
  postCode: '322000',
  provinceText: '浙江省',
  cityText: '金华市',
  areaText: '义乌市',
  address: '稠州北路 1 号 仓库',
};

/** Sellers that never act by themselves: the journeys play the seller through the admin routes. */
export const QUIET_SELLERS: Partial<SandboxSellerRates> = {
  priceChangeRate: 0,
  stockOutRate: 0,
  refundAgreeRate: 0,
  refundRefuseRate: 0,
  receiptRefuseRate: 0,
};

export interface Callback {
  messageType: string;
  body: any;
}

export interface Buyer {
  developerId: string;
  client: IndependentClient;
  receiver: Receiver;
  /** The `whsec_` secret `/v2/open/callback/set` answered. */
  secret: string;
  /** Every callback delivered to this buyer so far, each one's signature verified. */
  callbacks(): Callback[];
}

export interface Journey {
  bed: JourneyBed;
  buyer(options?: { mode?: SignMode; topUpFen?: number }): Promise<Buyer>;
  /** An operator call that must succeed: its data. */
  admin<T = any>(path: string, body?: unknown): Promise<T>;
  /** An operator call, answered as is. */
  adminAnswer(path: string, body?: unknown): Promise<Envelope>;
  advance(by: string): Promise<{ refundActions: number }>;
  /** Runs the callback dispatcher once: everything queued is delivered. */
  deliver(): Promise<void>;
  taobaoOrder(b: Buyer, lines?: number): Promise<{ orderId: string; paidFen: number }>;
  alibabaOrder(b: Buyer): Promise<{ orderId: string; entryId: string; itemFen: number; paidFen: number }>;
  close(): Promise<void>;
}

/** The data of a successful answer. */
export async function ok<T = any>(call: Promise<Answer<T>>): Promise<T> {
  const { envelope } = await call;
  assert.equal(envelope.code, 200, `${envelope.code} ${envelope.msg}`);
  return envelope.data;
}

/** A refusal: its code and message (never a 500, always the envelope). */
export async function refused(call: Promise<Answer>, code: number, msgPattern?: RegExp): Promise<string> {
  const { envelope, status } = await call;
  assert.equal(status, 200, 'every answer is HTTP 200 with an envelope');
  assert.equal(envelope.code, code, `expected ${code}, got ${envelope.code} ${envelope.msg}`);
  if (msgPattern) assert.match(envelope.msg, msgPattern);
  return envelope.msg;
}

export async function startJourney(options: { products: number; sellers?: Partial<SandboxSellerRates> }): Promise<Journey> {
  const bed = await startJourneyBed({ products: options.products, allowPrivateUrls: true, sellers: options.sellers ?? QUIET_SELLERS });
  const receivers: Receiver[] = [];
  const pick = skuPicker(bed.products);
  let count = 0;
  const adminAnswer = (path: string, body?: unknown) =>
    adminCall(bed.baseUrl, ADMIN_TOKEN, body === undefined ? 'GET' : 'POST', path, body);
  const admin = async <T>(path: string, body?: unknown): Promise<T> => {
    const answer = await adminAnswer(path, body);
    assert.equal(answer.code, 200, `${path}: ${answer.code} ${answer.msg}`);
    return answer.data;
  };
  const journey: Journey = {
    bed,
    admin,
    adminAnswer,
    async buyer(o = {}) {
      const dev = await createDeveloper(bed.ctx, { name: `aftersales-journey-${++count}` });
      await admin('/admin/wallets/topup', { developerId: dev.developerId, amountFen: o.topUpFen ?? 100_000_000, note: 'journey' });
      const client = new IndependentClient(bed.baseUrl, dev, { mode: o.mode ?? 'HMAC-SHA256' });
      const receiver = await startReceiver();
      receivers.push(receiver);
      const { secret } = await ok(client.post('/v2/open/callback/set', { url: receiver.url }));
      assert.match(secret, /^whsec_[A-Za-z0-9+/=]+$/);
      return { developerId: dev.developerId, client, receiver, secret, callbacks: () => verified(receiver, secret) };
    },
    advance: (by) => admin('/sandbox/clock/advance', { by }),
    async deliver() {
      await createDispatcher({
        ctx: bed.ctx,
        source: bed.source,
        renderer: pandaPonMessages,
        allowPrivate: true,
        schedule: 'none',
      }).runOnce();
    },
    async taobaoOrder(b, lines = 1) {
      const picked = pick('taobao', lines);
      const orderLineList = picked.map((p, i) => ({
        itemId: p.product.itemId,
        skuId: p.sku.skuId,
        quantity: '2',
        orderLineNo: String(i + 1),
        price: String(p.sku.priceFen),
        currency: 'CNY',
      }));
      const body = { orderLineList: JSON.stringify(orderLineList), receiver: JSON.stringify(TAOBAO_RECEIVER), purchaseAmount: 1 };
      const quoted = (await b.client.post('/v2/taobao/order/create', body)).envelope;
      assert.equal(quoted.code, 2002, quoted.msg);
      const made = await ok(b.client.post('/v2/taobao/order/create', { ...body, purchaseAmount: quoted.data.currentAmountFen }));
      const paid = await ok(b.client.post('/v2/taobao/order/pay', { purchaseOrderId: made.purchaseOrderId }));
      return { orderId: String(made.purchaseOrderId), paidFen: paid.payAmount };
    },
    async alibabaOrder(b) {
      const [{ product, sku }] = pick('1688', 1) as [ReturnType<typeof pick>[number]];
      const cargoParamList = [{ offerMapId: product.mapId, specId: sku.specId, quantity: product.minOrderQuantity }];
      const [order] = await ok(b.client.post('/v2/alibaba/order/create', { flow: 'general', addressParam: ADDRESS_1688, cargoParamList }));
      const paid = await ok(b.client.get('/v2/alibaba/order/pay/url', { query: { orderId: order.orderId } }));
      assert.equal(paid.protocolPaySuccess, true);
      const entry = order.productItems[0];
      return {
        orderId: String(order.orderId),
        entryId: String(entry.subItemID),
        itemFen: Math.round(entry.itemAmount * 100),
        paidFen: paid.payAmount,
      };
    },
    async close() {
      for (const r of receivers) await r.close();
      await bed.close();
    },
  };
  return journey;
}

/** The receiver's messages, each checked against the buyer's secret with the independent verifier. */
function verified(receiver: Receiver, secret: string): Callback[] {
  return receiver.messages().map((r) => {
    const headers = {
      id: String(r.headers['webhook-id']),
      timestamp: String(r.headers['webhook-timestamp']),
      signature: String(r.headers['webhook-signature']),
    };
    assert.deepEqual(verifyStandardWebhook(secret, headers, r.body), { ok: true }, `callback ${headers.id} signature`);
    const envelope = JSON.parse(r.body) as { messageType: string; messageBody: unknown };
    const body = typeof envelope.messageBody === 'string' ? JSON.parse(envelope.messageBody) : envelope.messageBody;
    return { messageType: envelope.messageType, body };
  });
}

/** A refund's callbacks in delivery order, each one's (status, operator, action) — Taobao or 1688 field names. */
export function refundCallbacks(b: Buyer, refundId: string): { status: string; operator: string; action: string; body: any }[] {
  return b
    .callbacks()
    .filter(
      (c) =>
        (c.messageType === TAOBAO_REFUND && c.body.refund_id === refundId) ||
        (c.messageType === ALIBABA_REFUND && c.body.refundId === refundId),
    )
    .map((c) =>
      c.messageType === TAOBAO_REFUND
        ? { status: String(c.body.refund_status), operator: c.body.operator, action: c.body.refund_action, body: c.body }
        : { status: c.body.currentStatus, operator: c.body.operator, action: c.body.refundAction, body: c.body },
    );
}

export interface LedgerLine {
  kind: string;
  ref: string | null;
  amount: number;
  balanceAfter: number;
}

/** The whole ledger and the balance, over HTTP. */
export async function wallet(b: Buyer): Promise<{ balance: number; lines: LedgerLine[] }> {
  const { balance } = await ok(b.client.get('/v2/open/wallet/balance'));
  const lines: LedgerLine[] = [];
  for (let pageNo = 1; ; pageNo++) {
    const page = await ok(b.client.post('/v2/open/wallet/ledger/page', { pageNo, pageSize: 100 }));
    lines.push(...page.data);
    if (page.data.length < 100) break;
  }
  return { balance, lines };
}

/**
 * The ledger credits `ref` exactly once with `amountFen`, the ledger adds up to the balance, and
 * the balance moved from `before` by exactly `deltaFen` (every credit the step made).
 */
export async function assertCreditedOnce(b: Buyer, ref: string, amountFen: number, before: number, deltaFen = amountFen): Promise<void> {
  const { balance, lines } = await wallet(b);
  const credits = lines.filter((l) => l.ref === ref);
  assert.deepEqual(
    credits.map((l) => [l.kind, l.amount]),
    [['refund', amountFen]],
    `one refund credit for ${ref}`,
  );
  assert.equal(
    lines.reduce((sum, l) => sum + l.amount, 0),
    balance,
    'the ledger adds up to the balance',
  );
  assert.equal(lines[0]?.balanceAfter, balance, 'the newest line ends at the balance');
  assert.equal(balance - before, deltaFen, 'the balance moved by exactly the refund');
}

export const balanceOf = async (b: Buyer): Promise<number> => (await ok(b.client.get('/v2/open/wallet/balance'))).balance;

export const taobaoDetail = (b: Buyer, orderId: string) =>
  ok(b.client.get('/v2/taobao/order/detail', { query: { purchaseOrderId: orderId } }));
export const taobaoRefund = (b: Buyer, refundId: string) =>
  ok(b.client.get('/v2/taobao/order/refund/query', { query: { refundId } })).then((d) => d.refundOrderAggregate.refundOrder);
export const alibabaDetail = (b: Buyer, orderId: string) => ok(b.client.post('/v2/alibaba/order/detail', { webSite: '1688', orderId }));
