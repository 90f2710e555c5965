/**
 * Global image descriptor computed on a THUMB×THUMB thumbnail in CIE Lab.
 *
 * Blocks, each L2-normalised and weighted:
 *  - colour: soft 2-D histogram of (a, b). sharp's `modulate({brightness})` scales Lab L only,
 *    so a/b — and this block — are unchanged by brightening; histograms also shrug off crops.
 *  - layout: a coarse grid of mean a, b and contrast-normalised L ((L − mean) / std), which
 *    is invariant to multiplying L. Pins down where things are; the crop-sensitive block.
 *  - texture: gradient-orientation histograms at two scales, so stripes/checks/dots at
 *    different angles and frequencies separate even when colours coincide.
 */
import type { RawImage } from './decode.ts';

export const THUMB = 64;
const AB_BINS = 8;
const AB_RANGE = 80;
const GRID = 6;
const ORIENT = 8;

const W_COLOR = 1.0;
const W_LAYOUT = 1.0;
const W_TEXTURE = 0.6;

export const DESCRIPTOR_DIM = AB_BINS * AB_BINS + GRID * GRID * 3 + ORIENT * 2;

const SRGB_TO_LINEAR = new Float32Array(256);
for (let i = 0; i < 256; i++) {
  const c = i / 255;
  SRGB_TO_LINEAR[i] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function labF(t: number): number {
  return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116;
}

interface Lab {
  L: Float32Array;
  a: Float32Array;
  b: Float32Array;
}

/** Lab at half resolution (2×2 byte averages, as a gamma-space resize would give). */
function toLabHalf(img: RawImage): Lab {
  const w = img.width >> 1;
  const n = w * (img.height >> 1);
  const L = new Float32Array(n);
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  const d = img.data;
  const row = img.width * 3;
  const avg = (o: number) => ((d[o] as number) + (d[o + 3] as number) + (d[o + row] as number) + (d[o + row + 3] as number) + 2) >> 2;
  // Neighbouring pixels often share a colour: the previous one's Lab is reused, unchanged.
  let previous = -1;
  for (let i = 0; i < n; i++) {
    const o = ((i / w) | 0) * 2 * row + (i % w) * 6;
    const [r8, g8, b8] = [avg(o), avg(o + 1), avg(o + 2)];
    const rgb = (r8 << 16) | (g8 << 8) | b8;
    if (rgb === previous) {
      L[i] = L[i - 1] as number;
      a[i] = a[i - 1] as number;
      b[i] = b[i - 1] as number;
      continue;
    }
    previous = rgb;
    const r = SRGB_TO_LINEAR[r8] as number;
    const g = SRGB_TO_LINEAR[g8] as number;
    const bl = SRGB_TO_LINEAR[b8] as number;
    const fx = labF((0.4124 * r + 0.3576 * g + 0.1805 * bl) / 0.95047);
    const fy = labF(0.2126 * r + 0.7152 * g + 0.0722 * bl);
    const fz = labF((0.0193 * r + 0.1192 * g + 0.9505 * bl) / 1.08883);
    L[i] = 116 * fy - 16;
    a[i] = 500 * (fx - fy);
    b[i] = 200 * (fy - fz);
  }
  return { L, a, b };
}

/** Lab lightness at full resolution, for the fine-scale texture block. */
function lightness(img: RawImage): Float32Array {
  const n = img.width * img.height;
  const L = new Float32Array(n);
  const d = img.data;
  let previous = -1;
  for (let i = 0; i < n; i++) {
    const rgb = ((d[i * 3] as number) << 16) | ((d[i * 3 + 1] as number) << 8) | (d[i * 3 + 2] as number);
    if (rgb === previous) {
      L[i] = L[i - 1] as number;
      continue;
    }
    previous = rgb;
    const y =
      0.2126 * (SRGB_TO_LINEAR[d[i * 3] as number] as number) +
      0.7152 * (SRGB_TO_LINEAR[d[i * 3 + 1] as number] as number) +
      0.0722 * (SRGB_TO_LINEAR[d[i * 3 + 2] as number] as number);
    L[i] = 116 * labF(y) - 16;
  }
  return L;
}

/** Adds w to the bilinear neighbours of continuous coordinate (x, y) on a size×size grid. */
function splat(out: Float32Array, off: number, size: number, x: number, y: number, w: number): void {
  const cx = Math.min(size - 1, Math.max(0, x - 0.5));
  const cy = Math.min(size - 1, Math.max(0, y - 0.5));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(size - 1, x0 + 1);
  const y1 = Math.min(size - 1, y0 + 1);
  const fx = cx - x0;
  const fy = cy - y0;
  out[off + y0 * size + x0] = (out[off + y0 * size + x0] as number) + w * (1 - fx) * (1 - fy);
  out[off + y0 * size + x1] = (out[off + y0 * size + x1] as number) + w * fx * (1 - fy);
  out[off + y1 * size + x0] = (out[off + y1 * size + x0] as number) + w * (1 - fx) * fy;
  out[off + y1 * size + x1] = (out[off + y1 * size + x1] as number) + w * fx * fy;
}

function colorBlock(lab: Lab, out: Float32Array, off: number): void {
  const n = lab.a.length;
  const scale = AB_BINS / (2 * AB_RANGE);
  for (let i = 0; i < n; i++) {
    splat(out, off, AB_BINS, ((lab.a[i] as number) + AB_RANGE) * scale, ((lab.b[i] as number) + AB_RANGE) * scale, 1);
  }
  // Hellinger (sqrt) so one dominant background bin does not drown the object's colours.
  for (let k = 0; k < AB_BINS * AB_BINS; k++) out[off + k] = Math.sqrt((out[off + k] as number) / n);
}

const HALF = THUMB >> 1;

/** Static bilinear pixel→cell assignment for the HALF×HALF layout grid (4 cells per pixel). */
const CELL_IDX = new Int32Array(HALF * HALF * 4);
const CELL_W = new Float32Array(HALF * HALF * 4);
const CELL_SUM = new Float32Array(GRID * GRID);
for (let p = 0; p < HALF * HALF; p++) {
  const one = new Float32Array(GRID * GRID);
  splat(one, 0, GRID, (((p % HALF) + 0.5) * GRID) / HALF, ((Math.floor(p / HALF) + 0.5) * GRID) / HALF, 1);
  let k = 0;
  one.forEach((w, c) => {
    if (w > 0 && k < 4) {
      CELL_IDX[p * 4 + k] = c;
      CELL_W[p * 4 + k] = w;
      CELL_SUM[c] = (CELL_SUM[c] as number) + w;
      k++;
    }
  });
}

function layoutBlock(lab: Lab, out: Float32Array, off: number): void {
  const n = lab.L.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += lab.L[i] as number;
  mean /= n;
  let varL = 0;
  for (let i = 0; i < n; i++) varL += ((lab.L[i] as number) - mean) ** 2;
  const lMul = 40 / Math.sqrt(varL / n + 1);
  const cells = GRID * GRID;
  for (let p = 0; p < n; p++) {
    const l = ((lab.L[p] as number) - mean) * lMul;
    const a = lab.a[p] as number;
    const b = lab.b[p] as number;
    for (let k = p * 4; k < p * 4 + 4; k++) {
      const w = CELL_W[k] as number;
      if (w === 0) continue;
      const c = off + (CELL_IDX[k] as number);
      out[c] = (out[c] as number) + l * w;
      out[c + cells] = (out[c + cells] as number) + a * w;
      out[c + 2 * cells] = (out[c + 2 * cells] as number) + b * w;
    }
  }
  for (let c = 0; c < cells; c++) {
    const inv = 1 / (50 * (CELL_SUM[c] as number));
    for (let ch = 0; ch < 3; ch++) out[off + ch * cells + c] = (out[off + ch * cells + c] as number) * inv;
  }
}

/** Magnitude-weighted, soft-binned histogram of unsigned gradient orientation of L. */
function orientationHist(L: Float32Array, w: number, h: number, out: Float32Array, off: number): void {
  for (let j = 1; j < h - 1; j++) {
    for (let i = 1; i < w - 1; i++) {
      const gx = (L[j * w + i + 1] as number) - (L[j * w + i - 1] as number);
      const gy = (L[(j + 1) * w + i] as number) - (L[(j - 1) * w + i] as number);
      const mag = Math.sqrt(gx * gx + gy * gy);
      if (mag < 2) continue;
      let t = (Math.atan2(gy, gx) / Math.PI) * ORIENT; // [-ORIENT, ORIENT]
      if (t < 0) t += ORIENT;
      const b0 = Math.floor(t) % ORIENT;
      const f = t - Math.floor(t);
      out[off + b0] = (out[off + b0] as number) + mag * (1 - f);
      out[off + ((b0 + 1) % ORIENT)] = (out[off + ((b0 + 1) % ORIENT)] as number) + mag * f;
    }
  }
}

function normalizeBlock(v: Float32Array, off: number, len: number, weight: number): void {
  let s = 0;
  for (let k = off; k < off + len; k++) s += (v[k] as number) ** 2;
  const f = s > 0 ? weight / Math.sqrt(s) : 0;
  for (let k = off; k < off + len; k++) v[k] = (v[k] as number) * f;
}

/** Descriptor of a THUMB×THUMB RGB thumbnail. Pure JS and synchronous (worker-friendly). */
export function describeThumbnail(img: RawImage): Float32Array {
  if (img.width !== THUMB || img.height !== THUMB) {
    throw new RangeError(`describeThumbnail needs ${THUMB}×${THUMB}, got ${img.width}×${img.height}`);
  }
  const lab = toLabHalf(img);
  const L = lightness(img);
  const v = new Float32Array(DESCRIPTOR_DIM);
  const offLayout = AB_BINS * AB_BINS;
  const offTex = offLayout + GRID * GRID * 3;
  colorBlock(lab, v, 0);
  layoutBlock(lab, v, offLayout);
  orientationHist(L, THUMB, THUMB, v, offTex);
  orientationHist(lab.L, HALF, HALF, v, offTex + ORIENT);
  normalizeBlock(v, 0, offLayout, W_COLOR);
  normalizeBlock(v, offLayout, GRID * GRID * 3, W_LAYOUT);
  normalizeBlock(v, offTex, ORIENT * 2, W_TEXTURE);
  normalizeBlock(v, 0, DESCRIPTOR_DIM, 1);
  return v;
}
