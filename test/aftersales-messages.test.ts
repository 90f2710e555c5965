import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addRefundMessage,
  cancelRefund,
  refundEvents,
  sellerMessage,
  submitRefund,
  type RefundView,
} from '../src/modules/aftersales/index.ts';
import { refundBed, type RefundBed } from './helpers/aftersales-bed.ts';
import { submitOf } from './helpers/aftersales-inputs.ts';
import { ADMIN_TOKEN } from './helpers/harness.ts';

describe('after-sales: seller messages', () => {
  let bed: RefundBed;
  before(async () => {
    bed = await refundBed();
  });
  after(() => bed.close());

  async function openRefund(platform: 'taobao' | '1688'): Promise<{ refund: RefundView; ctx: Parameters<typeof cancelRefund>[0] }> {
    const { ctx } = await bed.buyer();
    const order = await bed.order(ctx, platform);
    const made = await submitRefund(ctx, submitOf(platform, order));
    assert.ok(made.ok, JSON.stringify(made));
    return { refund: made.refund, ctx };
  }

  const outboxCount = async (refundId: string) =>
    (await bed.h.ctx.db.selectFrom('outbox_events').select('id').where('aggregate_id', '=', refundId).execute()).length;

  for (const platform of ['taobao', '1688'] as const) {
    test(`${platform}: the seller's message is an event (SELLER_UPLOAD_BILL) beside the buyer's, with no state change and no callback`, async () => {
      const { refund, ctx } = await openRefund(platform);
      const outbox = await outboxCount(refund.refundId);
      const buyerSaid = await addRefundMessage(ctx, refund.refundId, { text: 'any news?', images: [] });
      assert.ok(buyerSaid.ok);
      const said = await sellerMessage(bed.h.ctx, refund.refundId, {
        actor: 'seller',
        text: '  checking the stock  ',
        images: ['https://img.example/1.jpg'],
      });
      assert.ok(said.ok, JSON.stringify(said));
      assert.deepEqual(
        [said.event.action, said.event.actor, said.event.refundAction, said.event.note, said.event.images, said.event.detail],
        ['message', 'seller', 'SELLER_UPLOAD_BILL', 'checking the stock', ['https://img.example/1.jpg'], null],
      );
      assert.deepEqual([said.event.fromState, said.event.toState], [refund.status, refund.status]);
      const listed = await refundEvents(ctx, refund.refundId);
      assert.ok(listed.ok);
      assert.deepEqual(
        listed.events.map((e) => `${e.actor}:${e.refundAction}`),
        ['buyer:BUYER_APPLY_REFUND', 'buyer:BUYER_UPLOAD_BILL', 'seller:SELLER_UPLOAD_BILL'],
      );
      assert.equal(await outboxCount(refund.refundId), outbox, 'messages emit no callback');
    });
  }

  test('refusals: bad actor, empty message, unknown refund, a closed application is read only', async () => {
    const { refund, ctx } = await openRefund('taobao');
    const bad = (r: { ok: true } | { ok: false; error: string }) => (r.ok ? 'ok' : r.error);
    assert.equal(bad(await sellerMessage(bed.h.ctx, refund.refundId, { actor: 'buyer' as never, text: 'x', images: [] })), 'BAD_PARAMETER');
    assert.equal(bad(await sellerMessage(bed.h.ctx, refund.refundId, { actor: 'seller', text: ' ', images: [] })), 'BAD_PARAMETER');
    assert.equal(bad(await sellerMessage(bed.h.ctx, 'nope', { actor: 'seller', text: 'x', images: [] })), 'NOT_FOUND');
    assert.ok((await cancelRefund(ctx, refund.refundId)).ok);
    assert.deepEqual(await sellerMessage(bed.h.ctx, refund.refundId, { actor: 'operator', text: 'too late', images: [] }), {
      ok: false,
      error: 'REFUND_STATE_INVALID',
      params: { state: '-20', action: 'message' },
    });
  });

  test('POST /admin/refunds/message writes as operator; it needs the admin token', async () => {
    const { refund, ctx } = await openRefund('1688');
    const post = (payload: Record<string, unknown>, token = ADMIN_TOKEN) =>
      bed.h.app.inject({ method: 'POST', url: '/admin/refunds/message', headers: { authorization: `Bearer ${token}` }, payload });
    assert.equal((await post({ refundId: refund.refundId, text: 'x' }, 'wrong')).json().code, 411);
    const answer = (await post({ refundId: refund.refundId, text: 'we ship tomorrow', images: ['https://img.example/2.png'] })).json();
    assert.equal(answer.code, 200, answer.msg);
    assert.deepEqual(
      [answer.data.actor, answer.data.refundAction, answer.data.note, answer.data.images],
      ['operator', 'SELLER_UPLOAD_BILL', 'we ship tomorrow', ['https://img.example/2.png']],
    );
    assert.equal((await post({ refundId: refund.refundId })).json().code, 400, 'text or images');
    assert.equal((await post({ refundId: 'TQ0000000000000000', text: 'x' })).json().code, 404);
    const listed = await refundEvents(ctx, refund.refundId);
    assert.ok(listed.ok);
    assert.equal(listed.events.at(-1)?.id, answer.data.id);
  });
});
