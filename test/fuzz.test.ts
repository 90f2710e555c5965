import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { topUp } from '../src/modules/wallet/index.ts';
import { signedHeaders } from '../sdk/src/index.ts';
import type { Source, SourceProduct } from '../src/sources/source.ts';
import { orderTestbed } from './helpers/catalog.ts';
import {
  bodyArbitrary,
  documentedOperations,
  pathArbitrary,
  queryArbitrary,
  withoutPathParams,
  type DocumentedOperation,
} from './helpers/fuzz.ts';
import { ADMIN_TOKEN, type Harness } from './helpers/harness.ts';
import { OWNED_IDS, ownerRows, type Params } from './helpers/owned-ids.ts';
import { ALIBABA_ADDRESS, TAOBAO_RECEIVER } from './helpers/fixtures-buyers.ts';
import { signedOperations } from './helpers/routes.ts';

/**
 * Every operation of /openapi.json, correctly authenticated, with request values derived from its
 * schema and mutated: no answer may be a 500 or fall outside the envelope. Fixed seed, bounded runs
 * (FUZZ_SEED and FUZZ_RUNS override them to dig deeper or replay a failure).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202);
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);

let h: Harness;
let dev: CreatedDeveloper;
let operations: DocumentedOperation[];
let examples: Record<string, Params> = {};
let requests = 0;
/** How many answers had each code: how far past validation the fuzz got. */
const codes: Record<string, number> = {};
let startedAt = 0;

before(async () => {
  // The wall clock is pinned, so the rate limit never refills: a burst for every request of the run.
  let source: Source;
  let products: SourceProduct[];
  ({ h, source, products } = await orderTestbed({ rateLimitBurst: 10_000_000, callbackTimeoutMs: 500 }, 60));
  dev = await h.developer();
  await topUp(h.ctx, { developerId: dev.developerId, amountFen: 1_000_000_000 });
  operations = documentedOperations((await h.app.inject({ method: 'GET', url: '/openapi.json' })).json());
  examples = await realValues(source, products);
  startedAt = Date.now();
});
after(() => h.close());

/**
 * Real values to mutate, so the fuzz reaches past validation: the owned-id inputs of the security
 * suite (rows of the fuzzing developer), catalog ids for the rest. Operations absent here fuzz from
 * their schema alone.
 */
async function realValues(source: Source, products: SourceProduct[]): Promise<Record<string, Params>> {
  const rows = ownerRows(h, source, products, dev);
  const values: Record<string, Params> = {};
  for (const op of operations) {
    const owned = OWNED_IDS[op.operationId];
    if (owned && 'params' in owned && op.operationId !== 'callbackRedeliver') values[op.operationId] = await owned.params(rows);
  }
  const item = products.find((p) => p.platform === 'taobao')!;
  const offer = products.find((p) => p.platform === '1688')!;
  const sellerOpenId = source.shop('1688', offer.shopIndex)!.sellerOpenId;
  const cargo = {
    addressParam: ALIBABA_ADDRESS,
    cargoParamList: [{ offerMapId: offer.mapId, specId: offer.skus[0]!.specId, quantity: offer.minOrderQuantity }],
  };
  const line = {
    itemId: item.itemId,
    skuId: item.skus[0]!.skuId,
    quantity: '1',
    orderLineNo: '1',
    price: String(item.skus[0]!.priceFen),
    currency: 'CNY',
  };
  const order = { orderLineList: JSON.stringify([line]), receiver: JSON.stringify(TAOBAO_RECEIVER), purchaseAmount: 1 };
  const priced = await h.call(dev, 'POST', '/v2/taobao/order/create', order);
  return {
    ...values,
    sandboxClockAdvance: { by: '1m' },
    adminWalletTopUp: { developerId: dev.developerId, amountFen: 100 },
    adminWalletShow: { developerId: dev.developerId },
    taobaoProductGet: { itemId: item.itemId },
    taobaoProductBatchCheck: { params: JSON.stringify([{ itemId: item.itemId, skuIds: [item.skus[0]!.skuId] }]) },
    alibabaProductDetail: { offerId: offer.mapId },
    alibabaRelatedRecommend: { offerId: offer.mapId },
    alibabaSellerOfferQuery: { sellerOpenId },
    alibabaWangwangDecrypt: { openUid: sellerOpenId },
    taobaoCartAdd: { itemId: item.itemId, skuId: item.skus[0]!.skuId, quantity: 1 },
    alibabaCartAdd: { offerMapId: offer.mapId, specId: offer.skus[0]!.specId, quantity: offer.minOrderQuantity },
    taobaoOrderCreate: { ...order, purchaseAmount: priced.data.currentAmountFen },
    alibabaOrderPreview: cargo,
    alibabaOrderBatchPreview: cargo,
    alibabaOrderCreate: { flow: 'general', ...cargo },
    alibabaOrderBatchCreate: { flow: 'general', ...cargo },
    callbackSet: { url: 'http://127.0.0.1:9/hook' },
  };
}

/** Sends one request as the operation's caller expects: signed, with the admin token, or plain. */
async function send(op: DocumentedOperation, path: string, query: string, body: string | undefined): Promise<LightMyRequestResponse> {
  requests++;
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (op.auth === 'signed') Object.assign(headers, signedHeaders({ ...dev, body, timestamp: String(h.clock.nowMs()) }));
  if (op.auth === 'admin') headers.authorization = `Bearer ${ADMIN_TOKEN}`;
  return h.app.inject({ method: op.method, url: `${path}${query}`, headers, ...(body === undefined ? {} : { payload: body }) });
}

/**
 * An operation documented as text (`/metrics`) answers HTTP 200 with that media type, or refuses
 * the request (a NUL in the query, say) in the envelope like every route.
 */
function assertDocumentedText(response: LightMyRequestResponse, mediaType: string, what: string): void {
  if (String(response.headers['content-type']).startsWith('application/json')) {
    assertEnvelope(response, what);
    return;
  }
  assert.equal(response.statusCode, 200, `${what}: HTTP ${response.statusCode}`);
  assert.ok(String(response.headers['content-type']).startsWith(mediaType), `${what}: ${response.headers['content-type']}`);
  codes[mediaType] = (codes[mediaType] ?? 0) + 1;
}

/** The answer is HTTP 200, JSON, the PandaPon envelope, and not an internal error. */
function assertEnvelope(response: LightMyRequestResponse, what: string): void {
  assert.equal(response.statusCode, 200, `${what}: HTTP ${response.statusCode}`);
  let answer: Record<string, unknown>;
  try {
    answer = response.json();
  } catch {
    assert.fail(`${what}: not JSON: ${response.body.slice(0, 200)}`);
  }
  assert.match(String(answer.requestId), /^[0-9a-f]{32}$/, what);
  assert.ok(Number.isInteger(answer.code), `${what}: code ${answer.code}`);
  assert.equal(typeof answer.developId, 'string', what);
  assert.equal(typeof answer.msg, 'string', what);
  assert.ok('data' in answer, `${what}: no data`);
  assert.notEqual(answer.code, 500, `${what}: ${answer.msg}`);
  codes[String(answer.code)] = (codes[String(answer.code)] ?? 0) + 1;
}

function property(op: DocumentedOperation) {
  const example = withoutPathParams(op, examples[op.operationId]);
  const path = pathArbitrary(op, examples[op.operationId]);
  const query = op.method === 'GET' || op.body === undefined ? queryArbitrary(op.query, example) : fc.constant('');
  const body = op.body ? bodyArbitrary(op.body, example) : fc.constant(undefined);
  return fc.asyncProperty(path, query, body, async (p, q, b) => {
    const what = `${op.method} ${p.slice(0, 200)}${q.slice(0, 200)} ${b?.slice(0, 200) ?? ''}`;
    const response = await send(op, p, q, b);
    if (op.answers === 'application/json') assertEnvelope(response, what);
    else assertDocumentedText(response, op.answers, what);
  });
}

describe('fuzzing every operation of /openapi.json', () => {
  const fuzzed = new Set<string>();

  test('no 500 and no answer outside the envelope', async (t) => {
    t.diagnostic(`fuzzing ${operations.length} operations, seed ${SEED}, ${RUNS} runs each`);
    for (const op of operations) {
      await fc.assert(property(op), { seed: SEED, numRuns: RUNS });
      fuzzed.add(`${op.method} ${op.path}`);
    }
    t.diagnostic(
      `${requests} requests over ${fuzzed.size} operations in ${Date.now() - startedAt} ms (seed ${SEED}); codes ${JSON.stringify(codes)}`,
    );
  });

  test('the fuzzed operations are every operation of /openapi.json, and every signed route of the app', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const documented = Object.values<object>(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    assert.equal(fuzzed.size, documented);
    const signed = signedOperations().map((op) => `${op.method} ${op.path}`);
    assert.deepEqual(
      signed.filter((op) => !fuzzed.has(op)),
      [],
    );
    assert.ok(operations.some((op) => op.auth === 'admin') && operations.some((op) => op.auth === 'public'));
  });
});
