import type { Generated, Kysely, Migration } from 'kysely';
import type { Dialect } from '../../platform/db/index.ts';

/** A developer's users' shipping addresses; owned rows (developer and owning user). */
export interface AddressTable {
  id: Generated<number>;
  developer_id: string;
  owner_user_id: string;
  name: string;
  province: string;
  city: string;
  district: string;
  address: string;
  phone: string;
  created_at: number;
  updated_at: number;
}

export interface AddressTables {
  addresses: AddressTable;
}

// Joins the application's Database type by declaration merging, so the platform layer never imports this module.
declare module '../../platform/db/schema.ts' {
  interface Database extends AddressTables {}
}

/** The last part of migration 001_foundation (src/migrations.ts composes it; never edited once released). */
export function addressesMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('addresses')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('developer_id', 'text', (c) => c.notNull())
        .addColumn('owner_user_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('province', 'text', (c) => c.notNull())
        .addColumn('city', 'text', (c) => c.notNull())
        .addColumn('district', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('addresses_owner').on('addresses').columns(['developer_id', 'owner_user_id']).execute();
    },
  };
}
