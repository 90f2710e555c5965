/**
 * The parcel an order's lines make before anyone weighs it: Σ SKU weight × quantity × the card's
 * packaging factor, in a box whose size follows from the weight. The sandbox catalog has weights
 * but no sizes, so the box is an estimate [DESIGN]: goods of 250 kg/m³ (4 cm³ per gram, between
 * apparel and electronics), packed in a 3 : 2 : 1 carton. A real weighing replaces all of this.
 */
import type { CargoAttribute } from './card-schema.ts';
import type { Parcel } from './quote.ts';

export const CM3_PER_GRAM = 4;

export interface ParcelLine {
  weightGrams: number;
  quantity: number;
  attributes: readonly CargoAttribute[];
}

/** The 3 : 2 : 1 carton of this volume, sides rounded up to the cm. */
export function cartonSides(volumeCm3: number): [number, number, number] {
  const k = Math.cbrt(Math.max(1, volumeCm3) / 6);
  return [Math.ceil(3 * k), Math.ceil(2 * k), Math.ceil(k)];
}

/** One consolidated parcel for all lines (the first weight is then paid once, not per line). */
export function estimateParcel(lines: readonly ParcelLine[], packagingFactor: number): Parcel {
  const net = lines.reduce((sum, l) => sum + l.weightGrams * l.quantity, 0);
  const grams = Math.max(1, Math.ceil(net * packagingFactor));
  return { grams, sides: cartonSides(grams * CM3_PER_GRAM), attributes: new Set(lines.flatMap((l) => l.attributes)) };
}
