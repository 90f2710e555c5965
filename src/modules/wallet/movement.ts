/**
 * Moving a wallet's balance together with the two ledger entries that record the move. The
 * wallet row is the one row every payment of a developer waits for: on PostgreSQL the guarded
 * UPDATE locks it until COMMIT, so the move and its entries go out as one statement, the last
 * of its transaction, and the lock is held for that statement and the commit only.
 */
import { sql } from 'kysely';
import type { SystemCtx } from '../../platform/context.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { MAX_WALLET_FEN } from '../../platform/money.ts';
import { preparedQuery } from '../../platform/db/index.ts';
import { COUNTER_ACCOUNT, developerAccount, type Posting } from './ledger.ts';

export type Moved = { ok: true; balanceFen: number };

/**
 * Moves the balance by posting.deltaFen and writes transactionId's two entries, or answers
 * INSUFFICIENT_BALANCE with the exact shortfall (a debit) or WALLET_LIMIT_EXCEEDED (a credit past
 * the ceiling) and writes nothing.
 */
export async function postMovement(ctx: SystemCtx, transactionId: string, posting: Posting): Promise<Moved | Failure> {
  if (ctx.dialect === 'postgres') {
    const posted = await moveWithEntries(ctx, { ...entryPairOf(ctx, transactionId, posting), ...boundsOf(posting.deltaFen) });
    const own = posted.rows.find((row) => row.balance_after_fen !== null);
    if (own) return { ok: true, balanceFen: Number(own.balance_after_fen) };
  }
  // SQLite (one writer, no round trips to save), or the guard refused: find out why, exactly.
  const moved = await moveBalance(ctx, posting.developerId, posting.deltaFen);
  if (moved.ok) await insertEntryPair(ctx, { ...entryPairOf(ctx, transactionId, posting), balance_after: moved.balanceFen });
  return moved;
}

/**
 * The guard on a move: the balance stays ≥ 0 and a credit does not pass MAX_WALLET_FEN, so two
 * racing moves can never both pass (PostgreSQL re-checks the WHERE on the row version the winner
 * committed; SQLite runs one writer at a time). A debit is never refused for the ceiling.
 */
function boundsOf(deltaFen: number): { minimum: number; maximum: number } {
  return { minimum: Math.max(0, -deltaFen), maximum: deltaFen < 0 ? Number.MAX_SAFE_INTEGER : MAX_WALLET_FEN - deltaFen };
}

async function moveBalance(ctx: SystemCtx, developerId: string, deltaFen: number): Promise<Moved | Failure> {
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

async function guardedMove(ctx: SystemCtx, developerId: string, deltaFen: number): Promise<number | null> {
  const moved = await moveWalletBalance(ctx, { developer_id: developerId, delta: deltaFen, ...boundsOf(deltaFen), now: ctx.clock.nowMs() });
  const row = moved.rows[0];
  return row ? Number(row.balance_fen) : null;
}

interface Move {
  developer_id: string;
  delta: number;
  minimum: number;
  maximum: number;
  now: number;
}

const moveWalletBalance = preparedQuery<Move, { balance_fen: number }>((db, param) =>
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

/** The two legs of a transaction; they sum to zero by construction. */
interface EntryPair {
  transaction_id: string;
  developer_id: string;
  created_at: number;
  developer_account: string;
  delta: number;
  counter_account: string;
  counter_delta: number;
}

function entryPairOf(ctx: SystemCtx, transactionId: string, posting: Posting): EntryPair {
  return {
    transaction_id: transactionId,
    developer_id: posting.developerId,
    created_at: ctx.clock.nowMs(),
    developer_account: developerAccount(posting.developerId),
    delta: posting.deltaFen,
    counter_account: COUNTER_ACCOUNT[posting.kind],
    counter_delta: -posting.deltaFen,
  };
}

const insertEntryPair = preparedQuery<EntryPair & { balance_after: number }, never>((db, param) => {
  const common = { transaction_id: param('transaction_id'), developer_id: param('developer_id'), created_at: param('created_at') };
  return db.insertInto('ledger_entries').values([
    { ...common, account: param('developer_account'), amount_fen: param('delta'), balance_after_fen: param('balance_after') },
    { ...common, account: param('counter_account'), amount_fen: param('counter_delta'), balance_after_fen: null },
  ]);
});

/** PostgreSQL only: the guarded move and both entries in one statement; no row back when the guard refused. */
const moveWithEntries = preparedQuery<EntryPair & Omit<Move, 'now'>, { balance_after_fen: number | null }>((db, param) =>
  db
    .with('moved', (qb) =>
      qb
        .updateTable('wallets')
        .set((eb) => ({ balance_fen: eb('balance_fen', '+', param('delta')), updated_at: param('created_at') }))
        .where('developer_id', '=', param('developer_id'))
        .where('balance_fen', '>=', param('minimum'))
        .where('balance_fen', '<=', param('maximum'))
        .returning('balance_fen'),
    )
    .insertInto('ledger_entries')
    .columns(['transaction_id', 'developer_id', 'created_at', 'account', 'amount_fen', 'balance_after_fen'])
    .expression((eb) => {
      // Parameters in a select list have no type of their own in PostgreSQL: each is cast to its column's.
      const leg = (account: 'developer_account' | 'counter_account', amount: 'delta' | 'counter_delta', own: boolean) =>
        eb
          .selectFrom('moved')
          .select([
            sql<string>`${param('transaction_id')}::text`.as('transaction_id'),
            sql<string>`${param('developer_id')}::text`.as('developer_id'),
            sql<number>`${param('created_at')}::bigint`.as('created_at'),
            sql<string>`${param(account)}::text`.as('account'),
            sql<number>`${param(amount)}::bigint`.as('amount_fen'),
            sql<number | null>`${own ? sql.ref('moved.balance_fen') : sql`NULL`}::bigint`.as('balance_after_fen'),
          ]);
      return leg('developer_account', 'delta', true).unionAll(leg('counter_account', 'counter_delta', false));
    })
    .returning('balance_after_fen'),
);
