import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import {
  cancelRefund,
  getRefund,
  modifyRefund,
  refundQuote,
  sellerAgree,
  sellerConfirmReceipt,
  sellerRefuse,
  submitRefund,
  submitReturnLogistics,
  systemRefundLine,
  type RefundKind,
  type RefundPlatform,
} from '../src/modules/aftersales/index.ts';
import { getOrder } from '../src/modules/orders/index.ts';
import { getBalance, ledgerCheck } from '../src/modules/wallet/index.ts';
import type { Ctx } from '../src/platform/context.ts';
import { onPostgres } from './helpers/db.ts';
import { refundBed, type RefundBed } from './helpers/aftersales-bed.ts';

/*
 * Whatever the buyer and the seller do, in whatever order, with whatever amounts and pieces:
 * no line is refunded more than it was paid, no order more than it was charged, the order's
 * refunded total is exactly what reached the wallet for it, and the ledger's sum is the balance.
 */

const ADDRESS = { receiver: '退货仓', phone: '0571-88888888', detailAddress: '退货路 1 号' };
const LOGISTICS = { companyCode: 'YTO', companyName: '圆通速递', trackingNo: 'YT1', buyerPhone: null, description: null, images: [] };
const TOP_UP_FEN = 100_000_000;

type Command =
  | { op: 'submit'; line: number; pieces: number; share: number; kind: RefundKind; carriage: number }
  | { op: 'modify'; pick: number; share: number }
  | { op: 'cancel' | 'agree' | 'refuse' | 'ship' | 'confirm'; pick: number }
  | { op: 'stockout'; line: number };

const share = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(1, 1.01, 2));
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    op: fc.constant('submit' as const),
    line: fc.integer({ min: 1, max: 2 }),
    pieces: fc.integer({ min: 0, max: 4 }),
    share,
    kind: fc.constantFrom<RefundKind>('refund', 'return_refund'),
    carriage: fc.double({ min: 0, max: 1.2, noNaN: true }),
  }),
  fc.record({ op: fc.constant('modify' as const), pick: fc.nat(), share }),
  fc.record({
    op: fc.constantFrom('cancel' as const, 'agree' as const, 'refuse' as const, 'ship' as const, 'confirm' as const),
    pick: fc.nat(),
  }),
  fc.record({ op: fc.constant('stockout' as const), line: fc.integer({ min: 1, max: 2 }) }),
);

describe('after-sales money property', () => {
  let bed: RefundBed;
  /** Runs that credited something and runs that closed the order: the property must not hold vacuously. */
  const seen = { credited: 0, closed: 0 };
  before(async () => {
    bed = await refundBed();
  });
  after(() => bed.close());

  async function run(platform: RefundPlatform, commands: Command[]): Promise<void> {
    const { dev, ctx } = await bed.buyer(TOP_UP_FEN);
    const order = await bed.order(ctx, platform, { lines: 2, quantity: 3, state: 'arrived_warehouse' });
    const refunds: string[] = [];
    const sys = bed.h.ctx;
    for (const c of commands) {
      const id = 'pick' in c ? refunds[c.pick % Math.max(1, refunds.length)] : undefined;
      if ('pick' in c && id === undefined) continue;
      switch (c.op) {
        case 'submit': {
          const made = await submitLine(ctx, platform, order.orderId, c);
          if (made) refunds.push(made);
          break;
        }
        case 'modify':
          await modifyTo(ctx, platform, id!, c.share);
          break;
        case 'cancel':
          await cancelRefund(ctx, id!);
          break;
        case 'agree':
          await sellerAgree(sys, id!, { actor: 'seller', address: ADDRESS });
          break;
        case 'refuse':
          await sellerRefuse(sys, id!, { actor: 'seller', reason: 'no' });
          break;
        case 'ship':
          await submitReturnLogistics(ctx, id!, LOGISTICS);
          break;
        case 'confirm':
          await sellerConfirmReceipt(sys, id!, { actor: 'operator' });
          break;
        case 'stockout':
          await systemRefundLine(sys, { orderId: order.orderId, lineNo: c.line, reason: '缺货' });
          break;
      }
    }
    await checkInvariants(dev.developerId, ctx, order.orderId, order.paidAmountFen);
  }

  async function submitLine(
    ctx: Ctx,
    platform: RefundPlatform,
    orderId: string,
    c: Extract<Command, { op: 'submit' }>,
  ): Promise<string | null> {
    const goodsStatus = platform === 'taobao' ? '4' : 'refundBuyerReceived';
    const quoted = await refundQuote(ctx, { platform, orderId: orderId as never, lineNos: [c.line], kind: c.kind, goodsStatus });
    if (!quoted.ok) return null;
    const remaining = quoted.quote.remainingQuantity;
    const quantity = c.pieces === 0 || remaining === 0 ? undefined : Math.min(c.pieces, remaining);
    const forPieces =
      quantity === undefined
        ? quoted
        : await refundQuote(ctx, { platform, orderId: orderId as never, lineNos: [c.line], kind: c.kind, goodsStatus, quantity });
    const max = forPieces.ok ? forPieces.quote.maxFen : quoted.quote.maxFen;
    const made = await submitRefund(ctx, {
      platform,
      orderId: orderId as never,
      lines: [{ lineNo: c.line, ...(quantity === undefined ? {} : { quantity }) }],
      kind: c.kind,
      goodsStatus,
      reasonId: platform === 'taobao' ? '402641' : c.kind === 'return_refund' ? '20034' : '20033',
      applyFen: Math.max(1, Math.floor(max * c.share)),
      applyCarriageFen: platform === '1688' && c.kind === 'refund' ? Math.floor(quoted.quote.maxCarriageFen * c.carriage) : 0,
      description: 'property',
      images: ['https://img.example/p.jpg'],
    });
    return made.ok ? made.refund.refundId : null;
  }

  async function modifyTo(ctx: Ctx, platform: RefundPlatform, refundId: string, fraction: number) {
    const current = await getRefund(ctx, refundId);
    if (!current.ok) return;
    const goodsStatus = platform === 'taobao' ? '4' : 'refundBuyerReceived';
    const lineNos = current.refund.lines.map((l) => l.lineNo);
    const quoted = await refundQuote(ctx, { platform, orderId: current.refund.orderId, lineNos, kind: 'refund', goodsStatus });
    const max = quoted.ok ? quoted.quote.maxFen : 1;
    await modifyRefund(ctx, refundId, {
      kind: 'refund',
      goodsStatus,
      reasonId: platform === 'taobao' ? '402641' : '20033',
      applyFen: Math.max(1, Math.floor(max * fraction)),
      applyCarriageFen: 0,
      description: 'modified',
      images: ['https://img.example/p.jpg'],
    });
  }

  async function checkInvariants(developerId: string, ctx: Ctx, orderId: string, paidFen: number): Promise<void> {
    const order = await getOrder(ctx, orderId as never);
    assert.ok(order.ok);
    for (const line of order.order.lines) {
      assert.ok(line.refundedFen >= 0 && line.refundedFen <= line.paidFen, `line ${line.lineNo}: ${line.refundedFen} > ${line.paidFen}`);
      assert.ok(line.refundedQuantity <= line.quantity);
    }
    assert.ok(order.order.refundedFen <= paidFen, `order refunded ${order.order.refundedFen} > paid ${paidFen}`);
    const goods = order.order.lines.reduce((s, l) => s + l.refundedFen, 0);
    assert.equal(order.order.refundedFen, goods + order.order.refundedCarriageFen);
    const successes = await bed.h.ctx.db
      .selectFrom('refunds')
      .select(['refund_id', 'refunded_fen', 'status', 'apply_fen', 'apply_carriage_fen'])
      .where('order_id', '=', orderId)
      .execute();
    const credited = successes.reduce((s, r) => s + Number(r.refunded_fen), 0);
    assert.equal(credited, order.order.refundedFen, 'the order shows exactly what its refunds credited');
    assert.ok(successes.every((r) => Number(r.refunded_fen) === 0 || ['100', 'refundsuccess'].includes(r.status)));
    const open = successes.filter((r) => !['100', '-20', 'refundsuccess', 'refundclose'].includes(r.status));
    const claims = await bed.h.ctx.db.selectFrom('refund_open_lines').select('refund_id').where('order_id', '=', orderId).execute();
    assert.deepEqual(new Set(claims.map((c) => c.refund_id)), new Set(open.map((r) => r.refund_id)), 'claims are the open applications');
    if (credited > 0) seen.credited += 1;
    if (order.order.state === 'closed') seen.closed += 1;
    const balance = await getBalance(bed.h.ctx, developerId);
    assert.equal(balance, TOP_UP_FEN - paidFen + order.order.refundedFen);
    const check = await ledgerCheck(bed.h.ctx, developerId);
    assert.equal(check.entriesSumFen, check.balanceFen);
    assert.equal(check.unbalancedTransactions, 0);
  }

  for (const platform of ['taobao', '1688'] as const) {
    test(`${platform}: no sequence of applications refunds a line or an order more than it paid; the ledger sums to the balance`, async (t) => {
      await fc.assert(
        fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 14 }), (commands) => run(platform, commands)),
        { numRuns: onPostgres ? 15 : 25 },
      );
      t.diagnostic(`runs that credited: ${seen.credited}, that closed the order: ${seen.closed}`);
      assert.ok(seen.credited > 0, 'some sequences refund money');
    });
  }
});
