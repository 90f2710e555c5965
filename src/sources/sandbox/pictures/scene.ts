/**
 * A product picture as a pure function of (imageSeed, colour, u, v) with u, v in [0, 1].
 *
 * Being resolution-independent is the point: the 800 px JPEG a client downloads and the
 * 64 px thumbnail the generator describes at index time are samplings of the same scene,
 * so index-time descriptors need no JPEG round trip (which would cost ~20 ms a product).
 */

export type Rgb = [number, number, number];

const SHAPES = ['ellipse', 'box', 'bottle', 'dress', 'shirt', 'shoe', 'bag', 'flower', 'cone'] as const;
const PATTERNS = ['solid', 'stripes', 'dots', 'checks', 'blobs', 'gradient', 'chevron'] as const;
type Shape = (typeof SHAPES)[number];
type Pattern = (typeof PATTERNS)[number];

interface Extra {
  kind: 0 | 1 | 2; // disc, square, diamond
  x: number;
  y: number;
  r: number;
  rgb: Rgb;
}

export interface SceneParams {
  shape: Shape;
  pattern: Pattern;
  bgTop: Rgb;
  bgBottom: Rgb;
  floorY: number;
  cx: number;
  cy: number;
  sx: number;
  sy: number;
  cosR: number;
  sinR: number;
  shapeK: number; // per-shape free parameter (petal count, roundness, …)
  main: Rgb;
  accent: Rgb;
  patCos: number;
  patSin: number;
  patFreq: number;
  patDuty: number;
  extras: Extra[];
}

/** mulberry32: tiny, fast and stable across platforms, so a seed means the same picture forever. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** HSL → sRGB bytes; backgrounds and accents are drawn in HSL so their hue varies continuously. */
export function hsl(h: number, s: number, l: number): Rgb {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}

export function sceneParams(imageSeed: number, rgb: Rgb): SceneParams {
  const r = prng(imageSeed ^ 0x9e3779b9);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const shape = pick(SHAPES);
  const pattern = pick(PATTERNS);
  // Mid-lightness, saturated-enough backgrounds: they carry much of a picture's identity and
  // must survive ±30 % brightness without clipping to white or black.
  const bgHue = r() * 360;
  // Saturation capped: sharp's brightness change runs in LCh and gamut-clips vivid colours.
  const bgSat = 0.2 + r() * 0.4;
  const bgTop = hsl(bgHue, bgSat, 0.45 + r() * 0.2);
  const bgBottom = hsl((bgHue + (r() - 0.5) * 80 + 360) % 360, bgSat, 0.35 + r() * 0.25);
  const rot = (r() - 0.5) * 0.5;
  const patAngle = r() * Math.PI;
  const accent = hsl(r() * 360, 0.5 + r() * 0.5, 0.2 + r() * 0.6);
  const params: SceneParams = {
    shape,
    pattern,
    bgTop,
    bgBottom,
    floorY: 0.6 + r() * 0.3,
    cx: 0.4 + r() * 0.2,
    cy: 0.42 + r() * 0.16,
    sx: 0.2 + r() * 0.12,
    sy: 0.24 + r() * 0.12,
    cosR: Math.cos(rot),
    sinR: Math.sin(rot),
    shapeK: r(),
    main: [rgb[0], rgb[1], rgb[2]],
    accent,
    patCos: Math.cos(patAngle),
    patSin: Math.sin(patAngle),
    patFreq: 5 + r() * 9,
    patDuty: 0.3 + r() * 0.3,
    extras: [],
  };
  const n = 2 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    params.extras.push({
      kind: Math.floor(r() * 3) as 0 | 1 | 2,
      x: 0.1 + r() * 0.8,
      y: 0.1 + r() * 0.8,
      r: 0.04 + r() * 0.06,
      rgb: hsl(r() * 360, 0.4 + r() * 0.6, 0.25 + r() * 0.5),
    });
  }
  return params;
}

function roundBox(x: number, y: number, hw: number, hh: number, rad: number): boolean {
  const qx = Math.abs(x) - hw + rad;
  const qy = Math.abs(y) - hh + rad;
  const ox = Math.max(qx, 0);
  const oy = Math.max(qy, 0);
  return Math.sqrt(ox * ox + oy * oy) + Math.min(Math.max(qx, qy), 0) - rad < 0;
}

/** Inside test in object space, where the silhouette roughly spans [-1, 1]². */
function insideShape(shape: Shape, x: number, y: number, k: number): boolean {
  switch (shape) {
    case 'ellipse':
      return x * x + y * y < 1;
    case 'box':
      return roundBox(x, y, 0.9, 0.9, 0.1 + k * 0.5);
    case 'bottle':
      if (y < -0.35) return Math.abs(x) < 0.16 + (y > -0.55 ? (y + 0.55) * 1.5 : 0) && y > -1;
      return roundBox(x, y - 0.3, 0.5 + k * 0.2, 0.68, 0.15);
    case 'dress': {
      if (y < -1 || y > 1) return false;
      const hw = y < -0.25 ? 0.3 : 0.3 + (y + 0.25) * (0.5 + k * 0.3);
      return Math.abs(x) < hw && !(y < -0.8 && Math.abs(x) < 0.15);
    }
    case 'shirt': {
      if (y < -0.75 || y > 1) return false;
      const body = Math.abs(x) < 0.5;
      const sleeve = Math.abs(x) < 0.95 && y < -0.2 + (Math.abs(x) - 0.5) * -0.6 * (0.5 + k);
      const neck = x * x + (y + 0.75) * (y + 0.75) < 0.04;
      return (body || sleeve) && !neck;
    }
    case 'shoe': {
      if (y > 0.45 || x < -1 || x > 1) return false;
      if (y > -0.05) return true;
      const heelTop = -0.35 - k * 0.3;
      return (x < -0.2 && y > heelTop) || ((x + 0.2) * (x + 0.2)) / 1.44 + (y * y) / 0.2 < 1;
    }
    case 'bag': {
      const rr = x * x + (y + 0.2) * (y + 0.2);
      const handle = y < -0.2 && rr < 0.36 && rr > 0.2 + k * 0.08;
      return handle || roundBox(x, y - 0.35, 0.9, 0.6, 0.12);
    }
    case 'flower': {
      const petals = 4 + Math.floor(k * 5);
      const rho = Math.sqrt(x * x + y * y);
      return rho < 0.65 + 0.3 * Math.cos(petals * Math.atan2(y, x));
    }
    case 'cone':
      return y > -1 && y < 0.9 && Math.abs(x) < 0.2 + (y + 1) * 0.4;
  }
}

function frac(t: number): number {
  return t - Math.floor(t);
}

/** 0 → main colour, 1 → accent colour, in between → blend (gradient pattern). */
function patternMix(p: SceneParams, u: number, v: number): number {
  const s = (u * p.patCos + v * p.patSin) * p.patFreq;
  const t = (v * p.patCos - u * p.patSin) * p.patFreq;
  switch (p.pattern) {
    case 'solid':
      return 0;
    case 'stripes':
      return frac(s) < p.patDuty ? 1 : 0;
    case 'dots': {
      const dx = frac(s) - 0.5;
      const dy = frac(t) - 0.5;
      return dx * dx + dy * dy < p.patDuty * 0.3 ? 1 : 0;
    }
    case 'checks':
      return (Math.floor(s) + Math.floor(t)) & 1;
    case 'blobs': {
      const dx = frac(s * 0.6) - 0.5;
      const dy = frac(t * 0.6) - 0.5;
      const rho = Math.sqrt(dx * dx + dy * dy);
      return rho < 0.18 + 0.12 * Math.cos(5 * Math.atan2(dy, dx)) ? 1 : 0;
    }
    case 'gradient':
      return Math.min(1, Math.max(0, frac(s * 0.12) * 1.2));
    case 'chevron':
      return frac(s + Math.abs(frac(t) - 0.5)) < p.patDuty ? 1 : 0;
  }
}

/**
 * The extras a row at height v can touch, last drawn first. A row farther than an extra's
 * radius from its centre misses it (|dy| ≥ r makes each inside test false in floating point
 * too), so most rows test none.
 */
function extrasOnRow(p: SceneParams, v: number): Extra[] {
  const found: Extra[] = [];
  for (let i = p.extras.length - 1; i >= 0; i--) {
    const e = p.extras[i] as Extra;
    if (Math.abs(v - e.y) < (e.kind === 2 ? e.r * 1.3 : e.r)) found.push(e);
  }
  return found;
}

function insideExtra(e: Extra, dx: number, dy: number): boolean {
  if (e.kind === 0) return dx * dx + dy * dy < e.r * e.r;
  if (e.kind === 1) return Math.abs(dx) < e.r && Math.abs(dy) < e.r;
  return Math.abs(dx) + Math.abs(dy) < e.r * 1.3;
}

/** The background's colour on row v under each shadow factor: none, floor, cast shadow. */
function backgroundOnRow(p: SceneParams, v: number): [Rgb, Rgb, Rgb] {
  const w = v < p.floorY ? v / p.floorY : 1;
  const at = (shadow: number): Rgb => [
    (p.bgTop[0] * (1 - w) + p.bgBottom[0] * w) * shadow,
    (p.bgTop[1] * (1 - w) + p.bgBottom[1] * w) * shadow,
    (p.bgTop[2] * (1 - w) + p.bgBottom[2] * w) * shadow,
  ];
  return [at(1), at(0.9), at(0.7)];
}

function write(out: Float32Array, o: number, rgb: Rgb): void {
  out[o] = rgb[0];
  out[o + 1] = rgb[1];
  out[o + 2] = rgb[2];
}

/**
 * Colours of the scene at (u0 + (k + 0.5) · stepU, v) for k < count, written into out as floats
 * in [0, 255], three per sample. What depends on v alone is computed once per row, with the
 * very operations a per-sample evaluation would do, so the pixels are the same to the bit.
 */
export function shadeRow(p: SceneParams, v: number, u0: number, stepU: number, count: number, out: Float32Array): void {
  const extras = extrasOnRow(p, v);
  const [plain, floor, cast] = backgroundOnRow(p, v);
  const rowX = (v - p.cy) * p.sinR;
  const rowY = (v - p.cy) * p.cosR;
  const shadowY = (v - (p.cy + p.sy * 1.02)) / (p.sy * 0.12);
  const onFloor = v >= p.floorY;
  const { cx, cosR, sinR, sx, sy } = p;
  const shadowWidth = sx * 1.1;
  samples: for (let k = 0; k < count; k++) {
    const u = u0 + (k + 0.5) * stepU;
    const o = k * 3;
    for (let e = 0; e < extras.length; e++) {
      const extra = extras[e]!;
      if (insideExtra(extra, u - extra.x, v - extra.y)) {
        write(out, o, extra.rgb);
        continue samples;
      }
    }
    const x = ((u - cx) * cosR + rowX) / sx;
    const y = (rowY - (u - cx) * sinR) / sy;
    // Every silhouette fits in [-1, 1]²; the cheap box test spares most background pixels.
    if (x > -1 && x < 1 && y > -1 && y < 1 && insideShape(p.shape, x, y, p.shapeK)) {
      const m = patternMix(p, u, v);
      // Soft top-left light so the object reads as 3-D rather than a flat sticker.
      const light = 1.08 - 0.12 * (x + y + 2) * 0.5;
      out[o] = Math.min(255, (p.main[0] * (1 - m) + p.accent[0] * m) * light);
      out[o + 1] = Math.min(255, (p.main[1] * (1 - m) + p.accent[1] * m) * light);
      out[o + 2] = Math.min(255, (p.main[2] * (1 - m) + p.accent[2] * m) * light);
      continue;
    }
    const shadowX = (u - cx) / shadowWidth;
    write(out, o, shadowX * shadowX + shadowY * shadowY < 1 ? cast : onFloor ? floor : plain);
  }
}
