/** Warehouse photos as operators send them to the admin routes (QC, extra photos, weighing): base64 strings in JSON. */
import { z } from 'zod';
import { PHOTO_MAX_PER_CALL } from '../../modules/warehouse/index.ts';
import type { Failure } from '../../platform/errors.ts';
import { decodeBase64 } from '../alibaba/vouchers.ts';

export const Photos = z
  .array(z.string().min(1))
  .max(PHOTO_MAX_PER_CALL)
  .default([])
  .describe(`Base64 jpg/png pictures, at most ${PHOTO_MAX_PER_CALL}`);

export const PHOTO_REFUSALS = ['IMAGE_INVALID', 'IMAGE_TOO_LARGE', 'PAYLOAD_TOO_LARGE'] as const;

/** The pictures' bytes, or the refusal naming the first one that is not base64 (`photos[2]`). */
export function decodeAll(texts: readonly string[], field: string): Buffer[] | Failure {
  const images: Buffer[] = [];
  for (const [i, text] of texts.entries()) {
    const bytes = decodeBase64(text, `${field}[${i}]`);
    if (!Buffer.isBuffer(bytes)) return bytes;
    images.push(bytes);
  }
  return images;
}
