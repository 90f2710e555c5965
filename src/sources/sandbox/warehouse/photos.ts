import sharp from 'sharp';
import { hashString } from '../catalog/prng.ts';
import { FULL, renderRegion, sceneParams } from '../pictures/index.ts';

/**
 * The sandbox warehouse's QC photos: a cardboard parcel on a scale whose display shows the
 * caption (weight and tracking number), drawn with the product pictures' scene renderer, one
 * picture per (seed, index). 480×360 JPEGs of a few tens of KB, the same bytes for the same
 * arguments on a given machine (the caption goes through the system's fonts).
 */

const WIDTH = 480;
const HEIGHT = 360;
const CARDBOARD: [number, number, number] = [176, 132, 84];

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The scale (platform and display) laid over the scene; the caption is drawn on the display. */
function scaleOverlay(caption: string, index: number, count: number): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
  <rect x="40" y="${HEIGHT - 70}" width="${WIDTH - 80}" height="22" rx="4" fill="#3b3f45"/>
  <rect x="0" y="${HEIGHT - 48}" width="${WIDTH}" height="48" fill="#15181c"/>
  <text x="12" y="${HEIGHT - 17}" font-family="DejaVu Sans Mono, monospace" font-size="20" fill="#7CFC8A">${escapeXml(caption)}</text>
  <text x="${WIDTH - 12}" y="${HEIGHT - 17}" text-anchor="end" font-family="DejaVu Sans Mono, monospace" font-size="14" fill="#9aa3ad">QC ${index + 1}/${count}</text>
</svg>`;
  return Buffer.from(svg);
}

async function qcPhoto(seed: string, index: number, count: number, caption: string): Promise<Buffer> {
  // The product scene's light, background and tape stripes; a plain box on the scale's platform, no props.
  const base = sceneParams(hashString(`qc:${seed}:${index}`), CARDBOARD);
  const scene = { ...base, shape: 'box' as const, pattern: 'stripes' as const, cy: 0.5, floorY: 0.78, extras: [] };
  const raw = renderRegion(scene, FULL, WIDTH, HEIGHT, 1);
  return sharp(raw.data, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .composite([{ input: scaleOverlay(caption, index, count) }])
    .jpeg({ quality: 70 })
    .toBuffer();
}

/** `count` QC photos of one parcel (seed: its id) with `caption` on the scale, e.g. "0.43 kg  SF1234567890". */
export async function qcPhotoJpegs(seed: string, count: number, caption: string): Promise<Buffer[]> {
  if (!Number.isSafeInteger(count) || count < 0) throw new Error(`bad photo count ${count}`);
  const photos: Buffer[] = [];
  for (let i = 0; i < count; i++) photos.push(await qcPhoto(seed, i, count, caption));
  return photos;
}
