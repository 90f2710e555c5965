/**
 * Image-search workload: main-image descriptors for every catalog product (worker threads),
 * an HNSW ImageIndex and the exact BruteForceIndex over them, then queries made from the
 * served JPEG of random products under QUERY_TRANSFORMS, searched on both indexes.
 */
import { BruteForceIndex, ImageIndex, QUERY_TRANSFORMS, type ImageSearchIndex } from '../../src/platform/images/index.ts';
import {
  computeDescriptor,
  describeMany,
  renderProductImage,
  type DescribeJob,
  type Rgb,
} from '../../src/sources/sandbox/pictures/index.ts';
import { generateProduct } from '../../src/sources/sandbox/catalog/index.ts';
import { latency, progressPrinter, rssBytes, seededRandom, type Latency } from './stats.ts';

/** What the media route serves as colour 0 when a product lists no colours. */
const FALLBACK_RGB: Rgb = [200, 200, 200];
const SERVED_SIZE = 800;
const K = 10;
const ADD_BATCH = 4096;

/** The product's main image (colour 0), exactly as /media/p/<itemId>/0.jpg renders it. */
export function mainImage(seed: number, index: number): DescribeJob {
  const record = generateProduct(seed, index);
  return { imageSeed: record.imageSeed, rgb: record.colors[0]?.rgb ?? FALLBACK_RGB };
}

export interface BuildReport {
  describeMs: number;
  hnswBuildMs: number;
  bruteBuildMs: number;
  rss: { beforeDescribe: number; afterDescribe: number; afterHnsw: number; afterBrute: number };
}

export interface BuiltIndexes {
  hnsw: ImageIndex;
  brute: BruteForceIndex | null;
  report: BuildReport;
}

export async function buildIndexes(seed: number, products: number, workers: number, withBrute: boolean): Promise<BuiltIndexes> {
  const beforeDescribe = rssBytes();
  let started = performance.now();
  const jobs = Array.from({ length: products }, (_, i) => mainImage(seed, i));
  const vectors = await describeMany(jobs, { workers, onProgress: progressPrinter('described') });
  const describeMs = performance.now() - started;
  const afterDescribe = rssBytes();

  started = performance.now();
  const hnsw = new ImageIndex();
  const onHnsw = progressPrinter('HNSW added');
  for (let from = 0; from < products; from += ADD_BATCH) {
    const to = Math.min(products, from + ADD_BATCH);
    hnsw.addRows(vectors.slice(from, to).map((v, i) => ({ productKey: from + i, vectors: v })));
    onHnsw(to, products);
  }
  const hnswBuildMs = performance.now() - started;
  const afterHnsw = rssBytes();

  started = performance.now();
  const brute = withBrute ? new BruteForceIndex() : null;
  if (brute) for (const [i, v] of vectors.entries()) brute.add(i, v);
  const bruteBuildMs = performance.now() - started;
  const rss = { beforeDescribe, afterDescribe, afterHnsw, afterBrute: rssBytes() };
  return { hnsw, brute, report: { describeMs, hnswBuildMs, bruteBuildMs, rss } };
}

export interface IndexResult {
  recallAt1: number;
  recallAt10: number;
  latency: Latency;
}
export interface TransformRow {
  name: string;
  queries: number;
  hnswAt10: number;
  bruteAt10: number;
}
export interface ImageQueryReport {
  queries: number;
  hnsw: IndexResult;
  brute: IndexResult | null;
  /** Decode + describe of the uploaded JPEG, the part of a request before the index. */
  describe: Latency;
  byTransform: TransformRow[];
}

interface Tally {
  at1: number;
  at10: number;
  timesMs: number[];
}

function searchInto(index: ImageSearchIndex, query: Float32Array, target: number, tally: Tally): boolean {
  const started = performance.now();
  const hits = index.search(query, K);
  tally.timesMs.push(performance.now() - started);
  if (hits[0]?.productKey === target) tally.at1++;
  const found = hits.some((h) => h.productKey === target);
  if (found) tally.at10++;
  return found;
}

/** A transformed copy of a random product's served JPEG, cycling through QUERY_TRANSFORMS. */
async function makeQuery(seed: number, products: number, i: number, random: () => number) {
  const target = Math.floor(random() * products);
  const transform = QUERY_TRANSFORMS[i % QUERY_TRANSFORMS.length]!;
  const image = mainImage(seed, target);
  const served = await renderProductImage(image.imageSeed, image.rgb, SERVED_SIZE);
  const upload = await transform.apply(served, random());
  const started = performance.now();
  const descriptor = await computeDescriptor(upload);
  return { target, transform: transform.name, descriptor, describeMs: performance.now() - started };
}

export async function runImageQueries(built: BuiltIndexes, seed: number, products: number, count: number): Promise<ImageQueryReport> {
  const random = seededRandom(seed ^ 0x1a6e);
  const hnsw: Tally = { at1: 0, at10: 0, timesMs: [] };
  const brute: Tally = { at1: 0, at10: 0, timesMs: [] };
  const describeMs: number[] = [];
  const rows = new Map<string, TransformRow>();
  const onProgress = progressPrinter('image queries');
  for (let i = 0; i < count; i++) {
    const q = await makeQuery(seed, products, i, random);
    describeMs.push(q.describeMs);
    const row = rows.get(q.transform) ?? { name: q.transform, queries: 0, hnswAt10: 0, bruteAt10: 0 };
    row.queries++;
    if (searchInto(built.hnsw, q.descriptor, q.target, hnsw)) row.hnswAt10++;
    if (built.brute && searchInto(built.brute, q.descriptor, q.target, brute)) row.bruteAt10++;
    rows.set(q.transform, row);
    onProgress(i + 1, count);
  }
  return {
    queries: count,
    hnsw: result(hnsw, count),
    brute: built.brute ? result(brute, count) : null,
    describe: latency(describeMs),
    byTransform: [...rows.values()],
  };
}

function result(tally: Tally, count: number): IndexResult {
  return { recallAt1: tally.at1 / count, recallAt10: tally.at10 / count, latency: latency(tally.timesMs) };
}
