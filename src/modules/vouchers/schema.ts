/**
 * Refund vouchers (1688 AR3): pictures a buyer uploads to prove a refund claim. Owned rows; the
 * id is 32 random hex characters because the picture is served publicly by id (a seller, or the
 * operator console, opens the link without a key), so the id itself is the only secret.
 */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../../platform/db/index.ts';

export interface RefundVoucherTable {
  id: string;
  developer_id: string;
  owner_user_id: string;
  /** What `bytes` is: always image/jpeg today (every upload is re-encoded). */
  mime: string;
  bytes: Buffer;
  width: number;
  height: number;
  created_at: number;
}

export interface VoucherTables {
  refund_vouchers: RefundVoucherTable;
}

// Joins the application's Database type by declaration merging, so the platform layer never imports this module.
declare module '../../platform/db/schema.ts' {
  interface Database extends VoucherTables {}
}

/** Migration 015_refund_vouchers (src/migrations.ts; never edited once released). */
export function vouchersMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('refund_vouchers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('developer_id', 'text', (c) => c.notNull())
        .addColumn('owner_user_id', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('bytes', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('refund_vouchers_owner').on('refund_vouchers').columns(['developer_id', 'owner_user_id']).execute();
    },
  };
}
