/**
 * The developer console's sign-in: one-time links an operator makes, and the sessions they open.
 * Both keep only the SHA-256 of their token, so a copy of the tables signs nobody in.
 */
import type { Kysely, Migration } from 'kysely';

export interface DeveloperSigninLinkTable {
  token_hash: string;
  developer_id: string;
  created_at: number;
  expires_at: number;
  /** Set by the one redemption the link allows; null while unused. */
  used_at: number | null;
}

export interface DeveloperSessionTable {
  token_hash: string;
  developer_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  /** The absolute end (created + 7 days); the idle end is last_seen_at + 12 hours. */
  expires_at: number;
}

export interface DevConsoleTables {
  developer_signin_links: DeveloperSigninLinkTable;
  developer_sessions: DeveloperSessionTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends DevConsoleTables {}
}

/** Migration 023_developer_sessions (src/migrations.ts; never edited once released). */
export function devConsoleMigration(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('developer_signin_links')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('developer_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('used_at', 'bigint')
        .execute();
      await db.schema
        .createTable('developer_sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('developer_id', 'text', (c) => c.notNull())
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('developer_sessions_developer').on('developer_sessions').column('developer_id').execute();
    },
  };
}
