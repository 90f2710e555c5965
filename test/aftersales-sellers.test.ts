import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../src/config.ts';
import {
  DEFAULT_REFUND_TIMERS,
  getRefundSystem,
  sellerRefundEvents,
  refundSellersTick,
  sellerAgree,
  sellerRefuse,
  submitReturnLogistics,
  type RefundSellerSource,
  type RefundView,
} from '../src/modules/aftersales/index.ts';
import { fulfilmentTick } from '../src/modules/fulfilment/index.ts';
import { getOrder } from '../src/modules/orders/index.ts';
import { getBalance } from '../src/modules/wallet/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import type { SystemCtx } from '../src/platform/context.ts';
import { connect, type Db } from '../src/platform/db/index.ts';
import { describeProducts, sandboxIdSecret } from '../src/sources/sandbox/build.ts';
import { generateCatalog, getProductsByIndexes } from '../src/sources/sandbox/store/index.ts';
import { DEFAULT_BEHAVIOUR, planAfterPayment, type SellerBehaviour } from '../src/sources/sandbox/sellers/plan.ts';
import { INSPECTION_REASONS, planRefundResponse, REFUSE_REASONS, type RefundCase } from '../src/sources/sandbox/sellers/refund-plan.ts';
import { createSandboxSource } from '../src/sources/sandbox/source.ts';
import type { Source } from '../src/sources/source.ts';
import { refundBed, type RefundBed } from './helpers/aftersales-bed.ts';
import { freshDatabase, onPostgres, type TestDb } from './helpers/db.ts';
import { ADMIN_TOKEN, CATALOG_SEED } from './helpers/harness.ts';
import { ponte, tempDataDir } from './helpers/process.ts';
import { applyRefund, fundedBuyer, paidOrder, refundCredits, skuPicker, type Buyer } from './helpers/refunds.ts';

const HOUR = 3_600_000;

describe('sandbox sellers plan refund answers', () => {
  const cases = (n: number, status = '10', kind: RefundCase['kind'] = 'refund'): RefundCase[] =>
    Array.from({ length: n }, (_, i) => ({ refundId: String(3_779_000_000_000_000 + i), status, version: 1, kind }));

  test('the same seed, refund, state and version give the same answer; another seed or version judges afresh', () => {
    const all = cases(200);
    const first = all.map((c) => planRefundResponse(CATALOG_SEED, c));
    assert.deepEqual(
      all.map((c) => planRefundResponse(CATALOG_SEED, c)),
      first,
    );
    const otherSeed = all.map((c) => planRefundResponse(CATALOG_SEED + 1, c));
    assert.ok(
      otherSeed.some((p, i) => JSON.stringify(p) !== JSON.stringify(first[i])),
      'the seed matters',
    );
    const modified = all.map((c) => planRefundResponse(CATALOG_SEED, { ...c, version: 2 }));
    assert.ok(
      modified.some((p, i) => JSON.stringify(p) !== JSON.stringify(first[i])),
      'a modified application is judged again',
    );
    assert.equal(planRefundResponse(CATALOG_SEED, { ...all[0]!, status: '20' }), null, 'the buyer ships in 20: nothing for the seller');
    assert.equal(planRefundResponse(CATALOG_SEED, { ...all[0]!, status: 'refundsuccess' }), null);
  });

  test('rates are respected over many applications and parcels, and delays stay within their bounds', () => {
    const n = 4000;
    const answers = cases(n).map((c) => planRefundResponse(CATALOG_SEED, c)!);
    const share = (kind: string) => answers.filter((a) => a.kind === kind).length / n;
    assert.ok(Math.abs(share('agree') - DEFAULT_BEHAVIOUR.refundAgreeRate) < 0.03, `agree ${share('agree')}`);
    assert.ok(Math.abs(share('refuse') - DEFAULT_BEHAVIOUR.refundRefuseRate) < 0.02, `refuse ${share('refuse')}`);
    assert.ok(Math.abs(share('ignore') - (1 - DEFAULT_BEHAVIOUR.refundAgreeRate - DEFAULT_BEHAVIOUR.refundRefuseRate)) < 0.02);
    for (const a of answers) {
      if (a.kind === 'agree') assert.ok(a.afterMs >= 10 * 60_000 && a.afterMs <= 90 * 60_000, String(a.afterMs));
      if (a.kind === 'refuse') assert.ok((REFUSE_REASONS as readonly string[]).includes(a.reason));
      if (a.kind !== 'ignore') assert.ok(a.afterMs < DEFAULT_REFUND_TIMERS.sellerRespondHours * HOUR, 'before the timer would act');
    }
    const parcels = cases(n, 'waitsellerreceive', 'return_refund').map((c) => planRefundResponse(CATALOG_SEED, c)!);
    const refused = parcels.filter((p) => p.kind === 'refuse');
    assert.ok(Math.abs(refused.length / n - DEFAULT_BEHAVIOUR.receiptRefuseRate) < 0.015, `inspection refusals ${refused.length}`);
    assert.ok(refused.every((p) => p.kind === 'refuse' && (INSPECTION_REASONS as readonly string[]).includes(p.reason)));
    assert.ok(parcels.every((p) => p.kind !== 'ignore' && p.afterMs >= 13 * HOUR && p.afterMs <= 37 * HOUR));
    const strict: SellerBehaviour = { ...DEFAULT_BEHAVIOUR, refundAgreeRate: 0, refundRefuseRate: 1 };
    assert.ok(cases(300).every((c) => planRefundResponse(CATALOG_SEED, c, strict)!.kind === 'refuse'));
  });
});

test('the rates come from the environment; agree and refuse together are at most 1', () => {
  const config = loadConfig({ PONTE_SANDBOX_REFUND_AGREE_RATE: '0.5', PONTE_SANDBOX_RECEIPT_REFUSE_RATE: '0.2' });
  assert.deepEqual(config.sandboxSellers, { ...DEFAULT_BEHAVIOUR, refundAgreeRate: 0.5, receiptRefuseRate: 0.2 });
  assert.deepEqual(loadConfig({}).sandboxSellers, DEFAULT_BEHAVIOUR);
  assert.throws(() => loadConfig({ PONTE_SANDBOX_REFUND_AGREE_RATE: '0.95', PONTE_SANDBOX_REFUND_REFUSE_RATE: '0.1' }), /at most 1/);
  assert.throws(() => loadConfig({ PONTE_SANDBOX_STOCK_OUT_RATE: '2' }), /PONTE_SANDBOX_STOCK_OUT_RATE/);
});

describe('the sellers tick runs plans on the sandbox clock', () => {
  let bed: RefundBed;
  let b: Buyer;
  const sources = new Map<string, Source>();

  /** The sandbox source with its sellers set to always do one thing. */
  async function sellers(name: 'agree' | 'refuse' | 'ignore'): Promise<Source> {
    const rates = { agree: [1, 0], refuse: [0, 1], ignore: [0, 0] }[name];
    let source = sources.get(name);
    if (!source) {
      source = await createSandboxSource(bed.h.db, { ...DEFAULT_BEHAVIOUR, refundAgreeRate: rates[0]!, refundRefuseRate: rates[1]! });
      sources.set(name, source);
    }
    return source;
  }
  const tick = (source: RefundSellerSource, ctx: SystemCtx = bed.h.ctx) => refundSellersTick(ctx, source);
  const status = async (refundId: string) => {
    const r = await getRefundSystem(bed.h.ctx, refundId);
    assert.ok(r.ok);
    return r.refund;
  };
  const lastEvent = async (refundId: string) => {
    const events = await sellerRefundEvents(bed.h.ctx, refundId);
    assert.ok(events.ok);
    return events.events.at(-1)!;
  };

  before(async () => {
    bed = await refundBed();
    b = await bed.buyer();
  });
  after(() => bed.h.close());

  test('an agreeing seller refunds a refund-only application after its planned delay, once, as the seller', async () => {
    const source = await sellers('agree');
    const order = await bed.order(b.ctx, 'taobao');
    const refund = await applyRefund(b, order, 'refund');
    const balance = await getBalance(bed.h.ctx, b.dev.developerId);
    await tick(source);
    const plan = source.planRefundResponse({
      refundId: refund.refundId,
      platform: 'taobao',
      status: '10',
      version: refund.version,
      kind: 'refund',
    });
    assert.equal(plan?.kind, 'agree');
    const stored = await bed.h.db.kysely
      .selectFrom('refunds')
      .select(['seller_due_at', 'seller_planned_version'])
      .where('refund_id', '=', refund.refundId)
      .executeTakeFirstOrThrow();
    assert.equal(Number(stored.seller_due_at), refund.updatedAt + (plan as { afterMs: number }).afterMs);
    assert.equal(Number(stored.seller_planned_version), refund.version);
    assert.equal((await status(refund.refundId)).status, '10', 'not before its time');
    bed.h.clock.advance((plan as { afterMs: number }).afterMs);
    const ran = await tick(source);
    assert.equal(ran.ran, 1);
    const done = await status(refund.refundId);
    assert.equal(done.status, '100');
    assert.equal((await lastEvent(refund.refundId)).actor, 'seller');
    // Its only line refunded, the unshipped order closes and its freight comes back too.
    assert.equal(await getBalance(bed.h.ctx, b.dev.developerId), balance + order.paidAmountFen);
    assert.deepEqual(await refundCredits(bed.h.ctx, refund.refundId), { count: 1, fen: refund.applyFen });
    assert.equal((await tick(source)).ran, 0, 'nothing left to run');
  });

  test('two ticks racing over the same due plans run each once', async () => {
    const source = await sellers('agree');
    const refunds: RefundView[] = [];
    for (let i = 0; i < 4; i++) refunds.push(await applyRefund(b, await bed.order(b.ctx, i % 2 ? '1688' : 'taobao'), 'refund'));
    await tick(source);
    bed.h.clock.advance(7 * HOUR);
    const other = bed.h.testDb.open();
    const otherCtx: SystemCtx = { ...bed.h.ctx, db: other.kysely, dialect: other.dialect };
    const [a, c] = await Promise.all([tick(source), tick(source, otherCtx)]);
    assert.equal(a.ran + c.ran, refunds.length, `ran ${a.ran} + ${c.ran}`);
    for (const r of refunds) {
      assert.ok(['100', 'refundsuccess'].includes((await status(r.refundId)).status));
      assert.equal((await refundCredits(bed.h.ctx, r.refundId)).count, 1);
      const events = await sellerRefundEvents(bed.h.ctx, r.refundId);
      assert.ok(events.ok);
      assert.equal(events.events.filter((e) => e.action === 'agree_refund').length, 1);
    }
  });

  test('a refusing seller refuses with a reason; the modified application is judged again', async () => {
    const source = await sellers('refuse');
    const refund = await applyRefund(b, await bed.order(b.ctx, '1688'), 'refund');
    await tick(source);
    bed.h.clock.advance(13 * HOUR);
    await tick(source);
    const refused = await status(refund.refundId);
    assert.equal(refused.status, 'waitbuyermodify');
    assert.ok((REFUSE_REASONS as readonly string[]).includes(refused.refuseReason ?? ''), refused.refuseReason ?? 'no reason');
    assert.equal((await lastEvent(refund.refundId)).refundAction, 'SELLER_REJECT_REFUND_PROCOTOL');
    assert.equal((await refundCredits(bed.h.ctx, refund.refundId)).count, 0);
  });

  test('a seller who never answers: at the seller-response timeout the system agrees (refund → refunded)', async () => {
    const source = await sellers('ignore');
    const refund = await applyRefund(b, await bed.order(b.ctx, 'taobao'), 'refund');
    await tick(source);
    bed.h.clock.advance(DEFAULT_REFUND_TIMERS.sellerRespondHours * HOUR - 60_000);
    await tick(source);
    assert.equal((await status(refund.refundId)).status, '10', 'the timer has not run out yet');
    bed.h.clock.advance(120_000);
    assert.ok((await tick(source)).timedOut >= 1);
    assert.equal((await status(refund.refundId)).status, '100');
    const last = await lastEvent(refund.refundId);
    assert.deepEqual([last.actor, last.refundAction], ['system', 'SYSTEM_AGREE_REFUND']);
    assert.equal((await refundCredits(bed.h.ctx, refund.refundId)).count, 1);
  });

  test('return and refund ignored: the system agrees the return with the shop’s address; an unshipped return closes', async () => {
    const source = await sellers('ignore');
    const order = await bed.order(b.ctx, '1688', { state: 'arrived_warehouse' });
    const refund = await applyRefund(b, order, 'return_refund');
    bed.h.clock.advance(DEFAULT_REFUND_TIMERS.sellerRespondHours * HOUR + 60_000);
    await tick(source);
    const agreed = await status(refund.refundId);
    assert.equal(agreed.status, 'waitbuyersend');
    assert.deepEqual(agreed.returnAddress, source.returnAddress('1688', order.shopIndex));
    assert.equal(agreed.timeoutType, 'BUYER_RETURN_SHIP');
    bed.h.clock.advance(DEFAULT_REFUND_TIMERS.buyerReturnShipHours * HOUR + 60_000);
    await tick(source);
    assert.equal((await status(refund.refundId)).status, 'refundclose');
    assert.equal((await lastEvent(refund.refundId)).refundAction, 'CRM_APPLY_TIMEOUT_CLOSE');
    assert.equal((await refundCredits(bed.h.ctx, refund.refundId)).count, 0);
  });

  test('return and refund agreed: the seller publishes the return address, the parcel arrives, the seller refunds', async () => {
    const source = await sellers('agree');
    const order = await bed.order(b.ctx, 'taobao', { state: 'arrived_warehouse' });
    const refund = await applyRefund(b, order, 'return_refund');
    await tick(source);
    bed.h.clock.advance(7 * HOUR);
    await tick(source);
    const agreed = await status(refund.refundId);
    assert.equal(agreed.status, '20');
    assert.deepEqual(agreed.returnAddress, source.returnAddress('taobao', order.shopIndex));
    const shipped = await submitReturnLogistics(b.ctx, refund.refundId, {
      companyCode: 'ZTO',
      companyName: '中通快递',
      trackingNo: '75312345678901',
      buyerPhone: '13800000000',
      description: null,
      images: [],
    });
    assert.ok(shipped.ok, JSON.stringify(shipped));
    await tick(source);
    const plan = source.planRefundResponse({
      refundId: refund.refundId,
      platform: 'taobao',
      status: '30',
      version: shipped.refund.version,
      kind: 'return_refund',
    });
    assert.ok(plan && plan.kind !== 'ignore');
    bed.h.clock.advance(plan.afterMs - 60_000);
    await tick(source);
    assert.equal((await status(refund.refundId)).status, '30', 'the parcel has not arrived yet');
    bed.h.clock.advance(120_000);
    await tick(source);
    const final = await status(refund.refundId);
    assert.equal(final.status, plan.kind === 'confirm_receipt' ? '100' : '-10');
    assert.equal((await refundCredits(bed.h.ctx, refund.refundId)).count, plan.kind === 'confirm_receipt' ? 1 : 0);
  });

  test('nobody answers: a refused application closes after the buyer-modify timer; an unconfirmed parcel is refunded after the seller-receive timer', async () => {
    const silent = { planRefundResponse: () => ({ kind: 'ignore' as const }), returnAddress: () => null };
    const refused = await applyRefund(b, await bed.order(b.ctx, 'taobao'), 'refund');
    assert.ok((await sellerRefuse(bed.h.ctx, refused.refundId, { actor: 'seller', reason: '请修改金额' })).ok);
    const order = await bed.order(b.ctx, '1688', { state: 'arrived_warehouse' });
    const returned = await applyRefund(b, order, 'return_refund');
    const address = { receiver: '李四', phone: '13900000000', detailAddress: '浙江省金华市义乌市 退货仓 2 号' };
    assert.ok((await sellerAgree(bed.h.ctx, returned.refundId, { actor: 'seller', address })).ok);
    const logistics = {
      companyCode: 'ZTO',
      companyName: '中通快递',
      trackingNo: '75300000000003',
      buyerPhone: null,
      description: null,
      images: [],
    };
    const shipped = await submitReturnLogistics(b.ctx, returned.refundId, logistics);
    assert.ok(shipped.ok);
    assert.equal(shipped.refund.timeoutType, 'SELLER_RECEIVE');
    bed.h.clock.advance(DEFAULT_REFUND_TIMERS.buyerModifyHours * HOUR + 60_000);
    await tick(silent);
    assert.equal((await status(refused.refundId)).status, '-20');
    assert.equal((await lastEvent(refused.refundId)).actor, 'system');
    assert.equal((await status(returned.refundId)).status, 'waitsellerreceive', 'the seller still has time');
    bed.h.clock.advance((DEFAULT_REFUND_TIMERS.sellerReceiveHours - DEFAULT_REFUND_TIMERS.buyerModifyHours) * HOUR);
    await tick(silent);
    const received = await status(returned.refundId);
    assert.equal(received.status, 'refundsuccess');
    assert.deepEqual(
      [(await lastEvent(returned.refundId)).actor, (await refundCredits(bed.h.ctx, returned.refundId)).count],
      ['system', 1],
    );
  });

  test('a stock-out refunds one line once; a one-line order closes, a two-line order ships the other line', async () => {
    const outOfStock = await createSandboxSource(bed.h.db, { ...DEFAULT_BEHAVIOUR, stockOutRate: 1, priceChangeRate: 0 });
    // Its own buyer: the tick also plans the other tests' orders, whose refunds are not this wallet's.
    const b = await bed.buyer();
    const single = await bed.order(b.ctx, 'taobao');
    const double = await bed.order(b.ctx, '1688', { lines: 2 });
    const before = await getBalance(bed.h.ctx, b.dev.developerId);
    await fulfilmentTick(bed.h.ctx, outOfStock);
    bed.h.clock.advance(HOUR);
    await fulfilmentTick(bed.h.ctx, outOfStock);
    const closed = await getOrder(b.ctx, single.orderId);
    assert.ok(closed.ok);
    assert.deepEqual([closed.order.state, closed.order.closeReason], ['closed', 'refunded']);
    const stillPaid = await getOrder(b.ctx, double.orderId);
    assert.ok(stillPaid.ok);
    assert.equal(stillPaid.order.state, 'paid');
    const refunds = await bed.h.db.kysely
      .selectFrom('refunds')
      .innerJoin('refund_lines', 'refund_lines.refund_id', 'refunds.refund_id')
      .select(['refunds.refund_id', 'refunds.order_id', 'refunds.status', 'refund_lines.line_no'])
      .where('refunds.order_id', 'in', [single.orderId, double.orderId])
      .execute();
    assert.equal(refunds.length, 2, 'one line refund per order');
    const share = planAfterPayment(CATALOG_SEED, { orderId: double.orderId }, { ...DEFAULT_BEHAVIOUR, stockOutRate: 1 })[0]!;
    assert.equal(share.kind, 'stock_out');
    const expectedLine = 1 + Math.floor((share as { lineShare: number }).lineShare * 2);
    assert.equal(Number(refunds.find((r) => r.order_id === double.orderId)!.line_no), expectedLine, 'the planned line');
    const credited = await Promise.all(refunds.map((r) => refundCredits(bed.h.ctx, r.refund_id)));
    assert.ok(credited.every((c) => c.count === 1));
    // Freight of the unshipped one-line order comes back too: the wallet is where it was before the order.
    assert.equal(
      await getBalance(bed.h.ctx, b.dev.developerId),
      before + single.paidAmountFen + credited[refunds.findIndex((r) => r.order_id === double.orderId)]!.fen,
    );
    // A crash before the task was marked done re-runs it: nothing more is credited.
    await bed.h.db.kysely
      .updateTable('fulfilment_tasks')
      .set({ done_at: null, lease_until: null })
      .where('kind', '=', 'stock_out')
      .execute();
    await fulfilmentTick(bed.h.ctx, outOfStock);
    for (const r of refunds) assert.equal((await refundCredits(bed.h.ctx, r.refund_id)).count, 1);
  });
});

describe('operators act as the seller', () => {
  let bed: RefundBed;
  let b: Buyer;
  const admin = async (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    (
      await bed.h.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
      })
    ).json();

  before(async () => {
    bed = await refundBed();
    b = await bed.buyer();
  });
  after(() => bed.h.close());

  test('agree, refuse and receive over the admin routes are recorded as operator; wrong states answer 2101', async () => {
    const refund = await applyRefund(b, await bed.order(b.ctx, 'taobao'), 'refund');
    assert.equal(
      (await bed.h.app.inject({ method: 'POST', url: '/admin/refunds/agree', payload: { refundId: refund.refundId } })).json().code,
      411,
    );
    assert.equal((await admin('POST', '/admin/refunds/receive', { refundId: refund.refundId })).code, 2101, 'nothing to receive in 10');
    const agreed = await admin('POST', '/admin/refunds/agree', { refundId: refund.refundId, note: 'ok' });
    assert.equal(agreed.code, 200, agreed.msg);
    assert.equal(agreed.data.status, '100');
    assert.equal((await admin('POST', '/admin/refunds/agree', { refundId: refund.refundId })).code, 2101, 'agreed twice');
    assert.equal((await refundCredits(bed.h.ctx, refund.refundId)).count, 1);
    const detail = await admin('GET', `/admin/refunds/detail?refundId=${refund.refundId}`);
    assert.equal(detail.code, 200, detail.msg);
    assert.deepEqual(
      detail.data.events.map((e: { actor: string; action: string }) => `${e.actor}:${e.action}`),
      ['buyer:submit', 'operator:agree_refund'],
    );
    assert.equal((await admin('GET', '/admin/refunds/detail?refundId=9999999999999999')).code, 404);

    const order = await bed.order(b.ctx, '1688', { state: 'arrived_warehouse' });
    const ret = await applyRefund(b, order, 'return_refund');
    assert.equal((await admin('POST', '/admin/refunds/agree', { refundId: ret.refundId })).code, 400, 'a return needs an address');
    const address = { receiver: '李四', phone: '13900000000', detailAddress: '浙江省金华市义乌市 退货仓 1 号' };
    const returned = await admin('POST', '/admin/refunds/agree', { refundId: ret.refundId, address });
    assert.equal(returned.data.status, 'waitbuyersend');
    assert.deepEqual(returned.data.returnAddress, address);
    assert.equal(
      (await admin('POST', '/admin/refunds/refuse', { refundId: ret.refundId, reason: 'no' })).code,
      2101,
      'no refusal while the buyer ships',
    );
    const logistics = {
      companyCode: 'ZTO',
      companyName: '中通快递',
      trackingNo: '75300000000001',
      buyerPhone: null,
      description: null,
      images: [],
    };
    assert.ok((await submitReturnLogistics(b.ctx, ret.refundId, logistics)).ok);
    const refused = await admin('POST', '/admin/refunds/refuse', { refundId: ret.refundId, reason: '包裹破损' });
    assert.equal(refused.data.status, 'waitbuyermodify');
    assert.equal(refused.data.refuseReason, '包裹破损');
    const events = await sellerRefundEvents(bed.h.ctx, ret.refundId);
    assert.ok(events.ok);
    assert.deepEqual(
      events.events.filter((e) => e.actor === 'operator').map((e) => e.refundAction),
      ['SELLER_AGREE_REFUND_PROCOTOL', 'SELLER_REJECT_REFUND'],
    );
  });

  test('timers and reasons are saved over the admin routes', async () => {
    const read = await admin('POST', '/admin/refunds/timers', {});
    assert.deepEqual(read.data, DEFAULT_REFUND_TIMERS);
    const set = await admin('POST', '/admin/refunds/timers', { sellerRespondHours: 2 });
    assert.equal(set.data.sellerRespondHours, 2);
    assert.equal((await admin('POST', '/admin/refunds/timers', {})).data.sellerRespondHours, 2);
    const refund = await applyRefund(b, await bed.order(b.ctx, 'taobao'), 'refund');
    assert.equal(refund.timeoutAt, refund.createdAt + 2 * HOUR, 'a new application runs on the new duration');
    assert.equal((await admin('POST', '/admin/refunds/timers', { sellerRespondHours: 0 })).code, 400);
    await admin('POST', '/admin/refunds/timers', DEFAULT_REFUND_TIMERS);
    const saved = await admin('POST', '/admin/refunds/reasons', {
      platform: 'taobao',
      reasonId: '409999',
      text: { zh: '测试原因', en: 'Test reason' },
      kinds: ['refund'],
      goodsStatuses: ['1'],
    });
    assert.equal(saved.code, 200, saved.msg);
  });
});

describe('ponte refund (the real CLI) acts as the operator', () => {
  let testDb: TestDb | null = null;
  let db: Db;
  after(async () => {
    if (!onPostgres) await db?.close();
    await testDb?.drop();
  });

  test('agree refunds once and records operator; a second agree exits with 2101; show lists the events', async () => {
    const dataDir = tempDataDir();
    testDb = onPostgres ? await freshDatabase() : null;
    const env = { ...(testDb?.env ?? {}), PONTE_DATA_DIR: dataDir };
    await ponte(['migrate'], env);
    db = testDb ? testDb.open() : connect({ sqliteFile: join(dataDir, 'ponte.sqlite'), dataDir });
    await generateCatalog(db, {
      seed: CATALOG_SEED,
      products: 200,
      secret: sandboxIdSecret(Buffer.alloc(32, 7)),
      describe: describeProducts,
    });
    const ctx: SystemCtx = { db: db.kysely, dialect: db.dialect, clock: systemClock, masterKey: Buffer.alloc(32, 7), requestId: 't' };
    const source = await createSandboxSource(db);
    const b = await fundedBuyer(ctx, 'cli-refunds');
    const products = await getProductsByIndexes(
      db,
      Array.from({ length: 200 }, (_, i) => i),
    );
    const refund = await applyRefund(b, await paidOrder(b, source, skuPicker(products), 'taobao'), 'refund');

    const said = JSON.parse(await ponte(['refund', 'message', refund.refundId, '--text', 'packing it now', '--json'], env));
    assert.deepEqual([said.event.actor, said.event.refundAction, said.event.note], ['operator', 'SELLER_UPLOAD_BILL', 'packing it now']);
    await assert.rejects(ponte(['refund', 'message', refund.refundId], env), /\[400\]/);
    const agreed = JSON.parse(await ponte(['refund', 'agree', refund.refundId, '--note', 'ok', '--json'], env));
    assert.equal(agreed.refund.status, '100');
    assert.equal(agreed.refund.refundedFen, refund.applyFen);
    await assert.rejects(ponte(['refund', 'agree', refund.refundId], env), /\[2101\]/);
    await assert.rejects(ponte(['refund', 'receive', '9999999999999999'], env), /not found/);
    assert.deepEqual(await refundCredits(ctx, refund.refundId), { count: 1, fen: refund.applyFen });
    const shown = JSON.parse(await ponte(['refund', 'show', refund.refundId, '--json'], env));
    assert.deepEqual(
      shown.events.map((e: { actor: string; action: string }) => `${e.actor}:${e.action}`),
      ['buyer:submit', 'operator:message', 'operator:agree_refund'],
    );
    const timers = JSON.parse(await ponte(['refund', 'timers', '--seller-receive', '100', '--json'], env));
    assert.deepEqual(timers, { ...DEFAULT_REFUND_TIMERS, sellerReceiveHours: 100 });
  });
});
