/**
 * The frame every command on an existing application runs in: one transaction (all or nothing:
 * a refusal found after writes abandons them), the application read and locked in the caller's
 * scope, another's answered NOT_FOUND 'refund <id>'.
 */
import type { SystemCtx } from '../../platform/context.ts';
import type { Scope } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { abort, atomically } from '../../platform/atomic.ts';
import { lockRefund, moveRefund, toView, type MoveInput, type RefundLine, type RefundRow, type RefundView } from './repo.ts';
import { settleRefund } from './settle.ts';

export type Current = { row: RefundRow; lines: RefundLine[] };

export function withRefund<C extends SystemCtx, T>(
  ctx: C,
  refundId: string,
  scope: Scope,
  fn: (tx: C, current: Current) => Promise<T | Failure>,
): Promise<T | Failure> {
  return atomically(ctx, async (tx) => {
    const current = await lockRefund(tx, refundId, scope);
    if (!current) return fail('NOT_FOUND', { what: `refund ${refundId}` });
    const result = await fn(tx, current);
    if (isFailure(result)) abort(result);
    return result;
  });
}

const isFailure = (value: unknown): value is Failure =>
  typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;

/** A transition, and for the two success actions the money; the refund as it now is. */
export async function moveAndSettle(tx: SystemCtx, input: MoveInput): Promise<{ ok: true; refund: RefundView } | Failure> {
  const success = input.action === 'agree_refund' || input.action === 'confirm_receipt';
  const patch = success
    ? { ...(input.patch ?? {}), refunded_fen: Number(input.current.row.apply_fen) + Number(input.current.row.apply_carriage_fen) }
    : input.patch;
  const moved = await moveRefund(tx, { ...input, ...(patch ? { patch } : {}) });
  if (!moved.ok) return moved;
  if (!success) return { ok: true, refund: toView(moved.row, input.current.lines) };
  const settled = await settleRefund(tx, moved.row, input.current.lines);
  if (!settled.ok) return settled;
  return { ok: true, refund: toView(moved.row, settled.settled.lines) };
}
