import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  buyerConfirmReceipt,
  cancelRefund,
  closeOrderWithRefunds,
  DEFAULT_REFUND_TIMERS,
  getRefund,
  REFUND_EVENT_TYPE,
  refundEvents,
  runRefundTimers,
  sellerAgree,
  sellerRefuse,
  submitRefund,
  type RefundPlatform,
  type RefundView,
} from '../src/modules/aftersales/index.ts';
import { runDueTasks, SHIP_RETRY_MS } from '../src/modules/fulfilment/run.ts';
import { getOrder, type OrderDetail } from '../src/modules/orders/index.ts';
import { getBalance, ledgerCheck } from '../src/modules/wallet/index.ts';
import type { Ctx } from '../src/platform/context.ts';
import { newNumericId } from '../src/platform/ids.ts';
import { refundBed, type RefundBed } from './helpers/aftersales-bed.ts';
import { ok, RETURN_TO, returnOf, submitOf } from './helpers/aftersales-inputs.ts';

const HOUR = 3_600_000;
const CLOSED = { taobao: '-20', '1688': 'refundclose' } as const;
const PLATFORMS = ['taobao', '1688'] as const;

/** A refund of the whole line before shipping (Taobao goods 1, 1688 refundWaitSellerSend). */
const unshipped = (platform: RefundPlatform, order: OrderDetail, lineNo: number) => submitOf(platform, order, { lines: [{ lineNo }] });
/** A return and refund of the whole line, received at the warehouse. */
const received = (platform: RefundPlatform, order: OrderDetail, lineNo: number) => returnOf(platform, order, { lines: [{ lineNo }] });

describe('after-sales: order-side closes', () => {
  let bed: RefundBed;
  before(async () => {
    bed = await refundBed();
  });
  after(() => bed.close());

  const lastEvent = async (ctx: Ctx, refundId: string) => ok(await refundEvents(ctx, refundId)).events.at(-1);
  const status = async (ctx: Ctx, refundId: string) => ok(await getRefund(ctx, refundId)).refund.status;

  async function outboxActions(refundId: string): Promise<string[]> {
    const rows = await bed.h.ctx.db
      .selectFrom('outbox_events')
      .select(['type', 'payload_json'])
      .where('aggregate_id', '=', refundId)
      .orderBy('id')
      .execute();
    assert.ok(rows.every((r) => r.type === REFUND_EVENT_TYPE));
    return rows.map((r) => (JSON.parse(r.payload_json) as { refundAction: string }).refundAction);
  }

  for (const platform of PLATFORMS) {
    test(`${platform}: the buyer's receipt closes waiting applications (BUYER_RECEIVE_CLOSE), not an agreed return`, async () => {
      const { ctx } = await bed.buyer();
      const order = await bed.order(ctx, platform, { lines: 3, state: 'arrived_warehouse' });
      const waiting = ok(await submitRefund(ctx, received(platform, order, 1))).refund;
      const returning = ok(await submitRefund(ctx, received(platform, order, 2))).refund;
      ok(await sellerAgree(bed.h.ctx, returning.refundId, { actor: 'seller', address: RETURN_TO }));
      const refused = ok(await submitRefund(ctx, received(platform, order, 3))).refund;
      ok(await sellerRefuse(bed.h.ctx, refused.refundId, { actor: 'seller', reason: 'used goods' }));

      // Someone else's receipt, or one the order's state refuses, changes nothing.
      const stranger = (await bed.buyer()).ctx;
      assert.deepEqual(await buyerConfirmReceipt(stranger, order.orderId), {
        ok: false,
        error: 'NOT_FOUND',
        params: { what: `order ${order.orderId}` },
      });
      assert.equal(await status(ctx, waiting.refundId), platform === 'taobao' ? '10' : 'waitselleragree');

      ok(await buyerConfirmReceipt(ctx, order.orderId));
      assert.equal(ok(await getOrder(ctx, order.orderId)).order.state, 'completed');
      for (const closed of [waiting, refused]) {
        const view = ok(await getRefund(ctx, closed.refundId)).refund;
        assert.deepEqual([view.status, view.timeoutAt, view.refundedFen], [CLOSED[platform], null, 0]);
        const last = await lastEvent(ctx, closed.refundId);
        assert.deepEqual(
          [last?.action, last?.actor, last?.refundAction, last?.note],
          ['close', 'buyer', 'BUYER_RECEIVE_CLOSE', `the buyer confirmed receipt of order ${order.orderId}`],
        );
        assert.equal((await outboxActions(closed.refundId)).at(-1), 'BUYER_RECEIVE_CLOSE');
      }
      assert.equal(await status(ctx, returning.refundId), platform === 'taobao' ? '20' : 'waitbuyersend');
    });
  }

  test('1688 AO10 over HTTP closes the waiting application with the order; a refused receipt leaves it open', async () => {
    const { dev, ctx } = await bed.buyer();
    const paid = await bed.order(ctx, '1688', { state: 'paid' });
    const early = ok(await submitRefund(ctx, unshipped('1688', paid, 1))).refund;
    const refusedCall = await bed.h.call(dev, 'POST', '/v2/alibaba/order/receivegoods', { orderId: paid.orderId });
    assert.equal(refusedCall.data.success, false);
    assert.equal(await status(ctx, early.refundId), 'waitselleragree');

    const order = await bed.order(ctx, '1688', { state: 'arrived_warehouse' });
    const waiting = ok(await submitRefund(ctx, received('1688', order, 1))).refund;
    const answer = await bed.h.call(dev, 'POST', '/alibaba/order/receivegoods', { orderId: order.orderId });
    assert.deepEqual(answer.data, { success: true, errorCode: '', errorInfo: '' });
    assert.equal(await status(ctx, waiting.refundId), 'refundclose');
    assert.equal((await lastEvent(ctx, waiting.refundId))?.refundAction, 'BUYER_RECEIVE_CLOSE');
  });

  for (const platform of PLATFORMS) {
    test(`${platform}: closing a paid order closes its open applications and refunds nothing twice`, async () => {
      const { dev, ctx } = await bed.buyer();
      const order = await bed.order(ctx, platform, { lines: 2 });
      const first = ok(await submitRefund(ctx, unshipped(platform, order, 1))).refund;
      ok(await sellerAgree(bed.h.ctx, first.refundId, { actor: 'seller' }));
      const open = ok(await submitRefund(ctx, unshipped(platform, order, 2))).refund;
      const balance = await getBalance(bed.h.ctx, dev.developerId);

      assert.equal((await closeOrderWithRefunds(bed.h.ctx, order.orderId, ' ')).ok, false);
      assert.equal(await status(ctx, open.refundId), platform === 'taobao' ? '10' : 'waitselleragree');

      ok(await closeOrderWithRefunds(bed.h.ctx, order.orderId, 'seller out of stock'));
      const closedOrder = ok(await getOrder(ctx, order.orderId)).order;
      assert.deepEqual([closedOrder.state, closedOrder.refundedFen], ['closed', order.paidAmountFen]);
      const expected = balance + order.paidAmountFen - order.lines[0]!.paidFen;
      assert.equal(await getBalance(bed.h.ctx, dev.developerId), expected);
      const view: RefundView = ok(await getRefund(ctx, open.refundId)).refund;
      assert.deepEqual([view.status, view.refundedFen, view.timeoutAt], [CLOSED[platform], 0, null]);
      const last = await lastEvent(ctx, open.refundId);
      assert.deepEqual(
        [last?.action, last?.actor, last?.refundAction, last?.note],
        ['close', 'system', 'CRM_APPLY_TIMEOUT_CLOSE', 'order closed: seller out of stock'],
      );
      // Nothing is left for a timer, and nothing more is credited.
      bed.h.clock.advance(DEFAULT_REFUND_TIMERS.sellerRespondHours * HOUR);
      await runRefundTimers(bed.h.ctx, { returnAddressFor: () => RETURN_TO });
      assert.equal(await getBalance(bed.h.ctx, dev.developerId), expected);
      const check = await ledgerCheck(bed.h.ctx, dev.developerId);
      assert.equal(check.entriesSumFen, check.balanceFen);
    });
  }

  async function task(orderId: string, kind: string, dueAt: number, data: Record<string, unknown>): Promise<string> {
    const id = newNumericId(bed.h.ctx.clock.nowMs());
    await bed.h.ctx.db
      .insertInto('fulfilment_tasks')
      .values({
        id,
        order_id: orderId,
        kind,
        due_at: dueAt,
        data_json: JSON.stringify({ kind, ...data }),
        done_at: null,
        lease_until: null,
        outcome: null,
      })
      .execute();
    return id;
  }
  const taskRow = (id: string) =>
    bed.h.ctx.db.selectFrom('fulfilment_tasks').select(['due_at', 'done_at', 'outcome']).where('id', '=', id).executeTakeFirstOrThrow();

  for (const platform of PLATFORMS) {
    test(`${platform}: the sandbox seller does not ship while a not-shipped refund is open; arrival moves with it`, async () => {
      const { ctx } = await bed.buyer();
      const order = await bed.order(ctx, platform, { lines: 2 });
      const open = ok(await submitRefund(ctx, unshipped(platform, order, 1))).refund;
      const now = bed.h.ctx.clock.nowMs();
      const ship = await task(order.orderId, 'ship', now, { carrier: 'YTO', trackingNumber: 'YT1' });
      const arrive = await task(order.orderId, 'arrive', now + 1, {});
      bed.h.clock.advance(10);
      await runDueTasks(bed.h.ctx);
      const postponed = await taskRow(ship);
      assert.equal(postponed.done_at, null);
      assert.equal(postponed.outcome, `postponed: refund ${open.refundId} is open before shipping`);
      const dueAt = bed.h.ctx.clock.nowMs() + SHIP_RETRY_MS;
      assert.equal(Number(postponed.due_at), dueAt);
      assert.deepEqual([Number((await taskRow(arrive)).due_at), (await taskRow(arrive)).done_at], [dueAt + 1, null]);
      assert.equal(ok(await getOrder(ctx, order.orderId)).order.state, 'paid');

      // Refused, the application is still open (the buyer may modify it): the ship waits again.
      ok(await sellerRefuse(bed.h.ctx, open.refundId, { actor: 'seller', reason: 'already packed' }));
      bed.h.clock.advance(SHIP_RETRY_MS);
      await runDueTasks(bed.h.ctx);
      assert.equal((await taskRow(ship)).done_at, null);
      assert.equal(ok(await getOrder(ctx, order.orderId)).order.state, 'paid');

      ok(await cancelRefund(ctx, open.refundId));
      bed.h.clock.advance(SHIP_RETRY_MS + 1);
      await runDueTasks(bed.h.ctx);
      assert.deepEqual([(await taskRow(ship)).outcome, (await taskRow(arrive)).outcome], ['shipped', 'arrived']);
      assert.equal(ok(await getOrder(ctx, order.orderId)).order.state, 'arrived_warehouse');
    });
  }

  test("a plan's close task closes the order's open applications in the same transaction", async () => {
    const { ctx } = await bed.buyer();
    const order = await bed.order(ctx, 'taobao');
    const open = ok(await submitRefund(ctx, unshipped('taobao', order, 1))).refund;
    const close = await task(order.orderId, 'close', bed.h.ctx.clock.nowMs(), { reason: 'shop on holiday' });
    bed.h.clock.advance(1);
    await runDueTasks(bed.h.ctx);
    assert.equal((await taskRow(close)).outcome, 'closed');
    assert.equal(await status(ctx, open.refundId), '-20');
    assert.equal((await lastEvent(ctx, open.refundId))?.note, 'order closed: shop on holiday');
  });
});
