import sharp from 'sharp';
import { ImageDecodeError, ImageTooLargeError } from './errors.ts';

/** Interleaved 8-bit RGB pixels, the form sharp's `raw` input/output uses. */
export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3;
}

/** Default decompression-bomb guard: ~40 MP is far above any product photo. */
export const DEFAULT_PIXEL_LIMIT = 40_000_000;

export interface DecodeOptions {
  /** Refuse images with more pixels than this (sharp `limitInputPixels`). */
  limitInputPixels?: number;
}

type Input = Buffer | Uint8Array;

function classify(err: unknown, limit: number): Error {
  const msg = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(msg)) {
    return new ImageTooLargeError(`image exceeds ${limit} pixels`, limit, { cause: err });
  }
  return new ImageDecodeError(`cannot decode image: ${msg}`, { cause: err });
}

/**
 * Decodes any sharp-readable image and squashes it to size×size sRGB pixels.
 * `fit: 'fill'` on purpose: the descriptor must describe the whole picture the client sent,
 * and its aspect ratio only changes under crops, which the descriptor is built to tolerate.
 */
export async function decodeThumbnail(input: Input | RawImage, size: number, opts: DecodeOptions = {}): Promise<RawImage> {
  const limit = opts.limitInputPixels ?? DEFAULT_PIXEL_LIMIT;
  try {
    const pipeline = isRaw(input)
      ? sharp(input.data, { raw: { width: input.width, height: input.height, channels: 3 }, limitInputPixels: limit })
      : sharp(input, { limitInputPixels: limit, failOn: 'error' }).rotate();
    const { data, info } = await pipeline
      .removeAlpha()
      .toColourspace('srgb')
      .resize(size, size, { fit: 'fill' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`unexpected channel count ${info.channels}`);
    return { data, width: info.width, height: info.height, channels: 3 };
  } catch (err) {
    throw classify(err, limit);
  }
}

function isRaw(x: Input | RawImage): x is RawImage {
  return !(x instanceof Uint8Array) && typeof (x as RawImage).width === 'number';
}
