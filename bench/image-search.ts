/**
 * Image-search benchmark: N synthetic products → descriptors → HNSW + brute force →
 * transformed queries from the served JPEGs → recall@1/@10 and latency.
 *
 *   npm exec -- node bench/image-search.ts --n 100000 [--queries 300] [--workers 2]
 *        [--M 16] [--efAdd 128] [--ef 64] [--quant f16] [--brute 1]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BruteForceIndex, DESCRIPTOR_DIM, ImageIndex, QUERY_TRANSFORMS, type ImageSearchIndex } from '../src/platform/images/index.ts';
import {
  computeDescriptor,
  describeMany,
  descriptorsFromRender,
  INDEX_VIEWS,
  renderProductImage,
  type Rgb,
} from '../src/sources/sandbox/pictures/index.ts';

const PALETTE: Rgb[] = [
  [200, 30, 40],
  [30, 60, 180],
  [240, 240, 240],
  [20, 20, 20],
  [250, 200, 40],
  [40, 150, 60],
  [240, 150, 180],
  [120, 70, 40],
  [150, 150, 150],
  [100, 40, 140],
  [250, 120, 30],
  [60, 200, 220],
];
const product = (i: number) => ({ seed: Math.imul(i + 1, 2654435761) >>> 0, rgb: PALETTE[i % PALETTE.length] as Rgb });

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '20000' },
      queries: { type: 'string', default: '300' },
      workers: { type: 'string', default: '2' },
      M: { type: 'string', default: '16' },
      efAdd: { type: 'string', default: '128' },
      ef: { type: 'string', default: '64' },
      quant: { type: 'string', default: 'f16' },
      brute: { type: 'string', default: '1' },
    },
  });
  const n = Number(values.n);
  const views = INDEX_VIEWS.length;
  console.log(
    `image-search bench: n=${n} views=${views} dim=${DESCRIPTOR_DIM} M=${values.M} efAdd=${values.efAdd} ef=${values.ef} quant=${values.quant}`,
  );

  // Single-core index-time cost, measured in the main thread on a sample.
  const sample = Math.min(n, 500);
  for (let i = 0; i < 50; i++) descriptorsFromRender(product(i).seed, product(i).rgb);
  let t = performance.now();
  for (let i = 0; i < sample; i++) descriptorsFromRender(product(i).seed, product(i).rgb);
  console.log(`index-time descriptor cost (1 core): ${((performance.now() - t) / sample).toFixed(3)} ms/product`);

  const hnsw = new ImageIndex({
    connectivity: Number(values.M),
    expansionAdd: Number(values.efAdd),
    expansionSearch: Number(values.ef),
    quantization: values.quant as 'f16',
  });
  const brute = values.brute === '1' ? new BruteForceIndex() : undefined;
  const heapBefore = process.memoryUsage();
  t = performance.now();
  const t0 = performance.now();
  const described = await describeMany(
    Array.from({ length: n }, (_, i) => ({ imageSeed: product(i).seed, rgb: product(i).rgb })),
    {
      workers: Number(values.workers),
      onProgress: (done, total) => {
        if (done % 10000 < 500 || done === total) {
          const s = (performance.now() - t0) / 1000;
          console.log(`  described ${done}/${total} (${s.toFixed(1)} s wall)`);
        }
      },
    },
  );
  const describeS = (performance.now() - t) / 1000;
  t = performance.now();
  const rssBeforeHnsw = process.memoryUsage().rss;
  for (let from = 0; from < n; from += 4096) {
    const rows = described.slice(from, from + 4096).map((vectors, i) => ({ productKey: from + i, vectors }));
    for (const r of rows) brute?.add(r.productKey, r.vectors);
    hnsw.addRows(rows);
  }
  const buildS = (performance.now() - t) / 1000;
  const dir = mkdtempSync(join(tmpdir(), 'ponte-img-'));
  hnsw.save(join(dir, 'i.usearch'));
  const bytes = statSync(join(dir, 'i.usearch')).size;
  rmSync(dir, { recursive: true });
  console.log(
    `described ${n} in ${describeS.toFixed(1)} s wall; HNSW build ${buildS.toFixed(1)} s; HNSW serialized ${(bytes / 2 ** 20).toFixed(1)} MiB (${(bytes / hnsw.vectorCount).toFixed(0)} B/vector); rss Δ ~${((process.memoryUsage().rss - rssBeforeHnsw) / 2 ** 20).toFixed(0)} MiB (incl. brute force ${brute ? ((brute.vectorCount * DESCRIPTOR_DIM * 4) / 2 ** 20).toFixed(0) : 0} MiB); heap before ${(heapBefore.rss / 2 ** 20).toFixed(0)} MiB`,
  );

  await runQueries(n, Number(values.queries), hnsw, brute);
}

async function runQueries(n: number, q: number, hnsw: ImageSearchIndex, brute?: ImageSearchIndex): Promise<void> {
  const stats = new Map<string, { n: number; h1: number; h10: number; b1: number; b10: number; agree: number }>();
  const lat = { hnsw: [] as number[], brute: [] as number[] };
  for (let i = 0; i < q; i++) {
    const tr = QUERY_TRANSFORMS[i % QUERY_TRANSFORMS.length]!;
    const target = Math.floor((((i * 2654435761) % 2 ** 32) / 2 ** 32) * n);
    const p = product(target);
    const query = await computeDescriptor(await tr.apply(await renderProductImage(p.seed, p.rgb), (i * 0.618) % 1));
    const s = stats.get(tr.name) ?? { n: 0, h1: 0, h10: 0, b1: 0, b10: 0, agree: 0 };
    let t = performance.now();
    const h = hnsw.search(query, 10);
    lat.hnsw.push(performance.now() - t);
    s.n++;
    if (h[0]?.productKey === target) s.h1++;
    if (h.some((x) => x.productKey === target)) s.h10++;
    if (brute) {
      t = performance.now();
      const b = brute.search(query, 10);
      lat.brute.push(performance.now() - t);
      if (b[0]?.productKey === target) s.b1++;
      if (b.some((x) => x.productKey === target)) s.b10++;
      if (b[0]?.productKey === h[0]?.productKey) s.agree++;
    }
    stats.set(tr.name, s);
  }
  const f = (x: number, d: number) => (x / d).toFixed(3);
  console.log('transform      queries  hnsw@1 hnsw@10 brute@1 brute@10 top1-agree');
  let all = { n: 0, h1: 0, h10: 0, b1: 0, b10: 0, agree: 0 };
  for (const [name, s] of stats) {
    console.log(
      `${name.padEnd(14)} ${String(s.n).padStart(7)}  ${f(s.h1, s.n)}  ${f(s.h10, s.n)}   ${brute ? f(s.b1, s.n) : '  -  '}   ${brute ? f(s.b10, s.n) : '  -  '}    ${brute ? f(s.agree, s.n) : '-'}`,
    );
    all = { n: all.n + s.n, h1: all.h1 + s.h1, h10: all.h10 + s.h10, b1: all.b1 + s.b1, b10: all.b10 + s.b10, agree: all.agree + s.agree };
  }
  console.log(
    `${'ALL'.padEnd(14)} ${String(all.n).padStart(7)}  ${f(all.h1, all.n)}  ${f(all.h10, all.n)}   ${brute ? f(all.b1, all.n) : '  -  '}   ${brute ? f(all.b10, all.n) : '  -  '}    ${brute ? f(all.agree, all.n) : '-'}`,
  );
  console.log(`latency HNSW  p50 ${pct(lat.hnsw, 50).toFixed(2)} ms  p95 ${pct(lat.hnsw, 95).toFixed(2)} ms`);
  if (brute) console.log(`latency brute p50 ${pct(lat.brute, 50).toFixed(2)} ms  p95 ${pct(lat.brute, 95).toFixed(2)} ms`);
}

await main();
