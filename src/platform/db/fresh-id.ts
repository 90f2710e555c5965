import { sql } from 'kysely';
import type { SystemCtx } from '../context.ts';
import { newNumericId } from '../ids.ts';
import { isPrimaryKeyViolation } from './errors.ts';

const FRESH_ID_TRIES = 3;
let savepointCounter = 0;

/**
 * Inserts a row under a freshly generated numeric id, and under another one when the first is
 * already taken. Two processes can draw the same id (docs/decisions/010: the same random node id
 * and overlapping sequences within one second); the primary key refuses the second row, and this
 * turns what would be a 500 into a second try. Only a primary-key violation is retried: any other
 * unique key (a client order id, a ledger ref) fails as it did. On PostgreSQL the insert runs in
 * a savepoint inside a transaction, because a failed statement aborts the whole transaction
 * there; SQLite undoes only the failed statement.
 */
export async function withFreshId<T>(ctx: SystemCtx, insert: (id: string) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const id = newNumericId(ctx.clock.nowMs());
    try {
      return await undoneOnError(ctx, () => insert(id));
    } catch (error) {
      if (!isPrimaryKeyViolation(error) || attempt >= FRESH_ID_TRIES) throw error;
    }
  }
}

async function undoneOnError<T>(ctx: SystemCtx, fn: () => Promise<T>): Promise<T> {
  if (ctx.dialect !== 'postgres' || !ctx.db.isTransaction) return fn();
  const name = sql.id(`ponte_fresh_id_${++savepointCounter}`);
  await sql`savepoint ${name}`.execute(ctx.db);
  try {
    const value = await fn();
    await sql`release savepoint ${name}`.execute(ctx.db);
    return value;
  } catch (error) {
    await sql`rollback to savepoint ${name}`.execute(ctx.db);
    throw error;
  }
}
