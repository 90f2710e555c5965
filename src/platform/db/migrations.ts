import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './connect.ts';

/**
 * One set of migrations for both dialects. The few differences (auto-increment keys, bigint)
 * are decided by the dialect passed in; everything else is Kysely's portable schema builder.
 */
export type MigrationFactory = (dialect: Dialect) => Migration;

const idColumnType = (dialect: Dialect) => (dialect === 'postgres' ? 'bigserial' : 'integer');
export const bigintType = 'bigint' as const;

export const m001_foundation: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('developers')
      .addColumn('developer_id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('main_user_id', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', bigintType, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('users')
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('developer_id', 'text', (c) => c.notNull().references('developers.developer_id'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', bigintType, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('users_developer').on('users').columns(['developer_id']).execute();
    await db.schema
      .createTable('api_keys')
      .addColumn('access_key', 'text', (c) => c.primaryKey())
      .addColumn('developer_id', 'text', (c) => c.notNull().references('developers.developer_id'))
      .addColumn('secret_sealed', 'text', (c) => c.notNull())
      .addColumn('previous_secret_sealed', 'text')
      .addColumn('previous_valid_until', bigintType)
      .addColumn('require_hmac', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', bigintType, (c) => c.notNull())
      .addColumn('rotated_at', bigintType)
      .execute();
    await db.schema.createIndex('api_keys_developer').on('api_keys').columns(['developer_id']).execute();
    await db.schema
      .createTable('nonces')
      .addColumn('access_key', 'text', (c) => c.notNull())
      .addColumn('nonce', 'text', (c) => c.notNull())
      .addColumn('expires_at', bigintType, (c) => c.notNull())
      .addPrimaryKeyConstraint('nonces_pk', ['access_key', 'nonce'])
      .execute();
    await db.schema.createIndex('nonces_expiry').on('nonces').columns(['expires_at']).execute();
    await db.schema
      .createTable('rate_buckets')
      .addColumn('access_key', 'text', (c) => c.primaryKey())
      .addColumn('tokens', 'double precision', (c) => c.notNull())
      .addColumn('updated_at', bigintType, (c) => c.notNull())
      .addColumn('allowed', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('meta')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('addresses')
      .addColumn('id', idColumnType(dialect), (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('developer_id', 'text', (c) => c.notNull())
      .addColumn('owner_user_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('province', 'text', (c) => c.notNull())
      .addColumn('city', 'text', (c) => c.notNull())
      .addColumn('district', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('phone', 'text', (c) => c.notNull())
      .addColumn('created_at', bigintType, (c) => c.notNull())
      .addColumn('updated_at', bigintType, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('addresses_owner').on('addresses').columns(['developer_id', 'owner_user_id']).execute();
  },
});

export { sql };
