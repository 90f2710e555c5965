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

/**
 * Descriptors for many products in parallel; result[i] holds INDEX_VIEWS.length vectors
 * for jobs[i] (identical to calling descriptorsFromRender on the main thread).
 */
export async function describeMany(jobs: readonly DescribeJob[], opts: DescribeManyOptions = {}): Promise<Float32Array[][]> {
  const views = INDEX_VIEWS.length;
  const size = opts.batchSize ?? 500;
  const result: Float32Array[][] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const nWorkers = Math.max(1, Math.min(opts.workers ?? 2, Math.ceil(jobs.length / size)));
  const run = (w: Worker) =>
    new Promise<void>((resolve, reject) => {
      const feed = () => {
        if (next >= jobs.length) return resolve();
        const from = next;
        next = Math.min(jobs.length, from + size);
        const seeds = new Uint32Array(next - from);
        const rgbs = new Uint8Array((next - from) * 3);
        for (let i = from; i < next; i++) {
          const j = jobs[i] as DescribeJob;
          seeds[i - from] = j.imageSeed;
          rgbs.set(j.rgb, (i - from) * 3);
        }
        w.postMessage({ id: from, seeds, rgbs } satisfies Batch);
      };
      w.on('error', reject);
      w.on('message', ({ id, out }: { id: number; out: Float32Array }) => {
        const count = out.length / (views * DESCRIPTOR_DIM);
        for (let i = 0; i < count; i++) {
          result[id + i] = Array.from({ length: views }, (_, j) =>
            out.subarray((i * views + j) * DESCRIPTOR_DIM, (i * views + j + 1) * DESCRIPTOR_DIM),
          );
        }
        done += count;
        opts.onProgress?.(done, jobs.length);
        feed();
      });
      feed();
    });
  opts.signal?.throwIfAborted();
  const pool = Array.from({ length: nWorkers }, spawn);
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => (onAbort = () => reject(opts.signal?.reason)));
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.race([Promise.all(pool.map(run)), aborted]);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return result;
}
