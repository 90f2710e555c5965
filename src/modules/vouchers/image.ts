/**
 * A voucher picture is decoded and drawn again before it is stored, so what Ponte serves is always
 * a plain JPEG it made itself: no EXIF (GPS, camera serial), no ICC or XMP payloads, no polyglot
 * bytes riding along in the original file. Only JPEG and PNG are taken, as 1688 takes them.
 */
import sharp from 'sharp';
import { fail, type Failure } from '../../platform/errors.ts';

/** 1688's limit for a refund voucher (alibaba.trade.uploadRefundVoucher: imageData < 1 MB), of the decoded bytes. */
export const VOUCHER_MAX_BYTES = 1024 * 1024;
/** Decompression-bomb guard: a 1 MB JPEG can still claim an enormous canvas. */
export const VOUCHER_MAX_PIXELS = 25_000_000;
/** Stored pictures are at most this wide and high: enough to read a waybill, bounded in storage. */
export const VOUCHER_MAX_SIDE = 4096;
const ACCEPTED = new Set(['jpeg', 'png']);

export interface EncodedVoucher {
  bytes: Buffer;
  mime: 'image/jpeg';
  width: number;
  height: number;
}

/**
 * Checks size and format, then re-encodes (EXIF orientation applied, alpha flattened on white, metadata dropped).
 * Other pictures Ponte stores (warehouse photos) pass their own byte limit.
 */
export async function reencodeVoucher(
  input: Buffer,
  limit: { maxBytes: number; what: string } = { maxBytes: VOUCHER_MAX_BYTES, what: '1 MB, the voucher limit' },
): Promise<{ ok: true; image: EncodedVoucher } | Failure> {
  if (input.length === 0) return fail('IMAGE_INVALID', { detail: 'the image is empty' });
  if (input.length > limit.maxBytes) {
    return fail('IMAGE_TOO_LARGE', { detail: `${input.length} bytes > ${limit.maxBytes} bytes (${limit.what})` });
  }
  const options = { limitInputPixels: VOUCHER_MAX_PIXELS, failOn: 'error' } as const;
  try {
    const meta = await sharp(input, options).metadata();
    if (!meta.format || !ACCEPTED.has(meta.format)) {
      return fail('IMAGE_INVALID', { detail: `format ${meta.format ?? 'unknown'}: a voucher is jpg or png` });
    }
    const { data, info } = await sharp(input, options)
      .rotate()
      .resize(VOUCHER_MAX_SIDE, VOUCHER_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 85 })
      .toBuffer({ resolveWithObject: true });
    return { ok: true, image: { bytes: data, mime: 'image/jpeg', width: info.width, height: info.height } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/pixel limit/i.test(message)) return fail('IMAGE_TOO_LARGE', { detail: `more than ${VOUCHER_MAX_PIXELS} pixels` });
    return fail('IMAGE_INVALID', { detail: `not a jpg or png image (${message})` });
  }
}
