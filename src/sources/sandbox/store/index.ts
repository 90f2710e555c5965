/** The sandbox catalog store: generated products and shops in SQL, with full-text search. Only door. */
export type { SandboxTables, SandboxProductTable, SandboxShopTable, SandboxCatalogStateTable, SandboxProductFtsTable } from './schema.ts';
export { sandboxCatalogMigration, sandboxFtsLayoutMigration, sandboxSearchIndexMigration } from './migrations.ts';
export { sandboxPriceSearchMigration } from './price-search-migration.ts';
export { generateCatalog, readCatalogState, type CatalogState, type GenerateOptions, type GenerateResult } from './generate.ts';
export {
  getProductByItemId,
  getProductByNumericId,
  getProductsByIndexes,
  searchProducts,
  type ProductSort,
  type SearchOptions,
  type SearchResult,
} from './read.ts';
export { opaqueId, type ProductRow } from './rows.ts';
export { imageVectorsMigration, readVectorsAfter, quantize, dequantize, type ImageVectorRow, type VectorTable } from './vectors.ts';
export { configureTokenIndex, tokenIndexReady } from './token-index-cache.ts';
export { DEFAULT_TOKEN_INDEX_OPTIONS, type TokenIndex, type TokenIndexOptions } from './token-index.ts';
