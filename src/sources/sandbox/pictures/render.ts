import sharp from 'sharp';
import type { RawImage } from '../../../platform/images/index.ts';
import { sceneParams, shadeRow, type Rgb, type SceneParams } from './scene.ts';

/** A sub-rectangle of the scene in [0, 1] coordinates. */
export interface Region {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export const FULL: Region = { x0: 0, y0: 0, x1: 1, y1: 1 };

/**
 * Samples `region` of the scene onto a width×height grid, averaging ss×ss samples per pixel.
 * Supersampling makes a small render equal an area-downscale of the big one, which is what
 * a client's resized JPEG looks like. Each of a pixel row's ss sample rows is shaded in one
 * pass, then summed per pixel in sample order.
 */
export function renderRegion(p: SceneParams, region: Region, width: number, height: number, ss = 1): RawImage {
  const data = new Uint8Array(width * height * 3);
  const stepU = (region.x1 - region.x0) / (width * ss);
  const stepV = (region.y1 - region.y0) / (height * ss);
  const inv = 1 / (ss * ss);
  const rows = Array.from({ length: ss }, () => new Float32Array(width * ss * 3));
  for (let j = 0; j < height; j++) {
    for (let sj = 0; sj < ss; sj++) shadeRow(p, region.y0 + (j * ss + sj + 0.5) * stepV, region.x0, stepU, width * ss, rows[sj]!);
    for (let i = 0; i < width; i++) {
      let r = 0;
      let g = 0;
      let b = 0;
      const [from, to] = [i * ss * 3, (i + 1) * ss * 3];
      for (let sj = 0; sj < ss; sj++) {
        const row = rows[sj]!;
        for (let o = from; o < to; o += 3) {
          r += row[o]!;
          g += row[o + 1]!;
          b += row[o + 2]!;
        }
      }
      const o = (j * width + i) * 3;
      data[o] = Math.round(r * inv);
      data[o + 1] = Math.round(g * inv);
      data[o + 2] = Math.round(b * inv);
    }
  }
  return { data, width, height, channels: 3 };
}

/** Raw pixels of the product picture (square, `size`×`size`). */
export function renderProductImageRaw(imageSeed: number, rgb: Rgb, size = 800): RawImage {
  return renderRegion(sceneParams(imageSeed, rgb), FULL, size, size, 1);
}

/** The JPEG a client downloads. Deterministic: same seed and colour → same bytes. */
export async function renderProductImage(imageSeed: number, rgb: Rgb, size = 800): Promise<Buffer> {
  const raw = renderProductImageRaw(imageSeed, rgb, size);
  return encodeJpeg(raw, 85);
}

export function encodeJpeg(raw: RawImage, quality: number): Promise<Buffer> {
  return sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();
}
