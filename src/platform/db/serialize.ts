import { sql } from 'kysely';
import type { SystemCtx } from '../context.ts';

/**
 * Makes transactions that call this with the same key run one after another, from here to their
 * commit: PostgreSQL takes a transaction-scoped advisory lock; SQLite already runs one writer at a
 * time. For "replace the active row" writes, where row locks cannot stop two racers from each
 * leaving their own row active.
 */
export async function serializeOn(tx: SystemCtx, key: string): Promise<void> {
  if (!tx.db.isTransaction) throw new Error('serializeOn needs a transaction');
  if (tx.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`.execute(tx.db);
}
