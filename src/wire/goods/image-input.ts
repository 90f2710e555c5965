/**
 * The query image of an image search: `imageBase64`, or `imageAddress` (a Ponte media URL is
 * rendered locally; any other URL is fetched with the callback SSRF rules, a timeout and a size
 * cap). Every bad input becomes a 1001–1003 code, never an exception.
 */
import { z } from 'zod';
import { fail, type Failure } from '../../platform/errors.ts';
import { ImageDecodeError, ImageTooLargeError } from '../../platform/images/index.ts';
import { computeDescriptor, renderProductImage } from '../../sources/sandbox/pictures/index.ts';
import { outboundRequest, type LookupAll } from '../../platform/webhooks/index.ts';
import type { Source } from '../../sources/source.ts';
import type { RouteServices } from '../../platform/http/index.ts';
import { searchGoodsByImage, type Platform, type SourceProduct } from '../../modules/catalog/index.ts';
import { toPage } from './common.ts';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const MAX_PIXELS = 25_000_000;
const FETCH_TIMEOUT_MS = 5000;
const USER_AGENT = 'Ponte-Images/1';
const MEDIA_PATH = /^\/media\/p\/([A-Za-z0-9_-]{6,40})\/(\d{1,2})\.jpg$/;

export const ImageQueryFields = {
  imageBase64: z
    .string()
    .max(Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 200)
    .nullish()
    .describe(`Base64 image (JPEG/PNG/WebP…), ≤ ${MAX_IMAGE_BYTES} bytes decoded; a data: URL prefix is accepted`),
  imageAddress: z.string().max(2000).nullish().describe('URL of an image, e.g. a Ponte-served /media/p/… picture'),
};

async function fromBase64(text: string): Promise<Buffer | Failure> {
  const body = text.replace(/^data:[\w/+.-]+;base64,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(body) || body.length === 0) return fail('IMAGE_INVALID', { detail: 'imageBase64 is not base64' });
  const bytes = Buffer.from(body, 'base64');
  if (bytes.length > MAX_IMAGE_BYTES) return fail('IMAGE_TOO_LARGE', { detail: `${bytes.length} bytes > ${MAX_IMAGE_BYTES}` });
  return bytes;
}

/** Who may be fetched: `allowPrivate` (config.allowPrivateUrls); `lookup` replaces DNS in tests. */
export interface FetchPolicy {
  allowPrivate: boolean;
  lookup?: LookupAll;
}

async function fromAddress(source: Source, address: string, policy: FetchPolicy): Promise<Buffer | Failure> {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return fail('IMAGE_UNREACHABLE', { detail: 'imageAddress is not a URL' });
  }
  const media = MEDIA_PATH.exec(url.pathname);
  if (media) {
    const product = await source.findProduct(media[1]!);
    const color = product?.colors[Number(media[2])];
    if (product && color) return renderProductImage(product.imageSeed, color.rgb, 800);
  }
  // Streamed with the cap: a body without content-length stops being read at MAX_IMAGE_BYTES.
  const fetched = await outboundRequest({
    url: address,
    method: 'GET',
    headers: { 'user-agent': USER_AGENT, accept: 'image/*' },
    timeoutMs: FETCH_TIMEOUT_MS,
    maxBodyBytes: MAX_IMAGE_BYTES,
    read: 'whole',
    ...policy,
  });
  if (!fetched.ok && fetched.error === 'too-large') return fail('IMAGE_TOO_LARGE', { detail: fetched.detail });
  if (!fetched.ok) return fail('IMAGE_UNREACHABLE', { detail: `${fetched.error}: ${fetched.detail}` });
  if (fetched.statusCode < 200 || fetched.statusCode > 299) return fail('IMAGE_UNREACHABLE', { detail: `HTTP ${fetched.statusCode}` });
  return fetched.body;
}

/** The image fields of a search request. */
type ImageQueryInput = { imageBase64?: string | null | undefined; imageAddress?: string | null | undefined };

export async function queryDescriptor(
  source: Source,
  input: ImageQueryInput,
  policy: FetchPolicy,
): Promise<{ ok: true; descriptor: Float32Array } | Failure> {
  if (!input.imageBase64 && !input.imageAddress)
    return fail('BAD_PARAMETER', { field: 'imageBase64', rule: 'imageBase64 or imageAddress is required' });
  const image = input.imageBase64 ? await fromBase64(input.imageBase64) : await fromAddress(source, input.imageAddress!, policy);
  if (!Buffer.isBuffer(image)) return image;
  try {
    return { ok: true, descriptor: await computeDescriptor(image, { limitInputPixels: MAX_PIXELS }) };
  } catch (error) {
    if (error instanceof ImageTooLargeError) return fail('IMAGE_TOO_LARGE', { detail: `more than ${MAX_PIXELS} pixels` });
    if (error instanceof ImageDecodeError) return fail('IMAGE_INVALID', { detail: error.message });
    throw error;
  }
}

/** One page of an image search on a platform, each product drawn by that platform's list-item view. */
export async function imageSearchPage<T>(
  services: RouteServices,
  input: ImageQueryInput & { beginPage: number; pageSize: number },
  platform: Platform,
  item: (product: SourceProduct) => T,
): Promise<{ ok: true; data: ReturnType<typeof toPage<T>> } | Failure> {
  const query = await queryDescriptor(services.source, input, { allowPrivate: services.allowPrivateUrls });
  if (!query.ok) return query;
  const page = await searchGoodsByImage(services.source, query.descriptor, platform, input.beginPage, input.pageSize);
  return { ok: true, data: toPage(page.total, input.beginPage, input.pageSize, page.rows.map(item)) };
}
