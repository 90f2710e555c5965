import type { SystemCtx } from '../../platform/context.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { newNumericId } from '../../platform/ids.ts';
import type { TransactionKind } from './schema.ts';

/**
 * The posting primitives every wallet use case is built from. They assume they run inside a
 * transaction (the use cases wrap them in `inTransaction`), so a balance move and its entries
 * commit together or not at all.
 */
export type PlatformAccount = 'platform:cash' | 'platform:orders' | 'platform:refunds' | 'platform:adjustments';

/** Where the other leg of each kind of transaction goes. */
export const COUNTER_ACCOUNT: Record<TransactionKind, PlatformAccount> = {
  topup: 'platform:cash',
  order_charge: 'platform:orders',
  freight: 'platform:orders',
  refund: 'platform:refunds',
  adjustment: 'platform:adjustments',
};

export const developerAccount = (developerId: string) => `developer:${developerId}`;

export interface Posting {
  developerId: string;
  kind: TransactionKind;
  ref: string | null;
  /** Signed, seen from the developer: a charge is negative, a top-up positive. */
  deltaFen: number;
  note: string | null;
}

export function badAmount(value: number, field: string, allowNegative = false): Failure | null {
  if (!Number.isSafeInteger(value) || value === 0 || (!allowNegative && value < 0)) {
    return fail('BAD_PARAMETER', { field, rule: allowNegative ? 'must be a non-zero integer (fen)' : 'must be a positive integer (fen)' });
  }
  return null;
}

export async function developerExists(ctx: SystemCtx, developerId: string): Promise<boolean> {
  const row = await ctx.db.selectFrom('developers').select('developer_id').where('developer_id', '=', developerId).executeTakeFirst();
  return row !== undefined;
}

/** Wallet rows are created lazily, by the first money that moves in. */
export async function ensureWallet(ctx: SystemCtx, developerId: string): Promise<void> {
  await ctx.db
    .insertInto('wallets')
    .values({ developer_id: developerId, balance_fen: 0, updated_at: ctx.clock.nowMs() })
    .onConflict((oc) => oc.column('developer_id').doNothing())
    .execute();
}

/**
 * Moves the balance by deltaFen with one guarded UPDATE: the WHERE refuses an overdraft, so two
 * racing debits can never both pass (PostgreSQL re-checks the WHERE on the row version the
 * winner committed; SQLite runs one writer at a time). Returns the new balance, or null.
 */
async function guardedMove(ctx: SystemCtx, developerId: string, deltaFen: number): Promise<number | null> {
  const row = await ctx.db
    .updateTable('wallets')
    .set((eb) => ({ balance_fen: eb('balance_fen', '+', deltaFen), updated_at: ctx.clock.nowMs() }))
    .where('developer_id', '=', developerId)
    .where('balance_fen', '>=', Math.max(0, -deltaFen))
    .returning('balance_fen')
    .executeTakeFirst();
  return row ? Number(row.balance_fen) : null;
}

/** The balance as committed (locked on PostgreSQL so it cannot move while we decide). */
async function lockedBalance(ctx: SystemCtx, developerId: string): Promise<number> {
  let query = ctx.db.selectFrom('wallets').select('balance_fen').where('developer_id', '=', developerId);
  if (ctx.dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? Number(row.balance_fen) : 0;
}

/** Moves the balance, or answers INSUFFICIENT_BALANCE with the exact shortfall and writes nothing. */
export async function moveBalance(ctx: SystemCtx, developerId: string, deltaFen: number): Promise<{ ok: true; balanceFen: number } | Failure> {
  const moved = await guardedMove(ctx, developerId, deltaFen);
  if (moved !== null) return { ok: true, balanceFen: moved };
  // The guard failed on a balance we did not lock; read it under a lock so the shortfall is exact
  // (and retry once if a concurrent top-up landed in between).
  const balance = await lockedBalance(ctx, developerId);
  if (balance + deltaFen >= 0 && deltaFen < 0) {
    const retried = await guardedMove(ctx, developerId, deltaFen);
    if (retried !== null) return { ok: true, balanceFen: retried };
  }
  return fail('INSUFFICIENT_BALANCE', { shortfallFen: Math.max(1, -deltaFen - balance) });
}

/**
 * Claims the (developer, kind, ref) key by inserting the transaction row first, with ON CONFLICT
 * DO NOTHING: no unique-violation error is raised (which would abort a PostgreSQL transaction),
 * and a racer blocks on the uncommitted winner until it commits or rolls back.
 * Returns the new transaction id, or null when the key is already taken.
 */
export async function claimTransaction(ctx: SystemCtx, posting: Posting): Promise<string | null> {
  const id = newNumericId(ctx.clock.nowMs());
  const row = await ctx.db
    .insertInto('ledger_transactions')
    .values({ id, developer_id: posting.developerId, kind: posting.kind, ref: posting.ref, amount_fen: posting.deltaFen, note: posting.note, created_at: ctx.clock.nowMs() })
    .onConflict((oc) => oc.columns(['developer_id', 'kind', 'ref']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? row.id : null;
}

/** Drops a claim made earlier in this same, still uncommitted transaction (nobody has seen it). */
export async function releaseClaim(ctx: SystemCtx, transactionId: string): Promise<void> {
  await ctx.db.deleteFrom('ledger_transactions').where('id', '=', transactionId).execute();
}

/** The two legs of a transaction; they sum to zero by construction. */
export async function writeEntries(ctx: SystemCtx, transactionId: string, posting: Posting, balanceAfterFen: number): Promise<void> {
  const now = ctx.clock.nowMs();
  const common = { transaction_id: transactionId, developer_id: posting.developerId, created_at: now };
  await ctx.db
    .insertInto('ledger_entries')
    .values([
      { ...common, account: developerAccount(posting.developerId), amount_fen: posting.deltaFen, balance_after_fen: balanceAfterFen },
      { ...common, account: COUNTER_ACCOUNT[posting.kind], amount_fen: -posting.deltaFen, balance_after_fen: null },
    ])
    .execute();
}

/** The earlier transaction holding this key, with the balance right after it. */
export async function findByRef(ctx: SystemCtx, developerId: string, kind: TransactionKind, ref: string) {
  return ctx.db
    .selectFrom('ledger_transactions as t')
    .innerJoin('ledger_entries as e', (join) => join.onRef('e.transaction_id', '=', 't.id').on('e.account', '=', developerAccount(developerId)))
    .select(['t.id', 't.amount_fen', 'e.balance_after_fen'])
    .where('t.developer_id', '=', developerId)
    .where('t.kind', '=', kind)
    .where('t.ref', '=', ref)
    .executeTakeFirst();
}
