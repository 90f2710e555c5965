import { sql, type Kysely, type Migration } from 'kysely';

type Dialect = 'sqlite' | 'postgres';

/**
 * The sandbox catalog tables. Full text differs by engine: SQLite gets an FTS5 table keyed by
 * rowid = product_index, PostgreSQL a tsvector column with a GIN index. Both index the same
 * ASCII-encoded tokens (platform/search), so one analyzer serves both.
 */
/**
 * The narrow covering index text search joins through on SQLite (see read-sqlite.ts): every
 * column a filter or a non-relevance sort reads, so the wide product rows are not touched.
 */
export function sandboxSearchIndexMigration(dialect: 'sqlite' | 'postgres'): Migration {
  return {
    async up(db: Kysely<any>) {
      if (dialect !== 'sqlite') return;
      await db.schema.createIndex('sandbox_products_filter').ifNotExists().on('sandbox_products')
        .columns(['product_index', 'platform', 'category_id', 'price_fen', 'month_sold', 'sales', 'shop_index', 'strictly_selected', 'global_selection']).execute();
    },
  };
}

export function sandboxCatalogMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await createProducts(db, dialect);
      await db.schema
        .createTable('sandbox_shops')
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('shop_index', 'integer', (c) => c.notNull())
        .addColumn('json', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('sandbox_shops_pk', ['platform', 'shop_index'])
        .execute();
      await db.schema
        .createTable('sandbox_catalog_state')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      if (dialect === 'sqlite') {
        await sql`CREATE VIRTUAL TABLE sandbox_products_fts USING fts5(doc, tokenize = "unicode61 remove_diacritics 0")`.execute(db);
      } else {
        await sql`CREATE INDEX sandbox_products_search ON sandbox_products USING GIN (search_doc)`.execute(db);
      }
    },
  };
}

async function createProducts(db: Kysely<any>, dialect: Dialect): Promise<void> {
  let table = db.schema
    .createTable('sandbox_products')
    .addColumn('product_index', 'integer', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('numeric_id', 'text', (c) => c.notNull().unique())
    .addColumn('item_id', 'text', (c) => c.notNull().unique())
    .addColumn('map_id', 'text', (c) => c.notNull().unique())
    .addColumn('category_id', 'integer', (c) => c.notNull())
    .addColumn('shop_index', 'integer', (c) => c.notNull())
    .addColumn('title_zh', 'text', (c) => c.notNull())
    .addColumn('titles_json', 'text', (c) => c.notNull())
    .addColumn('price_fen', 'bigint', (c) => c.notNull())
    .addColumn('promotion_price_fen', 'bigint')
    .addColumn('min_order_quantity', 'integer', (c) => c.notNull())
    .addColumn('sales', 'integer', (c) => c.notNull())
    .addColumn('month_sold', 'integer', (c) => c.notNull())
    .addColumn('strictly_selected', 'integer', (c) => c.notNull())
    .addColumn('global_selection', 'integer', (c) => c.notNull())
    .addColumn('image_seed', 'bigint', (c) => c.notNull())
    .addColumn('created_day_offset', 'integer', (c) => c.notNull())
    .addColumn('detail_json', 'text', (c) => c.notNull());
  if (dialect === 'postgres') table = table.addColumn('search_doc', sql`tsvector`);
  await table.execute();
  const indexes: [string, string][] = [['category', 'category_id'], ['price', 'price_fen'], ['month_sold', 'month_sold']];
  for (const [name, column] of indexes) {
    await db.schema.createIndex(`sandbox_products_${name}`).on('sandbox_products').columns(['platform', column]).execute();
  }
}
