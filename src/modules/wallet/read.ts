/** Reads of one developer's wallet; the developer id always scopes the query. */
import type { SystemCtx } from '../../platform/context.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { developerAccount, developerExists } from './ledger.ts';
import type { TransactionKind } from './schema.ts';

export interface LedgerLine {
  /** The ledger transaction id (16 digits, time-sortable). */
  id: string;
  kind: TransactionKind;
  ref: string | null;
  /** Signed, seen from the developer. */
  amountFen: number;
  balanceAfterFen: number;
  note: string | null;
  createdAt: number;
}

export interface Paging {
  pageNo: number;
  pageSize: number;
}

export async function getBalance(ctx: SystemCtx, developerId: string): Promise<number> {
  const row = await ctx.db.selectFrom('wallets').select('balance_fen').where('developer_id', '=', developerId).executeTakeFirst();
  return row ? Number(row.balance_fen) : 0;
}

/** The developer's own ledger lines (one per transaction), newest first. */
export async function listEntries(ctx: SystemCtx, developerId: string, paging: Paging): Promise<{ total: number; rows: LedgerLine[] }> {
  const account = developerAccount(developerId);
  const scoped = ctx.db.selectFrom('ledger_entries as e').where('e.developer_id', '=', developerId).where('e.account', '=', account);
  const count = await scoped.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const total = Number(count.n);
  if (total === 0 || (paging.pageNo - 1) * paging.pageSize >= total) return { total, rows: [] };
  const rows = await scoped
    .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
    .select(['t.id', 't.kind', 't.ref', 'e.amount_fen', 'e.balance_after_fen', 't.note', 't.created_at'])
    .orderBy('e.id', 'desc')
    .limit(paging.pageSize)
    .offset((paging.pageNo - 1) * paging.pageSize)
    .execute();
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      ref: r.ref,
      amountFen: Number(r.amount_fen),
      balanceAfterFen: Number(r.balance_after_fen),
      note: r.note,
      createdAt: Number(r.created_at),
    })),
  };
}

export interface LedgerCheck {
  balanceFen: number;
  /** Sum of the developer's own account entries; equals balanceFen when the ledger is sound. */
  entriesSumFen: number;
  /** Number of the developer's own account entries (one per transaction). */
  entries: number;
  /** Transactions of this developer whose legs do not sum to zero (always 0 when sound). */
  unbalancedTransactions: number;
}

export async function ledgerCheck(ctx: SystemCtx, developerId: string): Promise<LedgerCheck> {
  const own = await ctx.db
    .selectFrom('ledger_entries')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.coalesce(eb.fn.sum<number>('amount_fen'), eb.lit(0)).as('total')])
    .where('developer_id', '=', developerId)
    .where('account', '=', developerAccount(developerId))
    .executeTakeFirstOrThrow();
  const unbalanced = await ctx.db
    .selectFrom('ledger_entries')
    .select('transaction_id')
    .where('developer_id', '=', developerId)
    .groupBy('transaction_id')
    .having((eb) => eb.fn.sum('amount_fen'), '<>', 0)
    .execute();
  return {
    balanceFen: await getBalance(ctx, developerId),
    entriesSumFen: Number(own.total),
    entries: Number(own.n),
    unbalancedTransactions: unbalanced.length,
  };
}

/** What an operator sees: NOT_FOUND for an unknown developer, a zero wallet for a new one. */
export async function walletSummary(
  ctx: SystemCtx,
  developerId: string,
): Promise<{ ok: true; balanceFen: number; entries: number } | Failure> {
  if (!(await developerExists(ctx, developerId))) return fail('NOT_FOUND', { what: `developer ${developerId}` });
  const check = await ledgerCheck(ctx, developerId);
  return { ok: true, balanceFen: check.balanceFen, entries: check.entries };
}

/** Every wallet's balance summed, and how many wallets there are (the metrics read it at scrape; one row per developer). */
export async function walletTotals(ctx: SystemCtx): Promise<{ balanceFen: number; wallets: number }> {
  const row = await ctx.db
    .selectFrom('wallets')
    .select((eb) => [eb.fn.coalesce(eb.fn.sum<number>('balance_fen'), eb.lit(0)).as('balance'), eb.fn.countAll<number>().as('n')])
    .executeTakeFirstOrThrow();
  return { balanceFen: Number(row.balance), wallets: Number(row.n) };
}
