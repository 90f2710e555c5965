/**
 * The query-side distortions image search must survive. Shared by the test and the benchmark
 * so both measure the same thing: each takes the served JPEG and returns what a client might
 * upload instead.
 */
import sharp from 'sharp';

export interface QueryTransform {
  name: string;
  /** `pick` in [0, 1) selects a variant (e.g. which corner an off-centre crop keeps). */
  apply(jpeg: Buffer, pick: number): Promise<Buffer>;
}

async function crop(jpeg: Buffer, keep: number, fx: number, fy: number): Promise<Buffer> {
  const img = sharp(jpeg);
  const { width = 0, height = 0 } = await img.metadata();
  const w = Math.round(width * keep);
  const h = Math.round(height * keep);
  const left = Math.round((width - w) * fx);
  const top = Math.round((height - h) * fy);
  return img.extract({ left, top, width: w, height: h }).jpeg({ quality: 90 }).toBuffer();
}

export const QUERY_TRANSFORMS: QueryTransform[] = [
  { name: 'resize400', apply: (j) => sharp(j).resize(400, 400).jpeg({ quality: 90 }).toBuffer() },
  { name: 'resize1600', apply: (j) => sharp(j).resize(1600, 1600).jpeg({ quality: 85 }).toBuffer() },
  { name: 'centerCrop20', apply: (j) => crop(j, 0.8, 0.5, 0.5) },
  // Worst case for an off-centre crop: the kept 85 % hugs one of the four corners.
  { name: 'offCrop15', apply: (j, p) => crop(j, 0.85, p < 0.5 ? 0 : 1, (p * 4) % 1 < 0.5 ? 0 : 1) },
  { name: 'jpeg30', apply: (j) => sharp(j).jpeg({ quality: 30 }).toBuffer() },
  { name: 'bright0.75', apply: (j) => sharp(j).modulate({ brightness: 0.75 }).jpeg({ quality: 90 }).toBuffer() },
  { name: 'bright1.25', apply: (j) => sharp(j).modulate({ brightness: 1.25 }).jpeg({ quality: 90 }).toBuffer() },
];
