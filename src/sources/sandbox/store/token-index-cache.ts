/**
 * One token index per SQLite connection, built once the catalog's generation is complete and on
 * a worker thread, so a million-product build (14–18 s) never blocks the server; until it is
 * ready, and whenever the committed count has moved since, searches take the FTS5 path.
 *
 * This module is also the worker's entry (it opens the file read-only and builds there).
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type SqliteDatabase from 'better-sqlite3';
import { buildTokenIndex, columnBytes, DEFAULT_TOKEN_INDEX_OPTIONS, type TokenIndex, type TokenIndexOptions } from './token-index.ts';

const WORKER_FLAG = 'ponte-token-index-worker';

interface BuildJob {
  flag: typeof WORKER_FLAG;
  file: string;
  size: number;
  options: TokenIndexOptions;
}

function serve(job: BuildJob): void {
  const sqlite = new Database(job.file, { readonly: true, fileMustExist: true });
  try {
    const index = buildTokenIndex(sqlite, job.size, job.options);
    const buffers = [index.length, index.priceFen, index.sales, index.monthSold, ...index.bitmaps.values()].map((a) => a.buffer);
    parentPort?.postMessage(index, buffers as ArrayBuffer[]);
  } finally {
    sqlite.close();
  }
}

if (!isMainThread && (workerData as BuildJob | undefined)?.flag === WORKER_FLAG) serve(workerData as BuildJob);

interface Entry {
  index: TokenIndex | null;
  building: Promise<TokenIndex | null> | null;
  /** The committed count a build failed at: not retried until the count moves. */
  failedAt: number | null;
  state: SqliteDatabase.Statement;
  options: TokenIndexOptions;
}

const entries = new WeakMap<SqliteDatabase.Database, Entry>();

function entryOf(sqlite: SqliteDatabase.Database): Entry {
  let entry = entries.get(sqlite);
  if (!entry) {
    const state = sqlite.prepare("SELECT key, value FROM sandbox_catalog_state WHERE key IN ('generated', 'target')").raw();
    entry = { index: null, building: null, failedAt: null, state, options: DEFAULT_TOKEN_INDEX_OPTIONS };
    entries.set(sqlite, entry);
  }
  return entry;
}

/** The committed count, or null while a generation is short of its target (or none ran). */
function completeCount(entry: Entry): number | null {
  const state = new Map(entry.state.all() as Array<[string, string]>);
  const generated = Number(state.get('generated') ?? 0);
  return generated > 0 && generated >= Number(state.get('target') ?? 0) ? generated : null;
}

/** The index when it matches the catalog as committed now; otherwise null, and a build starts. */
export function currentTokenIndex(sqlite: SqliteDatabase.Database): TokenIndex | null {
  const entry = entryOf(sqlite);
  const size = completeCount(entry);
  if (size === null) return null;
  if (entry.index?.size === size) return entry.index;
  const fits = columnBytes(size) <= entry.options.maxBytes;
  if (fits && !entry.building && entry.failedAt !== size) startBuild(sqlite, entry, size);
  return null;
}

/** The options this connection's index is built with from now on (the server's memory budget). */
export function configureTokenIndex(sqlite: SqliteDatabase.Database, options: Partial<TokenIndexOptions>): void {
  const entry = entryOf(sqlite);
  entry.options = { ...entry.options, ...options };
  entry.index = null;
}

/** Waits for the index of the catalog as committed now (benchmarks, tests); null if none can be built. */
export async function tokenIndexReady(sqlite: SqliteDatabase.Database): Promise<TokenIndex | null> {
  const entry = entryOf(sqlite);
  for (;;) {
    const index = currentTokenIndex(sqlite);
    if (index || !entry.building) return index;
    await entry.building;
  }
}

function startBuild(sqlite: SqliteDatabase.Database, entry: Entry, size: number): void {
  const options = entry.options;
  const built = sqlite.memory ? Promise.resolve().then(() => buildTokenIndex(sqlite, size, options)) : onWorker(sqlite.name, size, options);
  entry.building = built.then(
    (index) => {
      if (entry.options === options) entry.index = index;
      return index;
    },
    () => {
      // The FTS5 path answers every search exactly; a failed build only loses the speed.
      entry.failedAt = size;
      return null;
    },
  );
  void entry.building.finally(() => {
    entry.building = null;
  });
}

function onWorker(file: string, size: number, options: TokenIndexOptions): Promise<TokenIndex> {
  const job: BuildJob = { flag: WORKER_FLAG, file, size, options };
  const worker = new Worker(new URL(import.meta.url), { workerData: job });
  // A process that is done must not wait for a build nobody will use.
  worker.unref();
  return new Promise((resolve, reject) => {
    worker.once('message', (index: TokenIndex) => resolve(index));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`token index worker exited with ${code}`)));
  });
}
