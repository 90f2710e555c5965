import type { Kysely, Migration } from 'kysely';

/** Seller behaviour rates an operator set from the console; a rate without a row is the environment's (PONTE_SANDBOX_*_RATE). */
export interface SandboxSellerSettingTable {
  name: string;
  value: number;
  updated_at: number;
  updated_by: string;
}

declare module '../../../platform/db/schema.ts' {
  interface Database {
    sandbox_seller_settings: SandboxSellerSettingTable;
  }
}

/** 025_sandbox_settings */
export function sandboxSettingsMigration(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sandbox_seller_settings')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'double precision', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
