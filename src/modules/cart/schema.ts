import type { Generated, Kysely, Migration } from 'kysely';
import type { Dialect } from '../../platform/db/index.ts';

/**
 * One cart table for both marketplaces. A line is owned (developer + the user that added it), so
 * sub-accounts see only their own lines and another developer's ids are simply not found.
 * `item_id` is the product's v2 opaque id whatever id the client added it with, so the same goods
 * added by `itemMapId`, `itemId` or the v1 numeric id land on one line.
 */
export interface CartLineTable {
  id: Generated<number>;
  developer_id: string;
  owner_user_id: string;
  /** 'taobao' | '1688' */
  platform: string;
  item_id: string;
  sku_id: string;
  spec_id: string;
  quantity: number;
  /** The unit price when the line was first added; the live price is read from the source. */
  price_fen_at_add: number;
  created_at: number;
  updated_at: number;
}

export interface CartTables {
  cart_lines: CartLineTable;
}

// The cart's table joins the application's Database type by declaration merging, so the
// platform layer never imports this module.
declare module '../../platform/db/schema.ts' {
  interface Database extends CartTables {}
}

export function cartMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('cart_lines')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('developer_id', 'text', (c) => c.notNull())
        .addColumn('owner_user_id', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('sku_id', 'text', (c) => c.notNull())
        .addColumn('spec_id', 'text', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('price_fen_at_add', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      // The natural key: adding goods already in the cart raises that line's quantity (ON CONFLICT).
      await db.schema
        .createIndex('cart_lines_natural')
        .unique()
        .on('cart_lines')
        .columns(['developer_id', 'owner_user_id', 'platform', 'item_id', 'sku_id'])
        .execute();
    },
  };
}
