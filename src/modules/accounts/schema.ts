import type { Generated, Kysely, Migration } from 'kysely';

/** The accounts module's tables: developers, their users (main and sub-accounts) and their API keys. */
export interface DeveloperTable {
  developer_id: string;
  name: string;
  main_user_id: string;
  created_at: number;
  /** 1 when an operator disabled the developer: its signed calls and console sessions are refused (migration 022). */
  disabled: Generated<number>;
  /** The developer's own rate limit (migration 026); both null: the deployment's applies. Set together or not at all. */
  rate_limit_per_second: number | null;
  rate_limit_burst: number | null;
}

export interface UserTable {
  user_id: string;
  developer_id: string;
  role: string;
  created_at: number;
}

export interface ApiKeyTable {
  access_key: string;
  developer_id: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_valid_until: number | null;
  require_hmac: number;
  created_at: number;
  rotated_at: number | null;
}

export interface AccountTables {
  developers: DeveloperTable;
  users: UserTable;
  api_keys: ApiKeyTable;
}

// Joins the application's Database type by declaration merging, so the platform layer never imports this module.
declare module '../../platform/db/schema.ts' {
  interface Database extends AccountTables {}
}

/** The first part of migration 001_foundation (src/migrations.ts composes it; never edited once released). */
export function accountsMigration(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('developers')
        .addColumn('developer_id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('main_user_id', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('developer_id', 'text', (c) => c.notNull().references('developers.developer_id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('users_developer').on('users').columns(['developer_id']).execute();
      await db.schema
        .createTable('api_keys')
        .addColumn('access_key', 'text', (c) => c.primaryKey())
        .addColumn('developer_id', 'text', (c) => c.notNull().references('developers.developer_id'))
        .addColumn('secret_sealed', 'text', (c) => c.notNull())
        .addColumn('previous_secret_sealed', 'text')
        .addColumn('previous_valid_until', 'bigint')
        .addColumn('require_hmac', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('rotated_at', 'bigint')
        .execute();
      await db.schema.createIndex('api_keys_developer').on('api_keys').columns(['developer_id']).execute();
    },
  };
}

/** 022_developer_admin: operators can disable a developer (and enable it again). */
export function developerStatusMigration(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('developers')
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}

/** 026_developer_rate_limits: an operator can give a developer its own rate limit (null: the deployment's). */
export function developerRateLimitMigration(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('developers').addColumn('rate_limit_per_second', 'integer').execute();
      await db.schema.alterTable('developers').addColumn('rate_limit_burst', 'integer').execute();
    },
  };
}
