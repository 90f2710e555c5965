import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addRefundMessage,
  alibabaRefundMachine,
  cancelRefund,
  DEFAULT_REFUND_TIMERS,
  getRefund,
  getRefundSystem,
  listRefundReasons,
  modifyRefund,
  orderRefundState,
  pageRefunds,
  REFUND_EVENT_TYPE,
  refundEvents,
  refundQuote,
  refundTimers,
  runRefundTimers,
  saveRefundReason,
  sellerAgree,
  sellerConfirmReceipt,
  sellerRefuse,
  setRefundTimers,
  submitRefund,
  submitReturnLogistics,
  systemRefundLine,
  taobaoRefundMachine,
  type RefundEventPayload,
  type RefundPlatform,
  type RefundView,
} from '../src/modules/aftersales/index.ts';
import { closeOrder, getOrder, payOrders, sellerModifyPrice, type OrderDetail } from '../src/modules/orders/index.ts';
import { linePaidFen } from '../src/modules/orders/paid.ts';
import { getBalance, ledgerCheck } from '../src/modules/wallet/index.ts';
import type { Ctx } from '../src/platform/context.ts';
import type { Failure } from '../src/platform/errors.ts';
import { refundBed, type RefundBed } from './helpers/aftersales-bed.ts';
import { ok, refused, RETURN_TO, returnOf, submitOf } from './helpers/aftersales-inputs.ts';

const LOGISTICS = {
  companyCode: 'YTO',
  companyName: '圆通速递',
  trackingNo: 'YT900001',
  buyerPhone: '13800000000',
  description: 'returned',
  images: [],
};
const HOUR = 3_600_000;

const S = {
  taobao: { open: '10', returnWait: '20', receiveWait: '30', success: '100', refused: '-10', closed: '-20' },
  '1688': {
    open: 'waitselleragree',
    returnWait: 'waitbuyersend',
    receiveWait: 'waitsellerreceive',
    success: 'refundsuccess',
    refused: 'waitbuyermodify',
    closed: 'refundclose',
  },
} as const;
type StateKey = keyof (typeof S)['taobao'];

describe('after-sales core', () => {
  let bed: RefundBed;
  before(async () => {
    bed = await refundBed();
  });
  after(() => bed.close());

  async function outboxOf(refundId: string): Promise<RefundEventPayload[]> {
    const rows = await bed.h.ctx.db
      .selectFrom('outbox_events')
      .select(['type', 'payload_json', 'aggregate_type'])
      .where('aggregate_id', '=', refundId)
      .orderBy('id')
      .execute();
    assert.ok(rows.every((r) => r.type === REFUND_EVENT_TYPE && r.aggregate_type === 'refund'));
    return rows.map((r) => JSON.parse(r.payload_json) as RefundEventPayload);
  }

  /** A return and refund (arrived order) driven to one state of its platform's machine. */
  async function reach(
    platform: RefundPlatform,
    key: StateKey,
    ctxGiven?: Ctx,
  ): Promise<{ ctx: Ctx; order: OrderDetail; refund: RefundView }> {
    const ctx = ctxGiven ?? (await bed.buyer()).ctx;
    const order = await bed.order(ctx, platform, { state: 'arrived_warehouse' });
    let refund = ok(await submitRefund(ctx, returnOf(platform, order))).refund;
    const sys = bed.h.ctx;
    if (key === 'returnWait' || key === 'receiveWait' || key === 'success') {
      refund = ok(await sellerAgree(sys, refund.refundId, { actor: 'seller', address: RETURN_TO, note: 'send it back' })).refund;
    }
    if (key === 'receiveWait' || key === 'success') refund = ok(await submitReturnLogistics(ctx, refund.refundId, LOGISTICS)).refund;
    if (key === 'success') refund = ok(await sellerConfirmReceipt(sys, refund.refundId, { actor: 'seller' })).refund;
    if (key === 'refused') refund = ok(await sellerRefuse(sys, refund.refundId, { actor: 'seller', reason: 'used goods' })).refund;
    if (key === 'closed') refund = ok(await cancelRefund(ctx, refund.refundId)).refund;
    assert.equal(refund.status, S[platform][key]);
    return { ctx, order, refund };
  }

  test('the migration seeds both reason catalogues; saveRefundReason adds and edits one', async () => {
    const taobao = await listRefundReasons(bed.h.ctx, { platform: 'taobao' });
    assert.ok(taobao.some((r) => r.reasonId === '402652' && r.text.zh === '拍错/多拍/不喜欢'));
    assert.ok(taobao.some((r) => r.reasonId === '403883'));
    const received = await listRefundReasons(bed.h.ctx, { platform: '1688', kind: 'return_refund', goodsStatus: 'refundBuyerReceived' });
    assert.ok(received.find((r) => r.text.zh === '七天无理由')?.noRefundCarriage);
    assert.ok(received.find((r) => r.text.zh === '质量问题')?.needVoucher);
    assert.ok(received.every((r) => r.text.zh !== '拍错/不想要'));
    const reason = {
      platform: 'taobao' as const,
      reasonId: '499001',
      text: { zh: '发错货', en: 'Wrong goods sent' },
      tips: '',
      needVoucher: true,
      noRefundCarriage: false,
      kinds: ['refund' as const],
      goodsStatuses: ['4'],
      enabled: true,
    };
    ok(await saveRefundReason(bed.h.ctx, reason));
    assert.ok((await listRefundReasons(bed.h.ctx, { platform: 'taobao', goodsStatus: '4' })).some((r) => r.reasonId === '499001'));
    ok(await saveRefundReason(bed.h.ctx, { ...reason, enabled: false }));
    assert.ok(!(await listRefundReasons(bed.h.ctx, { platform: 'taobao' })).some((r) => r.reasonId === '499001'));
    refused(await saveRefundReason(bed.h.ctx, { ...reason, goodsStatuses: ['9'] }), 'BAD_PARAMETER');
  });

  test('Taobao refund only before shipping: quote, submit, agree credits the line and the freight and closes the order', async () => {
    const { dev, ctx } = await bed.buyer();
    const order = await bed.order(ctx, 'taobao');
    const quote = ok(
      await refundQuote(ctx, { platform: 'taobao', orderId: order.orderId, lineNos: [1], kind: 'refund', goodsStatus: '1' }),
    ).quote;
    assert.equal(quote.saleAllowed, true);
    assert.equal(quote.maxFen, order.lines[0]!.paidFen);
    assert.equal(quote.canEditFee, true);
    assert.deepEqual(quote.goodsStatuses, ['1']);
    assert.ok(quote.reasons.some((r) => r.reasonId === '402652'));
    assert.ok(!quote.reasons.some((r) => r.reasonId === '403883'), 'reasons of received goods are not offered');
    const balanceBefore = await getBalance(bed.h.ctx, dev.developerId);
    const made = ok(await submitRefund(ctx, submitOf('taobao', order)));
    assert.equal(made.refund.status, '10');
    assert.equal(made.replayed, false);
    assert.match(made.refund.refundId, /^\d{16}$/);
    const agreed = ok(await sellerAgree(bed.h.ctx, made.refund.refundId, { actor: 'seller' })).refund;
    assert.equal(agreed.status, '100');
    assert.equal(agreed.refundedFen, order.lines[0]!.paidFen);
    assert.deepEqual(agreed.lines, [
      { lineNo: 1, quantity: order.lines[0]!.quantity, applyFen: agreed.applyFen, refundedFen: agreed.applyFen },
    ]);
    assert.equal(agreed.timeoutAt, null);
    assert.equal(await getBalance(bed.h.ctx, dev.developerId), balanceBefore + order.paidAmountFen);
    const closed = ok(await getOrder(ctx, order.orderId)).order;
    assert.equal(closed.state, 'closed');
    assert.equal(closed.closeReason, 'refunded');
    assert.equal(closed.refundedFen, order.paidAmountFen);
    assert.equal(closed.refundedCarriageFen, order.shippingFeeFen);
    assert.equal(closed.lines[0]!.refundedQuantity, order.lines[0]!.quantity);
    const refs = await bed.h.ctx.db
      .selectFrom('ledger_transactions')
      .select(['ref', 'amount_fen'])
      .where('developer_id', '=', dev.developerId)
      .where('kind', '=', 'refund')
      .orderBy('ref')
      .execute();
    assert.deepEqual(
      refs.map((r) => [r.ref, Number(r.amount_fen)]),
      [
        [`refund-freight:${order.orderId}`, order.shippingFeeFen],
        [`refund:${made.refund.refundId}`, order.lines[0]!.paidFen],
      ].filter(([, fen]) => Number(fen) > 0),
    );
    const check = await ledgerCheck(bed.h.ctx, dev.developerId);
    assert.equal(check.entriesSumFen, check.balanceFen);
    const orderEvents = await bed.h.ctx.db
      .selectFrom('outbox_events')
      .select('type')
      .where('aggregate_id', '=', order.orderId)
      .orderBy('id')
      .execute();
    assert.equal(orderEvents.at(-1)?.type, 'ORDER_CLOSE');
    assert.equal(ok(await getRefundSystem(bed.h.ctx, made.refund.refundId)).refund.status, '100');
    const payloads = await outboxOf(made.refund.refundId);
    assert.deepEqual(
      payloads.map((p) => [p.fromStatus, p.status, p.action, p.actor, p.refundAction]),
      [
        [null, '10', 'submit', 'buyer', 'BUYER_APPLY_REFUND'],
        ['10', '100', 'agree_refund', 'seller', 'SELLER_AGREE_REFUND'],
      ],
    );
    assert.equal(payloads[1]!.refundedFen, order.lines[0]!.paidFen);
    assert.deepEqual(payloads[1]!.lineNos, [1]);
  });

  test('a full refund of a shipped order closes it without the freight; a completed order stays completed', async () => {
    const { dev, ctx } = await bed.buyer();
    const shipped = await bed.order(ctx, 'taobao', { state: 'shipped' });
    const before = await getBalance(bed.h.ctx, dev.developerId);
    const made = ok(await submitRefund(ctx, submitOf('taobao', shipped, { goodsStatus: '2' })));
    ok(await sellerAgree(bed.h.ctx, made.refund.refundId, { actor: 'operator' }));
    assert.equal(await getBalance(bed.h.ctx, dev.developerId), before + shipped.lines[0]!.paidFen);
    const closed = ok(await getOrder(ctx, shipped.orderId)).order;
    assert.equal(closed.state, 'closed');
    assert.equal(closed.refundedCarriageFen, 0);
    const completed = await bed.order(ctx, '1688', { state: 'completed' });
    const refund = ok(
      await submitRefund(
        ctx,
        submitOf('1688', completed, {
          goodsStatus: 'aftersaleBuyerNotReceived',
          reasonId: '20029',
          applyCarriageFen: completed.shippingFeeFen,
        }),
      ),
    ).refund;
    const done = ok(await sellerAgree(bed.h.ctx, refund.refundId, { actor: 'seller' })).refund;
    assert.equal(done.status, 'refundsuccess');
    assert.equal(done.refundedFen, completed.lines[0]!.paidFen + completed.shippingFeeFen);
    const still = ok(await getOrder(ctx, completed.orderId)).order;
    assert.equal(still.state, 'completed');
    assert.equal(still.lines[0]!.refundedFen, completed.lines[0]!.paidFen);
    assert.equal(still.refundedFen, completed.paidAmountFen);
  });

  test('a two-line order closes only when its second line is refunded', async () => {
    const { dev, ctx } = await bed.buyer();
    const order = await bed.order(ctx, 'taobao', { lines: 2 });
    assert.equal(order.lines.length, 2);
    const before = await getBalance(bed.h.ctx, dev.developerId);
    const first = ok(await submitRefund(ctx, submitOf('taobao', order))).refund;
    ok(await sellerAgree(bed.h.ctx, first.refundId, { actor: 'seller' }));
    assert.equal(ok(await getOrder(ctx, order.orderId)).order.state, 'paid');
    const second = ok(await submitRefund(ctx, submitOf('taobao', order, { lines: [{ lineNo: 2 }] }))).refund;
    assert.equal(second.applyFen, order.lines[1]!.paidFen);
    ok(await sellerAgree(bed.h.ctx, second.refundId, { actor: 'seller' }));
    assert.equal(ok(await getOrder(ctx, order.orderId)).order.state, 'closed');
    assert.equal(await getBalance(bed.h.ctx, dev.developerId), before + order.paidAmountFen);
    const states = (await orderRefundState(bed.h.ctx, [order.orderId])).get(order.orderId);
    assert.equal(states?.get(1)?.refundStatus, '100');
    assert.equal(states?.get(2)?.refundId, second.refundId);
    assert.equal(states?.get(2)?.refundedFen, order.lines[1]!.paidFen);
  });

  test('Taobao partial quantities: the first pieces get their proportion, the last ones the remainder', async () => {
    const { ctx } = await bed.buyer();
    const order = await bed.order(ctx, 'taobao', { quantity: 3 });
    const line = order.lines[0]!;
    const share = Math.floor((line.paidFen * 1) / line.quantity);
    const quote = ok(
      await refundQuote(ctx, { platform: 'taobao', orderId: order.orderId, lineNos: [1], kind: 'refund', goodsStatus: '1', quantity: 1 }),
    );
    assert.equal(quote.quote.maxFen, share);
    refused(
      await submitRefund(ctx, submitOf('taobao', order, { lines: [{ lineNo: 1, quantity: 1 }], applyFen: share + 1 })),
      'REFUND_AMOUNT_TOO_LARGE',
      {
        amountFen: share + 1,
        maxFen: share,
        what: `order ${order.orderId} line 1`,
      },
    );
    const first = ok(await submitRefund(ctx, submitOf('taobao', order, { lines: [{ lineNo: 1, quantity: 1 }], applyFen: share }))).refund;
    ok(await sellerAgree(bed.h.ctx, first.refundId, { actor: 'seller' }));
    const rest = line.paidFen - share;
    const more = await refundQuote(ctx, { platform: 'taobao', orderId: order.orderId, lineNos: [1], kind: 'refund', goodsStatus: '1' });
    assert.equal(ok(more).quote.maxFen, rest);
    assert.equal(ok(more).quote.remainingQuantity, line.quantity - 1);
    refused(await submitRefund(ctx, submitOf('taobao', order, { lines: [{ lineNo: 1, quantity: 3 }], applyFen: 1 })), 'BAD_PARAMETER');
    const second = ok(await submitRefund(ctx, submitOf('taobao', order, { applyFen: rest }))).refund;
    assert.deepEqual(second.lines, [{ lineNo: 1, quantity: line.quantity - 1, applyFen: rest, refundedFen: 0 }]);
    ok(await sellerAgree(bed.h.ctx, second.refundId, { actor: 'seller' }));
    const detail = ok(await getOrder(ctx, order.orderId)).order;
    assert.equal(detail.lines[0]!.refundedFen, line.paidFen);
    assert.equal(detail.state, 'closed');
    refused(await submitRefund(ctx, submitOf('taobao', order, { applyFen: 1 })), 'REFUND_NOT_ALLOWED', {
      orderId: order.orderId,
      lineNo: 1,
      why: 'the order is closed, not paid',
    });
  });

  test('refusals name the rule and the numbers', async () => {
    const { ctx } = await bed.buyer();
    const paid = await bed.order(ctx, 'taobao');
    const linePaid = paid.lines[0]!.paidFen;
    refused(await submitRefund(ctx, submitOf('taobao', paid, { applyFen: linePaid + 1 })), 'REFUND_AMOUNT_TOO_LARGE', {
      amountFen: linePaid + 1,
      maxFen: linePaid,
      what: `order ${paid.orderId} line 1`,
    });
    refused(await submitRefund(ctx, submitOf('taobao', paid, { goodsStatus: '4' })), 'REFUND_GOODS_STATUS_INVALID', {
      goodsStatus: '4',
      rule: 'order state paid (allowed: 1)',
    });
    refused(await submitRefund(ctx, submitOf('taobao', paid, { kind: 'return_refund' })), 'REFUND_GOODS_STATUS_INVALID', {
      goodsStatus: '1',
      rule: 'a return and refund (allowed: 4)',
    });
    refused(await submitRefund(ctx, submitOf('taobao', paid, { goodsStatus: '5' })), 'REFUND_GOODS_STATUS_INVALID');
    refused(await submitRefund(ctx, submitOf('taobao', paid, { reasonId: '403883' })), 'REFUND_REASON_INVALID', {
      reasonId: '403883',
      kind: 'refund',
      goodsStatus: '1',
    });
    refused(await submitRefund(ctx, submitOf('taobao', paid, { reasonId: 'nope' })), 'REFUND_REASON_INVALID');
    refused(await submitRefund(ctx, submitOf('taobao', paid, { applyCarriageFen: 100 })), 'BAD_PARAMETER');
    for (const image of ['javascript:alert(1)', 'data:image/png;base64,AAAA', 'img.example/a.jpg'])
      refused(await submitRefund(ctx, submitOf('taobao', paid, { images: [image] })), 'BAD_PARAMETER', {
        field: 'images',
        rule: 'must hold at most 10 http(s) image addresses of at most 500 characters',
      });
    refused(await submitRefund(ctx, submitOf('taobao', paid, { lines: [{ lineNo: 9 }] })), 'NOT_FOUND', {
      what: `order ${paid.orderId} line 9`,
    });
    refused(await submitRefund(ctx, submitOf('1688', paid)), 'NOT_FOUND', { what: `order ${paid.orderId}` });

    const arrived = await bed.order(ctx, 'taobao', { state: 'arrived_warehouse' });
    refused(await submitRefund(ctx, returnOf('taobao', arrived, { reasonId: '402662' })), 'REFUND_VOUCHER_REQUIRED', {
      reasonId: '402662',
    });
    ok(await submitRefund(ctx, returnOf('taobao', arrived, { reasonId: '402662', images: ['https://img.example/1.jpg'] })));

    const unpaid = await bed.order(ctx, 'taobao', { state: 'waiting_payment' });
    refused(await submitRefund(ctx, submitOf('taobao', unpaid)), 'REFUND_NOT_ALLOWED', {
      orderId: unpaid.orderId,
      lineNo: 1,
      why: 'the order is waiting_payment, not paid',
    });
    const notAllowed = ok(
      await refundQuote(ctx, { platform: 'taobao', orderId: unpaid.orderId, lineNos: [1], kind: 'refund', goodsStatus: '1' }),
    );
    assert.equal(notAllowed.quote.saleAllowed, false);
    assert.match(notAllowed.quote.notAllowedReason ?? '', /waiting_payment/);
  });

  test('1688 refusals: the whole amount before shipping, partial quantities, freight', async () => {
    const { ctx } = await bed.buyer();
    const paid = await bed.order(ctx, '1688', { lines: 2 });
    const whole = paid.lines[0]!.paidFen + paid.lines[1]!.paidFen;
    const bothLines = [{ lineNo: 1 }, { lineNo: 2 }];
    const quote = ok(
      await refundQuote(ctx, {
        platform: '1688',
        orderId: paid.orderId,
        lineNos: [1, 2],
        kind: 'refund',
        goodsStatus: 'refundWaitSellerSend',
      }),
    ).quote;
    assert.equal(quote.canEditFee, false);
    assert.equal(quote.maxFen, whole);
    assert.equal(quote.minFen, whole);
    assert.equal(quote.maxCarriageFen, paid.shippingFeeFen);
    refused(await submitRefund(ctx, submitOf('1688', paid, { lines: bothLines, applyFen: whole - 1 })), 'REFUND_PARTIAL_NOT_ALLOWED', {
      rule: `before the seller ships, applyPayment must be the whole ${whole} fen (got ${whole - 1})`,
    });
    refused(
      await submitRefund(ctx, submitOf('1688', paid, { lines: bothLines, applyCarriageFen: paid.shippingFeeFen + 1 })),
      'REFUND_AMOUNT_TOO_LARGE',
      { amountFen: paid.shippingFeeFen + 1, maxFen: paid.shippingFeeFen, what: 'freight' },
    );
    const made = ok(await submitRefund(ctx, submitOf('1688', paid, { lines: bothLines, applyCarriageFen: paid.shippingFeeFen })));
    assert.match(made.refund.refundId, /^TQ\d{16}$/);
    assert.equal(
      made.refund.lines.reduce((s, l) => s + l.applyFen, 0),
      whole,
    );

    const shipped = await bed.order(ctx, '1688', { state: 'shipped', quantity: 4 });
    const q = shipped.lines[0]!.quantity;
    refused(
      await submitRefund(
        ctx,
        submitOf('1688', shipped, {
          goodsStatus: 'refundWaitBuyerReceive',
          reasonId: '20029',
          lines: [{ lineNo: 1, quantity: q - 1 }],
          applyFen: 1,
        }),
      ),
      'REFUND_PARTIAL_NOT_ALLOWED',
    );
    const arrived = await bed.order(ctx, '1688', { state: 'arrived_warehouse', quantity: 4 });
    const aq = arrived.lines[0]!.quantity;
    refused(await submitRefund(ctx, returnOf('1688', arrived, { applyCarriageFen: 10 })), 'REFUND_CARRIAGE_NOT_REFUNDABLE', {
      reasonId: '20034',
      carriageFen: 10,
    });
    refused(await submitRefund(ctx, returnOf('1688', arrived, { reasonId: '20030' })), 'REFUND_VOUCHER_REQUIRED', { reasonId: '20030' });
    refused(await submitRefund(ctx, returnOf('1688', arrived, { goodsStatus: 'aftersaleBuyerReceived' })), 'REFUND_GOODS_STATUS_INVALID', {
      goodsStatus: 'aftersaleBuyerReceived',
      rule: 'order state arrived_warehouse (allowed: refundBuyerReceived)',
    });
    const part = Math.floor(arrived.lines[0]!.paidFen / aq);
    const partial = ok(await submitRefund(ctx, returnOf('1688', arrived, { lines: [{ lineNo: 1, quantity: 1 }], applyFen: part })));
    assert.deepEqual(partial.refund.lines, [{ lineNo: 1, quantity: 1, applyFen: part, refundedFen: 0 }]);
  });

  test('every transition of the Taobao machine, with its event rows and timers', async () => {
    const { ctx, refund } = await reach('taobao', 'receiveWait');
    assert.equal(refund.timeoutType, 'SELLER_RECEIVE');
    assert.deepEqual(refund.returnLogistics, LOGISTICS);
    assert.deepEqual(refund.returnAddress, RETURN_TO);
    const events = ok(await refundEvents(ctx, refund.refundId)).events;
    assert.deepEqual(
      events.map((e) => [e.fromState, e.toState, e.action, e.actor, e.refundAction]),
      [
        [null, '10', 'submit', 'buyer', 'BUYER_APPLY_REFUND'],
        ['10', '20', 'agree_return', 'seller', 'SELLER_AGREE_REFUND_PROCOTOL'],
        ['20', '30', 'ship_return', 'buyer', 'BUYER_SEND_GOODS'],
      ],
    );
    assert.deepEqual(events[2]!.detail, { logistics: LOGISTICS });
    // refuse after inspection (30 → -10), modify (-10 → 10), refuse (10 → -10), modify, agree_refund.
    const r1 = ok(
      await sellerRefuse(bed.h.ctx, refund.refundId, {
        actor: 'seller',
        reason: 'damaged by the buyer',
        images: ['https://img.example/x.jpg'],
      }),
    ).refund;
    assert.deepEqual([r1.status, r1.refuseReason, r1.refuseTimes, r1.timeoutType], ['-10', 'damaged by the buyer', 1, 'BUYER_MODIFY']);
    const order = ok(await getOrder(ctx, refund.orderId)).order;
    const modify = {
      kind: 'refund' as const,
      goodsStatus: '4',
      reasonId: '402641',
      applyFen: order.lines[0]!.paidFen - 1,
      description: 'keep it, refund part',
      images: [],
    };
    const m1 = ok(await modifyRefund(ctx, refund.refundId, modify)).refund;
    assert.deepEqual([m1.status, m1.kind, m1.applyFen, m1.timeoutType], ['10', 'refund', modify.applyFen, 'SELLER_RESPOND']);
    const r2 = ok(await sellerRefuse(bed.h.ctx, refund.refundId, { actor: 'operator', reason: 'no' })).refund;
    assert.equal(r2.refuseTimes, 2);
    ok(await modifyRefund(ctx, refund.refundId, { ...modify, applyFen: 100 }));
    const m2 = ok(await modifyRefund(ctx, refund.refundId, modify)).refund;
    assert.equal(m2.status, '10');
    const done = ok(await sellerAgree(bed.h.ctx, refund.refundId, { actor: 'seller' })).refund;
    assert.equal(done.status, '100');
    assert.equal(done.refundedFen, modify.applyFen);
    const actions = ok(await refundEvents(ctx, refund.refundId)).events.map((e) => e.refundAction);
    assert.deepEqual(actions.slice(3), [
      'SELLER_REJECT_REFUND',
      'BUYER_MODIFY_REFUND_PROTOCOL',
      'SELLER_REJECT_REFUND_PROCOTOL',
      'BUYER_MODIFY_REFUND_PROTOCOL',
      'BUYER_MODIFY_REFUND_PROTOCOL',
      'SELLER_AGREE_REFUND',
    ]);
    const paged = ok(await refundEvents(ctx, refund.refundId, { page: 2, pageSize: 3 }));
    assert.equal(paged.total, 9);
    assert.deepEqual(
      paged.events.map((e) => e.action),
      ['refuse', 'modify', 'refuse'],
    );
    assert.equal((await outboxOf(refund.refundId)).length, 9);
    // The return went 20 → 30 → 100 on another application, and cancel works from 10, 20 and -10.
    const success = await reach('taobao', 'success');
    assert.equal(success.refund.refundedFen, success.order.lines[0]!.paidFen);
    for (const from of ['open', 'returnWait', 'refused'] as const) {
      const r = await reach('taobao', from);
      assert.equal(ok(await cancelRefund(r.ctx, r.refund.refundId)).refund.status, '-20');
    }
  });

  test('every transition of the 1688 machine, cancel from each open state', async () => {
    const success = await reach('1688', 'success');
    const events = ok(await refundEvents(success.ctx, success.refund.refundId)).events;
    assert.deepEqual(
      events.map((e) => e.refundAction),
      ['BUYER_APPLY_REFUND', 'SELLER_AGREE_REFUND_PROCOTOL', 'BUYER_SEND_GOODS', 'SELLER_RECEIVE_GOODS'],
    );
    assert.equal(success.refund.refundedFen, success.refund.applyFen);
    const refusedOne = await reach('1688', 'refused');
    const order = refusedOne.order;
    const modified = ok(
      await modifyRefund(refusedOne.ctx, refusedOne.refund.refundId, {
        kind: 'refund',
        goodsStatus: 'refundBuyerReceived',
        reasonId: '20033',
        applyFen: order.lines[0]!.paidFen,
        applyCarriageFen: order.shippingFeeFen,
        description: 'not as described',
        images: ['https://img.example/v.jpg'],
      }),
    ).refund;
    assert.equal(modified.status, 'waitselleragree');
    assert.equal(modified.applyCarriageFen, order.shippingFeeFen);
    const paid = ok(await sellerAgree(bed.h.ctx, modified.refundId, { actor: 'seller' })).refund;
    assert.equal(paid.status, 'refundsuccess');
    assert.equal(paid.refundedFen, order.lines[0]!.paidFen + order.shippingFeeFen);
    const receive = await reach('1688', 'receiveWait');
    const rejected = ok(await sellerRefuse(bed.h.ctx, receive.refund.refundId, { actor: 'seller', reason: 'not the goods sent' })).refund;
    assert.equal(rejected.status, 'waitbuyermodify');
    for (const from of ['open', 'returnWait', 'receiveWait', 'refused'] as const) {
      const r = await reach('1688', from);
      const cancelled = ok(await cancelRefund(r.ctx, r.refund.refundId)).refund;
      assert.equal(cancelled.status, 'refundclose');
      assert.equal(cancelled.timeoutAt, null);
      const events = ok(await refundEvents(r.ctx, r.refund.refundId)).events;
      assert.equal(events.at(-1)?.refundAction, 'BUYER_CANCEL_REFUND_CLOSE');
    }
  });

  test('the operation table: each operation in each state it is not allowed in answers REFUND_STATE_INVALID', async () => {
    const { ctx } = await bed.buyer();
    for (const platform of ['taobao', '1688'] as const) {
      const machine = platform === 'taobao' ? taobaoRefundMachine : alibabaRefundMachine;
      for (const key of Object.keys(S.taobao) as StateKey[]) {
        const { order, refund } = await reach(platform, key, ctx);
        const state = refund.status;
        const modifyInput = {
          kind: 'return_refund' as const,
          goodsStatus: returnOf(platform, order).goodsStatus,
          reasonId: returnOf(platform, order).reasonId,
          applyFen: 1,
          description: '',
          images: [],
        };
        const ops: [string, () => Promise<{ ok: boolean } | Failure>][] = [
          ['modify', () => modifyRefund(ctx, refund.refundId, modifyInput)],
          ['cancel', () => cancelRefund(ctx, refund.refundId)],
          ['agree_return', () => sellerAgree(bed.h.ctx, refund.refundId, { actor: 'seller', address: RETURN_TO })],
          ['ship_return', () => submitReturnLogistics(ctx, refund.refundId, LOGISTICS)],
          ['confirm_receipt', () => sellerConfirmReceipt(bed.h.ctx, refund.refundId, { actor: 'seller' })],
          ['refuse', () => sellerRefuse(bed.h.ctx, refund.refundId, { actor: 'seller', reason: 'no' })],
        ];
        for (const [action, run] of ops) {
          if (machine.can(state, action as 'modify')) continue;
          refused(await run(), 'REFUND_STATE_INVALID', { state, action });
        }
        const message = await addRefundMessage(ctx, refund.refundId, { text: 'hello', images: [] });
        if (machine.terminal.includes(state as never)) refused(message, 'REFUND_STATE_INVALID', { state, action: 'message' });
        else assert.equal(ok(message).event.refundAction, 'BUYER_UPLOAD_BILL');
        assert.equal(ok(await getRefund(ctx, refund.refundId)).refund.status, state, 'a refusal changes nothing');
      }
    }
  });

  test('messages are events without callbacks; pages filter and read lines in one go', async () => {
    const { ctx, refund, order } = await reach('taobao', 'open');
    const before = (await outboxOf(refund.refundId)).length;
    const message = ok(await addRefundMessage(ctx, refund.refundId, { text: '请尽快处理', images: ['https://img.example/m.jpg'] })).event;
    assert.deepEqual(
      [message.action, message.fromState, message.toState, message.note, message.images],
      ['message', '10', '10', '请尽快处理', ['https://img.example/m.jpg']],
    );
    assert.equal((await outboxOf(refund.refundId)).length, before);
    refused(await addRefundMessage(ctx, refund.refundId, { text: '', images: [] }), 'BAD_PARAMETER');
    const second = await reach('taobao', 'closed', ctx);
    const all = ok(await pageRefunds(ctx, { platform: 'taobao', page: 1, pageSize: 10 }));
    assert.equal(all.total, 2);
    assert.deepEqual(
      all.rows.map((r) => r.refundId),
      [second.refund.refundId, refund.refundId],
    );
    assert.ok(all.rows.every((r) => r.lines.length === 1));
    const byOrder = ok(await pageRefunds(ctx, { platform: 'taobao', orderId: order.orderId, lineNo: 1, page: 1, pageSize: 10 }));
    assert.deepEqual(
      byOrder.rows.map((r) => r.refundId),
      [refund.refundId],
    );
    assert.equal(
      ok(await pageRefunds(ctx, { platform: 'taobao', status: '-20', page: 1, pageSize: 10 })).rows[0]?.refundId,
      second.refund.refundId,
    );
    assert.equal(ok(await pageRefunds(ctx, { platform: 'taobao', lineNo: 2, page: 1, pageSize: 10 })).total, 0);
    assert.equal(ok(await pageRefunds(ctx, { platform: '1688', page: 1, pageSize: 10 })).total, 0);
    refused(await pageRefunds(ctx, { platform: 'taobao', page: 0, pageSize: 10 }), 'BAD_PARAMETER');
  });

  test('another developer and a sibling sub-account do not find the application', async () => {
    const { dev, ctx } = await bed.buyer();
    const subDev = await bed.h.subAccount(dev, 'buyer');
    const sub = bed.ctxOf(subDev, true);
    const { refund, order } = await reach('taobao', 'open', ctx);
    const stranger = (await bed.buyer()).ctx;
    for (const other of [stranger, sub]) {
      const what = { what: `refund ${refund.refundId}` };
      refused(await getRefund(other, refund.refundId), 'NOT_FOUND', what);
      refused(await cancelRefund(other, refund.refundId), 'NOT_FOUND', what);
      refused(await refundEvents(other, refund.refundId), 'NOT_FOUND', what);
      refused(await addRefundMessage(other, refund.refundId, { text: 'x', images: [] }), 'NOT_FOUND', what);
      refused(await submitReturnLogistics(other, refund.refundId, LOGISTICS), 'NOT_FOUND', what);
      refused(await modifyRefund(other, refund.refundId, { ...returnOf('taobao', order), applyFen: 1 }), 'NOT_FOUND', what);
      refused(await submitRefund(other, returnOf('taobao', order)), 'NOT_FOUND', { what: `order ${order.orderId}` });
      assert.equal(ok(await pageRefunds(other, { platform: 'taobao', page: 1, pageSize: 10 })).total, 0);
    }
    // The sub-account's own application is its own; the main user sees it too.
    const own = await bed.order(sub, 'taobao');
    const mine = ok(await submitRefund(sub, submitOf('taobao', own))).refund;
    assert.equal(mine.ownerUserId, subDev.userId);
    assert.equal(ok(await getRefund(ctx, mine.refundId)).refund.refundId, mine.refundId);
  });

  test('concurrent submits on one line create one application; an idempotency key replays', async () => {
    const { ctx } = await bed.buyer();
    const order = await bed.order(ctx, '1688', { lines: 2 });
    const whole = order.lines[0]!.paidFen;
    // On PostgreSQL each submit is its own connection's transaction, really at once.
    const results = await Promise.all(Array.from({ length: 6 }, () => submitRefund(ctx, submitOf('1688', order, { applyFen: whole }))));
    const made = results.map((r) => ok(r));
    const ids = new Set(made.map((r) => r.refund.refundId));
    assert.equal(ids.size, 1);
    assert.equal(made.filter((r) => !r.replayed).length, 1);
    const rows = await bed.h.ctx.db.selectFrom('refunds').select('refund_id').where('order_id', '=', order.orderId).execute();
    assert.equal(rows.length, 1);
    const id = [...ids][0]!;
    assert.equal((await outboxOf(id)).length, 1);

    const keyed = submitOf('1688', order, { lines: [{ lineNo: 2 }], applyFen: order.lines[1]!.paidFen, idempotencyKey: 'key-1' });
    const first = ok(await submitRefund(ctx, keyed));
    assert.equal(first.replayed, false);
    ok(await cancelRefund(ctx, first.refund.refundId));
    const again = ok(await submitRefund(ctx, keyed));
    assert.deepEqual([again.replayed, again.refund.refundId, again.refund.status], [true, first.refund.refundId, 'refundclose']);
    refused(await submitRefund(ctx, { ...keyed, platform: 'taobao' }), 'IDEMPOTENCY_KEY_REUSED', { key: 'key-1' });
    // Another developer's same key is its own.
    const other = await bed.buyer();
    const theirs = await bed.order(other.ctx, '1688');
    assert.equal(ok(await submitRefund(other.ctx, submitOf('1688', theirs, { idempotencyKey: 'key-1' }))).replayed, false);
    const racedKeys = await Promise.all(
      Array.from({ length: 4 }, () => submitRefund(other.ctx, submitOf('1688', theirs, { idempotencyKey: 'key-1' }))),
    );
    assert.ok(racedKeys.every((r) => ok(r).replayed));
  });

  test('a stock-out line refund opens and completes in one go, closing an open application first', async () => {
    const { dev, ctx } = await bed.buyer();
    const order = await bed.order(ctx, 'taobao', { lines: 2 });
    const open = ok(await submitRefund(ctx, submitOf('taobao', order, { applyFen: 1 }))).refund;
    const before = await getBalance(bed.h.ctx, dev.developerId);
    const done = ok(await systemRefundLine(bed.h.ctx, { orderId: order.orderId, lineNo: 1, reason: '缺货' })).refund;
    assert.deepEqual([done.status, done.reasonText, done.refundedFen], ['100', '缺货', order.lines[0]!.paidFen]);
    assert.deepEqual(
      (await outboxOf(done.refundId)).map((p) => [p.actor, p.refundAction]),
      [
        ['system', 'SYSTEM_APPLY_REFUND'],
        ['system', 'SYSTEM_AGREE_REFUND'],
      ],
    );
    const superseded = ok(await getRefund(ctx, open.refundId)).refund;
    assert.equal(superseded.status, '-20');
    assert.equal(ok(await refundEvents(ctx, open.refundId)).events.at(-1)?.refundAction, 'SELLER_SEND_GOODS_CLOSE');
    assert.equal(await getBalance(bed.h.ctx, dev.developerId), before + order.lines[0]!.paidFen);
    assert.equal(ok(await getOrder(ctx, order.orderId)).order.state, 'paid');
    refused(await systemRefundLine(bed.h.ctx, { orderId: order.orderId, lineNo: 1, reason: '缺货' }), 'REFUND_NOT_ALLOWED', {
      orderId: order.orderId,
      lineNo: 1,
      why: 'the line is refunded in full',
    });
    // A return the buyer shipped (30) is closed by the system too, then the line refunded.
    const { refund: shippedBack, order: arrived } = await reach('taobao', 'receiveWait', ctx);
    ok(await systemRefundLine(bed.h.ctx, { orderId: arrived.orderId, lineNo: 1, reason: 'lost in the warehouse' }));
    assert.equal(ok(await getRefund(ctx, shippedBack.refundId)).refund.status, '-20');
    assert.equal(ok(await getOrder(ctx, arrived.orderId)).order.state, 'closed');
  });

  test('timers fire on the business clock: seller respond, buyer modify, buyer return ship, seller receive', async () => {
    const sys = bed.h.ctx;
    assert.deepEqual(await refundTimers(sys), DEFAULT_REFUND_TIMERS);
    const addressFor = (r: RefundView) => ({ ...RETURN_TO, receiver: `shop of ${r.orderId}` });
    const { ctx } = await bed.buyer();
    const paid = await bed.order(ctx, 'taobao');
    const refundOnly = ok(await submitRefund(ctx, submitOf('taobao', paid))).refund;
    assert.equal(refundOnly.timeoutType, 'SELLER_RESPOND');
    assert.equal(refundOnly.timeoutAt, sys.clock.nowMs() + 48 * HOUR);
    const ret = await reach('1688', 'open', ctx);
    const refusedOne = await reach('taobao', 'refused', ctx);
    assert.equal(refusedOne.refund.timeoutAt, sys.clock.nowMs() + 72 * HOUR);
    bed.h.clock.advance(48 * HOUR - 1);
    await runRefundTimers(sys, { returnAddressFor: addressFor });
    assert.equal(ok(await getRefund(ctx, refundOnly.refundId)).refund.status, '10', 'not yet due');
    bed.h.clock.advance(1);
    assert.ok((await runRefundTimers(sys, { returnAddressFor: addressFor })) >= 2);
    const agreed = ok(await getRefund(ctx, refundOnly.refundId)).refund;
    assert.equal(agreed.status, '100');
    assert.equal(ok(await refundEvents(ctx, refundOnly.refundId)).events.at(-1)?.refundAction, 'SYSTEM_AGREE_REFUND');
    const returning = ok(await getRefund(ctx, ret.refund.refundId)).refund;
    assert.deepEqual(
      [returning.status, returning.returnAddress?.receiver, returning.timeoutType],
      ['waitbuyersend', `shop of ${ret.order.orderId}`, 'BUYER_RETURN_SHIP'],
    );
    assert.equal(ok(await refundEvents(ctx, ret.refund.refundId)).events.at(-1)?.refundAction, 'SYSTEM_AGREE_REFUND_PROTOCOL');
    assert.equal(await runRefundTimers(sys, { returnAddressFor: addressFor }), 0, 'running again does nothing');
    bed.h.clock.advance(24 * HOUR);
    await runRefundTimers(sys, { returnAddressFor: addressFor });
    const closed = ok(await getRefund(ctx, refusedOne.refund.refundId)).refund;
    assert.equal(closed.status, '-20');
    assert.equal(ok(await refundEvents(ctx, refusedOne.refund.refundId)).events.at(-1)?.refundAction, 'CRM_APPLY_TIMEOUT_CLOSE');
    bed.h.clock.advance(168 * HOUR - 24 * HOUR);
    await runRefundTimers(sys, { returnAddressFor: addressFor });
    assert.equal(ok(await getRefund(ctx, ret.refund.refundId)).refund.status, 'refundclose');

    await setRefundTimers(sys, { sellerRespondHours: 1, buyerModifyHours: 2, buyerReturnShipHours: 3, sellerReceiveHours: 5 });
    const receiving = await reach('taobao', 'receiveWait', ctx);
    assert.equal(receiving.refund.timeoutAt, sys.clock.nowMs() + 5 * HOUR);
    bed.h.clock.advance(5 * HOUR);
    await runRefundTimers(sys, { returnAddressFor: addressFor });
    const received = ok(await getRefund(ctx, receiving.refund.refundId)).refund;
    assert.equal(received.status, '100');
    assert.equal(received.refundedFen, receiving.refund.applyFen);
    await setRefundTimers(sys, DEFAULT_REFUND_TIMERS);
    await assert.rejects(setRefundTimers(sys, { ...DEFAULT_REFUND_TIMERS, sellerReceiveHours: 0 }), RangeError);
  });

  test('seller commands check their input', async () => {
    const { refund } = await reach('taobao', 'open');
    refused(await sellerAgree(bed.h.ctx, refund.refundId, { actor: 'seller' }), 'BAD_PARAMETER', {
      field: 'address',
      rule: 'a return needs {receiver, phone, detailAddress}',
    });
    refused(await sellerRefuse(bed.h.ctx, refund.refundId, { actor: 'seller', reason: ' ' }), 'BAD_PARAMETER');
    refused(
      await sellerRefuse(bed.h.ctx, refund.refundId, { actor: 'operator', reason: 'worn', images: ['javascript:alert(1)'] }),
      'BAD_PARAMETER',
    );
    refused(await sellerAgree(bed.h.ctx, refund.refundId, { actor: 'buyer' as never }), 'BAD_PARAMETER');
    refused(await sellerAgree(bed.h.ctx, 'nope', { actor: 'seller' }), 'NOT_FOUND', { what: 'refund nope' });
    refused(await getRefundSystem(bed.h.ctx, 'nope'), 'NOT_FOUND');
    refused(await getRefund((await bed.buyer()).ctx, refund.refundId), 'NOT_FOUND');
  });

  test('a seller closing a paid order pays back only what refunds did not; its open application closes on the timer', async () => {
    const { dev, ctx } = await bed.buyer();
    const order = await bed.order(ctx, 'taobao', { lines: 2 });
    const first = ok(await submitRefund(ctx, submitOf('taobao', order))).refund;
    ok(await sellerAgree(bed.h.ctx, first.refundId, { actor: 'seller' }));
    const open = ok(await submitRefund(ctx, submitOf('taobao', order, { lines: [{ lineNo: 2 }] }))).refund;
    const before = await getBalance(bed.h.ctx, dev.developerId);
    ok(await closeOrder(bed.h.ctx, order.orderId, 'seller closed'));
    assert.equal(await getBalance(bed.h.ctx, dev.developerId), before + order.paidAmountFen - order.lines[0]!.paidFen);
    assert.equal(ok(await getOrder(ctx, order.orderId)).order.refundedFen, order.paidAmountFen);
    bed.h.clock.advance(DEFAULT_REFUND_TIMERS.sellerRespondHours * HOUR);
    await runRefundTimers(bed.h.ctx, { returnAddressFor: () => RETURN_TO });
    const closed = ok(await getRefund(ctx, open.refundId)).refund;
    assert.deepEqual([closed.status, closed.refundedFen], ['-20', 0]);
    const last = ok(await refundEvents(ctx, open.refundId)).events.at(-1);
    assert.deepEqual([last?.refundAction, last?.note], ['CRM_APPLY_TIMEOUT_CLOSE', 'not settled: REFUND_AMOUNT_TOO_LARGE']);
    assert.equal(await getBalance(bed.h.ctx, dev.developerId), before + order.paidAmountFen - order.lines[0]!.paidFen);
    const check = await ledgerCheck(bed.h.ctx, dev.developerId);
    assert.equal(check.entriesSumFen, check.balanceFen);
  });

  test('close (order side) from every open state of both machines; 1688 modify from waitselleragree', async () => {
    const { ctx } = await bed.buyer();
    for (const platform of ['taobao', '1688'] as const) {
      for (const key of ['open', 'returnWait', 'receiveWait', 'refused'] as const) {
        const { refund, order } = await reach(platform, key, ctx);
        const done = ok(await systemRefundLine(bed.h.ctx, { orderId: order.orderId, lineNo: 1, reason: 'lost in the warehouse' })).refund;
        assert.equal(done.status, S[platform].success);
        const closed = ok(await getRefund(ctx, refund.refundId)).refund;
        assert.deepEqual([closed.status, closed.timeoutAt, closed.refundedFen], [S[platform].closed, null, 0]);
        const last = ok(await refundEvents(ctx, refund.refundId)).events.at(-1);
        assert.deepEqual(
          [last?.fromState, last?.action, last?.actor, last?.refundAction],
          [refund.status, 'close', 'system', 'SELLER_SEND_GOODS_CLOSE'],
        );
      }
    }
    const { refund, order } = await reach('1688', 'open', ctx);
    const modified = ok(
      await modifyRefund(ctx, refund.refundId, {
        ...returnOf('1688', order),
        applyFen: order.lines[0]!.paidFen - 1,
        description: 'a little less',
      }),
    ).refund;
    assert.deepEqual(
      [modified.status, modified.applyFen, modified.version],
      ['waitselleragree', order.lines[0]!.paidFen - 1, refund.version + 1],
    );
  });

  test("a seller's price change is shared across the lines: each line refunds its share, the order exactly what it paid", async () => {
    assert.deepEqual(linePaidFen([1000, 3000], -401), [900, 2699]);
    assert.deepEqual(linePaidFen([1000, 3000], 401), [1100, 3301]);
    assert.deepEqual(linePaidFen([100, 100], -150), [25, 25]);
    assert.deepEqual(linePaidFen([100, 100], -250), [0, 0], 'a discount past the goods (into the freight) leaves no line below 0');
    assert.deepEqual(linePaidFen([500, 700], 0), [500, 700]);
    const { dev, ctx } = await bed.buyer();
    const unpaid = await bed.order(ctx, 'taobao', { lines: 2, state: 'waiting_payment' });
    const discount = Math.floor(unpaid.productAmountFen / 3);
    ok(await sellerModifyPrice(bed.h.ctx, unpaid.orderId, unpaid.totalAmountFen - discount));
    ok(await payOrders(ctx, { orderIds: [unpaid.orderId] }));
    const order = ok(await getOrder(ctx, unpaid.orderId)).order;
    const expected = linePaidFen(
      order.lines.map((l) => l.amountFen),
      -discount,
    );
    assert.deepEqual(
      order.lines.map((l) => l.paidFen),
      expected,
    );
    const before = await getBalance(bed.h.ctx, dev.developerId);
    for (const lineNo of [1, 2]) {
      const line = order.lines[lineNo - 1]!;
      refused(
        await submitRefund(ctx, submitOf('taobao', order, { lines: [{ lineNo }], applyFen: line.amountFen })),
        'REFUND_AMOUNT_TOO_LARGE',
        {
          amountFen: line.amountFen,
          maxFen: line.paidFen,
          what: `order ${order.orderId} line ${lineNo}`,
        },
      );
      const refund = ok(await submitRefund(ctx, submitOf('taobao', order, { lines: [{ lineNo }] }))).refund;
      assert.equal(refund.applyFen, line.paidFen);
      ok(await sellerAgree(bed.h.ctx, refund.refundId, { actor: 'seller' }));
    }
    assert.equal(await getBalance(bed.h.ctx, dev.developerId), before + order.paidAmountFen);
    assert.equal(ok(await getOrder(ctx, order.orderId)).order.state, 'closed');
  });
});
