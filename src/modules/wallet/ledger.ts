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
