import { sql } from 'kysely';
import { inTransaction, type SystemCtx } from './context.ts';

class Abort<T> {
  readonly value: T;
  constructor(value: T) {
    this.value = value;
  }
}

export function abort<T>(value: T): never {
  throw new Abort(value);
}

let savepointCounter = 0;

/**
 * "All or nothing, and tell me why": runs fn in its own transaction (or, when the caller is
 * already in one, in a savepoint), and lets fn abandon every write it made by calling
 * `abort(value)`, which becomes the return value. Used where an expected failure is found after
 * writes (the wallet refuses a charge after the order moved; stock runs out after a key was
 * claimed), so expected outcomes stay values and nothing half-done commits.
 */
export async function atomically<C extends SystemCtx, T>(ctx: C, fn: (tx: C) => Promise<T>): Promise<T> {
  if (!ctx.db.isTransaction) {
    try {
      return await inTransaction(ctx, fn);
    } catch (error) {
      if (error instanceof Abort) return error.value as T;
      throw error;
    }
  }
  const name = sql.id(`ponte_sp_${++savepointCounter}`);
  await sql`savepoint ${name}`.execute(ctx.db);
  try {
    const value = await fn(ctx);
    await sql`release savepoint ${name}`.execute(ctx.db);
    return value;
  } catch (error) {
    await sql`rollback to savepoint ${name}`.execute(ctx.db);
    await sql`release savepoint ${name}`.execute(ctx.db);
    if (error instanceof Abort) return error.value as T;
    throw error;
  }
}
