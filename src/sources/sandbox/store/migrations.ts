import { sql, type Kysely, type Migration } from 'kysely';
import type { Platform } from '../catalog/index.ts';
import { ftsEntry, mergeFtsSegments } from './fts.ts';

type Dialect = 'sqlite' | 'postgres';

/**
 * The narrow covering index text search joins through on SQLite (see read-sqlite.ts): every
 * column a filter or a non-relevance sort reads, so the wide product rows are not touched.
 */
export function sandboxSearchIndexMigration(dialect: 'sqlite' | 'postgres'): Migration {
  return {
    async up(db: Kysely<any>) {
      if (dialect !== 'sqlite') return;
      await db.schema
        .createIndex('sandbox_products_filter')
        .ifNotExists()
        .on('sandbox_products')
        .columns([
          'product_index',
          'platform',
          'category_id',
          'price_fen',
          'month_sold',
          'sales',
          'shop_index',
          'strictly_selected',
          'global_selection',
        ])
        .execute();
    },
  };
}

/**
 * Rebuilds SQLite's full-text table in the layout of fts.ts: rowid = relevance key, filter
 * tokens in the document, detail=none (a match is an AND of single tokens, so positions were
 * never read). The text of each document is copied as it is, so what matches does not change;
 * each product keeps its key in search_key. PostgreSQL searches its own columns: nothing to do.
 */
export function sandboxFtsLayoutMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      if (dialect !== 'sqlite') return;
      await sql`ALTER TABLE sandbox_products ADD COLUMN search_key integer`.execute(db);
      await sql`CREATE VIRTUAL TABLE sandbox_products_fts_next USING fts5(doc, detail = none, tokenize = "unicode61 remove_diacritics 0")`.execute(
        db,
      );
      for (let after: number | null = -1; after !== null; ) after = await moveToFtsLayout(db, after);
      await sql`DROP TABLE sandbox_products_fts`.execute(db);
      await sql`ALTER TABLE sandbox_products_fts_next RENAME TO sandbox_products_fts`.execute(db);
      await mergeFtsSegments(db);
    },
  };
}

interface OldFtsRow {
  product_index: number;
  doc: string;
  platform: string;
  category_id: number;
  shop_index: number;
  strictly_selected: number;
  global_selection: number;
  price_fen: number;
}

/** Moves the documents after product index `after`; returns the last one moved, null when done. */
async function moveToFtsLayout(db: Kysely<any>, after: number): Promise<number | null> {
  const { rows } = await sql<OldFtsRow>`
    SELECT f.rowid AS product_index, f.doc, p.platform, p.category_id, p.shop_index, p.strictly_selected, p.global_selection, p.price_fen
    FROM sandbox_products_fts f JOIN sandbox_products p ON p.product_index = f.rowid
    WHERE f.rowid > ${after} ORDER BY f.rowid LIMIT 500`.execute(db);
  if (rows.length === 0) return null;
  const entries = rows.map((r) => ({
    index: Number(r.product_index),
    ...ftsEntry(Number(r.product_index), r.doc, {
      platform: r.platform as Platform,
      categoryId: Number(r.category_id),
      shopIndex: Number(r.shop_index),
      strictlySelected: Number(r.strictly_selected) === 1,
      globalSelection: Number(r.global_selection) === 1,
      priceFen: Number(r.price_fen),
    }),
  }));
  await db
    .insertInto('sandbox_products_fts_next')
    .values(entries.map((e) => ({ rowid: e.key, doc: e.doc })))
    .execute();
  const keys = sql.join(entries.map((e) => sql`(${e.index}, ${e.key})`));
  await sql`UPDATE sandbox_products SET search_key = k.column2 FROM (VALUES ${keys}) AS k WHERE sandbox_products.product_index = k.column1`.execute(
    db,
  );
  return entries[entries.length - 1]!.index;
}

/**
 * The sandbox catalog tables. Full text differs by engine: SQLite gets an FTS5 table keyed by
 * rowid = product_index (laid out anew by sandboxFtsLayoutMigration), PostgreSQL a tsvector
 * column with a GIN index. Both index the same ASCII-encoded tokens (platform/search), so one
 * analyzer serves both.
 */
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
  const indexes: [string, string][] = [
    ['category', 'category_id'],
    ['price', 'price_fen'],
    ['month_sold', 'month_sold'],
  ];
  for (const [name, column] of indexes) {
    await db.schema.createIndex(`sandbox_products_${name}`).on('sandbox_products').columns(['platform', column]).execute();
  }
}
