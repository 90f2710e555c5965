import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BruteForceIndex,
  DESCRIPTOR_DIM,
  describeThumbnail,
  ImageDecodeError,
  ImageIndex,
  ImageTooLargeError,
  QUERY_TRANSFORMS,
} from '../src/platform/images/index.ts';
import {
  computeDescriptor,
  descriptorFromRender,
  descriptorsFromRender,
  renderProductImage,
  renderProductImageRaw,
  type Rgb,
} from '../src/sources/sandbox/pictures/index.ts';
import { createHash } from 'node:crypto';
import { FULL, renderRegion, sceneParams } from '../src/sources/sandbox/pictures/index.ts';
import { prng } from '../src/sources/sandbox/pictures/scene.ts';

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
];

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * (b[i] as number), 0);

describe('rendering', () => {
  test('same seed and colour → same bytes and same descriptor', async () => {
    const a = await renderProductImage(1234, [200, 30, 40]);
    const b = await renderProductImage(1234, [200, 30, 40]);
    assert.ok(a.equals(b));
    assert.deepEqual(descriptorFromRender(1234, [200, 30, 40]), descriptorFromRender(1234, [200, 30, 40]));
    assert.equal(a[0], 0xff);
    assert.equal(a[1], 0xd8); // JPEG SOI
  });

  // A seed names its picture forever: catalogs store descriptors computed from these pixels, and
  // clients may keep the JPEGs. The digests were taken before the row-wise renderer and the
  // reused Lab of repeated colours; a change to them is a change to every catalog's pictures.
  test('the pixels and descriptors of a seed never change (index-time thumbnails, served size, a supersampled region)', () => {
    const [hash, described] = [createHash('sha256'), createHash('sha256')];
    const next = prng(2026);
    for (let i = 0; i < 300; i++) {
      const rgb: Rgb = [Math.floor(next() * 256), Math.floor(next() * 256), Math.floor(next() * 256)];
      const thumbnail = renderRegion(sceneParams(Math.floor(next() * 2 ** 32), rgb), FULL, 64, 64, 2);
      hash.update(thumbnail.data);
      described.update(describeThumbnail(thumbnail));
    }
    // Stored descriptors are compared with the ones computed for queries: they must not drift either.
    assert.equal(described.digest('hex'), 'e49c2e340854cb3970d22659ef4e789c8c24f75c88dea9b4f711798f90139be6');
    hash.update(renderProductImageRaw(77, [200, 30, 40], 800).data);
    hash.update(renderRegion(sceneParams(5, [10, 200, 90]), { x0: 0.1, y0: 0.15, x1: 0.9, y1: 0.8 }, 50, 70, 3).data);
    assert.equal(hash.digest('hex'), '68d553e14f5798e2ff5321cb72e16ca450346a152d6cc90d21b7e3a77057e08a');
  });

  test('different seeds (same colour) and colour variants differ', () => {
    const base = descriptorFromRender(1, [30, 60, 180]);
    for (let s = 2; s < 30; s++) assert.ok(cosine(base, descriptorFromRender(s, [30, 60, 180])) < 0.9, `seed ${s}`);
    assert.ok(cosine(base, descriptorFromRender(1, [250, 200, 40])) < 0.95);
    const raw1 = renderProductImageRaw(1, [30, 60, 180], 100);
    const raw2 = renderProductImageRaw(2, [30, 60, 180], 100);
    assert.equal(raw1.data.length, 100 * 100 * 3);
    assert.ok(!Buffer.from(raw1.data).equals(Buffer.from(raw2.data)));
  });

  test('index-time descriptor matches the descriptor of the served JPEG', async () => {
    for (const seed of [7, 99, 4242, 31337]) {
      const jpeg = await renderProductImage(seed, [40, 150, 60]);
      const sim = cosine(descriptorFromRender(seed, [40, 150, 60]), await computeDescriptor(jpeg));
      assert.ok(sim > 0.97, `seed ${seed}: cos ${sim}`);
    }
  });
});

describe('search over a 300-product catalog', () => {
  // Products own 1–3 colour SKUs, one vector each: queries must resolve to the product.
  const rnd = prng(20240611);
  const catalog = Array.from({ length: 300 }, (_, key) => ({
    key,
    seed: (rnd() * 2 ** 32) >>> 0,
    colors: Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => PALETTE[Math.floor(rnd() * PALETTE.length)] as Rgb),
  }));
  const hnsw = new ImageIndex({ exactScanLimit: 0 });
  const brute = new BruteForceIndex();
  for (const p of catalog) {
    const vectors = p.colors.flatMap((c) => descriptorsFromRender(p.seed, c));
    hnsw.add(p.key, vectors);
    brute.add(p.key, vectors);
  }
  const targets = Array.from({ length: 40 }, (_, i) => catalog[(i * 7 + 3) % catalog.length]!);

  test('sizes count distinct products', () => {
    assert.equal(hnsw.size, 300);
    assert.equal(brute.size, 300);
    assert.equal(hnsw.vectorCount, brute.vectorCount);
    assert.ok(hnsw.vectorCount > 300);
  });

  test('transformed queries find the product (recall@10 ≥ 0.95 per transform)', async () => {
    const served = await Promise.all(targets.map((p, i) => renderProductImage(p.seed, p.colors[i % p.colors.length]!)));
    let agree = 0;
    let total = 0;
    for (const tr of QUERY_TRANSFORMS) {
      let at1 = 0;
      let at10 = 0;
      for (const [i, p] of targets.entries()) {
        const q = await computeDescriptor(await tr.apply(served[i]!, (i * 0.618) % 1));
        const hits = hnsw.search(q, 10);
        const exact = brute.search(q, 10);
        assert.equal(new Set(hits.map((h) => h.productKey)).size, hits.length, 'distinct products');
        if (hits[0]?.productKey === p.key) at1++;
        if (hits.some((h) => h.productKey === p.key)) at10++;
        if (hits[0]?.productKey === exact[0]?.productKey) agree++;
        total++;
      }
      console.log(`${tr.name}: recall@1 ${(at1 / targets.length).toFixed(3)} recall@10 ${(at10 / targets.length).toFixed(3)}`);
      assert.ok(at10 / targets.length >= 0.95, `${tr.name} recall@10 ${at10 / targets.length}`);
    }
    assert.ok(agree / total >= 0.95, `HNSW/brute-force top-1 agreement ${agree / total}`);
  });
});

describe('index behaviour', () => {
  test('incremental add after search, streamed build, k larger than catalog', async () => {
    const idx = new ImageIndex();
    assert.deepEqual(idx.search(descriptorFromRender(1, [20, 20, 20]), 5), []);
    async function* rows() {
      for (let k = 0; k < 50; k++) yield { productKey: 1000 + k, vectors: [descriptorFromRender(k, [20, 20, 20])] };
    }
    await idx.addStream(rows(), 16);
    assert.equal(idx.size, 50);
    idx.add(5000, descriptorFromRender(777, [250, 120, 30]));
    const hits = idx.search(descriptorFromRender(777, [250, 120, 30]), 100);
    assert.equal(hits[0]?.productKey, 5000);
    assert.ok(hits[0]!.distance < 1e-2);
    assert.equal(hits.length, 51);
    assert.throws(() => idx.add(1, new Float32Array(DESCRIPTOR_DIM - 1)), RangeError);
  });

  test('an index that outgrows its exact-scan limit answers from the graph, still finding the match', () => {
    const idx = new ImageIndex({ exactScanLimit: 40 });
    for (let k = 0; k < 60; k++) idx.add(k, descriptorFromRender(k, PALETTE[k % PALETTE.length]!));
    const hits = idx.search(descriptorFromRender(33, PALETTE[3]!), 5);
    assert.equal(hits[0]?.productKey, 33);
    assert.equal(hits.length, 5);
  });
});

describe('hostile input', () => {
  test('non-image and truncated JPEG throw ImageDecodeError', async () => {
    await assert.rejects(computeDescriptor(Buffer.from('definitely not an image')), ImageDecodeError);
    await assert.rejects(computeDescriptor(Buffer.alloc(0)), ImageDecodeError);
    const jpeg = await renderProductImage(5, [200, 30, 40]);
    await assert.rejects(computeDescriptor(jpeg.subarray(0, jpeg.length >> 1)), ImageDecodeError);
  });

  test('images over the pixel limit throw ImageTooLargeError', async () => {
    const jpeg = await renderProductImage(5, [200, 30, 40], 400);
    await assert.rejects(computeDescriptor(jpeg, { limitInputPixels: 100_000 }), (err: unknown) => {
      assert.ok(err instanceof ImageTooLargeError);
      assert.equal(err.limitPixels, 100_000);
      return true;
    });
    assert.equal((await computeDescriptor(jpeg, { limitInputPixels: 160_000 })).length, DESCRIPTOR_DIM);
  });
});
