/**
 * The render of an application (Taobao TA2 RefundRenderVO, 1688 AR2 reasons): what may be
 * refunded on these lines for this kind and goods status, the reasons that fit, and the line's
 * open application if it has one. A refusal of the assessment is not an error here: the quote
 * says saleAllowed false and why, with the limits at 0.
 */
import type { Ctx } from '../../platform/context.ts';
import { scopeOf } from '../../platform/db/index.ts';
import { fail, messageFor, type Failure } from '../../platform/errors.ts';
import type { OrderId } from '../../platform/ids.ts';
import { orderForRefund, type OrderDetail } from '../orders/index.ts';
import { assess, type Assessment } from './amounts.ts';
import { goodsStatusesFor, type RefundKind } from './goods-status.ts';
import { isTerminal, type RefundPlatform } from './machines.ts';
import { listRefundReasons, type RefundReasonView } from './reasons.ts';
import { orderRefundState, type LineRefundState } from './read.ts';
import { lockRefund, toView, type RefundView } from './repo.ts';

export interface RefundQuote {
  saleAllowed: boolean;
  notAllowedReason: string | null;
  maxFen: number;
  minFen: number;
  /** false for 1688 refundWaitSellerSend: the amount is the whole refundable sum. */
  canEditFee: boolean;
  maxCarriageFen: number;
  remainingQuantity: number;
  reasons: RefundReasonView[];
  goodsStatuses: string[];
  openRefund: RefundView | null;
  lines: {
    lineNo: number;
    title: string;
    itemId: string;
    skuId: string;
    quantity: number;
    unitPriceFen: number;
    amountFen: number;
    paidFen: number;
    refundedFen: number;
    refundStatus: string | null;
  }[];
  order: OrderDetail;
}

export interface RefundQuoteQuery {
  platform: RefundPlatform;
  orderId: OrderId;
  lineNos: number[];
  kind: RefundKind;
  goodsStatus: string;
  quantity?: number;
}

export async function refundQuote(ctx: Ctx, q: RefundQuoteQuery): Promise<{ ok: true; quote: RefundQuote } | Failure> {
  const found = await orderForRefund(ctx, q.orderId, scopeOf(ctx));
  if (!found || found.order.platform !== q.platform) return fail('NOT_FOUND', { what: `order ${q.orderId}` });
  const order = found.order;
  if (!Array.isArray(q.lineNos) || q.lineNos.length === 0)
    return fail('BAD_PARAMETER', { field: 'lineNos', rule: 'must name at least one line' });
  const missing = q.lineNos.find((n) => !order.lines.some((l) => l.lineNo === n));
  if (missing !== undefined) return fail('NOT_FOUND', { what: `order ${q.orderId} line ${missing}` });
  const lines = q.lineNos.map((lineNo) => ({
    lineNo,
    ...(q.quantity !== undefined && q.lineNos.length === 1 ? { quantity: q.quantity } : {}),
  }));
  const assessed = assess(order, { platform: q.platform, lines, kind: q.kind, goodsStatus: q.goodsStatus });
  if (!assessed.ok && assessed.error === 'BAD_PARAMETER') return assessed;
  const states = (await orderRefundState(ctx, [order.orderId])).get(order.orderId) ?? new Map<number, LineRefundState>();
  return {
    ok: true,
    quote: {
      ...limitsOf(ctx, assessed),
      reasons: await listRefundReasons(ctx, { platform: q.platform, kind: q.kind, goodsStatus: q.goodsStatus }),
      goodsStatuses: goodsStatusesFor(q.platform, q.kind, order.state),
      openRefund: await openRefundOf(ctx, q, states),
      lines: quoteLines(order, q.lineNos, states),
      order,
    },
  };
}

type Limits = Pick<
  RefundQuote,
  'saleAllowed' | 'notAllowedReason' | 'maxFen' | 'minFen' | 'canEditFee' | 'maxCarriageFen' | 'remainingQuantity'
>;

/** The amounts the assessment allows; a refusal is saleAllowed false with its message and the limits at 0. */
function limitsOf(ctx: Ctx, assessed: { ok: true; assessment: Assessment } | Failure): Limits {
  const a = assessed.ok ? assessed.assessment : null;
  return {
    saleAllowed: a !== null && a.maxFen > 0,
    notAllowedReason: assessed.ok
      ? a && a.maxFen > 0
        ? null
        : 'nothing left to refund'
      : messageFor(assessed.error, ctx.language, assessed.params),
    maxFen: a?.maxFen ?? 0,
    minFen: a?.minFen ?? 0,
    canEditFee: a?.canEditFee ?? true,
    maxCarriageFen: a?.maxCarriageFen ?? 0,
    remainingQuantity: a?.remainingQuantity ?? 0,
  };
}

/** The open application on one of the lines (the render shows its terms), read in the caller's scope. */
async function openRefundOf(ctx: Ctx, q: RefundQuoteQuery, states: Map<number, LineRefundState>): Promise<RefundView | null> {
  const openId = q.lineNos
    .map((n) => states.get(n))
    .find((s) => s?.refundId && s.refundStatus && !isTerminal(q.platform, s.refundStatus))?.refundId;
  const open = openId ? await lockRefund(ctx, openId, scopeOf(ctx), false) : undefined;
  return open ? toView(open.row, open.lines) : null;
}

function quoteLines(order: OrderDetail, lineNos: number[], states: Map<number, LineRefundState>): RefundQuote['lines'] {
  return order.lines
    .filter((l) => lineNos.includes(l.lineNo))
    .map((l) => ({
      lineNo: l.lineNo,
      title: l.title,
      itemId: l.itemId,
      skuId: l.skuId,
      quantity: l.quantity,
      unitPriceFen: l.unitPriceFen,
      amountFen: l.amountFen,
      paidFen: l.paidFen,
      refundedFen: l.refundedFen,
      refundStatus: states.get(l.lineNo)?.refundStatus ?? null,
    }));
}
