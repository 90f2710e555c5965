import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { signedHeaders } from '../sdk/src/index.ts';
import { createDeveloper, createSubAccount, type CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { createDispatcher } from '../src/modules/callbacks/index.ts';
import { pandaPonMessages } from '../src/wire/callbacks/bodies.ts';
import type { SystemCtx } from '../src/platform/context.ts';
import type { Source, SourceProduct } from '../src/sources/source.ts';
import { startReceiver, type Receiver } from './helpers/callback-receiver.ts';
import { startJourneyBed, type JourneyBed } from './helpers/journey-bed.ts';
import { ADMIN_TOKEN } from './helpers/harness.ts';

/**
 * Callbacks and ids as a plain client meets them, over real HTTP: business time is a real
 * SandboxClock (wall clock + offset) moved by POST /sandbox/clock/advance, every request is
 * signed with the real time, answers and callback bodies are read with a bare JSON.parse, and
 * deliveries are checked with the standardwebhooks package against the real clock.
 */
const RECEIVER = JSON.stringify({
  name: '王五',
  mobile_phone: '13900000000',
  country: '中国',
  state: '浙江省',
  city: '金华市',
  district: '义乌市',
  address: '稠州北路 1 号',
  zip: '322000',
});
const ADDRESS_PARAM = {
  fullName: '王五',
  mobile: '13900000000',
  phone: '',
  postCode: '322000',
  cityText: '金华市',
  provinceText: '浙江省',
  areaText: '义乌市',
  townText: '稠城街道',
  address: '稠州北路 1 号',
};

let bed: JourneyBed;
let ctx: SystemCtx;
let source: Source;
let baseUrl: string;
let products: SourceProduct[];
let rx: Receiver;
const used = new Set<string>();

before(async () => {
  bed = await startJourneyBed({ products: 400, allowPrivateUrls: true });
  ({ ctx, source, baseUrl, products } = bed);
  rx = await startReceiver();
});
after(async () => {
  await rx.close();
  await bed.close();
});

type Who = Pick<CreatedDeveloper, 'accessKey' | 'accessSecret' | 'userId'>;
type Answer = { code: number; msg: string; developId: string; data: any };

/** A client with no id handling of its own: the raw text through JSON.parse, as most receivers do. */
async function plain(who: Who, method: 'GET' | 'POST', path: string, payload?: unknown): Promise<{ answer: Answer; text: string }> {
  const body = method === 'POST' ? (typeof payload === 'string' ? payload : JSON.stringify(payload ?? {})) : undefined;
  const query = method === 'GET' && payload ? `?${new URLSearchParams(payload as Record<string, string>)}` : '';
  const headers = {
    ...signedHeaders({ ...who, body }),
    'accept-language': 'en',
    ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
  };
  const response = await fetch(`${baseUrl}${path}${query}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  return { answer: JSON.parse(text) as Answer, text };
}

async function ok(who: Who, method: 'GET' | 'POST', path: string, payload?: unknown): Promise<any> {
  const { answer } = await plain(who, method, path, payload);
  assert.equal(answer.code, 200, `${path}: ${answer.msg}`);
  return answer.data;
}

async function admin(path: string, body: unknown): Promise<any> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Answer;
  assert.equal(answer.code, 200, `${path}: ${answer.msg}`);
  return answer.data;
}

async function customer(): Promise<CreatedDeveloper> {
  const dev = await createDeveloper(ctx, { name: `cb-journey-${used.size}` });
  await admin('/admin/wallets/topup', { developerId: dev.developerId, amountFen: 50_000_000, note: 'journey' });
  return dev;
}

function pick(platform: 'taobao' | '1688') {
  for (const product of products) {
    if (product.platform !== platform) continue;
    const quantity = platform === '1688' ? product.minOrderQuantity : 1;
    const sku = product.skus.find((s) => s.stock >= quantity * 3 && s.properties.length > 0 && !used.has(`${product.itemId}/${s.skuId}`));
    if (!sku) continue;
    used.add(`${product.itemId}/${sku.skuId}`);
    return { product, sku, quantity };
  }
  throw new Error(`no ${platform} product fits`);
}

/** A Taobao order through the wire: the amount due comes from the 2002 answer to a first try. */
async function taobaoOrder(who: Who, outerPurchaseId?: string): Promise<{ orderId: string; sku: SourceProduct['skus'][number] }> {
  const p = pick('taobao');
  const body = {
    orderLineList: JSON.stringify([{ itemId: p.product.itemId, skuId: p.sku.skuId, quantity: 1 }]),
    receiver: RECEIVER,
    purchaseAmount: 0,
    ...(outerPurchaseId ? { outer_purchase_id: outerPurchaseId } : {}),
  };
  const first = (await plain(who, 'POST', '/v2/taobao/order/create', body)).answer;
  assert.equal(first.code, 2002, first.msg);
  const created = await ok(who, 'POST', '/v2/taobao/order/create', { ...body, purchaseAmount: first.data.purchaseAmount });
  return { orderId: created.purchaseOrderId, sku: p.sku };
}

async function alibabaOrder(who: Who): Promise<string> {
  const p = pick('1688');
  const seller = source.shop('1688', p.product.shopIndex)!;
  const created = await ok(who, 'POST', '/v2/alibaba/order/create', {
    flow: 'general',
    addressParam: ADDRESS_PARAM,
    cargoParamList: [{ offerMapId: p.product.mapId, specId: p.sku.specId, quantity: p.quantity, sellerOpenId: seller.sellerOpenId }],
  });
  return created[0].orderId;
}

const dispatcher = () => createDispatcher({ ctx, source, renderer: pandaPonMessages, allowPrivate: true, schedule: 'none' });
const envelopeOf = (body: string) =>
  JSON.parse(body) as { messageType: string; messageBody: any; messagePlatform: number; timestamp: string };

describe('callbacks and ids over real HTTP with a plain JSON.parse client', () => {
  test('after sandbox advance 3d, the URL check and every delivery verify with the standardwebhooks package', async () => {
    const dev = await customer();
    await ok(dev, 'POST', '/v2/open/callback/set', { url: rx.url });
    const { orderId } = await taobaoOrder(dev);
    await ok(dev, 'POST', '/v2/taobao/order/pay', { purchaseOrderId: orderId });
    await alibabaOrder(dev);
    const before = rx.received.length;
    const advanced = await admin('/sandbox/clock/advance', { by: '3d' });
    const businessMs: number = advanced.nowMs;
    assert.ok(businessMs - Date.now() > 2.9 * 86_400_000);
    // The URL check after the advance is signed too; then everything queued is delivered.
    const set = await ok(dev, 'POST', '/v2/open/callback/set', { url: rx.url });
    await dispatcher().runOnce();
    const deliveries = rx.received.slice(before);
    assert.ok(deliveries.length >= 3, `the URL check and at least two messages, got ${deliveries.length}`);
    const verifier = new Webhook(set.secret);
    for (const r of deliveries) {
      const headers = {
        'webhook-id': String(r.headers['webhook-id']),
        'webhook-timestamp': String(r.headers['webhook-timestamp']),
        'webhook-signature': String(r.headers['webhook-signature']),
      };
      assert.doesNotThrow(() => verifier.verify(r.body, headers), `${headers['webhook-id']} at ${headers['webhook-timestamp']}`);
      assert.ok(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000) < 60, 'the signature carries the real time');
      // Business time stays in the body: the push time is the advanced sandbox time.
      assert.ok(Number(envelopeOf(r.body).timestamp) >= businessMs - 60_000, 'the envelope timestamp is business time');
    }
  });

  test('every id in answers and callback bodies survives JSON.parse → String() and matches the ids of other answers; ids are accepted as strings and numbers', async () => {
    const dev = await customer();
    const sub = await createSubAccount(ctx, dev.developerId, 'buyer');
    assert.ok(sub.ok);
    const buyer = { ...dev, userId: sub.userId };
    await ok(dev, 'POST', '/v2/open/callback/set', { url: rx.url });
    const before = rx.received.length;
    const texts: string[] = [];
    const record = async (who: Who, method: 'GET' | 'POST', path: string, payload?: unknown) => {
      const { answer, text } = await plain(who, method, path, payload);
      assert.equal(answer.code, 200, `${path}: ${answer.msg}`);
      assert.equal(answer.developId, dev.developerId);
      texts.push(text);
      return answer.data;
    };
    const { orderId } = await taobaoOrder(buyer, 'PO-ids-1');
    // Ids go in as JSON numbers as well as strings.
    await record(buyer, 'GET', '/v2/taobao/order/detail', { purchaseOrderId: orderId });
    const paid = await record(dev, 'POST', '/v2/taobao/order/pay', { purchaseOrderId: Number(orderId) });
    assert.equal(paid.purchaseOrderId, orderId);
    const aliId = await alibabaOrder(buyer);
    const aliDetail = await record(buyer, 'POST', '/v2/alibaba/order/detail', { orderId: Number(aliId) });
    assert.equal(JSON.stringify(aliDetail).includes(aliId), true);
    await record(dev, 'POST', '/v2/alibaba/order/batch/submit/to/pay', { orderIds: [Number(aliId)] });
    const address = await record(buyer, 'POST', '/v2/open/address/addOrUpdate', {
      name: '王五',
      province: '浙江省',
      city: '金华市',
      district: '义乌市',
      address: '稠州北路 1 号',
      phone: '13900000000',
    });
    await record(buyer, 'POST', '/v2/open/address/addOrUpdate', {
      id: String(address.id),
      name: '王五',
      province: '浙江省',
      city: '金华市',
      district: '义乌市',
      address: '稠州北路 2 号',
      phone: '13900000000',
    });
    await record(buyer, 'POST', '/v2/open/address/delete', { id: String(address.id) });

    await dispatcher().runOnce();
    const deliveries = rx.received.slice(before).filter((r) => !String(r.headers['webhook-id']).startsWith('verify_'));
    const statuses = deliveries
      .map((r) => envelopeOf(r.body))
      .filter((e) => e.messageType === 'TAOBAO_ORDER_BUYER_VIEW_BUYER_STATUS')
      .map((e) => e.messageBody[0]);
    const po = statuses.find((p) => String(p.purchase_id) === orderId);
    assert.ok(po, `a status message for ${orderId}`);
    assert.equal(typeof po.purchase_id, 'number');
    assert.equal(String(po.sub_user_id), buyer.userId, 'sub_user_id is the buyer sub-account, exactly');
    assert.equal(po.outer_purchase_id, 'PO-ids-1');
    const aliMessage = deliveries
      .map((r) => envelopeOf(r.body))
      .find((e) => e.messagePlatform === 1 && JSON.parse(e.messageBody).orderId === aliId);
    assert.ok(aliMessage, `a 1688 message for ${aliId}`);

    const log = await record(dev, 'POST', '/v2/open/callback/log/page', { orderId: Number(orderId) });
    assert.ok(log.data.length >= 2);
    const webhookIds = new Set(deliveries.map((r) => String(r.headers['webhook-id'])));
    for (const m of log.data) assert.ok(webhookIds.has(m.messageId), `log message ${m.messageId} is a delivered webhook-id`);
    const again = await record(dev, 'POST', '/v2/open/callback/redeliver', { messageId: Number(log.data[0].messageId) });
    assert.deepEqual(again.messageIds, [log.data[0].messageId]);

    // No id anywhere is a JSON number that JSON.parse could have rounded.
    const numbersNamedId: Array<[string, number]> = [];
    const walk = (value: unknown, key: string): void => {
      if (Array.isArray(value)) for (const v of value) walk(v, key);
      else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
      else if (typeof value === 'number' && /(^id$|Id$|ID$|_id$)/.test(key)) numbersNamedId.push([key, value]);
    };
    for (const text of [...texts, ...deliveries.map((r) => r.body)]) walk(JSON.parse(text), '');
    for (const e of deliveries.map((r) => envelopeOf(r.body))) if (typeof e.messageBody === 'string') walk(JSON.parse(e.messageBody), '');
    assert.ok(numbersNamedId.some(([k]) => k === 'purchase_id'));
    for (const [key, value] of numbersNamedId) assert.ok(Number.isSafeInteger(value), `${key} ${value} is exact as a JSON number`);
  });

  test('an id sent as a JSON number beyond 2^53 is refused with a 400 naming the field and asking for the string', async () => {
    const dev = await customer();
    for (const [path, raw, field] of [
      ['/v2/alibaba/order/detail', '{"orderId":2127854011615870977}', 'orderId'],
      ['/v2/taobao/order/pay', '{"purchaseOrderId":2127854011615870977}', 'purchaseOrderId'],
      ['/v2/alibaba/order/batch/submit/to/pay', '{"orderIds":[2127854011615870977]}', 'orderIds[0]'],
      ['/v2/open/address/delete', '{"id":9007199254740993}', 'id'],
    ] as const) {
      const { answer } = await plain(dev, 'POST', path, raw);
      assert.equal(answer.code, 400, `${path}: ${answer.msg}`);
      assert.ok(answer.msg.includes(field) && /send the id as a string/.test(answer.msg), `${path}: ${answer.msg}`);
    }
    // The same id as a string is simply looked up (another developer's or unknown: 404).
    assert.equal((await plain(dev, 'POST', '/v2/alibaba/order/detail', { orderId: '2127854011615870977' })).answer.code, 404);
  });
});
