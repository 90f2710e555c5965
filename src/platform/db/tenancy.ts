import type { DeleteQueryBuilder, DeleteResult, SelectQueryBuilder, UpdateQueryBuilder, UpdateResult } from 'kysely';
import type { Ctx } from '../context.ts';
import type { Database } from './schema.ts';

/** Tables whose rows belong to a developer and to the user (main or sub-account) that made them. */
export type OwnedTable = {
  [T in keyof Database]: Database[T] extends { developer_id: string; owner_user_id: string } ? T : never;
}[keyof Database];

/**
 * The only way modules read owned rows: scoped to the caller's developer, and to the caller's own
 * rows when it is a sub-account. Another developer's ids therefore simply are not found.
 * The scope is built on the union of owned tables (the columns every one has); the result is
 * typed as the one table asked for, so its own column types survive.
 */
// biome-ignore lint/complexity/noBannedTypes: {} is Kysely's own type for a query that selects no column yet
export function selectOwned<T extends OwnedTable>(ctx: Ctx, table: T): SelectQueryBuilder<Database, T, {}> {
  let query = ctx.db.selectFrom(table as OwnedTable).where('developer_id', '=', ctx.developerId);
  if (ctx.isSubAccount) query = query.where('owner_user_id', '=', ctx.userId);
  // biome-ignore lint/complexity/noBannedTypes: as above
  return query as unknown as SelectQueryBuilder<Database, T, {}>;
}

export function updateOwned<T extends OwnedTable>(ctx: Ctx, table: T): UpdateQueryBuilder<Database, T, T, UpdateResult> {
  let query = ctx.db.updateTable(table as OwnedTable).where('developer_id', '=', ctx.developerId);
  if (ctx.isSubAccount) query = query.where('owner_user_id', '=', ctx.userId);
  return query as unknown as UpdateQueryBuilder<Database, T, T, UpdateResult>;
}

export function deleteOwned<T extends OwnedTable>(ctx: Ctx, table: T): DeleteQueryBuilder<Database, T, DeleteResult> {
  let query = ctx.db.deleteFrom(table as OwnedTable).where('developer_id', '=', ctx.developerId);
  if (ctx.isSubAccount) query = query.where('owner_user_id', '=', ctx.userId);
  return query as unknown as DeleteQueryBuilder<Database, T, DeleteResult>;
}

/** Columns to stamp on a new owned row. */
export function ownership(ctx: Ctx): { developer_id: string; owner_user_id: string } {
  return { developer_id: ctx.developerId, owner_user_id: ctx.userId };
}
