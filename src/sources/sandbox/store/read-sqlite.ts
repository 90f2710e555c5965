import type SqliteDatabase from 'better-sqlite3';
import { toFtsMatchQuery } from '../../../platform/search/index.ts';
import type { Lang } from '../catalog/index.ts';
import type { ProductSort, SearchOptions } from './read.ts';

/**
 * Text search on SQLite, as raw prepared SQL because it needs what the query builder cannot say.
 * The product rows are wide (SKUs live in JSON, in overflow pages), so joining full-text hits to
 * them cost ~4 µs a hit: 374 ms for a word in every other title at 100k products. The join goes
 * through the narrow covering index `sandbox_products_filter` instead (`INDEXED BY`; CROSS JOIN so
 * the hits drive it), which measured 51 ms for the same count. Relevance ranks by bm25 on that
 * index, and only the best RERANK_WINDOW candidates are re-ordered so titles in the requested
 * language come first; pages past the window continue in bm25 order, so paging stays exact.
 */
export const RERANK_WINDOW = 500;

const FROM = 'FROM sandbox_products_fts CROSS JOIN sandbox_products p INDEXED BY sandbox_products_filter WHERE p.product_index = sandbox_products_fts.rowid AND sandbox_products_fts MATCH ?';

function filters(options: SearchOptions, leaves: number[] | undefined): { sql: string; params: unknown[] } {
  const parts: string[] = ['p.platform = ?'];
  const params: unknown[] = [options.platform];
  if (leaves) {
    parts.push(`p.category_id IN (${leaves.map(() => '?').join(', ')})`);
    params.push(...leaves);
  }
  const add = (clause: string, value: unknown) => {
    parts.push(clause);
    params.push(value);
  };
  if (options.priceStartFen !== undefined) add('p.price_fen >= ?', options.priceStartFen);
  if (options.priceEndFen !== undefined) add('p.price_fen <= ?', options.priceEndFen);
  if (options.shopIndex !== undefined) add('p.shop_index = ?', options.shopIndex);
  if (options.flag === 'strictlySelected') parts.push('p.strictly_selected = 1');
  if (options.flag === 'globalSelection') parts.push('p.global_selection = 1');
  if (options.excludeIndexes?.length) {
    parts.push(`p.product_index NOT IN (${options.excludeIndexes.map(() => '?').join(', ')})`);
    params.push(...options.excludeIndexes);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

const ORDER: Record<Exclude<ProductSort, 'relevance'>, string> = {
  price_asc: 'p.price_fen ASC, p.product_index',
  price_desc: 'p.price_fen DESC, p.product_index',
  sales_desc: 'p.month_sold DESC, p.sales DESC, p.product_index',
};

export interface IndexPage {
  total: number;
  indexes: number[];
}

/** The exact total and one page of product indexes, best first. */
export function sqliteTextSearch(sqlite: SqliteDatabase.Database, options: SearchOptions, tokens: string[], leaves: number[] | undefined): IndexPage {
  const match = toFtsMatchQuery(tokens);
  const where = filters(options, leaves);
  const all = (sql: string, ...params: unknown[]) => sqlite.prepare(sql).all(match, ...where.params, ...params) as Array<Record<string, number>>;
  const total = Number(all(`SELECT count(*) AS n ${FROM}${where.sql}`)[0]?.n ?? 0);
  const offset = (options.page - 1) * options.pageSize;
  if (total === 0 || offset >= total) return { total, indexes: [] };
  const sort = options.sort ?? 'relevance';
  if (sort !== 'relevance') {
    return { total, indexes: all(`SELECT p.product_index AS i ${FROM}${where.sql} ORDER BY ${ORDER[sort]} LIMIT ? OFFSET ?`, options.pageSize, offset).map((r) => r.i!) };
  }
  const byScore = `SELECT p.product_index AS i, bm25(sandbox_products_fts) AS score, p.sales AS sales ${FROM}${where.sql} ORDER BY score, p.sales DESC, p.product_index`;
  const indexes: number[] = [];
  if (offset < RERANK_WINDOW) {
    const title = titleColumn(options.language ?? 'zh');
    const window = all(
      `SELECT t.i AS i FROM (${byScore} LIMIT ${RERANK_WINDOW}) t JOIN sandbox_products q ON q.product_index = t.i
       ORDER BY (CASE WHEN instr(lower(${title}), ?) > 0 THEN 0 ELSE 1 END), t.score, t.sales DESC, t.i LIMIT ? OFFSET ?`,
      (options.query ?? '').trim().toLowerCase(), Math.min(options.pageSize, RERANK_WINDOW - offset), offset,
    );
    indexes.push(...window.map((r) => r.i!));
  }
  const rest = offset + options.pageSize - Math.max(offset, RERANK_WINDOW);
  if (rest > 0) indexes.push(...all(`${byScore} LIMIT ? OFFSET ?`, rest, Math.max(offset, RERANK_WINDOW)).map((r) => r.i!));
  return { total, indexes };
}

function titleColumn(language: Lang): string {
  return language === 'zh' ? 'q.title_zh' : `json_extract(q.titles_json, '$.${language}')`;
}
