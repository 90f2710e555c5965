import type { Db } from '../../platform/db/index.ts';
import { ImageIndex, type ImageHit } from '../../platform/images/index.ts';
import { readVectorsAfter } from './store/index.ts';

/**
 * The in-process nearest-neighbour index over the catalog's stored descriptors (usearch HNSW).
 * Built from the database at start and topped up with rows added since (generation, import),
 * by the only-growing vector id, so every process on a shared database converges.
 */
export class SandboxImageSearch {
  private readonly index = new ImageIndex();
  private lastVectorId = 0;
  private refreshing: Promise<void> | null = null;

  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  get vectorCount(): number {
    return this.index.vectorCount;
  }

  get productCount(): number {
    return this.index.size;
  }

  /** Loads vectors stored since the last refresh; concurrent callers share one load. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async load(): Promise<void> {
    for await (const page of readVectorsAfter(this.db, this.lastVectorId)) {
      const byProduct = new Map<number, Float32Array[]>();
      for (const row of page.rows) {
        const list = byProduct.get(row.productIndex) ?? [];
        list.push(row.vector);
        byProduct.set(row.productIndex, list);
      }
      this.index.addRows([...byProduct].map(([productKey, vectors]) => ({ productKey, vectors })));
      this.lastVectorId = page.lastId;
    }
  }

  search(query: Float32Array, k: number): ImageHit[] {
    return this.index.search(query, k);
  }
}
