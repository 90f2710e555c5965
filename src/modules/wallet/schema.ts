/**
 * The wallet's tables. `wallets.balance_fen` is a cached running total kept in step with the
 * ledger inside the same transaction; the ledger (transactions + entries) is the truth and is
 * append-only: rows are never updated, and a charge that fails writes nothing.
 */
import { sql, type Generated, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../../platform/db/index.ts';

export const TRANSACTION_KINDS = ['topup', 'order_charge', 'refund', 'adjustment', 'freight', 'storage', 'warehouse_service'] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

export interface WalletTable {
  developer_id: string;
  balance_fen: number;
  updated_at: number;
}

export interface LedgerTransactionTable {
  id: string;
  developer_id: string;
  kind: TransactionKind;
  /** The caller's natural key (order id, refund id); null for top-ups and adjustments. */
  ref: string | null;
  /** The developer-side amount, signed; kept to refuse a replay with another amount. */
  amount_fen: number;
  note: string | null;
  created_at: number;
}

export interface LedgerEntryTable {
  id: Generated<number>;
  transaction_id: string;
  /** 'developer:<id>' or one of the platform accounts. */
  account: string;
  developer_id: string;
  amount_fen: number;
  /** The developer's balance after this entry; null on the platform side. */
  balance_after_fen: number | null;
  created_at: number;
}

export interface WalletTables {
  wallets: WalletTable;
  ledger_transactions: LedgerTransactionTable;
  ledger_entries: LedgerEntryTable;
}

// The wallet's tables join the application's Database type by declaration merging, so the
// platform layer never imports this module.
declare module '../../platform/db/schema.ts' {
  interface Database extends WalletTables {}
}

export function walletMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('wallets')
        .addColumn('developer_id', 'text', (c) => c.primaryKey().references('developers.developer_id'))
        // The CHECK is the last line of defence: the guarded UPDATE already refuses overdrafts.
        .addColumn('balance_fen', 'bigint', (c) => c.notNull().check(sql`balance_fen >= 0`))
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('ledger_transactions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('developer_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('ref', 'text')
        .addColumn('amount_fen', 'bigint', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      // NULLs are distinct in unique indexes on both engines, so rows without a ref never collide;
      // a plain (not partial) index keeps `ON CONFLICT (developer_id, kind, ref)` simple.
      await db.schema
        .createIndex('ledger_transactions_ref')
        .unique()
        .on('ledger_transactions')
        .columns(['developer_id', 'kind', 'ref'])
        .execute();
      await db.schema
        .createIndex('ledger_transactions_developer')
        .on('ledger_transactions')
        .columns(['developer_id', 'created_at'])
        .execute();
      await db.schema
        .createTable('ledger_entries')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('transaction_id', 'text', (c) => c.notNull().references('ledger_transactions.id'))
        .addColumn('account', 'text', (c) => c.notNull())
        .addColumn('developer_id', 'text', (c) => c.notNull())
        .addColumn('amount_fen', 'bigint', (c) => c.notNull())
        .addColumn('balance_after_fen', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ledger_entries_account').on('ledger_entries').columns(['developer_id', 'account', 'id']).execute();
      await db.schema.createIndex('ledger_entries_transaction').on('ledger_entries').columns(['transaction_id']).execute();
    },
  };
}
