export {
  connect,
  BUSY_TIMEOUT_MS,
  type Db,
  type DbStats,
  type Dialect,
  type ConnectOptions,
} from './connect.ts';
export { migrateWith, pendingMigrationsOf } from './migrator.ts';
export { ensurePostgresSchema, dropPostgresSchema, verifyPostgresSchema, type SchemaMode } from './postgres.ts';
export type { Database } from './schema.ts';
export { isDatabaseBusy } from './errors.ts';
export { withFreshId, type FreshIdKey } from './fresh-id.ts';
export {
  selectOwned,
  updateOwned,
  deleteOwned,
  ownership,
  scopeOf,
  whereScope,
  SYSTEM_SCOPE,
  type OwnedTable,
  type Scope,
  type SystemScope,
  type TenantScope,
} from './tenancy.ts';
export { getMeta, setMeta } from './meta.ts';
export { platformMigration, composedMigration, signedNoncesMigration } from './migrations.ts';
export { groupCommitOf, type GroupCommit } from './group-commit.ts';
export { nameStatement, preparedQuery, type Param } from './prepared.ts';
export { historyTable } from './history-table.ts';
export { serializeOn, lockUntilCommit } from './serialize.ts';
