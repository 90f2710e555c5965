/**
 * The images of an imported line: each is read or fetched once per run, decoded fully (a
 * header alone passes truncated files) and described, so imported products are found by image
 * search like generated ones.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeDescriptor } from '../pictures/index.ts';
import type { Checked, CatalogLine } from './import-line.ts';

const IMAGE_TIMEOUT_MS = 5_000;
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

interface Located {
  location: string;
  descriptor: Float32Array;
}

/** Where each image was found (URLs as given, file paths made absolute) and the product images' descriptors. */
export interface ImageRefs {
  product: string[];
  bySku: Map<string, string>;
  descriptors: Float32Array[];
}

export async function checkImages(checker: ImageChecker, input: CatalogLine): Promise<Checked<ImageRefs>> {
  const refs = [
    ...input.images.map((ref, i) => ({ label: `images.${i}`, ref, skuId: null as string | null })),
    ...input.skus.flatMap((sku) => (sku.image ? [{ label: `sku ${sku.skuId} image`, ref: sku.image, skuId: sku.skuId }] : [])),
  ];
  const results = await Promise.all(refs.map(({ ref }) => checker.check(ref)));
  const located: ImageRefs = { product: [], bySku: new Map(), descriptors: [] };
  for (const [i, result] of results.entries()) {
    const { label, skuId } = refs[i]!;
    if (!result.ok) return { ok: false, reason: `${label}: ${result.reason}` };
    if (skuId === null) {
      located.product.push(result.value.location);
      located.descriptors.push(result.value.descriptor);
    } else located.bySku.set(skuId, result.value.location);
  }
  return { ok: true, value: located };
}

/**
 * Fetches or reads an image and decodes it fully (a header alone passes truncated files).
 * Results are remembered for the run, since SKU images usually repeat the product's.
 */
export class ImageChecker {
  private readonly seen = new Map<string, Promise<Checked<Located>>>();
  private readonly baseDir: string;
  constructor(baseDir: string) {
    this.baseDir = baseDir;
  }

  check(ref: string): Promise<Checked<Located>> {
    let pending = this.seen.get(ref);
    if (!pending) {
      if (this.seen.size >= 10_000) this.seen.clear();
      pending = this.load(ref);
      this.seen.set(ref, pending);
    }
    return pending;
  }

  private async load(ref: string): Promise<Checked<Located>> {
    const remote = /^https?:\/\//i.test(ref);
    if (!remote && /^[a-z][a-z0-9+.-]+:/i.test(ref) && !/^file:/i.test(ref))
      return { ok: false, reason: `${ref}: only http(s) URLs and file paths are supported` };
    const location = remote ? ref : /^file:/i.test(ref) ? fileURLToPath(ref) : resolve(this.baseDir, ref);
    let bytes: Buffer;
    try {
      bytes = remote ? await fetchImage(ref) : await readImage(location);
    } catch (error) {
      return { ok: false, reason: `${ref}: ${describeFailure(error)}` };
    }
    try {
      return { ok: true, value: { location, descriptor: await computeDescriptor(bytes) } };
    } catch (error) {
      return { ok: false, reason: `${ref}: ${(error as Error).message}` };
    }
  }
}

async function readImage(path: string): Promise<Buffer> {
  const info = await stat(path);
  if (!info.isFile()) throw new Error('not a file');
  if (info.size > MAX_IMAGE_BYTES) throw new Error(`larger than ${MAX_IMAGE_BYTES} bytes`);
  return readFile(path);
}

async function fetchImage(url: string): Promise<Buffer> {
  const response = await fetch(url, { signal: AbortSignal.timeout(IMAGE_TIMEOUT_MS), redirect: 'follow' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  if (Number(response.headers.get('content-length') ?? 0) > MAX_IMAGE_BYTES) throw new Error(`larger than ${MAX_IMAGE_BYTES} bytes`);
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > MAX_IMAGE_BYTES) throw new Error(`larger than ${MAX_IMAGE_BYTES} bytes`);
  return bytes;
}

function describeFailure(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such file';
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${IMAGE_TIMEOUT_MS / 1000} s`;
  const cause = (e.cause as Error | undefined)?.message;
  return cause ? `${e.message} (${cause})` : e.message;
}
