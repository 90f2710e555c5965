/**
 * Operator moves: top-ups (money received outside Ponte) and signed adjustments (corrections).
 * Neither carries a ref, so neither is idempotent: the operator's command is the intent.
 */
import { inTransaction, type SystemCtx } from '../../platform/context.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { badAmount, claimTransaction, developerExists, ensureWallet, releaseClaim, type Posting } from './ledger.ts';
import { postMovement } from './movement.ts';

export interface TopUpInput {
  developerId: string;
  amountFen: number;
  note?: string;
}

export async function topUp(ctx: SystemCtx, input: TopUpInput): Promise<{ ok: true; balanceFen: number; transactionId: string } | Failure> {
  const invalid = badAmount(input.amountFen, 'amountFen');
  if (invalid) return invalid;
  return post(ctx, { developerId: input.developerId, kind: 'topup', ref: null, deltaFen: input.amountFen, note: input.note ?? null });
}

export interface AdjustInput {
  developerId: string;
  /** Signed: positive credits, negative debits (never below zero). */
  amountFen: number;
  note: string;
}

export async function adjust(
  ctx: SystemCtx,
  input: AdjustInput,
): Promise<{ ok: true; balanceFen: number; transactionId: string } | Failure> {
  const invalid = badAmount(input.amountFen, 'amountFen', true);
  if (invalid) return invalid;
  if (typeof input.note !== 'string' || input.note.trim() === '') return fail('BAD_PARAMETER', { field: 'note', rule: 'is required' });
  return post(ctx, { developerId: input.developerId, kind: 'adjustment', ref: null, deltaFen: input.amountFen, note: input.note });
}

function post(ctx: SystemCtx, posting: Posting): Promise<{ ok: true; balanceFen: number; transactionId: string } | Failure> {
  return inTransaction(ctx, async (tx) => {
    if (!(await developerExists(tx, posting.developerId))) return fail('NOT_FOUND', { what: `developer ${posting.developerId}` });
    await ensureWallet(tx, posting.developerId);
    // Without a ref the claim cannot conflict; it is the same insert the idempotent path uses,
    // dropped again when the move is refused, so a refused debit leaves nothing behind.
    const transactionId = await claimTransaction(tx, posting);
    if (transactionId === null) throw new Error('a ledger transaction without ref conflicted');
    const moved = await postMovement(tx, transactionId, posting);
    if (!moved.ok) {
      await releaseClaim(tx, transactionId);
      return moved;
    }
    return { ok: true, balanceFen: moved.balanceFen, transactionId };
  });
}
