import { sql, type Kysely, type Migration } from 'kysely';
import type { Platform } from '../catalog/index.ts';
import { ftsEntry, mergeFtsSegments } from './fts.ts';
import { WALK_INDEXES } from './read-walk.ts';

type Dialect = 'sqlite' | 'postgres';

/** encodeFtsToken writes 'z' only before 'z', 'n' or a digit, so these are the facet tokens. */
const FACET_TOKEN = /^z[a-mo-y]/;

/**
 * SQLite: the sorted walks' indexes (read-walk.ts), and every full-text document rewritten with
 * its price-bucket tokens (price-tokens.ts). The text part of each document is kept as it is and
 * the facet tokens are written anew, so the rowids (document length) do not change and running
 * it over documents that already carry price tokens changes nothing. PostgreSQL searches its own
 * columns: nothing to do.
 */
export function sandboxPriceSearchMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      if (dialect !== 'sqlite') return;
      for (const { name, columns } of Object.values(WALK_INDEXES)) {
        await sql`CREATE INDEX IF NOT EXISTS ${sql.id(name)} ON sandbox_products (${sql.raw(columns.join(', '))})`.execute(db);
      }
      let moved = 0;
      for (let after: number | null = -1; after !== null; ) [after, moved] = await rewriteDocuments(db, after, moved);
      if (moved > 0) await mergeFtsSegments(db);
    },
  };
}

interface DocumentRow {
  product_index: number;
  search_key: number;
  doc: string;
  platform: string;
  category_id: number;
  shop_index: number;
  strictly_selected: number;
  global_selection: number;
  price_fen: number;
}

/** Rewrites the documents of products after `after`; returns the last index done (null at the end). */
async function rewriteDocuments(db: Kysely<any>, after: number, moved: number): Promise<[number | null, number]> {
  const { rows } = await sql<DocumentRow>`
    SELECT p.product_index, p.search_key, f.doc, p.platform, p.category_id, p.shop_index,
      p.strictly_selected, p.global_selection, p.price_fen
    FROM sandbox_products p JOIN sandbox_products_fts f ON f.rowid = p.search_key
    WHERE p.product_index > ${after} ORDER BY p.product_index LIMIT 2000`.execute(db);
  const last = rows[rows.length - 1];
  if (!last) return [null, moved];
  for (const r of rows) {
    const text = r.doc
      .split(' ')
      .filter((t) => t !== '' && !FACET_TOKEN.test(t))
      .join(' ');
    const entry = ftsEntry(Number(r.product_index), text, {
      platform: r.platform as Platform,
      categoryId: Number(r.category_id),
      shopIndex: Number(r.shop_index),
      strictlySelected: Number(r.strictly_selected) === 1,
      globalSelection: Number(r.global_selection) === 1,
      priceFen: Number(r.price_fen),
    });
    if (entry.doc === r.doc) continue;
    await sql`UPDATE sandbox_products_fts SET doc = ${entry.doc} WHERE rowid = ${r.search_key}`.execute(db);
    moved++;
  }
  return [Number(last.product_index), moved];
}
