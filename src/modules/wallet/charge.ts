/**
 * Charges and refunds: idempotent by (developer, kind, ref), so paying an order twice, or fifty
 * racing payments of it, move money once. Both run inside the caller's transaction when there
 * is one (paying an order charges the wallet and moves the order in one commit).
 */
import { inTransaction, type SystemCtx } from '../../platform/context.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { badAmount, claimTransaction, ensureWallet, findByRef, releaseClaim, type Posting } from './ledger.ts';
import { postMovement } from './movement.ts';

export interface Posted {
  ok: true;
  transactionId: string;
  /** The balance right after this transaction (for a replay: right after the first one). */
  balanceFen: number;
  replayed: boolean;
}

export interface ChargeInput {
  developerId: string;
  amountFen: number;
  kind: 'order_charge' | 'freight' | 'storage' | 'warehouse_service';
  ref: string;
  /**
   * The caller's other writes of this transaction that need the ledger transaction's id (on a
   * replay: the first one's), run before the balance moves: the wallet row is then locked by the
   * last statement before COMMIT instead of across them.
   */
  beforeDebit?: (transactionId: string) => Promise<void>;
}

export function chargeWallet(ctx: SystemCtx, input: ChargeInput): Promise<Posted | Failure> {
  const invalid = badAmount(input.amountFen, 'amountFen') ?? badRef(input.ref);
  if (invalid) return Promise.resolve(invalid);
  const posting = { developerId: input.developerId, kind: input.kind, ref: input.ref, deltaFen: -input.amountFen, note: null };
  return postOnce(ctx, posting, input.beforeDebit);
}

export interface RefundInput {
  developerId: string;
  amountFen: number;
  ref: string;
  note?: string;
}

export function refundToWallet(ctx: SystemCtx, input: RefundInput): Promise<Posted | Failure> {
  const invalid = badAmount(input.amountFen, 'amountFen') ?? badRef(input.ref);
  if (invalid) return Promise.resolve(invalid);
  return postOnce(ctx, {
    developerId: input.developerId,
    kind: 'refund',
    ref: input.ref,
    deltaFen: input.amountFen,
    note: input.note ?? null,
  });
}

function badRef(ref: string): Failure | null {
  return typeof ref === 'string' && ref.length > 0 && ref.length <= 200
    ? null
    : fail('BAD_PARAMETER', { field: 'ref', rule: 'is required (1–200 characters)' });
}

/**
 * Claim the key, then move the balance, then write the entries. The claim comes first so a
 * second caller with the same ref waits for (and then replays) the first instead of debiting;
 * when the debit is refused the claim is dropped, so a refused charge leaves no trace and the
 * same ref may be retried after a top-up.
 */
function postOnce(
  ctx: SystemCtx,
  posting: Posting & { ref: string },
  beforeDebit?: (transactionId: string) => Promise<void>,
): Promise<Posted | Failure> {
  return inTransaction(ctx, async (tx) => {
    if (posting.deltaFen > 0) await ensureWallet(tx, posting.developerId);
    const transactionId = await claimTransaction(tx, posting);
    if (transactionId === null) {
      const first = await replay(tx, posting);
      if (first.ok) await beforeDebit?.(first.transactionId);
      return first;
    }
    await beforeDebit?.(transactionId);
    const moved = await postMovement(tx, transactionId, posting);
    if (!moved.ok) {
      await releaseClaim(tx, transactionId);
      return moved;
    }
    return { ok: true, transactionId, balanceFen: moved.balanceFen, replayed: false };
  });
}

async function replay(ctx: SystemCtx, posting: Posting & { ref: string }): Promise<Posted | Failure> {
  const first = await findByRef(ctx, posting.developerId, posting.kind, posting.ref);
  // The conflicting row committed before ON CONFLICT gave up, so it is visible here under
  // READ COMMITTED (PostgreSQL's default) and always on SQLite.
  if (!first) throw new Error(`ledger transaction ${posting.kind}/${posting.ref} conflicted but is not visible`);
  if (Number(first.amount_fen) !== posting.deltaFen) return fail('IDEMPOTENCY_KEY_REUSED', { key: posting.ref });
  return { ok: true, transactionId: first.id, balanceFen: Number(first.balance_after_fen), replayed: true };
}
