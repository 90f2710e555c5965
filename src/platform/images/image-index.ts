/**
 * Nearest-neighbour search over image descriptors, keyed by product.
 *
 * A product may own several vectors (crop views, colour SKUs); every vector gets its own
 * sequential id and an owner table maps ids back to product keys, so results are distinct
 * products ranked by their best-matching vector. Distances are cosine distances (1 − cos).
 */
import usearch, { type ScalarKind } from 'usearch';
import { DESCRIPTOR_DIM } from './descriptor.ts';

export interface ImageHit {
  productKey: number;
  distance: number;
}

export interface ImageIndexRow {
  productKey: number;
  vectors: Float32Array[];
}

export interface ImageSearchIndex {
  /** Distinct products indexed. */
  readonly size: number;
  readonly vectorCount: number;
  add(productKey: number, vectors: Float32Array[] | Float32Array): void;
  search(query: Float32Array[] | Float32Array, k: number): ImageHit[];
}

const asList = (v: Float32Array[] | Float32Array): Float32Array[] => (Array.isArray(v) ? v : [v]);

/** Growable vector-id → product-key table plus distinct-product bookkeeping. */
class Owners {
  private keys = new Float64Array(1024);
  count = 0;
  private readonly products = new Map<number, number>(); // productKey → vectors owned
  maxPerProduct = 1;

  push(productKey: number, n: number): number {
    const first = this.count;
    while (this.count + n > this.keys.length) {
      const grown = new Float64Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    this.keys.fill(productKey, first, first + n);
    this.count += n;
    const owned = (this.products.get(productKey) ?? 0) + n;
    this.products.set(productKey, owned);
    this.maxPerProduct = Math.max(this.maxPerProduct, owned);
    return first;
  }

  owner(id: number): number {
    return this.keys[id] as number;
  }

  get productCount(): number {
    return this.products.size;
  }
}

/** Keeps the best (smallest) distance per product, then returns the k best products. */
function topProducts(best: Map<number, number>, k: number): ImageHit[] {
  const hits: ImageHit[] = [];
  for (const [productKey, distance] of best) hits.push({ productKey, distance });
  hits.sort((a, b) => a.distance - b.distance || a.productKey - b.productKey);
  return hits.slice(0, k);
}

function record(best: Map<number, number>, productKey: number, distance: number): void {
  const prev = best.get(productKey);
  if (prev === undefined || distance < prev) best.set(productKey, distance);
}

export interface HnswOptions {
  dimensions?: number;
  /** Graph degree M. 16 measured as the recall/memory sweet spot (see bench). */
  connectivity?: number;
  expansionAdd?: number;
  expansionSearch?: number;
  /** Storage precision; f16 halves memory with no measurable recall loss here. */
  quantization?: 'f32' | 'f16' | 'i8';
  /** Threads per search call; 1 keeps a server's concurrent queries from oversubscribing. */
  searchThreads?: number;
  /** Vector count up to which searches scan exactly (0: always the graph). */
  exactScanLimit?: number;
}

/**
 * Below this many vectors a native exact scan is exact and no slower than the graph, and the
 * graph alone can miss a few vectors when a query asks for nearly all of them; so a small index
 * keeps a flat copy and answers from it, and the copy is dropped once the index outgrows it.
 */
const DEFAULT_EXACT_SCAN_LIMIT = 4096;

/** Approximate index on usearch HNSW; incremental `add` and bulk `addRows`. */
export class ImageIndex implements ImageSearchIndex {
  private readonly index: InstanceType<typeof usearch.Index>;
  private readonly owners = new Owners();
  /** Flat copy of every vector while the index is small; null once it outgrows the exact-scan limit. */
  private flat: Float32Array | null = new Float32Array(0);
  private readonly dims: number;
  private readonly threads: number;
  private readonly exactScanLimit: number;

  constructor(opts: HnswOptions = {}) {
    this.dims = opts.dimensions ?? DESCRIPTOR_DIM;
    this.threads = opts.searchThreads ?? 1;
    this.exactScanLimit = opts.exactScanLimit ?? DEFAULT_EXACT_SCAN_LIMIT;
    this.index = new usearch.Index({
      dimensions: this.dims,
      metric: usearch.MetricKind.Cos,
      quantization: (opts.quantization ?? 'f16') as ScalarKind,
      connectivity: opts.connectivity ?? 16,
      expansion_add: opts.expansionAdd ?? 128,
      expansion_search: opts.expansionSearch ?? 64,
      multi: false,
    });
  }

  get size(): number {
    return this.owners.productCount;
  }

  get vectorCount(): number {
    return this.owners.count;
  }

  add(productKey: number, vectors: Float32Array[] | Float32Array): void {
    this.addRows([{ productKey, vectors: asList(vectors) }]);
  }

  /** One native call for many rows: usearch then inserts on all cores. */
  addRows(rows: readonly ImageIndexRow[]): void {
    const total = rows.reduce((n, r) => n + r.vectors.length, 0);
    if (total === 0) return;
    const ids = new BigUint64Array(total);
    const flat = new Float32Array(total * this.dims);
    let at = 0;
    for (const row of rows) {
      const first = this.owners.push(row.productKey, row.vectors.length);
      row.vectors.forEach((v, i) => {
        if (v.length !== this.dims) throw new RangeError(`expected ${this.dims} dims, got ${v.length}`);
        ids[at] = BigInt(first + i);
        flat.set(v, at * this.dims);
        at++;
      });
    }
    this.index.add(ids, flat, 0);
    this.keepFlatCopy(flat);
  }

  private keepFlatCopy(added: Float32Array): void {
    if (this.flat === null) return;
    if (this.owners.count > this.exactScanLimit) {
      this.flat = null;
      return;
    }
    const used = this.owners.count * this.dims - added.length;
    if (used + added.length > this.flat.length) {
      const grown = new Float32Array(Math.max(2 * this.flat.length, used + added.length));
      grown.set(this.flat.subarray(0, used));
      this.flat = grown;
    }
    this.flat.set(added, used);
  }

  private nearestVectors(q: Float32Array, kv: number): { keys: BigUint64Array; distances: Float32Array } {
    if (this.flat === null) return this.index.search(q, kv, this.threads);
    const stored = this.flat.subarray(0, this.owners.count * this.dims);
    return usearch.exactSearch(stored, q, this.dims, kv, usearch.MetricKind.Cos, this.threads) as {
      keys: BigUint64Array;
      distances: Float32Array;
    };
  }

  /** Builds from a (possibly async) stream of rows, in batches, e.g. straight from a DB cursor. */
  async addStream(rows: AsyncIterable<ImageIndexRow> | Iterable<ImageIndexRow>, batch = 4096): Promise<void> {
    let buf: ImageIndexRow[] = [];
    for await (const row of rows) {
      buf.push(row);
      if (buf.length >= batch) {
        this.addRows(buf);
        buf = [];
      }
    }
    this.addRows(buf);
  }

  search(query: Float32Array[] | Float32Array, k: number): ImageHit[] {
    if (this.owners.count === 0 || k <= 0) return [];
    // Over-fetch vectors so that k distinct products survive the per-product collapse.
    const kv = Math.min(this.owners.count, k * this.owners.maxPerProduct + 16);
    const best = new Map<number, number>();
    for (const q of asList(query)) {
      const m = this.nearestVectors(q, kv);
      for (let i = 0; i < m.keys.length; i++) {
        const id = Number(m.keys[i]);
        if (id >= this.owners.count) continue; // usearch pads short answers
        record(best, this.owners.owner(id), m.distances[i] as number);
      }
    }
    return topProducts(best, k);
  }

  /** Persist/restore the graph (owner table must be rebuilt from the catalog by the caller). */
  save(path: string): void {
    this.index.save(path);
  }
}

/** Exact baseline: a flat scan in JS. Fine up to ~10⁵ vectors per query budget of ~20 ms. */
export class BruteForceIndex implements ImageSearchIndex {
  private data = new Float32Array(0);
  private readonly owners = new Owners();
  private readonly dims: number;

  constructor(opts: { dimensions?: number } = {}) {
    this.dims = opts.dimensions ?? DESCRIPTOR_DIM;
    this.data = new Float32Array(1024 * this.dims);
  }

  get size(): number {
    return this.owners.productCount;
  }

  get vectorCount(): number {
    return this.owners.count;
  }

  add(productKey: number, vectors: Float32Array[] | Float32Array): void {
    const list = asList(vectors);
    const first = this.owners.push(productKey, list.length);
    while ((first + list.length) * this.dims > this.data.length) {
      const grown = new Float32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    list.forEach((v, i) => {
      if (v.length !== this.dims) throw new RangeError(`expected ${this.dims} dims, got ${v.length}`);
      this.data.set(v, (first + i) * this.dims);
    });
  }

  search(query: Float32Array[] | Float32Array, k: number): ImageHit[] {
    const best = new Map<number, number>();
    const kv = Math.min(this.owners.count, k * this.owners.maxPerProduct + 16);
    for (const q of asList(query)) {
      const dist = this.scan(q);
      for (const id of smallestK(dist, kv)) record(best, this.owners.owner(id), dist[id] as number);
    }
    return topProducts(best, k);
  }

  /** Cosine distance from q to every stored vector. */
  private scan(q: Float32Array): Float32Array {
    const d = this.dims;
    const data = this.data;
    const n = this.owners.count;
    const dist = new Float32Array(n);
    const qn = Math.sqrt(q.reduce((s, x) => s + x * x, 0)) || 1;
    for (let id = 0; id < n; id++) {
      let dot = 0;
      let nn = 0;
      const o = id * d;
      for (let j = 0; j < d; j++) {
        const x = data[o + j] as number;
        dot += (q[j] as number) * x;
        nn += x * x;
      }
      dist[id] = 1 - dot / (qn * (Math.sqrt(nn) || 1));
    }
    return dist;
  }
}

/** Ids of the kv smallest values; insertion into a short sorted list beats sorting n. */
function smallestK(dist: Float32Array, kv: number): number[] {
  const ids: number[] = [];
  for (let i = 0; i < dist.length; i++) {
    const v = dist[i] as number;
    if (ids.length === kv && v >= (dist[ids[kv - 1] as number] as number)) continue;
    let at = ids.length === kv ? kv - 1 : ids.length;
    while (at > 0 && (dist[ids[at - 1] as number] as number) > v) {
      ids[at] = ids[at - 1] as number;
      at--;
    }
    ids[at] = i;
  }
  return ids;
}
