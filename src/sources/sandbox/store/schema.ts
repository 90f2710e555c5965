/**
 * Row types of the sandbox catalog tables, snake_case as in SQL. Money is integer fen, booleans
 * are 0/1, everything the list and search paths never filter on lives in detail_json.
 */
export interface SandboxProductTable {
  /** Position in the generator's stream: generateProduct(seed, product_index) rebuilds the row. */
  product_index: number;
  platform: string;
  numeric_id: string;
  item_id: string;
  map_id: string;
  category_id: number;
  shop_index: number;
  title_zh: string;
  titles_json: string;
  price_fen: number;
  promotion_price_fen: number | null;
  min_order_quantity: number;
  sales: number;
  month_sold: number;
  strictly_selected: number;
  global_selection: number;
  image_seed: number;
  created_day_offset: number;
  detail_json: string;
  /** PostgreSQL only: to_tsvector('simple', doc). SQLite keeps the doc in sandbox_products_fts. */
  search_doc?: string | null;
  /** SQLite only: the product's rowid in sandbox_products_fts (fts.ts), to find it on update. */
  search_key?: number | null;
}

export interface SandboxShopTable {
  platform: string;
  shop_index: number;
  json: string;
}

export interface SandboxCatalogStateTable {
  key: string;
  value: string;
}

/** SQLite FTS5 virtual table; rowid is the product_index. */
export interface SandboxProductFtsTable {
  rowid: number;
  doc: string;
}

export interface SandboxTables {
  sandbox_products: SandboxProductTable;
  sandbox_shops: SandboxShopTable;
  sandbox_catalog_state: SandboxCatalogStateTable;
  sandbox_products_fts: SandboxProductFtsTable;
  sandbox_image_vectors: import('./vectors.ts').VectorTable;
}

// The store's tables join the application's Database type by declaration merging, so the
// platform layer never imports this module.
declare module '../../../platform/db/schema.ts' {
  interface Database extends SandboxTables {}
}
