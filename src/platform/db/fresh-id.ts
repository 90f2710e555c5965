import type { Kysely } from 'kysely';
import type { SystemCtx } from '../context.ts';
import { newNumericId } from '../ids.ts';

const FRESH_ID_TRIES = 3;

/** Where a generated id is stored, to tell "this id is taken" from "another unique key is". */
export interface FreshIdKey {
  table: string;
  column: string;
  /** The stored value for a generated id, when the table prefixes it (refund TQ…, parcel WP…). */
  stored?: (id: string) => string;
}

/**
 * Inserts a row under a freshly generated numeric id, and under another one when the first is
 * already taken. Two processes can draw the same id (docs/decisions/010: the same random node id
 * and overlapping sequences within one second). `insert` runs INSERT … ON CONFLICT DO NOTHING
 * RETURNING and answers the row, or undefined when a unique key refused it; then, and only then,
 * one read tells whether the id was the taken key (try another) or a key of the caller's (a
 * real duplicate: undefined is the answer). No statement fails, so a PostgreSQL transaction is
 * never aborted and needs no savepoint around the insert: the savepoint and its release were
 * two round trips per generated id, eight per create+pay (bench:orders, issue 15).
 */
export async function withFreshId<R>(
  ctx: SystemCtx,
  key: FreshIdKey,
  insert: (id: string) => Promise<R | undefined>,
): Promise<R | undefined> {
  for (let attempt = 1; ; attempt++) {
    const id = newNumericId(ctx.clock.nowMs());
    const row = await insert(id);
    if (row !== undefined || !(await idTaken(ctx, key, key.stored ? key.stored(id) : id))) return row;
    if (attempt >= FRESH_ID_TRIES) throw new Error(`${key.table}: ${FRESH_ID_TRIES} generated ids in a row were taken`);
  }
}

async function idTaken(ctx: SystemCtx, key: FreshIdKey, value: string): Promise<boolean> {
  const db = ctx.db as unknown as Kysely<any>;
  const row = await db.selectFrom(key.table).select(key.column).where(key.column, '=', value).executeTakeFirst();
  return row !== undefined;
}
