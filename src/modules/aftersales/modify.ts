/**
 * The buyer modifies an application (Taobao TA9, 1688 extension): from 10 / -10 (waitselleragree /
 * waitbuyermodify) back to 10 with new terms, checked by the same rules as a submit. Lines may
 * change (1688): the open-line claims move with them, and a line another application holds is
 * refused.
 */
import type { Ctx } from '../../platform/context.ts';
import { SYSTEM_SCOPE, scopeOf } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { orderForRefund } from '../orders/index.ts';
import { assess, checkAmounts } from './amounts.ts';
import { moveAndSettle, withRefund, type Current } from './act.ts';
import { appliedLines, claimLines, insertRefundLines, openClaimOn, type Replay } from './create.ts';
import { machineOf } from './machines.ts';
import { findReason } from './reasons.ts';
import type { RefundLine, RefundView } from './repo.ts';
import { badTexts, type SubmitRefundInput } from './submit.ts';

export type ModifyRefundInput = Omit<SubmitRefundInput, 'platform' | 'orderId' | 'lines' | 'idempotencyKey'> & {
  lines?: SubmitRefundInput['lines'];
};

type Result = { ok: true; refund: RefundView } | Failure;

export async function modifyRefund(ctx: Ctx, refundId: string, input: ModifyRefundInput): Promise<Result> {
  const bad = badTexts(input);
  if (bad) return bad;
  const result = await withRefund(ctx, refundId, scopeOf(ctx), (tx, current) => modifyIn(tx, current, input));
  return lostClaim(result) ?? result;
}

/** The modification on the application's transaction: the same checks as a submit, then the move. */
async function modifyIn(tx: Ctx, current: Current, input: ModifyRefundInput): Promise<Result> {
  const { row } = current;
  if (!machineOf(row.platform).can(row.status, 'modify')) return fail('REFUND_STATE_INVALID', { state: row.status, action: 'modify' });
  const found = await orderForRefund(tx, row.order_id, SYSTEM_SCOPE);
  if (!found) return fail('NOT_FOUND', { what: `order ${row.order_id}` });
  const wanted = input.lines ?? current.lines.map((l) => ({ lineNo: l.lineNo, quantity: l.quantity }));
  const assessed = assess(found.order, { platform: row.platform, lines: wanted, kind: input.kind, goodsStatus: input.goodsStatus });
  if (!assessed.ok) return assessed;
  const reason = await findReason(tx, row.platform, String(input.reasonId));
  const applyCarriageFen = input.applyCarriageFen ?? 0;
  const refused = checkAmounts(assessed.assessment, reason, { ...input, platform: row.platform, orderId: row.order_id, applyCarriageFen });
  if (refused || !reason)
    return refused ?? fail('REFUND_REASON_INVALID', { reasonId: input.reasonId, kind: input.kind, goodsStatus: input.goodsStatus });
  const lines = appliedLines(input.applyFen, assessed.assessment);
  const moved = await replaceLines(tx, row.refund_id, row.order_id, lines, input.lines !== undefined);
  if (moved) return moved;
  return moveAndSettle(tx, {
    current: { row, lines },
    action: 'modify',
    actor: 'buyer',
    scope: scopeOf(tx),
    note: input.description.trim() || null,
    images: input.images,
    detail: { userId: tx.userId, before: { applyFen: Number(row.apply_fen), reasonId: row.reason_id, goodsStatus: row.goods_status } },
    patch: {
      kind: input.kind,
      goods_status: input.goodsStatus,
      reason_id: reason.reasonId,
      reason_text: reason.text.zh,
      description: input.description.trim(),
      images_json: JSON.stringify(input.images),
      apply_fen: input.applyFen,
      apply_carriage_fen: applyCarriageFen,
    },
  });
}

/** A claim lost to a racing submit on a new line (PostgreSQL) comes back as a replay: refuse it. */
function lostClaim(result: Result): Failure | null {
  const lost = result as unknown as Partial<Replay>;
  if (lost.replay !== 'line') return null;
  return fail('REFUND_NOT_ALLOWED', {
    orderId: lost.orderId ?? '',
    lineNo: lost.lineNos?.join(', ') ?? '',
    why: 'another application is open on the line',
  });
}

/** New terms, new lines: the refund's lines rewritten and, when the lines themselves change, their claims moved. */
async function replaceLines(tx: Ctx, refundId: string, orderId: string, lines: RefundLine[], claimsMove: boolean): Promise<Failure | null> {
  const held = await heldElsewhere(tx, refundId, orderId, lines);
  if (held !== undefined) return fail('REFUND_NOT_ALLOWED', { orderId, lineNo: held, why: 'another application is open on the line' });
  await tx.db.deleteFrom('refund_lines').where('refund_id', '=', refundId).execute();
  await insertRefundLines(tx, refundId, orderId, lines);
  if (claimsMove) {
    await tx.db.deleteFrom('refund_open_lines').where('refund_id', '=', refundId).execute();
    await claimLines(tx, refundId, orderId, lines);
  }
  return null;
}

async function heldElsewhere(tx: Ctx, refundId: string, orderId: string, lines: RefundLine[]): Promise<number | undefined> {
  const held = await openClaimOn(
    tx,
    orderId,
    lines.map((l) => l.lineNo),
    refundId,
  );
  return held?.lineNo;
}
