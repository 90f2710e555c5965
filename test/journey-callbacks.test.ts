import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Webhook } from 'standardwebhooks';
import { signedHeaders } from '../sdk/index.ts';
import { buildApp, systemContext } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createDeveloper, createSubAccount, type CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { createDispatcher } from '../src/modules/callbacks/index.ts';
import type { SystemCtx } from '../src/platform/context.ts';
import { createLogger } from '../src/platform/logger.ts';
import { SandboxClock } from '../src/platform/sandbox-clock.ts';
import { describeProducts, sandboxIdSecret } from '../src/sources/sandbox/build.ts';
import { createSandboxSource } from '../src/sources/sandbox/source.ts';
import { generateCatalog, getProductsByIndexes } from '../src/sources/sandbox/store/index.ts';
import type { Source, SourceProduct } from '../src/sources/source.ts';
import { startReceiver, type Receiver } from './helpers/callback-receiver.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { ADMIN_TOKEN, CATALOG_SEED } from './helpers/harness.ts';

/**
 * Callbacks and ids as a plain client meets them, over real HTTP: business time is a real
 * SandboxClock (wall clock + offset) moved by POST /sandbox/clock/advance, every request is
 * signed with the real time, answers and callback bodies are read with a bare JSON.parse, and
 * deliveries are checked with the standardwebhooks package against the real clock.
 */
const RECEIVER = JSON.stringify({ name: '王五', mobile_phone: '13900000000', country: '中国', state: '浙江省', city: '金华市', district: '义乌市', address: '稠州北路 1 号', zip: '322000' });
const ADDRESS_PARAM = { fullName: '王五', mobile: '13900000000', phone: '', postCode: '322000', cityText: '金华市', provinceText: '浙江省', areaText: '义乌市', townText: '稠城街道', address: '稠州北路 1 号' };

let testDb: TestDb;
let app: FastifyInstance;
let ctx: SystemCtx;
let source: Source;
let baseUrl: string;
let products: SourceProduct[];
let rx: Receiver;
const used = new Set<string>();

before(async () => {
  testDb = await freshDatabase();
  await generateCatalog(testDb.db, { seed: CATALOG_SEED, products: 400, secret: sandboxIdSecret(Buffer.alloc(32, 7)), describe: describeProducts });
  source = await createSandboxSource(testDb.db);
  const deps = { config: loadConfig({}, { allowPrivateUrls: true }), db: testDb.db, clock: new SandboxClock(), logger: createLogger('silent'), masterKey: Buffer.alloc(32, 7), adminToken: ADMIN_TOKEN, validateResponses: true, source };
  app = await buildApp(deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  ctx = systemContext(deps);
  products = await getProductsByIndexes(testDb.db, Array.from({ length: 400 }, (_, i) => i));
  rx = await startReceiver();
});
after(async () => {
  await rx.close();
  await app.close();
  await testDb.drop();
});

type Who = Pick<CreatedDeveloper, 'accessKey' | 'accessSecret' | 'userId'>;
type Answer = { code: number; msg: string; developId: string; data: any };

/** A client with no id handling of its own: the raw text through JSON.parse, as most receivers do. */
async function plain(who: Who, method: 'GET' | 'POST', path: string, payload?: unknown): Promise<{ answer: Answer; text: string }> {
  const body = method === 'POST' ? (typeof payload === 'string' ? payload : JSON.stringify(payload ?? {})) : undefined;
  const query = method === 'GET' && payload ? `?${new URLSearchParams(payload as Record<string, string>)}` : '';
  const headers = { ...signedHeaders({ ...who, body }), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
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
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
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
  const body = { orderLineList: JSON.stringify([{ itemId: p.product.itemId, skuId: p.sku.skuId, quantity: 1 }]), receiver: RECEIVER, purchaseAmount: 0, ...(outerPurchaseId ? { outer_purchase_id: outerPurchaseId } : {}) };
  const first = (await plain(who, 'POST', '/v2/taobao/order/create', body)).answer;
  assert.equal(first.code, 2002, first.msg);
  const created = await ok(who, 'POST', '/v2/taobao/order/create', { ...body, purchaseAmount: first.data.purchaseAmount });
  return { orderId: created.purchaseOrderId, sku: p.sku };
}

async function alibabaOrder(who: Who): Promise<string> {
  const p = pick('1688');
  const seller = source.shop('1688', p.product.shopIndex)!;
  const created = await ok(who, 'POST', '/v2/alibaba/order/create', { flow: 'general', addressParam: ADDRESS_PARAM, cargoParamList: [{ offerMapId: p.product.mapId, specId: p.sku.specId, quantity: p.quantity, sellerOpenId: seller.sellerOpenId }] });
  return created[0].orderId;
}

const dispatcher = () => createDispatcher({ ctx, source, allowPrivate: true, schedule: 'none' });
const envelopeOf = (body: string) => JSON.parse(body) as { messageType: string; messageBody: any; messagePlatform: number; timestamp: string };

describe('callbacks over real HTTP', () => {
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
      const headers = { 'webhook-id': String(r.headers['webhook-id']), 'webhook-timestamp': String(r.headers['webhook-timestamp']), 'webhook-signature': String(r.headers['webhook-signature']) };
      assert.doesNotThrow(() => verifier.verify(r.body, headers), `${headers['webhook-id']} at ${headers['webhook-timestamp']}`);
      assert.ok(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000) < 60, 'the signature carries the real time');
      // Business time stays in the body: the push time is the advanced sandbox time.
      assert.ok(Number(envelopeOf(r.body).timestamp) >= businessMs - 60_000, 'the envelope timestamp is business time');
    }
  });
});
