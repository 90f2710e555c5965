/**
 * Index-time and query-time descriptor entry points.
 *
 * Index time never touches a JPEG: the scene is re-sampled straight at thumbnail size with
 * supersampling, which equals an area-downscale of the served pixels (measured gap in the
 * test). Besides the full view, a few crop views are indexed so a cropped query has a close
 * counterpart; query time then describes the upload as-is, once.
 */
import { describeThumbnail, THUMB } from './descriptor.ts';
import { decodeThumbnail, type DecodeOptions } from './decode.ts';
import { FULL, renderRegion, type RawImage, type Region } from './render.ts';
import { sceneParams, type Rgb } from './scene.ts';

const SUPERSAMPLE = 2;

/** Views indexed per product: full picture plus crop views matching likely user crops. */
export const INDEX_VIEWS: readonly Region[] = [FULL, { x0: 0.1, y0: 0.1, x1: 0.9, y1: 0.9 }];

export function descriptorsFromRender(imageSeed: number, rgb: Rgb, views: readonly Region[] = INDEX_VIEWS): Float32Array[] {
  const p = sceneParams(imageSeed, rgb);
  return views.map((view) => describeThumbnail(renderRegion(p, view, THUMB, THUMB, SUPERSAMPLE)));
}

/** Full-view descriptor only (the one comparable to `computeDescriptor` of the served JPEG). */
export function descriptorFromRender(imageSeed: number, rgb: Rgb): Float32Array {
  return descriptorsFromRender(imageSeed, rgb, [FULL])[0] as Float32Array;
}

/** Query-time descriptor of an uploaded image (any format sharp reads) or raw pixels. */
export async function computeDescriptor(image: Buffer | Uint8Array | RawImage, opts: DecodeOptions = {}): Promise<Float32Array> {
  return describeThumbnail(await decodeThumbnail(image, THUMB, opts));
}
