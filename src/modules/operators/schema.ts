/**
 * Operators: the people who run a Ponte deployment from the console, each with a login, a role
 * and a scrypt password hash; their sessions (only the token's SHA-256 is stored), the failed
 * logins that lock a login or an address out, and the audit of every admin call.
 */
import type { Generated, Kysely, Migration } from 'kysely';
import type { Dialect } from '../../platform/db/index.ts';

import type { OperatorRole } from '../../platform/http/index.ts';

export interface OperatorTable {
  id: string;
  login: string;
  name: string;
  role: OperatorRole;
  /** 0 or 1: a disabled operator cannot sign in and its sessions stop working. */
  disabled: number;
  password_hash: string;
  created_at: number;
  updated_at: number;
}

export interface OperatorSessionTable {
  /** SHA-256 (hex) of the cookie's token: a stolen database row cannot be replayed as a cookie. */
  token_hash: string;
  operator_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  /** The absolute end (created + 7 days); the idle end is last_seen_at + 12 hours. */
  expires_at: number;
}

export interface OperatorLoginFailureTable {
  /** `login:<login>` or `ip:<address>`. */
  subject: string;
  at: number;
}

export interface OperatorLockoutTable {
  subject: string;
  until_at: number;
}

export interface OperatorAuditTable {
  id: Generated<number>;
  /** 'token' for the admin bearer token, else the operator id. */
  actor: string;
  login: string | null;
  role: string | null;
  operation_id: string;
  method: string;
  path: string;
  /** The request body as JSON with secrets, passwords and images redacted; null without one. */
  body: string | null;
  code: number;
  at: number;
  /** The client's address (request.ip: X-Forwarded-For only from PONTE_TRUSTED_PROXIES); null in rows written before migration 027. */
  client_address: string | null;
}

export interface OperatorTables {
  operators: OperatorTable;
  operator_sessions: OperatorSessionTable;
  operator_login_failures: OperatorLoginFailureTable;
  operator_lockouts: OperatorLockoutTable;
  operator_audit: OperatorAuditTable;
}

// Joins the application's Database type by declaration merging, so the platform layer never imports this module.
declare module '../../platform/db/schema.ts' {
  interface Database extends OperatorTables {}
}

/** Migration 020_operators (src/migrations.ts; never edited once released). */
export function operatorsMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('operators')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('login', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('operator_sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('operator_id', 'text', (c) => c.notNull())
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('operator_sessions_operator').on('operator_sessions').column('operator_id').execute();
      await db.schema
        .createTable('operator_login_failures')
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('operator_login_failures_subject').on('operator_login_failures').columns(['subject', 'at']).execute();
      await db.schema
        .createTable('operator_lockouts')
        .addColumn('subject', 'text', (c) => c.primaryKey())
        .addColumn('until_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('operator_audit')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('login', 'text')
        .addColumn('role', 'text')
        .addColumn('operation_id', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('body', 'text')
        .addColumn('code', 'integer', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('operator_audit_actor').on('operator_audit').columns(['actor', 'id']).execute();
    },
  };
}

/** 027_audit_client_address: each audit row records the client's address, as the lock-out counts it. */
export function auditClientAddressMigration(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('operator_audit').addColumn('client_address', 'text').execute();
    },
  };
}
