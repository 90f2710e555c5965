import { createHmac } from 'node:crypto';
import type { Db } from '../../platform/db/index.ts';
import { describeMany, DescribePool } from './pictures/index.ts';
import type { ProductRecord } from './catalog/index.ts';
import { generateCatalog, readCatalogState } from './store/index.ts';

/**
 * One full-view descriptor per colour variant (the main image is colour 0), on worker threads:
 * the pool's when given (a long generation), else two started for this call.
 */
export async function describeProducts(records: ProductRecord[], signal?: AbortSignal, pool?: DescribePool): Promise<Float32Array[][]> {
  const jobs = records.flatMap((r) =>
    (r.colors.length > 0 ? r.colors : [{ rgb: [200, 200, 200] as [number, number, number] }]).map((c) => ({
      imageSeed: r.imageSeed,
      rgb: c.rgb,
    })),
  );
  const options = { workers: 2, batchSize: 250, signal };
  const described = await (pool ? pool.describe(jobs, options) : describeMany(jobs, options));
  let at = 0;
  return records.map((r) => Array.from({ length: Math.max(1, r.colors.length) }, () => described[at++]![0]!));
}

/** The opaque item ids are keyed by the installation's master key, so they cannot be guessed. */
export function sandboxIdSecret(masterKey: Buffer): string {
  return createHmac('sha256', masterKey).update('sandbox-catalog-ids').digest('hex');
}

export interface BuildStatus {
  ready: boolean;
  done: number;
  total: number;
  error?: string;
}

/**
 * Generates (or resumes) the sandbox catalog in the background while the server already answers;
 * /health reports progress until it is complete.
 */
export class CatalogBuild {
  private state: BuildStatus = { ready: false, done: 0, total: 0 };

  status(): BuildStatus {
    return { ...this.state };
  }

  /** seed: used for a new catalog; when strict, an existing catalog with another seed is an error. */
  async run(
    db: Db,
    options: {
      seed: number;
      strictSeed?: boolean;
      products: number;
      masterKey: Buffer;
      onProgress?: (done: number, total: number) => void;
      afterGenerate?: () => Promise<unknown>;
      signal?: AbortSignal;
    },
  ): Promise<BuildStatus> {
    const existing = await readCatalogState(db);
    const seed = options.strictSeed ? options.seed : (existing?.seed ?? options.seed);
    const target = Math.max(options.products, existing?.generated ?? 0);
    this.state = { ready: false, done: existing?.generated ?? 0, total: target };
    const pool = new DescribePool(2);
    try {
      await generateCatalog(db, {
        seed,
        products: target,
        secret: sandboxIdSecret(options.masterKey),
        describe: (records, signal) => describeProducts(records, signal, pool),
        signal: options.signal,
        onProgress: (done, total) => {
          this.state = { ready: false, done, total };
          options.onProgress?.(done, total);
        },
      });
      await options.afterGenerate?.();
      this.state = { ready: true, done: target, total: target };
    } catch (error) {
      this.state = { ...this.state, error: (error as Error).message };
      throw error;
    } finally {
      await pool.close();
    }
    return this.status();
  }
}
