/**
 * What may be refunded, as pure functions of the order (its lines carry paidFen, refundedFen and
 * refundedQuantity): the quote, the submit and the modify all ask `assess`, so the render shows
 * exactly the limits the submit enforces.
 *
 * - Line refundable = paid − refunded; quantity refundable = quantity − refunded quantity.
 * - For part of the pieces q the maximum is floor(paid · q / quantity), bounded by the line's
 *   refundable amount; the last pieces take the remainder.
 * - Freight (1688 applyCarriage) ≤ freight − freight already refunded, within what the order paid.
 */
import { fail, type Failure } from '../../platform/errors.ts';
import type { OrderDetail, OrderState } from '../orders/index.ts';
import { goodsStatusRule, type GoodsStatusRule, type RefundKind } from './goods-status.ts';
import type { RefundPlatform } from './machines.ts';
import type { ReasonRecord } from './reasons.ts';

export const REFUNDABLE_ORDER_STATES: readonly OrderState[] = ['paid', 'shipped', 'arrived_warehouse', 'completed'];

export interface AssessedLine {
  lineNo: number;
  quantity: number;
  remainingQuantity: number;
  maxFen: number;
}

export interface Assessment {
  rule: GoodsStatusRule;
  lines: AssessedLine[];
  maxFen: number;
  minFen: number;
  canEditFee: boolean;
  maxCarriageFen: number;
  remainingQuantity: number;
}

export interface AssessInput {
  platform: RefundPlatform;
  lines: { lineNo: number; quantity?: number | undefined }[];
  kind: RefundKind;
  goodsStatus: string;
}

/** The limits of an application on these lines, or the rule it breaks before any amount is looked at. */
export function assess(order: OrderDetail, input: AssessInput): { ok: true; assessment: Assessment } | Failure {
  const shape = badShape(input);
  if (shape) return shape;
  const firstLine = input.lines[0]?.lineNo ?? 0;
  if (!REFUNDABLE_ORDER_STATES.includes(order.state))
    return fail('REFUND_NOT_ALLOWED', { orderId: order.orderId, lineNo: firstLine, why: `the order is ${order.state}, not paid` });
  const status = goodsStatusRule(input.platform, input.kind, input.goodsStatus, order.state);
  if (!status.ok) return fail('REFUND_GOODS_STATUS_INVALID', { goodsStatus: input.goodsStatus, rule: status.rule });
  const lines: AssessedLine[] = [];
  for (const wanted of input.lines) {
    const line = order.lines.find((l) => l.lineNo === wanted.lineNo);
    if (!line) return fail('NOT_FOUND', { what: `order ${order.orderId} line ${wanted.lineNo}` });
    const remainingQuantity = line.quantity - line.refundedQuantity;
    const refundableFen = line.paidFen - line.refundedFen;
    if (remainingQuantity <= 0 || refundableFen <= 0)
      return fail('REFUND_NOT_ALLOWED', { orderId: order.orderId, lineNo: line.lineNo, why: 'the line is refunded in full' });
    const quantity = wanted.quantity ?? remainingQuantity;
    if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > remainingQuantity)
      return fail('BAD_PARAMETER', { field: 'quantity', rule: `must be 1–${remainingQuantity} for line ${line.lineNo}` });
    if (quantity < remainingQuantity && !status.rule.partialKinds.includes(input.kind)) {
      return fail('REFUND_PARTIAL_NOT_ALLOWED', {
        rule: `line ${line.lineNo}: ${quantity} of ${remainingQuantity} pieces is part of the line, which ${input.kind} with goods status ${input.goodsStatus} does not allow (only a return and refund of received goods may cover part of a line)`,
      });
    }
    const proportional = Math.floor((line.paidFen * quantity) / line.quantity);
    const maxFen = quantity === remainingQuantity ? refundableFen : Math.min(proportional, refundableFen);
    lines.push({ lineNo: line.lineNo, quantity, remainingQuantity, maxFen });
  }
  const maxFen = lines.reduce((sum, l) => sum + l.maxFen, 0);
  const carriageLeft = input.platform === '1688' ? order.shippingFeeFen - order.refundedCarriageFen : 0;
  const maxCarriageFen = Math.max(0, Math.min(carriageLeft, order.paidAmountFen - order.refundedFen - maxFen));
  const canEditFee = !status.rule.wholeAmount;
  return {
    ok: true,
    assessment: {
      rule: status.rule,
      lines,
      maxFen,
      minFen: canEditFee ? Math.min(1, maxFen) : maxFen,
      canEditFee,
      maxCarriageFen,
      remainingQuantity: lines.reduce((sum, l) => sum + l.remainingQuantity, 0),
    },
  };
}

function badShape(input: AssessInput): Failure | null {
  if (!Array.isArray(input.lines) || input.lines.length === 0)
    return fail('BAD_PARAMETER', { field: 'lines', rule: 'must name at least one line' });
  if (input.platform === 'taobao' && input.lines.length !== 1)
    return fail('BAD_PARAMETER', { field: 'lines', rule: 'a Taobao application covers exactly one sub-order' });
  const numbers = input.lines.map((l) => l?.lineNo);
  if (numbers.some((n) => !Number.isSafeInteger(n) || n < 1))
    return fail('BAD_PARAMETER', { field: 'lines', rule: 'line numbers are positive integers' });
  if (new Set(numbers).size !== numbers.length) return fail('BAD_PARAMETER', { field: 'lines', rule: 'must not name a line twice' });
  if (input.kind !== 'refund' && input.kind !== 'return_refund')
    return fail('BAD_PARAMETER', { field: 'kind', rule: 'must be refund or return_refund' });
  if (typeof input.goodsStatus !== 'string') return fail('BAD_PARAMETER', { field: 'goodsStatus', rule: 'is required' });
  return null;
}

export interface AmountInput {
  platform: RefundPlatform;
  orderId: string;
  kind: RefundKind;
  goodsStatus: string;
  applyFen: number;
  applyCarriageFen: number;
  images: string[];
}

/** The reason, the voucher, the amount and the freight against the assessed limits. */
export function checkAmounts(a: Assessment, reason: ReasonRecord | undefined, input: AmountInput & { reasonId: string }): Failure | null {
  if (!reason?.enabled || !reason.kinds.includes(input.kind) || !reason.goodsStatuses.includes(input.goodsStatus))
    return fail('REFUND_REASON_INVALID', { reasonId: input.reasonId, kind: input.kind, goodsStatus: input.goodsStatus });
  if (reason.needVoucher && input.images.length === 0) return fail('REFUND_VOUCHER_REQUIRED', { reasonId: input.reasonId });
  if (!Number.isSafeInteger(input.applyFen) || input.applyFen < 1)
    return fail('BAD_PARAMETER', { field: 'applyFen', rule: 'must be a positive integer (fen)' });
  if (input.applyFen > a.maxFen) {
    const what = `order ${input.orderId} line${a.lines.length > 1 ? 's' : ''} ${a.lines.map((l) => l.lineNo).join(', ')}`;
    return fail('REFUND_AMOUNT_TOO_LARGE', { amountFen: input.applyFen, maxFen: a.maxFen, what });
  }
  if (!a.canEditFee && input.applyFen !== a.maxFen)
    return fail('REFUND_PARTIAL_NOT_ALLOWED', {
      rule: `before the seller ships, applyPayment must be the whole ${a.maxFen} fen (got ${input.applyFen})`,
    });
  const carriage = input.applyCarriageFen;
  if (!Number.isSafeInteger(carriage) || carriage < 0)
    return fail('BAD_PARAMETER', { field: 'applyCarriageFen', rule: 'must be an integer ≥ 0 (fen)' });
  if (input.platform === 'taobao' && carriage !== 0)
    return fail('BAD_PARAMETER', { field: 'applyCarriageFen', rule: 'must be 0 on Taobao' });
  if (carriage > 0 && reason.noRefundCarriage)
    return fail('REFUND_CARRIAGE_NOT_REFUNDABLE', { reasonId: input.reasonId, carriageFen: carriage });
  if (carriage > a.maxCarriageFen)
    return fail('REFUND_AMOUNT_TOO_LARGE', { amountFen: carriage, maxFen: a.maxCarriageFen, what: 'freight' });
  return null;
}

/**
 * Shares an amount across the lines in proportion to their maxima, each within its own maximum
 * (the assessment guarantees the sum fits): floors first, then the remaining fen one line at a
 * time from the last line back.
 */
export function splitAcrossLines(amountFen: number, lines: readonly AssessedLine[]): number[] {
  const total = lines.reduce((sum, l) => sum + l.maxFen, 0);
  if (total === 0) return lines.map(() => 0);
  const shares = lines.map((l) => Math.floor((amountFen * l.maxFen) / total));
  let left = amountFen - shares.reduce((sum, s) => sum + s, 0);
  for (let i = lines.length - 1; left > 0 && i >= 0; i--) {
    const room = (lines[i]?.maxFen ?? 0) - (shares[i] ?? 0);
    const give = Math.min(room, left);
    shares[i] = (shares[i] ?? 0) + give;
    left -= give;
  }
  return shares;
}
