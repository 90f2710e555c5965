import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  cancelRefund,
  getRefund,
  getRefundSystem,
  listRefundReasons,
  refundQuote,
  sellerAgree,
  submitRefund,
  type SubmitRefundInput,
} from '../src/modules/aftersales/index.ts';
import { getOrder } from '../src/modules/orders/index.ts';
import { getBalance, ledgerCheck } from '../src/modules/wallet/index.ts';
import type { Ctx } from '../src/platform/context.ts';
import type { OrderDetail } from '../src/modules/orders/index.ts';
import { refundBed, type RefundBed } from './helpers/aftersales-bed.ts';

describe('after-sales core', () => {
  let bed: RefundBed;
  before(async () => {
    bed = await refundBed();
  });
  after(() => bed.close());

  const taobaoSubmit = (order: OrderDetail, extra: Partial<SubmitRefundInput> = {}): SubmitRefundInput => ({
    platform: 'taobao',
    orderId: order.orderId,
    lines: [{ lineNo: 1 }],
    kind: 'refund',
    goodsStatus: '1',
    reasonId: '402652',
    applyFen: order.lines[0]!.paidFen,
    description: 'ordered twice',
    images: [],
    ...extra,
  });

  test('the migration seeds both reason catalogues', async () => {
    const taobao = await listRefundReasons(bed.h.ctx, { platform: 'taobao' });
    assert.ok(taobao.some((r) => r.reasonId === '402652' && r.text.zh === '拍错/多拍/不喜欢'));
    const received = await listRefundReasons(bed.h.ctx, { platform: '1688', kind: 'return_refund', goodsStatus: 'refundBuyerReceived' });
    const seven = received.find((r) => r.text.zh === '七天无理由');
    assert.ok(seven?.noRefundCarriage);
    assert.ok(received.every((r) => r.text.zh !== '拍错/不想要'));
  });

  test('Taobao refund only before shipping: quote, submit, agree credits the wallet and closes the order', async () => {
    const { dev, ctx } = await bed.buyer();
    const order = await bed.order(ctx, 'taobao');
    const quote = await refundQuote(ctx, { platform: 'taobao', orderId: order.orderId, lineNos: [1], kind: 'refund', goodsStatus: '1' });
    assert.ok(quote.ok);
    assert.equal(quote.quote.maxFen, order.lines[0]!.paidFen);
    assert.deepEqual(quote.quote.goodsStatuses, ['1']);
    const balanceBefore = await getBalance(bed.h.ctx, dev.developerId);
    const made = await submitRefund(ctx, taobaoSubmit(order));
    assert.ok(made.ok, JSON.stringify(made));
    assert.equal(made.refund.status, '10');
    assert.equal(made.replayed, false);
    const agreed = await sellerAgree(bed.h.ctx, made.refund.refundId, { actor: 'seller' });
    assert.ok(agreed.ok, JSON.stringify(agreed));
    assert.equal(agreed.refund.status, '100');
    assert.equal(agreed.refund.refundedFen, order.lines[0]!.paidFen);
    // The whole order paid back: the line, then the freight the order never used.
    assert.equal(await getBalance(bed.h.ctx, dev.developerId), balanceBefore + order.paidAmountFen);
    const after = await getOrder(ctx, order.orderId);
    assert.ok(after.ok);
    assert.equal(after.order.state, 'closed');
    assert.equal(after.order.closeReason, 'refunded');
    assert.equal(after.order.refundedFen, order.paidAmountFen);
    const check = await ledgerCheck(bed.h.ctx, dev.developerId);
    assert.equal(check.entriesSumFen, check.balanceFen);
    assert.equal((await getRefundSystem(bed.h.ctx, made.refund.refundId)).ok, true);
  });

  test('cancel from 10 closes the application; another developer does not find it', async () => {
    const { ctx } = await bed.buyer();
    const order = await bed.order(ctx, 'taobao');
    const made = await submitRefund(ctx, taobaoSubmit(order));
    assert.ok(made.ok);
    const other = await bed.buyer();
    const foreign: Ctx = other.ctx;
    const seen = await getRefund(foreign, made.refund.refundId);
    assert.equal(seen.ok, false);
    assert.equal(!seen.ok && seen.error, 'NOT_FOUND');
    const cancelled = await cancelRefund(ctx, made.refund.refundId);
    assert.ok(cancelled.ok);
    assert.equal(cancelled.refund.status, '-20');
    const again = await cancelRefund(ctx, made.refund.refundId);
    assert.deepEqual(again, { ok: false, error: 'REFUND_STATE_INVALID', params: { state: '-20', action: 'cancel' } });
  });
});
