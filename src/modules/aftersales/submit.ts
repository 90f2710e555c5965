/**
 * The buyer submits an application (Taobao TA7, 1688 AR4). Idempotent twice: the same
 * Idempotency-Key of the same developer, or a line that already has an open application, answers
 * that application with `replayed: true`; two racing submits on one line create one.
 */
import type { Ctx } from '../../platform/context.ts';
import { scopeOf } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import type { OrderId } from '../../platform/ids.ts';
import { orderForRefund } from '../orders/index.ts';
import { atomically } from '../../platform/atomic.ts';
import { assess, checkAmounts } from './amounts.ts';
import { createRefund, openClaimOn, type Replay } from './create.ts';
import type { RefundKind } from './goods-status.ts';
import type { RefundPlatform } from './machines.ts';
import { findReason } from './reasons.ts';
import { badImages } from './seller.ts';
import { lockRefund, toView, type RefundView } from './repo.ts';
import { whereScope } from '../../platform/db/index.ts';

export interface SubmitRefundInput {
  platform: RefundPlatform;
  orderId: OrderId;
  /** quantity defaults to the line's remaining quantity. */
  lines: { lineNo: number; quantity?: number }[];
  kind: RefundKind;
  goodsStatus: string;
  reasonId: string;
  applyFen: number;
  /** 1688 only (Taobao 0). */
  applyCarriageFen?: number;
  description: string;
  images: string[];
  idempotencyKey?: string;
}

export type RefundResult = { ok: true; refund: RefundView } | Failure;

export async function submitRefund(
  ctx: Ctx,
  input: SubmitRefundInput,
): Promise<{ ok: true; refund: RefundView; replayed: boolean } | Failure> {
  const bad = badTexts(input) ?? badKey(input.idempotencyKey);
  if (bad) return bad;
  const earlier = await replayOf(ctx, input.idempotencyKey ? { replay: 'key', key: input.idempotencyKey } : openLines(input));
  if (earlier && earlier.platform !== input.platform && input.idempotencyKey)
    return fail('IDEMPOTENCY_KEY_REUSED', { key: input.idempotencyKey });
  if (earlier?.platform === input.platform) return { ok: true, refund: earlier, replayed: true };
  const found = await orderForRefund(ctx, input.orderId, scopeOf(ctx));
  if (!found || found.order.platform !== input.platform) return fail('NOT_FOUND', { what: `order ${input.orderId}` });
  const assessed = assess(found.order, input);
  if (!assessed.ok) return assessed;
  const reason = await findReason(ctx, input.platform, String(input.reasonId));
  const applyCarriageFen = input.applyCarriageFen ?? 0;
  const refused = checkAmounts(assessed.assessment, reason, { ...input, orderId: input.orderId, applyCarriageFen });
  if (refused || !reason)
    return refused ?? fail('REFUND_REASON_INVALID', { reasonId: input.reasonId, kind: input.kind, goodsStatus: input.goodsStatus });
  const made = await atomically(ctx, async (tx): Promise<RefundView | Replay> => {
    const created = await createRefund(tx, {
      developerId: ctx.developerId,
      ownerUserId: found.order.ownerUserId,
      platform: input.platform,
      order: found.order,
      assessment: assessed.assessment,
      kind: input.kind,
      goodsStatus: input.goodsStatus,
      reason,
      description: input.description.trim(),
      images: input.images,
      applyFen: input.applyFen,
      applyCarriageFen,
      idempotencyKey: input.idempotencyKey ?? null,
      actor: 'buyer',
    });
    return created.view;
  });
  if (!('replay' in made)) return { ok: true, refund: made, replayed: false };
  const winner = await replayOf(ctx, made);
  if (!winner) throw new Error(`refund submit on order ${input.orderId} lost a claim but finds no application`);
  return { ok: true, refund: winner, replayed: true };
}

const openLines = (input: SubmitRefundInput): Replay => ({
  replay: 'line',
  orderId: input.orderId,
  lineNos: Array.isArray(input.lines) ? input.lines.map((l) => l?.lineNo).filter((n) => Number.isSafeInteger(n)) : [],
});

/** The application a key or an open line points at, in the caller's scope, or undefined. */
async function replayOf(ctx: Ctx, replay: Replay): Promise<RefundView | undefined> {
  let refundId: string | undefined;
  if (replay.replay === 'key') {
    const row = await whereScope(
      ctx.db.selectFrom('refunds').select('refund_id').where('idempotency_key', '=', replay.key),
      scopeOf(ctx),
    ).executeTakeFirst();
    refundId = row?.refund_id;
  } else if (replay.lineNos.length > 0 && typeof replay.orderId === 'string') {
    refundId = (await openClaimOn(ctx, replay.orderId, replay.lineNos))?.refundId;
  }
  if (refundId === undefined) return undefined;
  const found = await lockRefund(ctx, refundId, scopeOf(ctx), false);
  return found ? toView(found.row, found.lines) : undefined;
}

export function badTexts(input: { description: string; images: string[] }): Failure | null {
  if (typeof input.description !== 'string' || input.description.length > 500)
    return fail('BAD_PARAMETER', { field: 'description', rule: 'must be a string of at most 500 characters' });
  return badImages(input.images);
}

function badKey(key: string | undefined): Failure | null {
  if (key === undefined) return null;
  return typeof key === 'string' && key.length > 0 && key.length <= 128
    ? null
    : fail('BAD_PARAMETER', { field: 'Idempotency-Key', rule: 'must be 1–128 characters' });
}
