import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { createSubAccount } from '../src/modules/accounts/index.ts';
import {
  cancelRefund,
  modifyRefund,
  sellerRefundEvents,
  refundSellersTick,
  sellerAgree,
  sellerConfirmReceipt,
  sellerRefuse,
  submitReturnLogistics,
  REFUND_EVENT_TYPE,
  type RefundEventView,
  type RefundView,
} from '../src/modules/aftersales/index.ts';
import { createDispatcher, pageCallbackLog, setCallbackUrl } from '../src/modules/callbacks/index.ts';
import type { Failure } from '../src/platform/errors.ts';
import { entryIdOf } from '../src/wire/alibaba/orders-view.ts';
import { pandaPonMessages } from '../src/wire/callbacks/bodies.ts';
import { AlibabaRefundBody, TaobaoRefundBody } from '../src/wire/callbacks/webhook-schemas.ts';
import { chinaTime } from '../src/wire/common/time.ts';
import { startReceiver, type Receiver } from './helpers/callback-receiver.ts';
import { refundBed, type RefundBed } from './helpers/aftersales-bed.ts';
import { applyRefund, type Buyer } from './helpers/refunds.ts';

/*
 * Refund messages: every transition of both machines makes exactly one message whose body says
 * what the event row says, delivered over real HTTP with a Standard Webhooks signature.
 */
const ADDRESS = { receiver: '李四', phone: '13900000000', detailAddress: '浙江省金华市义乌市 退货仓 1 号' };
const LOGISTICS = {
  companyCode: 'ZTO',
  companyName: '中通快递',
  trackingNo: '75300000000002',
  buyerPhone: null,
  description: null,
  images: [],
};
const REFUND_TYPES = ['TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND', 'ORDER_BUYER_VIEW_ORDER_BUYER_REFUND'];

let bed: RefundBed;
let rx: Receiver;
let b: Buyer;
let secret: string;
const refunds: RefundView[] = [];

before(async () => {
  bed = await refundBed();
  rx = await startReceiver();
  b = await bed.buyer();
  const set = await setCallbackUrl(b.ctx, { url: rx.url }, { allowPrivate: true });
  assert.ok(set.ok);
  secret = set.secret;
});
after(async () => {
  await rx.close();
  await bed.h.close();
});

const ok = <T extends { ok: true }>(r: T | Failure): T => {
  assert.ok(r.ok, JSON.stringify(r));
  return r as T;
};
const operatorFor = (actor: string) => (actor === 'operator' ? 'seller' : actor);

function checkTaobao(body: Record<string, unknown>, r: RefundView, e: RefundEventView): void {
  TaobaoRefundBody.parse(body);
  assert.equal(body.refund_id, r.refundId);
  assert.equal(String(body.purchase_id), r.orderId);
  assert.equal(body.sub_purchase_order_id, `${r.orderId}-${r.lines[0]!.lineNo}`);
  assert.equal(String(body.sub_user_id), r.ownerUserId);
  assert.equal(body.refund_status, Number(e.toState));
  assert.equal(body.old_refund_status, e.fromState === null ? 0 : Number(e.fromState));
  assert.equal(body.refund_type, r.kind === 'refund' ? 1 : 2);
  assert.equal(body.refund_action, e.refundAction);
  assert.equal(body.operator, operatorFor(e.actor));
  assert.equal(body.modify_time, e.at);
}

function checkAlibaba(body: Record<string, unknown>, r: RefundView, e: RefundEventView): void {
  AlibabaRefundBody.parse(body);
  assert.equal(body.refundId, r.refundId);
  assert.equal(body.orderId, r.orderId);
  assert.equal(body.refundStatus, e.toState);
  assert.equal(body.currentStatus, e.toState);
  assert.equal(body.beforeStatus, e.fromState);
  assert.equal(body.refundAction, e.refundAction);
  assert.equal(body.operator, operatorFor(e.actor));
  assert.deepEqual(
    body.orderEntryIds,
    r.lines.map((l) => entryIdOf(r.orderId, l.lineNo)),
  );
  assert.equal(body.msgSendTime, chinaTime(e.at));
  assert.equal(body.buyerMemberId, `b2b-${r.ownerUserId}`);
}

describe('refund messages on every transition', () => {
  test('Taobao: refuse, modify, agree the return, ship it back, receive; and a cancel', async () => {
    const order = await bed.order(b.ctx, 'taobao', { state: 'arrived_warehouse' });
    const r = await applyRefund(b, order, 'return_refund');
    refunds.push(r);
    ok(await sellerRefuse(bed.h.ctx, r.refundId, { actor: 'seller', reason: '请上传照片' }));
    const { kind, goodsStatus, reasonId, applyFen, description, images } = r;
    ok(await modifyRefund(b.ctx, r.refundId, { kind, goodsStatus, reasonId, applyFen, description, images }));
    ok(await sellerAgree(bed.h.ctx, r.refundId, { actor: 'operator', address: ADDRESS }));
    ok(await submitReturnLogistics(b.ctx, r.refundId, LOGISTICS));
    ok(await sellerConfirmReceipt(bed.h.ctx, r.refundId, { actor: 'seller' }));
    const cancelled = await applyRefund(b, await bed.order(b.ctx, 'taobao'), 'refund');
    refunds.push(cancelled);
    ok(await cancelRefund(b.ctx, cancelled.refundId));
  });

  test('1688: refuse, modify, agree the return, ship it back, refuse after inspection; a cancel; timer closes on both platforms', async () => {
    const r = await applyRefund(b, await bed.order(b.ctx, '1688', { state: 'arrived_warehouse' }), 'return_refund');
    refunds.push(r);
    ok(await sellerRefuse(bed.h.ctx, r.refundId, { actor: 'operator', reason: '请补充凭证' }));
    const { kind, goodsStatus, reasonId, applyFen, description, images } = r;
    ok(await modifyRefund(b.ctx, r.refundId, { kind, goodsStatus, reasonId, applyFen, description, images }));
    ok(await sellerAgree(bed.h.ctx, r.refundId, { actor: 'seller', address: ADDRESS }));
    ok(await submitReturnLogistics(b.ctx, r.refundId, { ...LOGISTICS, trackingNo: '75300000000004' }));
    ok(await sellerRefuse(bed.h.ctx, r.refundId, { actor: 'seller', reason: '退回商品已使用' }));
    const cancelled = await applyRefund(b, await bed.order(b.ctx, '1688'), 'refund');
    refunds.push(cancelled);
    ok(await cancelRefund(b.ctx, cancelled.refundId));
    const unshipped = await applyRefund(b, await bed.order(b.ctx, 'taobao', { state: 'arrived_warehouse' }), 'return_refund');
    refunds.push(unshipped);
    ok(await sellerAgree(bed.h.ctx, unshipped.refundId, { actor: 'seller', address: ADDRESS }));
    // The return is never shipped (BUYER_RETURN_SHIP), nor the refused 1688 one modified (BUYER_MODIFY): both close.
    bed.h.clock.advance(169 * 3_600_000);
    const ignoring = { planRefundResponse: () => ({ kind: 'ignore' as const }), returnAddress: () => ADDRESS };
    await refundSellersTick(bed.h.ctx, ignoring);
    for (const closed of [r, unshipped]) {
      const last = ok(await sellerRefundEvents(bed.h.ctx, closed.refundId)).events.at(-1)!;
      assert.deepEqual([last.action, last.actor, last.refundAction], ['close', 'system', 'CRM_APPLY_TIMEOUT_CLOSE']);
    }
  });

  test('1688: operator agrees a refund only; another runs out the seller timer; a sub-account owns its messages', async () => {
    refunds.push(await applyRefund(b, await bed.order(b.ctx, '1688'), 'refund'));
    ok(await sellerAgree(bed.h.ctx, refunds.at(-1)!.refundId, { actor: 'operator' }));
    const sub = await createSubAccount(bed.h.ctx, b.dev.developerId, 'admin');
    assert.ok(sub.ok);
    const subBuyer: Buyer = { dev: { ...b.dev, userId: sub.userId }, ctx: { ...b.ctx, userId: sub.userId, role: 'admin' } };
    const timed = await applyRefund(subBuyer, await bed.order(subBuyer.ctx, '1688'), 'refund');
    assert.equal(timed.ownerUserId, sub.userId);
    refunds.push(timed);
    bed.h.clock.advance(49 * 3_600_000);
    const ignoring = { planRefundResponse: () => ({ kind: 'ignore' as const }), returnAddress: () => ADDRESS };
    await refundSellersTick(bed.h.ctx, ignoring);
  });

  test('each event is one delivered, signed message whose body matches it', async () => {
    const before = rx.messages().length;
    await createDispatcher({
      ctx: bed.h.ctx,
      source: bed.source,
      renderer: pandaPonMessages,
      allowPrivate: true,
      schedule: 'none',
    }).runOnce();
    const delivered = rx.messages().slice(before);
    const verifier = new Webhook(secret);
    for (const d of delivered) {
      const headers = {
        'webhook-id': String(d.headers['webhook-id']),
        'webhook-timestamp': String(d.headers['webhook-timestamp']),
        'webhook-signature': String(d.headers['webhook-signature']),
      };
      assert.doesNotThrow(() => verifier.verify(d.body, headers), headers['webhook-id']);
    }
    const envelopes = delivered.map((d) => JSON.parse(d.body) as { messageType: string; messageBody: string; messagePlatform: number });
    const refundMessages = envelopes
      .filter((e) => REFUND_TYPES.includes(e.messageType))
      .map((e) => ({ ...e, body: JSON.parse(e.messageBody) }));
    let expected = 0;
    for (const r of refunds) {
      const events = ok(await sellerRefundEvents(bed.h.ctx, r.refundId)).events.filter((e) => e.action !== 'message');
      expected += events.length;
      const mine = refundMessages.filter((m) => (m.body.refund_id ?? m.body.refundId) === r.refundId);
      assert.equal(mine.length, events.length, `${r.refundId}: one message per event (${events.map((e) => e.action).join(',')})`);
      for (const [i, e] of events.entries()) {
        const m = mine.find(
          (x) =>
            (x.body.refund_action ?? x.body.refundAction) === e.refundAction &&
            String(x.body.refund_status ?? x.body.refundStatus) === e.toState,
        );
        assert.ok(m, `${r.refundId} event ${i} ${e.action} → ${e.toState}`);
        assert.equal(m.messagePlatform, r.platform === 'taobao' ? 0 : 1);
        if (r.platform === 'taobao') checkTaobao(m.body, r, e);
        else checkAlibaba(m.body, r, e);
      }
    }
    assert.equal(refundMessages.length, expected, 'no message beyond the events');
    const actions = refundMessages.map((m) => m.body.refund_action ?? m.body.refundAction);
    for (const a of ['BUYER_APPLY_REFUND', 'SELLER_REJECT_REFUND_PROCOTOL', 'BUYER_MODIFY_REFUND_PROTOCOL', 'SELLER_AGREE_REFUND_PROCOTOL'])
      assert.ok(actions.includes(a), a);
    for (const a of ['BUYER_SEND_GOODS', 'SELLER_RECEIVE_GOODS', 'BUYER_CANCEL_REFUND_CLOSE', 'SELLER_AGREE_REFUND', 'SYSTEM_AGREE_REFUND'])
      assert.ok(actions.includes(a), a);
    for (const a of ['SELLER_REJECT_REFUND', 'CRM_APPLY_TIMEOUT_CLOSE']) assert.ok(actions.includes(a), a);
    for (const platform of ['taobao', '1688'] as const) {
      const mine = refunds.filter((r) => r.platform === platform).map((r) => r.refundId);
      const seen = new Set(
        refundMessages
          .filter((m) => mine.includes(m.body.refund_id ?? m.body.refundId))
          .map((m) => m.body.refund_action ?? m.body.refundAction),
      );
      for (const a of [
        'BUYER_APPLY_REFUND',
        'BUYER_MODIFY_REFUND_PROTOCOL',
        'SELLER_AGREE_REFUND_PROCOTOL',
        'BUYER_SEND_GOODS',
        'BUYER_CANCEL_REFUND_CLOSE',
        'CRM_APPLY_TIMEOUT_CLOSE',
      ])
        assert.ok(seen.has(a), `${platform}: ${a}`);
    }
    const owners = await bed.h.db.kysely
      .selectFrom('callback_messages')
      .select(['owner_user_id'])
      .where('aggregate_id', '=', refunds.at(-1)!.orderId)
      .where('event_type', '=', REFUND_EVENT_TYPE)
      .execute();
    assert.ok(owners.length >= 2);
    assert.ok(
      owners.every((o) => o.owner_user_id === refunds.at(-1)!.ownerUserId),
      'the sub-account owns its refund messages',
    );
    // The delivery log of an order lists its refund messages too, delivered.
    const first = refunds[0]!;
    const log = ok(await pageCallbackLog(b.ctx, { orderId: first.orderId, pageSize: 50 }));
    const logged = log.rows.filter((m) => m.eventType === REFUND_EVENT_TYPE);
    assert.equal(logged.length, refundMessages.filter((m) => m.body.refund_id === first.refundId).length);
    assert.ok(logged.length > 0 && logged.every((m) => m.orderId === first.orderId && m.status === 'delivered'));
  });
});
