import type { Kysely, Migration } from 'kysely';

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

/** One migration made of parts that several modules own, applied in the order given. */
export function composedMigration(...parts: readonly Migration[]): Migration {
  return {
    async up(db: Kysely<any>) {
      for (const part of parts) await part.up(db);
    },
  };
}
