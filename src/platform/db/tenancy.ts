import type { DeleteQueryBuilder, DeleteResult, SelectQueryBuilder, UpdateQueryBuilder, UpdateResult } from 'kysely';
import type { Ctx } from '../context.ts';
import type { DeveloperId, UserId } from '../ids.ts';
import type { Database } from './schema.ts';

/** Tables whose rows belong to a developer and to the user (main or sub-account) that made them. */
export type OwnedTable = {
  [T in keyof Database]: Database[T] extends { developer_id: string; owner_user_id: string } ? T : never;
}[keyof Database];

/**
 * Which owned rows a query may touch. A system actor (the fulfilment runner, the sandbox seller,
 * the dispatcher) says so explicitly with SYSTEM_SCOPE; a developer scope always names its
 * developer, and its owner when the caller sees only its own rows. There is no empty scope.
 */
export type Scope = SystemScope | TenantScope;
export interface SystemScope {
  readonly system: true;
}
export interface TenantScope {
  readonly system?: never;
  readonly developerId: DeveloperId;
  readonly ownerUserId?: UserId;
}

export const SYSTEM_SCOPE: SystemScope = Object.freeze({ system: true });

/** The rows a developer's caller may touch: its developer's, and only its own when it sees its own rows. */
export function scopeOf(ctx: Ctx): TenantScope {
  return ctx.rowsVisible === 'own' ? { developerId: ctx.developerId, ownerUserId: ctx.userId } : { developerId: ctx.developerId };
}

interface Filterable<Q> {
  where(column: 'developer_id' | 'owner_user_id', op: '=', value: string): Q;
}

/** The one translation of a scope into WHERE clauses on the owned-row columns. */
export function whereScope<Q extends Filterable<Q>>(query: Q, scope: Scope): Q {
  if (scope.system) return query;
  const ofDeveloper = query.where('developer_id', '=', scope.developerId);
  return scope.ownerUserId === undefined ? ofDeveloper : ofDeveloper.where('owner_user_id', '=', scope.ownerUserId);
}

/**
 * The only way modules read owned rows: scoped to the caller's developer, and to the caller's own
 * rows when it sees only those. Another developer's ids therefore simply are not found.
 * The scope is built on the union of owned tables (the columns every one has); the result is
 * typed as the one table asked for, so its own column types survive.
 */
// biome-ignore lint/complexity/noBannedTypes: {} is Kysely's own type for a query that selects no column yet
export function selectOwned<T extends OwnedTable>(ctx: Ctx, table: T): SelectQueryBuilder<Database, T, {}> {
  const query = whereScope(ctx.db.selectFrom(table as OwnedTable), scopeOf(ctx));
  // biome-ignore lint/complexity/noBannedTypes: as above
  return query as unknown as SelectQueryBuilder<Database, T, {}>;
}

export function updateOwned<T extends OwnedTable>(ctx: Ctx, table: T): UpdateQueryBuilder<Database, T, T, UpdateResult> {
  const query = whereScope(ctx.db.updateTable(table as OwnedTable), scopeOf(ctx));
  return query as unknown as UpdateQueryBuilder<Database, T, T, UpdateResult>;
}

export function deleteOwned<T extends OwnedTable>(ctx: Ctx, table: T): DeleteQueryBuilder<Database, T, DeleteResult> {
  const query = whereScope(ctx.db.deleteFrom(table as OwnedTable), scopeOf(ctx));
  return query as unknown as DeleteQueryBuilder<Database, T, DeleteResult>;
}

/** Columns to stamp on a new owned row. */
export function ownership(ctx: Ctx): { developer_id: DeveloperId; owner_user_id: UserId } {
  return { developer_id: ctx.developerId, owner_user_id: ctx.userId };
}
