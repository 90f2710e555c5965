/**
 * Index-time descriptors on worker threads, for catalogs where one core is too slow
 * (1M products × ~1.3 ms ≈ 22 core-minutes).
 *
 * This module is also the worker entry, so it must import nothing that cannot load in a
 * worker thread: usearch's native addon hangs when required from a worker (observed with
 * usearch 2.25.3 on Node 20), hence no import of image-index.ts here.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { DESCRIPTOR_DIM } from '../../../platform/images/index.ts';
import { descriptorsFromRender, INDEX_VIEWS } from './describe.ts';
import type { Rgb } from './scene.ts';

export interface DescribeJob {
  imageSeed: number;
  rgb: Rgb;
}

interface Batch {
  id: number;
  seeds: Uint32Array;
  rgbs: Uint8Array;
}

const WORKER_FLAG = 'ponte-image-describe-worker';

/** Worker side: one flat matrix per batch, (jobs × views) rows of DESCRIPTOR_DIM. */
function serve(): void {
  parentPort?.on('message', (b: Batch) => {
    const views = INDEX_VIEWS.length;
    const out = new Float32Array(b.seeds.length * views * DESCRIPTOR_DIM);
    for (let i = 0; i < b.seeds.length; i++) {
      const rgb: Rgb = [b.rgbs[i * 3] as number, b.rgbs[i * 3 + 1] as number, b.rgbs[i * 3 + 2] as number];
      for (const [j, v] of descriptorsFromRender(b.seeds[i] as number, rgb).entries()) out.set(v, (i * views + j) * DESCRIPTOR_DIM);
    }
    parentPort?.postMessage({ id: b.id, out }, [out.buffer as ArrayBuffer]);
  });
}

if (!isMainThread && workerData === WORKER_FLAG) serve();

function spawn(): Worker {
  return new Worker(new URL(import.meta.url), { workerData: WORKER_FLAG });
}

export interface DescribeManyOptions {
  workers?: number;
  batchSize?: number;
  /** Called with (done, total) after every batch. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting terminates the workers at once and rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

interface Waiting {
  resolve: (out: Float32Array) => void;
  reject: (error: unknown) => void;
}

/**
 * Long-lived describe workers. Catalog generation describes one batch while it writes the one
 * before; starting two workers per batch cost more than describing a small batch did.
 */
export class DescribePool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  /** A worker that failed is gone; later calls fail at once instead of waiting on it. */
  private failed: unknown = null;

  constructor(workers = 2) {
    this.workers = Array.from({ length: Math.max(1, workers) }, () => {
      const w = spawn();
      w.on('message', ({ id, out }: { id: number; out: Float32Array }) => {
        this.waiting.get(id)?.resolve(out);
        this.waiting.delete(id);
      });
      w.on('error', (error) => {
        this.failed = error;
        for (const waiting of this.waiting.values()) waiting.reject(error);
        this.waiting.clear();
      });
      return w;
    });
  }

  /** result[i] holds INDEX_VIEWS.length vectors for jobs[i]; chunks go round the workers. */
  async describe(jobs: readonly DescribeJob[], opts: DescribeManyOptions = {}): Promise<Float32Array[][]> {
    opts.signal?.throwIfAborted();
    const size = opts.batchSize ?? 500;
    const result: Float32Array[][] = new Array(jobs.length);
    let done = 0;
    const chunks: Promise<void>[] = [];
    for (let from = 0; from < jobs.length; from += size) {
      const slice = jobs.slice(from, from + size);
      chunks.push(
        this.run(slice).then((out) => {
          for (let i = 0; i < slice.length; i++) result[from + i] = viewsOf(out, i);
          done += slice.length;
          opts.onProgress?.(done, jobs.length);
        }),
      );
    }
    let onAbort = () => {};
    const aborted = new Promise<never>((_, reject) => (onAbort = () => reject(opts.signal?.reason)));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await Promise.race([Promise.all(chunks), aborted]);
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
    return result;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private run(jobs: readonly DescribeJob[]): Promise<Float32Array> {
    const id = this.nextId++;
    const seeds = new Uint32Array(jobs.length);
    const rgbs = new Uint8Array(jobs.length * 3);
    jobs.forEach((j, i) => {
      seeds[i] = j.imageSeed;
      rgbs.set(j.rgb, i * 3);
    });
    return new Promise((resolve, reject) => {
      if (this.failed !== null) return reject(this.failed);
      this.waiting.set(id, { resolve, reject });
      (this.workers[id % this.workers.length] as Worker).postMessage({ id, seeds, rgbs } satisfies Batch);
    });
  }
}

function viewsOf(out: Float32Array, i: number): Float32Array[] {
  const views = INDEX_VIEWS.length;
  return Array.from({ length: views }, (_, j) => out.subarray((i * views + j) * DESCRIPTOR_DIM, (i * views + j + 1) * DESCRIPTOR_DIM));
}

/**
 * Descriptors for many products in parallel on workers started for this call (identical to
 * calling descriptorsFromRender on the main thread). Aborting terminates the workers at once.
 */
export async function describeMany(jobs: readonly DescribeJob[], opts: DescribeManyOptions = {}): Promise<Float32Array[][]> {
  opts.signal?.throwIfAborted();
  const pool = new DescribePool(Math.min(opts.workers ?? 2, Math.ceil(jobs.length / (opts.batchSize ?? 500))));
  try {
    return await pool.describe(jobs, opts);
  } finally {
    await pool.close();
  }
}
