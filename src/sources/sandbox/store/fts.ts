/**
 * The layout of SQLite's full-text table (since migration 010; the reasons and measurements are
 * in docs/decisions/008-keyword-search-speed.md).
 *
 * Filters by equality are tokens of the document (platform, the category and its ancestors,
 * shop, curated flags), so a match is counted and paged inside FTS5 without visiting products;
 * so are price buckets (price-tokens.ts), so a price range is counted there too.
 *
 * The rowid is the relevance order. A document holds each token once, so FTS5's bm25 differs
 * between hits only by document length: shorter documents rank first, equal lengths fall to best
 * sellers. rowid = length × 2^40 + product_index keeps that order, so the best k hits are the
 * first k rowids of the match instead of a score computed for every hit.
 */
import { sql, type Kysely } from 'kysely';
import { facetToken, toFtsMatchQuery } from '../../../platform/search/index.ts';
import { categoryById, type ProductRecord } from '../catalog/index.ts';
import { priceTokens } from './price-tokens.ts';
import type { SearchOptions } from './read.ts';

const INDEX_BITS = 40;
const INDEX_LIMIT = 2 ** INDEX_BITS;
/** Keeps every key below 2^53, a safe JavaScript integer; longer documents rank as this long. */
const MAX_LENGTH = 2 ** (53 - INDEX_BITS) - 1;

/** SQL for the product_index inside the FTS rowid. */
export const KEY_INDEX_SQL = `(sandbox_products_fts.rowid & ${INDEX_LIMIT - 1})`;

/** The document length and the product_index inside a key. */
export const keyLength = (key: number): number => Math.floor(key / INDEX_LIMIT);
export const keyIndex = (key: number): number => key % INDEX_LIMIT;

/** The FTS row of a product: rowid and document (text tokens, then facet tokens). */
interface FtsEntry {
  key: number;
  doc: string;
}

type Facets = Pick<ProductRecord, 'platform' | 'categoryId' | 'shopIndex' | 'strictlySelected' | 'globalSelection' | 'priceFen'>;

const FLAG_TOKENS = { strictlySelected: facetToken('f', 'strict'), globalSelection: facetToken('f', 'global') } as const;

/** textDoc is the encoded text document (rows.ts searchDocument), one token per space. */
export function ftsEntry(productIndex: number, textDoc: string, facets: Facets): FtsEntry {
  if (!Number.isSafeInteger(productIndex) || productIndex < 0 || productIndex >= INDEX_LIMIT) {
    throw new RangeError(`product_index ${productIndex} does not fit the full-text key`);
  }
  const length = Math.min(MAX_LENGTH, textDoc === '' ? 0 : textDoc.split(' ').length);
  const tokens = [
    facetToken('p', facets.platform),
    ...categoryLine(facets.categoryId).map((id) => facetToken('c', id)),
    facetToken('s', facets.shopIndex),
    ...priceTokens(facets.priceFen),
  ];
  if (facets.strictlySelected) tokens.push(FLAG_TOKENS.strictlySelected);
  if (facets.globalSelection) tokens.push(FLAG_TOKENS.globalSelection);
  return { key: length * INDEX_LIMIT + productIndex, doc: [textDoc, ...tokens].join(' ') };
}

/** The category and every ancestor, so a parent's token finds the products of all its leaves. */
function categoryLine(categoryId: number): number[] {
  const line = [categoryId];
  for (let node = categoryById(categoryId); node?.parentId != null; node = categoryById(node.parentId)) line.push(node.parentId);
  return line;
}

/** The MATCH expression for the query's tokens and every equality filter of the search. */
export function ftsMatch(tokens: readonly string[], options: SearchOptions): string {
  const facets = [facetToken('p', options.platform)];
  if (options.categoryId !== undefined) facets.push(facetToken('c', options.categoryId));
  if (options.shopIndex !== undefined) facets.push(facetToken('s', options.shopIndex));
  if (options.flag) facets.push(FLAG_TOKENS[options.flag]);
  return toFtsMatchQuery(tokens, facets);
}

/**
 * Merges the index into one segment. Every committed batch of inserts leaves a segment, and a
 * query reads each token's doclist once per segment: 10–20% of a query's time at 30k products.
 */
export async function mergeFtsSegments(db: Kysely<any>): Promise<void> {
  await sql`INSERT INTO sandbox_products_fts (sandbox_products_fts) VALUES ('optimize')`.execute(db);
}
