import type { Db } from '../../platform/db/index.ts';
import { ImageIndex, type ImageHit } from '../../platform/images/index.ts';
import { readVectorsAfter } from './store/index.ts';
import { IMPORT_INDEX_BASE } from './store/import.ts';

/**
 * The in-process nearest-neighbour index over the catalog's stored descriptors (usearch HNSW).
 * Built from the database at start and topped up with rows added since (generation, import),
 * by the only-growing vector id, so every process on a shared database converges.
 *
 * Imported goods (catalog index from IMPORT_INDEX_BASE) have their own index: a manual platform
 * sells only those, and searching them alone fills its page however near the generated goods are.
 */
export class SandboxImageSearch {
  private readonly generated = new ImageIndex();
  private readonly imported = new ImageIndex();
  private lastVectorId = 0;
  private refreshing: Promise<void> | null = null;

  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  get vectorCount(): number {
    return this.generated.vectorCount + this.imported.vectorCount;
  }

  get productCount(): number {
    return this.generated.size + this.imported.size;
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
      const rows = [...byProduct].map(([productKey, vectors]) => ({ productKey, vectors }));
      this.generated.addRows(rows.filter((r) => r.productKey < IMPORT_INDEX_BASE));
      this.imported.addRows(rows.filter((r) => r.productKey >= IMPORT_INDEX_BASE));
      this.lastVectorId = page.lastId;
    }
  }

  /** The k nearest products, best first; from minIndex IMPORT_INDEX_BASE up, imported goods only. */
  search(query: Float32Array, k: number, minIndex = 0): ImageHit[] {
    const imported = this.imported.size > 0 ? this.imported.search(query, k) : [];
    if (minIndex >= IMPORT_INDEX_BASE) return imported;
    const generated = this.generated.size > 0 ? this.generated.search(query, k) : [];
    return [...generated, ...imported].sort((a, b) => a.distance - b.distance).slice(0, k);
  }
}
