/**
 * Image descriptors, stored when a product is generated or imported (never lazily: search must
 * not depend on a render cache). Each vector is int8-quantised (a 188-dim L2-normalised float
 * vector → 188 bytes): a quarter of float32's size at a million products, with recall unchanged
 * in the benchmarks. `vector_id` only grows, so a live index loads new rows by id.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import type { Db, Dialect } from '../../../platform/db/index.ts';

export interface ImageVectorRow {
  productIndex: number;
  colorIndex: number;
  vector: Float32Array;
}

export function quantize(vector: Float32Array): Buffer {
  const bytes = Buffer.alloc(vector.length);
  for (let i = 0; i < vector.length; i++) bytes.writeInt8(Math.max(-127, Math.min(127, Math.round(vector[i]! * 127))), i);
  return bytes;
}

export function dequantize(bytes: Uint8Array): Float32Array {
  const view = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vector = new Float32Array(view.length);
  for (let i = 0; i < view.length; i++) vector[i] = view[i]! / 127;
  return vector;
}

export function imageVectorsMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sandbox_image_vectors')
        .addColumn('vector_id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('product_index', 'integer', (c) => c.notNull())
        .addColumn('color_index', 'integer', (c) => c.notNull())
        .addColumn('vector', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('sandbox_image_vectors_product')
        .on('sandbox_image_vectors')
        .columns(['product_index', 'color_index'])
        .unique()
        .execute();
    },
  };
}

export interface VectorTable {
  vector_id: number;
  product_index: number;
  color_index: number;
  vector: Buffer;
}

/** Inserts vectors inside an already-open SQLite transaction (prepared once per writer). */
export function sqliteVectorInserter(sqlite: SqliteDatabase.Database): (rows: ImageVectorRow[]) => void {
  const insert = sqlite.prepare('INSERT OR REPLACE INTO sandbox_image_vectors (product_index, color_index, vector) VALUES (?, ?, ?)');
  return (rows) => {
    for (const row of rows) insert.run(row.productIndex, row.colorIndex, quantize(row.vector));
  };
}

export async function insertVectors(db: Kysely<any>, rows: ImageVectorRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const values = rows
      .slice(i, i + 1000)
      .map((r) => ({ product_index: r.productIndex, color_index: r.colorIndex, vector: quantize(r.vector) }));
    await db
      .insertInto('sandbox_image_vectors')
      .values(values)
      .onConflict((oc) => oc.columns(['product_index', 'color_index']).doUpdateSet({ vector: sql`excluded.vector` }))
      .execute();
  }
}

/** Streams vectors with vector_id > afterId in id order, a page at a time. */
export async function* readVectorsAfter(
  db: Db,
  afterId: number,
  pageSize = 20_000,
): AsyncGenerator<{ lastId: number; rows: ImageVectorRow[] }> {
  const kysely = db.kysely as unknown as Kysely<any>;
  let last = afterId;
  for (;;) {
    const rows = await kysely
      .selectFrom('sandbox_image_vectors')
      .select(['vector_id', 'product_index', 'color_index', 'vector'])
      .where('vector_id', '>', last)
      .orderBy('vector_id')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    last = Number(rows[rows.length - 1]!.vector_id);
    yield {
      lastId: last,
      rows: rows.map((r) => ({
        productIndex: Number(r.product_index),
        colorIndex: Number(r.color_index),
        vector: dequantize(r.vector as Uint8Array),
      })),
    };
  }
}
