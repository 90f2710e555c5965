import { cartonSides, CM3_PER_GRAM } from '../../../modules/freight/index.ts';
import { hashString, Rng } from '../catalog/prng.ts';

/**
 * What the sandbox warehouse's scale and tape measure read, as pure functions of a seed (the
 * parcel or shipment id), so a replayed scan or weighing reads the same numbers. The carton follows
 * freight's estimate (CM3_PER_GRAM, a 3 : 2 : 1 box), jittered, so real measurements land near
 * the W2 quote without matching it exactly.
 */

export interface Measure {
  weightGrams: number;
  lengthCm: number;
  widthCm: number;
  heightCm: number;
}

const uniform = (rng: Rng, min: number, max: number) => min + rng.next() * (max - min);

function measureOf(weightGrams: number, sides: readonly number[]): Measure {
  const [lengthCm = 1, widthCm = 1, heightCm = 1] = [...sides].sort((a, b) => b - a);
  return { weightGrams, lengthCm, widthCm, heightCm };
}

/**
 * One inbound parcel: the lines' net weight × a packaging factor of 1.05–1.20, in a carton of
 * 0.8–1.25 × the volume goods of that weight take.
 */
export function measureParcel(seed: string, lines: readonly { weightGrams: number; quantity: number }[]): Measure {
  const rng = new Rng(hashString(`parcel:${seed}`));
  const net = lines.reduce((sum, l) => sum + l.weightGrams * l.quantity, 0);
  const weightGrams = Math.max(1, Math.ceil(net * uniform(rng, 1.05, 1.2)));
  return measureOf(weightGrams, cartonSides(weightGrams * CM3_PER_GRAM * uniform(rng, 0.8, 1.25)));
}

/**
 * The consolidated shipment: the parcels' weights × a repack factor of 0.95–1.10 (outer boxes
 * removed or reinforcement added), in one carton of 1.00–1.10 × their volume whose sides, longest
 * first, are each at least the parcels' longest of that rank, so every parcel fits.
 */
export function weighShipmentMeasure(seed: string, parcels: readonly Measure[]): Measure {
  const rng = new Rng(hashString(`shipment:${seed}`));
  const gross = parcels.reduce((sum, p) => sum + p.weightGrams, 0);
  const weightGrams = Math.max(1, Math.ceil(gross * uniform(rng, 0.95, 1.1)));
  const volume = parcels.reduce((sum, p) => sum + p.lengthCm * p.widthCm * p.heightCm, 0);
  const carton = cartonSides(volume * uniform(rng, 1, 1.1)).sort((a, b) => b - a);
  const ranked = parcels.map((p) => [p.lengthCm, p.widthCm, p.heightCm].sort((a, b) => b - a));
  const sides = carton.map((side, i) => Math.max(side, ...ranked.map((r) => r[i] ?? 0)));
  return measureOf(weightGrams, sides);
}
