import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { measureParcel, weighShipmentMeasure } from '../src/sources/sandbox/warehouse/measure.ts';
import { qcPhotoJpegs } from '../src/sources/sandbox/warehouse/photos.ts';
import { trackingPlan } from '../src/sources/sandbox/warehouse/tracking.ts';

/* The sandbox warehouse's physical world: the same seed reads the same, and every reading is plausible. */

const LINES = [
  { weightGrams: 350, quantity: 2 },
  { weightGrams: 120, quantity: 1 },
];
const seeds = Array.from({ length: 200 }, (_, i) => `WP${1_000_000 + i}`);

test('measureParcel: deterministic, weight = net × 1.05–1.20, a carton near 4 cm³ per gram', () => {
  assert.deepEqual(measureParcel('WP1', LINES), measureParcel('WP1', LINES));
  const net = 820;
  const weights = new Set<number>();
  for (const seed of seeds) {
    const m = measureParcel(seed, LINES);
    weights.add(m.weightGrams);
    assert.ok(m.weightGrams >= Math.ceil(net * 1.05) && m.weightGrams <= Math.ceil(net * 1.2), `${seed} ${m.weightGrams}`);
    for (const side of [m.lengthCm, m.widthCm, m.heightCm]) assert.ok(Number.isSafeInteger(side) && side >= 1);
    assert.ok(m.lengthCm >= m.widthCm && m.widthCm >= m.heightCm);
    const perGram = (m.lengthCm * m.widthCm * m.heightCm) / m.weightGrams;
    assert.ok(perGram >= 0.8 * 4 && perGram <= 1.25 * 4 * 1.6, `${seed} ${perGram} cm³/g`);
  }
  assert.ok(weights.size > 50, 'the seed varies the reading');
});

test('weighShipmentMeasure: deterministic, weight × 0.95–1.10, every parcel fits the carton', () => {
  const parcels = [measureParcel('WP1', LINES), { weightGrams: 2_000, lengthCm: 60, widthCm: 10, heightCm: 8 }];
  assert.deepEqual(weighShipmentMeasure('LO1', parcels), weighShipmentMeasure('LO1', parcels));
  const gross = parcels.reduce((s, p) => s + p.weightGrams, 0);
  for (const seed of seeds) {
    const m = weighShipmentMeasure(seed, parcels);
    assert.ok(m.weightGrams >= Math.floor(gross * 0.95) && m.weightGrams <= Math.ceil(gross * 1.1), `${seed} ${m.weightGrams}`);
    assert.ok(m.lengthCm >= 60 && m.widthCm >= 10, 'the long parcel fits');
    const volume = parcels.reduce((s, p) => s + p.lengthCm * p.widthCm * p.heightCm, 0);
    assert.ok(m.lengthCm * m.widthCm * m.heightCm >= volume);
  }
});

test('trackingPlan: deterministic, one move per step, increasing, delivered within the transit days, customs for some', () => {
  assert.deepEqual(trackingPlan('LO1', 'SG', [5, 9]), trackingPlan('LO1', 'SG', [5, 9]));
  let held = 0;
  for (const seed of seeds) {
    const plan = trackingPlan(seed, 'GB', [5, 9]);
    const statuses = plan.map((s) => s.status).join(',');
    assert.ok(['IN_TRANSIT,DELIVERED', 'IN_TRANSIT,CUSTOMS_HELD,RELEASED,DELIVERED'].includes(statuses), statuses);
    if (plan.length === 4) held++;
    for (let i = 1; i < plan.length; i++) assert.ok(plan[i]!.afterMs > plan[i - 1]!.afterMs);
    const delivered = plan.at(-1)!.afterMs;
    assert.ok(delivered >= 5 * 86_400_000 && delivered <= 9 * 86_400_000, `${seed} ${delivered}`);
    assert.match(plan[0]!.description, /^Departed (Shenzhen|Guangzhou|Yiwu) hub$/);
  }
  assert.ok(held > 20 && held < 90, `${held} of 200 held by customs`);
  assert.throws(() => trackingPlan('LO1', 'SG', [9, 5]));
});

test('qcPhotoJpegs: deterministic 480×360 JPEGs under 60 KB, one picture per index', async () => {
  const a = await qcPhotoJpegs('WP1', 3, '0.43 kg  SF1234567890');
  const b = await qcPhotoJpegs('WP1', 3, '0.43 kg  SF1234567890');
  assert.equal(a.length, 3);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a[0], a[1]);
  assert.notDeepEqual(a[0], (await qcPhotoJpegs('WP1', 3, '0.44 kg  SF1234567890'))[0], 'the caption is drawn');
  for (const photo of a) {
    const meta = await sharp(photo).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 480, 360]);
    assert.ok(photo.length <= 60 * 1024, `${photo.length} bytes`);
  }
  assert.deepEqual(await qcPhotoJpegs('WP1', 0, 'x'), []);
});
