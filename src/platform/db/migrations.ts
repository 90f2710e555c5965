import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './connect.ts';

/**
 * The platform's own tables (replay nonces, rate buckets, meta), the middle part of migration
 * 001_foundation: src/migrations.ts composes that migration from the accounts, platform and
 * addresses parts in this order, so existing databases that recorded it see the same schema.
 */
export function platformMigration(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('nonces')
        .addColumn('access_key', 'text', (c) => c.notNull())
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('nonces_pk', ['access_key', 'nonce'])
        .execute();
      await db.schema.createIndex('nonces_expiry').on('nonces').columns(['expires_at']).execute();
      await db.schema
        .createTable('rate_buckets')
        .addColumn('access_key', 'text', (c) => c.primaryKey())
        .addColumn('tokens', 'double precision', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('allowed', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  };
}

/**
 * Migration 030: nonce claims keyed by the signed timestamp first. The old key (access_key,
 * nonce) put every claim on a random B-tree page, so a group commit of n claims wrote ~n+2 pages
 * (docs/decisions/004); under (sent_at, access_key, nonce) the claims of a batch share the
 * rightmost page. A replay carries the timestamp it was signed with, so it meets its own row.
 * The old table `nonces` stays as it was: it holds the claims made before this migration, and
 * those of nodes still running the previous release while the others upgrade (they keep
 * working). It knows their expiry, not their timestamp, so claims also look there
 * (auth/nonces.ts) until a later release drops it; the purge empties it within one window.
 */
export function signedNoncesMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      const table = db.schema
        .createTable('nonce_claims')
        .addColumn('sent_at', 'bigint', (c) => c.notNull())
        .addColumn('access_key', 'text', (c) => c.notNull())
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('nonce_claims_pk', ['sent_at', 'access_key', 'nonce']);
      // The row is its key: without a rowid, SQLite keeps one B-tree instead of a table and an index.
      await (dialect === 'sqlite' ? table.modifyEnd(sql`without rowid`) : table).execute();
    },
  };
}

/** One migration made of parts that several modules own, applied in the order given. */
export function composedMigration(...parts: readonly Migration[]): Migration {
  return {
    async up(db: Kysely<any>) {
      for (const part of parts) await part.up(db);
    },
  };
}
