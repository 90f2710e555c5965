import { sql, type Kysely } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import type { Db } from '../../../platform/db/index.ts';
import { sha256Hex } from '../../../platform/crypto.ts';
import { generateProduct, generateShop, shopCount, type Platform } from '../catalog/index.ts';
import { ftsEntry, mergeFtsSegments } from './fts.ts';
import { PRODUCT_COLUMNS, searchDocument, toInsert, type ProductInsert } from './rows.ts';
import { insertVectors, sqliteVectorInserter, type ImageVectorRow } from './vectors.ts';
import type { ProductRecord } from '../catalog/index.ts';

export interface GenerateOptions {
  seed: number;
  products: number;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** Keys the opaque item/map ids; must stay the same for the life of the catalog. */
  secret: string;
  /** Image descriptors per product (one per colour variant), written in the batch's transaction. */
  describe?: (records: ProductRecord[], signal?: AbortSignal) => Promise<Float32Array[][]>;
  /** Stops between batches (a shutting-down server); every committed batch stays, the next run resumes. */
  signal?: AbortSignal;
}

export interface GenerateResult {
  generated: number;
  skipped: number;
  ms: number;
}

interface Batch {
  records: ProductRecord[];
  rows: ProductInsert[];
  docs: string[];
  vectors: ImageVectorRow[];
  from: number;
  to: number;
}
type BatchWriter = (batch: Batch) => Promise<void>;

const PLATFORMS: readonly Platform[] = ['taobao', '1688'];
/** PostgreSQL allows 65535 bind parameters per statement; 500 rows × 20 columns stays far below. */
const PG_ROWS_PER_INSERT = 500;

/**
 * Streams generateProduct(seed, i) into the store, one transaction per batch that also advances
 * the committed count, so a crash loses at most one batch and the next run resumes from the count.
 * The next batch is generated and its descriptors started on the workers before this one is
 * written, so the main thread and the describe workers work at the same time.
 */
export async function generateCatalog(db: Db, options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const { seed, products, secret } = options;
  const batchSize = options.batchSize ?? 5000;
  if (!Number.isSafeInteger(products) || products < 0) throw new RangeError(`products must be a count, got ${products}`);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be positive, got ${batchSize}`);
  const kysely = db.kysely as unknown as Kysely<any>;
  const committed = await prepareState(kysely, seed, secret, products);
  const write = db.dialect === 'sqlite' && db.sqlite ? sqliteWriter(db.sqlite) : postgresWriter(kysely);
  const prepare = (from: number) => prepareBatch(options, from, Math.min(products, from + batchSize));
  let next = committed < products ? prepare(committed) : null;
  while (next) {
    options.signal?.throwIfAborted();
    const current = next;
    next = current.to < products ? prepare(current.to) : null;
    await write(await current.batch);
    options.onProgress?.(current.to, products);
  }
  // Without statistics after a bulk load the planner scans by platform and rechecks every tsvector.
  if (db.dialect === 'postgres' && products > committed) await sql`ANALYZE sandbox_products`.execute(kysely);
  if (db.dialect === 'sqlite' && products > committed) await mergeFtsSegments(kysely);
  return {
    generated: Math.max(0, products - committed),
    skipped: Math.min(committed, products),
    ms: Math.round(performance.now() - started),
  };
}

/** A batch whose rows are ready and whose descriptors may still be computing. */
function prepareBatch(options: GenerateOptions, from: number, to: number): { to: number; batch: Promise<Batch> } {
  const records: ProductRecord[] = [];
  for (let index = from; index < to; index++) records.push(generateProduct(options.seed, index));
  const described = options.describe ? options.describe(records, options.signal) : Promise.resolve([]);
  // Rejections surface when the batch is awaited; an abandoned one (abort) must not crash the process.
  described.catch(() => {});
  const rows = records.map((record) => toInsert(record, options.secret));
  const docs = records.map((record) => searchDocument(record));
  const batch = described.then((perProduct) => {
    const vectors = perProduct.flatMap((perColor, i) =>
      perColor.map((vector, colorIndex) => ({ productIndex: records[i]!.index, colorIndex, vector })),
    );
    return { records, rows, docs, vectors, from, to };
  });
  batch.catch(() => {});
  return { to, batch };
}

/**
 * First run: records seed and secret fingerprint and fills the fixed shop pools. Later runs:
 * refuses another seed or secret, since mixing them would leave two catalogs in one table.
 * Returns the committed product count.
 */
async function prepareState(db: Kysely<any>, seed: number, secret: string, target: number): Promise<number> {
  const fingerprint = sha256Hex(`sandbox-catalog:${secret}`).slice(0, 16);
  const state = await readState(db);
  if (state.size === 0) {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sandbox_catalog_state')
        .values([
          { key: 'seed', value: String(seed) },
          { key: 'secret_fingerprint', value: fingerprint },
          { key: 'generated', value: '0' },
          { key: 'target', value: String(target) },
        ])
        .execute();
      await insertShops(trx, seed);
    });
    return 0;
  }
  if (state.get('seed') !== String(seed)) {
    throw new Error(
      `sandbox catalog was generated with seed ${state.get('seed')}, refusing seed ${seed}; drop the catalog tables to regenerate`,
    );
  }
  if (state.get('secret_fingerprint') !== fingerprint) {
    throw new Error('sandbox catalog was generated with another id secret; its item ids would change, refusing');
  }
  await db
    .updateTable('sandbox_catalog_state')
    .set({ value: String(target) })
    .where('key', '=', 'target')
    .execute();
  return Number(state.get('generated') ?? 0);
}

async function readState(db: Kysely<any>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('sandbox_catalog_state').select(['key', 'value']).execute();
  return new Map(rows.map((row) => [String(row.key), String(row.value)]));
}

async function insertShops(db: Kysely<any>, seed: number): Promise<void> {
  for (const platform of PLATFORMS) {
    const shops = Array.from({ length: shopCount(platform) }, (_, shopIndex) => ({
      platform,
      shop_index: shopIndex,
      json: JSON.stringify(generateShop(seed, platform, shopIndex)),
    }));
    for (let i = 0; i < shops.length; i += PG_ROWS_PER_INSERT) {
      await db
        .insertInto('sandbox_shops')
        .values(shops.slice(i, i + PG_ROWS_PER_INSERT))
        .execute();
    }
  }
}

function lostRace(from: number): Error {
  return new Error(`sandbox catalog count moved from ${from} during generation; is another generator running?`);
}

/** Raw prepared statements: Kysely's per-row overhead would dominate a million-row load. */
function sqliteWriter(sqlite: SqliteDatabase.Database): BatchWriter {
  const placeholders = PRODUCT_COLUMNS.map(() => '?').join(', ');
  const product = sqlite.prepare(`INSERT INTO sandbox_products (${PRODUCT_COLUMNS.join(', ')}, search_key) VALUES (${placeholders}, ?)`);
  const fts = sqlite.prepare('INSERT INTO sandbox_products_fts (rowid, doc) VALUES (?, ?)');
  const vectors = sqliteVectorInserter(sqlite);
  const advance = sqlite.prepare("UPDATE sandbox_catalog_state SET value = ? WHERE key = 'generated' AND value = ?");
  const run = sqlite.transaction((batch: Batch) => {
    if (advance.run(String(batch.to), String(batch.from)).changes !== 1) throw lostRace(batch.from);
    batch.rows.forEach((row, i) => {
      const entry = ftsEntry(row.product_index, batch.docs[i]!, batch.records[i]!);
      product.run(...PRODUCT_COLUMNS.map((column) => row[column]), entry.key);
      fts.run(entry.key, entry.doc);
    });
    vectors(batch.vectors);
  });
  return async (batch) => {
    run(batch);
  };
}

function postgresWriter(db: Kysely<any>): BatchWriter {
  return async (batch) => {
    await db.transaction().execute(async (trx) => {
      const moved = await trx
        .updateTable('sandbox_catalog_state')
        .set({ value: String(batch.to) })
        .where('key', '=', 'generated')
        .where('value', '=', String(batch.from))
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) throw lostRace(batch.from);
      for (let i = 0; i < batch.rows.length; i += PG_ROWS_PER_INSERT) {
        const values = batch.rows.slice(i, i + PG_ROWS_PER_INSERT).map((row, j) => ({
          ...row,
          search_doc: sql`to_tsvector('simple', ${batch.docs[i + j]})`,
        }));
        await trx.insertInto('sandbox_products').values(values).execute();
      }
      await insertVectors(trx, batch.vectors);
    });
  };
}

export interface CatalogState {
  seed: number;
  generated: number;
  target: number;
}

/** The catalog's recorded seed and progress, or null before the first generation. */
export async function readCatalogState(db: Db): Promise<CatalogState | null> {
  const state = await readState(db.kysely as unknown as Kysely<any>);
  if (state.size === 0) return null;
  return { seed: Number(state.get('seed')), generated: Number(state.get('generated') ?? 0), target: Number(state.get('target') ?? 0) };
}
