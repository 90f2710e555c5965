/**
 * The crash harness's clients: each flow creates a Taobao order, pays it and (some) applies for a
 * refund, through the signed HTTP API with the independent client (no project code). A request
 * the server died under is sent again, with the same Idempotency-Key and body, until it is
 * answered; only what the server answered with code 200 is recorded as acknowledged.
 */
import { seededRandom } from '../../bench/lib/stats.ts';
import { generateProduct } from '../../src/sources/sandbox/catalog/index.ts';
import { TAOBAO_RECEIVER } from '../helpers/fixtures-buyers.ts';
import { CATALOG_SEED } from '../helpers/harness.ts';
import { type Credentials, type Envelope, IndependentClient, type RequestOptions } from '../helpers/independent-client.ts';
import { PRODUCTS, type CrashServer } from './server.ts';

export interface Buyer extends Credentials {
  developerId: string;
}

/** What the server acknowledged: answers with code 200 and the ids they named. */
export interface Acks {
  topUps: Map<string, number>;
  orders: Map<string, { developerId: string; flow: number }>;
  payments: Map<string, { developerId: string; payAmountFen: number }>;
  refunds: Map<string, { developerId: string; orderId: string }>;
  /** Parcels scanned in at the warehouse door: parcel id → order id. */
  parcels: Map<string, string>;
}

export interface Traffic {
  requests: number;
  /** Requests the server answered (any code): the progress the kill moments are drawn against. */
  answered: number;
  /** Requests sent again: the server died under them, or answered a retryable code. */
  retries: number;
  /** Business refusals by step and code (out of stock, a refund the order no longer allows, …). */
  refused: Record<string, number>;
}

export interface Flows {
  server: CrashServer;
  buyers: Buyer[];
  acks: Acks;
  traffic: Traffic;
  seed: number;
}

export const newAcks = (): Acks => ({ topUps: new Map(), orders: new Map(), payments: new Map(), refunds: new Map(), parcels: new Map() });
export const newTraffic = (): Traffic => ({ requests: 0, answered: 0, retries: 0, refused: {} });

/** Busy answers worth asking again; the same request may then succeed. */
const RETRYABLE_CODES = new Set([409, 429, 500]);
const MAX_CODE_RETRIES = 5;
/** Requests lost to the server's death are retried on every life; this bounds a hung run. */
const MAX_LOST = 200;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function send(f: Flows, who: Buyer, method: 'GET' | 'POST', path: string, o: RequestOptions): Promise<Envelope> {
  let busy = 0;
  let lost = 0;
  for (;;) {
    const baseUrl = await f.server.ready();
    f.traffic.requests++;
    try {
      const { envelope } = await new IndependentClient(baseUrl, who, { mode: 'HMAC-SHA256' }).send(method, path, o);
      f.traffic.answered++;
      if (!RETRYABLE_CODES.has(envelope.code) || ++busy > MAX_CODE_RETRIES) return envelope;
    } catch (error) {
      if (++lost > MAX_LOST) throw error;
    }
    f.traffic.retries++;
    await sleep(50);
  }
}

export function refuse(f: Flows, step: string, answer: Envelope): void {
  const key = `${step} ${answer.code}`;
  f.traffic.refused[key] = (f.traffic.refused[key] ?? 0) + 1;
}

/** The catalog's Taobao SKUs in stock, rebuilt from the seed the server generated them with. */
function taobaoSkus(): { itemId: string; skuId: string }[] {
  const out: { itemId: string; skuId: string }[] = [];
  for (let i = 0; i < PRODUCTS; i++) {
    const record = generateProduct(CATALOG_SEED, i);
    if (record.platform !== 'taobao') continue;
    for (const sku of record.skus) if (sku.stock > 0) out.push({ itemId: record.numericId, skuId: sku.skuId });
  }
  return out;
}

const SKUS = taobaoSkus();

/** One flow: quote, create (idempotent), pay, and with 40 % chance a refund application. */
export async function runFlow(f: Flows, flow: number): Promise<void> {
  const random = seededRandom(f.seed * 7919 + flow);
  const who = f.buyers[flow % f.buyers.length]!;
  const sku = SKUS[Math.floor(random() * SKUS.length)]!;
  const order = {
    orderLineList: JSON.stringify([{ itemId: sku.itemId, skuId: sku.skuId, quantity: '1' }]),
    receiver: JSON.stringify(TAOBAO_RECEIVER),
  };
  // An amount of 1 fen is refused with the amount due (2002), which creates nothing.
  const quote = await send(f, who, 'POST', '/v2/taobao/order/create', { body: { ...order, purchaseAmount: 1 } });
  if (quote.code !== 2002) return refuse(f, 'quote', quote);
  const key = `crash-${f.seed}-${flow}`;
  const body = { ...order, purchaseAmount: quote.data.currentAmountFen };
  const made = await send(f, who, 'POST', '/v2/taobao/order/create', { body, idempotencyKey: key });
  if (made.code !== 200) return refuse(f, 'create', made);
  const orderId = String(made.data.purchaseOrderId);
  f.acks.orders.set(orderId, { developerId: who.developerId, flow });
  const paid = await send(f, who, 'POST', '/v2/taobao/order/pay', { body: { purchaseOrderId: orderId } });
  if (paid.code !== 200) return refuse(f, 'pay', paid);
  if (!f.acks.payments.has(orderId)) f.acks.payments.set(orderId, { developerId: who.developerId, payAmountFen: paid.data.payAmount });
  if (random() < 0.4) await applyRefund(f, who, orderId, `${key}-refund`);
}

async function applyRefund(f: Flows, who: Buyer, orderId: string, key: string): Promise<void> {
  const application = { subOrderId: `${orderId}-1`, refundType: 1, goodsStatus: 1 };
  const render = await send(f, who, 'POST', '/v2/taobao/order/refund/render', { body: application });
  if (render.code !== 200) return refuse(f, 'render', render);
  const template = render.data.refundOrderTemplate;
  const body = {
    ...application,
    reasonId: template.refundReasons[0].reasonId,
    refundFee: template.maxRefundFee.refundFee,
    refundDesc: '拍错了',
  };
  const submitted = await send(f, who, 'POST', '/v2/taobao/order/refund/submit', { body, idempotencyKey: key });
  if (submitted.code !== 200) return refuse(f, 'refund', submitted);
  f.acks.refunds.set(String(submitted.data.refundId), { developerId: who.developerId, orderId });
}
