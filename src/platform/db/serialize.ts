import { sql, type Kysely } from 'kysely';
import type { SystemCtx } from '../context.ts';
import type { Dialect } from './connect.ts';

/**
 * Makes transactions that call this with the same key run one after another, from here to their
 * commit: PostgreSQL takes a transaction-scoped advisory lock; SQLite already runs one writer at a
 * time. For "replace the active row" writes, where row locks cannot stop two racers from each
 * leaving their own row active.
 */
export async function serializeOn(tx: SystemCtx, key: string): Promise<void> {
  if (!tx.db.isTransaction) throw new Error('serializeOn needs a transaction');
  await lockUntilCommit(tx.db, tx.dialect, key);
}

/**
 * The one place Ponte takes an advisory lock, always transaction-scoped: a session lock would
 * outlive the transaction on a pooled server connection (PgBouncer in transaction mode), and a
 * database without advisory locks (docs/scale-out.md) needs only this function replaced.
 */
export async function lockUntilCommit(trx: Kysely<any>, dialect: Dialect, key: string): Promise<void> {
  if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
}
