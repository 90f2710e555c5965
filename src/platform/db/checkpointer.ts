/**
 * WAL checkpoints for a SQLite file, on a worker thread with its own connection.
 *
 * Why: SQLite's automatic checkpoint runs inside whichever COMMIT crosses the threshold, and
 * a checkpoint fsyncs the database file. On the order path that made one COMMIT in ~20 cost
 * milliseconds with the event loop blocked (bench:orders measured commits at 1.5 ms on average
 * with it, 0.29 ms without; docs/decisions/009). A PASSIVE checkpoint never blocks writers, so
 * moving it to another thread keeps the fsync off the loop. The main connection keeps a
 * much higher automatic threshold as a backstop in case this thread stops keeping up.
 *
 * The worker is plain CommonJS evaluated from a string: it needs nothing but the driver, and
 * this way it loads the same from .ts sources and from compiled JavaScript.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export const BACKSTOP_AUTOCHECKPOINT_PAGES = 20_000;
const EVERY_MS = 200;

// The outcome of every checkpoint goes into shared memory (see CheckpointStats), so a metrics
// scrape reads it without a message to the thread or a checkpoint of its own on the main one.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const stats = new Int32Array(workerData.stats);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    Atomics.add(stats, result.busy || result.checkpointed < result.log ? 1 : 0, 1);
    Atomics.store(stats, 3, result.log);
    Atomics.store(stats, 4, result.checkpointed);
  } catch (error) { Atomics.add(stats, 2, 1); parentPort.postMessage(String(error)); }
}, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/** What the checkpoint thread has done since the database was opened. */
export interface CheckpointStats {
  complete: number;
  /** Checkpoints that could not copy every frame (a reader still needed some): PASSIVE never waits. */
  partial: number;
  errors: number;
  /** Frames in the WAL at the last checkpoint, and how many of them it copied. */
  logFrames: number;
  checkpointedFrames: number;
}

export interface Checkpointer {
  stats(): CheckpointStats;
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, onError: (message: string) => void = () => undefined): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const shared = new SharedArrayBuffer(5 * Int32Array.BYTES_PER_ELEMENT);
  const stats = new Int32Array(shared);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, everyMs: EVERY_MS, stats: shared } });
  worker.on('message', (message: string) => onError(message));
  worker.on('error', (error) => onError(String(error)));
  worker.unref();
  return {
    stats: () => ({
      complete: Atomics.load(stats, 0),
      partial: Atomics.load(stats, 1),
      errors: Atomics.load(stats, 2),
      logFrames: Atomics.load(stats, 3),
      checkpointedFrames: Atomics.load(stats, 4),
    }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (worker.threadId === -1) return resolve();
        worker.once('exit', () => resolve());
        // Unreferenced, the thread would not keep the loop alive until it has closed its connection.
        worker.ref();
        worker.postMessage('stop');
      }),
  };
}
