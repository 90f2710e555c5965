/**
 * The posting primitives every wallet use case is built from. They assume they run inside a
 * transaction (the use cases wrap them in `inTransaction`), so a balance move and its entries
 * commit together or not at all.
 */
import type { SystemCtx } from '../../platform/context.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { MAX_WALLET_FEN } from '../../platform/money.ts';
import { preparedQuery, withFreshId } from '../../platform/db/index.ts';
import type { LedgerTransactionTable, TransactionKind } from './schema.ts';

export type PlatformAccount = 'platform:cash' | 'platform:orders' | 'platform:refunds' | 'platform:adjustments' | 'platform:warehouse';

/** Where the other leg of each kind of transaction goes. */
export const COUNTER_ACCOUNT: Record<TransactionKind, PlatformAccount> = {
  topup: 'platform:cash',
  order_charge: 'platform:orders',
  freight: 'platform:orders',
  refund: 'platform:refunds',
  adjustment: 'platform:adjustments',
  storage: 'platform:warehouse',
  warehouse_service: 'platform:warehouse',
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

/**
 * A movement is a safe, non-zero integer of fen; a credit is at most the wallet ceiling (a debit
 * that large simply finds the balance short).
 */
export function badAmount(value: number, field: string, allowNegative = false): Failure | null {
  if (!Number.isSafeInteger(value) || value === 0 || (!allowNegative && value < 0) || value > MAX_WALLET_FEN) {
    const rule = allowNegative
      ? `must be a non-zero integer (fen) of at most ${MAX_WALLET_FEN}`
      : `must be a positive integer (fen) of at most ${MAX_WALLET_FEN}`;
    return fail('BAD_PARAMETER', { field, rule });
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
 * Moves the balance by deltaFen with one guarded UPDATE: the WHERE refuses an overdraft, and a
 * credit that would pass MAX_WALLET_FEN, so two racing moves can never both pass (PostgreSQL
 * re-checks the WHERE on the row version the winner committed; SQLite runs one writer at a time).
 * A debit is never refused for the ceiling. Returns the new balance, or null.
 */
async function guardedMove(ctx: SystemCtx, developerId: string, deltaFen: number): Promise<number | null> {
  const maximum = deltaFen < 0 ? Number.MAX_SAFE_INTEGER : MAX_WALLET_FEN - deltaFen;
  const moved = await moveWalletBalance(ctx, {
    developer_id: developerId,
    delta: deltaFen,
    minimum: Math.max(0, -deltaFen),
    maximum,
    now: ctx.clock.nowMs(),
  });
  const row = moved.rows[0];
  return row ? Number(row.balance_fen) : null;
}

const moveWalletBalance = preparedQuery<
  { developer_id: string; delta: number; minimum: number; maximum: number; now: number },
  { balance_fen: number }
>((db, param) =>
  db
    .updateTable('wallets')
    .set((eb) => ({ balance_fen: eb('balance_fen', '+', param('delta')), updated_at: param('now') }))
    .where('developer_id', '=', param('developer_id'))
    .where('balance_fen', '>=', param('minimum'))
    .where('balance_fen', '<=', param('maximum'))
    .returning('balance_fen'),
);

/** The balance as committed (locked on PostgreSQL so it cannot move while we decide). */
async function lockedBalance(ctx: SystemCtx, developerId: string): Promise<number> {
  let query = ctx.db.selectFrom('wallets').select('balance_fen').where('developer_id', '=', developerId);
  if (ctx.dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? Number(row.balance_fen) : 0;
}

/**
 * Moves the balance, or answers INSUFFICIENT_BALANCE with the exact shortfall (a debit) or
 * WALLET_LIMIT_EXCEEDED (a credit past the ceiling), and writes nothing.
 */
export async function moveBalance(
  ctx: SystemCtx,
  developerId: string,
  deltaFen: number,
): Promise<{ ok: true; balanceFen: number } | Failure> {
  const moved = await guardedMove(ctx, developerId, deltaFen);
  if (moved !== null) return { ok: true, balanceFen: moved };
  // The guard failed on a balance we did not lock; read it under a lock so the answer is exact
  // (and retry once if a concurrent move made room in between).
  const balance = await lockedBalance(ctx, developerId);
  const fits = deltaFen < 0 ? balance + deltaFen >= 0 : balance + deltaFen <= MAX_WALLET_FEN;
  if (fits) {
    const retried = await guardedMove(ctx, developerId, deltaFen);
    if (retried !== null) return { ok: true, balanceFen: retried };
  }
  if (deltaFen > 0) return fail('WALLET_LIMIT_EXCEEDED', { balanceAfterFen: balance + deltaFen, limitFen: MAX_WALLET_FEN });
  return fail('INSUFFICIENT_BALANCE', { shortfallFen: Math.max(1, -deltaFen - balance) });
}

/**
 * Claims the (developer, kind, ref) key by inserting the transaction row first, with ON CONFLICT
 * DO NOTHING: no unique-violation error is raised (which would abort a PostgreSQL transaction),
 * and a racer blocks on the uncommitted winner until it commits or rolls back.
 * Returns the new transaction id, or null when the key is already taken.
 */
export async function claimTransaction(ctx: SystemCtx, posting: Posting): Promise<string | null> {
  const now = ctx.clock.nowMs();
  const claimed = await withFreshId(ctx, TRANSACTION_ID, async (id) => {
    const inserted = await insertTransaction(ctx, {
      id,
      developer_id: posting.developerId,
      kind: posting.kind,
      ref: posting.ref,
      amount_fen: posting.deltaFen,
      note: posting.note,
      created_at: now,
    });
    return inserted.rows[0]?.id;
  });
  return claimed ?? null;
}

const TRANSACTION_ID = { table: 'ledger_transactions', column: 'id' } as const;

const insertTransaction = preparedQuery<LedgerTransactionTable, { id: string }>((db, param) =>
  db
    .insertInto('ledger_transactions')
    .values({
      id: param('id'),
      developer_id: param('developer_id'),
      kind: param('kind'),
      ref: param('ref'),
      amount_fen: param('amount_fen'),
      note: param('note'),
      created_at: param('created_at'),
    })
    // Untargeted: the (developer, kind, ref) key or, rarely, the generated id (withFreshId tells which).
    .onConflict((oc) => oc.doNothing())
    .returning('id'),
);

/** Drops a claim made earlier in this same, still uncommitted transaction (nobody has seen it). */
export async function releaseClaim(ctx: SystemCtx, transactionId: string): Promise<void> {
  await ctx.db.deleteFrom('ledger_transactions').where('id', '=', transactionId).execute();
}

/** The two legs of a transaction; they sum to zero by construction. */
export async function writeEntries(ctx: SystemCtx, transactionId: string, posting: Posting, balanceAfterFen: number): Promise<void> {
  await insertEntryPair(ctx, {
    transaction_id: transactionId,
    developer_id: posting.developerId,
    created_at: ctx.clock.nowMs(),
    developer_account: developerAccount(posting.developerId),
    delta: posting.deltaFen,
    balance_after: balanceAfterFen,
    counter_account: COUNTER_ACCOUNT[posting.kind],
    counter_delta: -posting.deltaFen,
  });
}

interface EntryPair {
  transaction_id: string;
  developer_id: string;
  created_at: number;
  developer_account: string;
  delta: number;
  balance_after: number;
  counter_account: string;
  counter_delta: number;
}

const insertEntryPair = preparedQuery<EntryPair, never>((db, param) => {
  const common = { transaction_id: param('transaction_id'), developer_id: param('developer_id'), created_at: param('created_at') };
  return db.insertInto('ledger_entries').values([
    { ...common, account: param('developer_account'), amount_fen: param('delta'), balance_after_fen: param('balance_after') },
    { ...common, account: param('counter_account'), amount_fen: param('counter_delta'), balance_after_fen: null },
  ]);
});

/** The earlier transaction holding this key, with the balance right after it. */
export async function findByRef(ctx: SystemCtx, developerId: string, kind: TransactionKind, ref: string) {
  return ctx.db
    .selectFrom('ledger_transactions as t')
    .innerJoin('ledger_entries as e', (join) =>
      join.onRef('e.transaction_id', '=', 't.id').on('e.account', '=', developerAccount(developerId)),
    )
    .select(['t.id', 't.amount_fen', 'e.balance_after_fen'])
    .where('t.developer_id', '=', developerId)
    .where('t.kind', '=', kind)
    .where('t.ref', '=', ref)
    .executeTakeFirst();
}
