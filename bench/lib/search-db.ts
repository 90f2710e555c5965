/**
 * The benchmark's catalog store: a persistent SQLite file under .bench-data/ (so a second run
 * reuses the catalog), or a PostgreSQL schema per size when DATABASE_URL is set.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { connect, ensurePostgresSchema, type Db } from '../../src/platform/db/index.ts';
import { Migrator } from 'kysely';
import { allMigrations } from '../../src/migrations.ts';
import { generateCatalog } from '../../src/sources/sandbox/store/index.ts';
import { progressPrinter } from './stats.ts';

/** Keys the opaque ids only; fixed so the stored catalog stays reusable across runs. */
const BENCH_SECRET = 'ponte-bench-search-secret';
const DATA_DIR = fileURLToPath(new URL('../../.bench-data/', import.meta.url));

export interface BenchDb {
  db: Db;
  where: string;
}

export async function openBenchDb(products: number): Promise<BenchDb> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = `bench_search_${products}`;
    await ensurePostgresSchema(url, schema);
    const db = connect({ databaseUrl: url, schema, poolSize: 2 });
    await migrateBenchDb(db);
    return { db, where: `postgres schema ${schema}` };
  }
  const sqliteFile = join(DATA_DIR, `search-${products}.sqlite`);
  const db = connect({ sqliteFile, dataDir: DATA_DIR });
  await migrateBenchDb(db);
  return { db, where: `sqlite ${sqliteFile}` };
}

/**
 * Like migrateToLatest, but tolerates migrations added with a lower number after the cached
 * file was created (parallel branches do this), which Kysely's ordered mode refuses; the file
 * is a cache of generated data, so applying a late migration out of order is harmless here.
 */
async function migrateBenchDb(db: Db): Promise<void> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => allMigrations(db.dialect) },
    allowUnorderedMigrations: true,
    ...(db.schema ? { migrationTableSchema: db.schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

export interface GenerationReport {
  generated: number;
  skipped: number;
  elapsedMs: number;
  productsPerSecond: number;
}

/** Generates the missing part of the catalog (nothing when it is already complete). */
export async function ensureCatalog(db: Db, seed: number, products: number): Promise<GenerationReport> {
  const result = await generateCatalog(db, {
    seed,
    products,
    secret: BENCH_SECRET,
    onProgress: progressPrinter('generated'),
  });
  const productsPerSecond = result.generated > 0 ? result.generated / (result.ms / 1000) : 0;
  return { generated: result.generated, skipped: result.skipped, elapsedMs: result.ms, productsPerSecond };
}
