/**
 * Freight tables: rate cards and FX snapshots (operator data, loaded without a deploy, one of
 * each active) and W2's stored quotes (owned rows, read back by the booking within their lifetime).
 */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../../platform/db/index.ts';

export interface RateCardTable {
  version: string;
  card_json: string;
  /** 1 for the card in use, else 0; loading a card makes it the only active one. */
  active: number;
  loaded_at: number;
}

export interface FxSnapshotTable {
  as_of: string;
  snapshot_json: string;
  active: number;
  loaded_at: number;
}

export interface FreightRenderTable {
  id: string;
  developer_id: string;
  owner_user_id: string;
  card_version: string;
  /** The request's lines and the answer, as JSON: what a booking (W4) will honour. */
  quote_json: string;
  created_at: number;
  expires_at: number;
}

export interface FreightTables {
  freight_rate_cards: RateCardTable;
  freight_fx_snapshots: FxSnapshotTable;
  freight_renders: FreightRenderTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends FreightTables {}
}

/** Migration 016_freight (src/migrations.ts; never edited once released). */
export function freightMigration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('freight_rate_cards')
        .addColumn('version', 'text', (c) => c.primaryKey())
        .addColumn('card_json', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('loaded_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('freight_fx_snapshots')
        .addColumn('as_of', 'text', (c) => c.primaryKey())
        .addColumn('snapshot_json', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('loaded_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('freight_renders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('developer_id', 'text', (c) => c.notNull())
        .addColumn('owner_user_id', 'text', (c) => c.notNull())
        .addColumn('card_version', 'text', (c) => c.notNull())
        .addColumn('quote_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('freight_renders_owner').on('freight_renders').columns(['developer_id', 'owner_user_id']).execute();
    },
  };
}
