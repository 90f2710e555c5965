/**
 * Pure freight arithmetic for one piece on one channel (peers.md §7): chargeable weight under the
 * channel's volumetric rule and rounding, then the zone tier's price and the surcharges. Weights
 * are integer grams, sides integer cm, money integer milli-units of the zone's currency (1/1000
 * of a yuan, baht…) until the last step rounds up to the minor unit (fen): carriers never round
 * freight down.
 */
import type { Channel, Tier, Zone } from './card-schema.ts';

export interface Piece {
  grams: number;
  /** Length, width, height in cm, any order. */
  sides: readonly [number, number, number];
}

const milli = (units: number): number => Math.round(units * 1000);
const grams = (kg: number): number => Math.round(kg * 1000);
const volumeCm3 = (p: Piece): number => p.sides[0] * p.sides[1] * p.sides[2];
const longest = (p: Piece): number => Math.max(...p.sides);

/** Whether the channel's volumetric weight counts for this piece (EMS counts it only past a side length). */
function volumetricApplies(channel: Channel, piece: Piece): boolean {
  const when = channel.volumetric.appliesWhen;
  if (!when) return true;
  const side = longest(piece);
  if (when.anySideCmGte !== undefined && side >= when.anySideCmGte) return true;
  if (when.anySideCmGt !== undefined && side > when.anySideCmGt) return true;
  return false;
}

/** The volumetric weight in grams, rounded up: L×W×H / divisor (cm³ per kg). */
export function volumetricGrams(channel: Channel, piece: Piece): number {
  return Math.ceil((volumeCm3(piece) * 1000) / channel.volumetric.divisor);
}

/** Weight before rounding: actual, or the volumetric rule's answer (full, half, free throw). */
export function billedGrams(channel: Channel, piece: Piece): number {
  const { rule, freeUntilKg } = channel.volumetric;
  if (rule === 'none' || !volumetricApplies(channel, piece)) return piece.grams;
  const vol = volumetricGrams(channel, piece);
  if (vol <= piece.grams) return piece.grams;
  if (freeUntilKg !== undefined && vol - piece.grams <= grams(freeUntilKg)) return piece.grams;
  return rule === 'full' ? vol : Math.ceil((piece.grams + vol) / 2);
}

/** Chargeable grams: billed weight rounded up to the channel's unit, at least its minimum. */
export function chargeableGrams(channel: Channel, piece: Piece): number {
  const unit = grams(channel.rounding.unitKg);
  const rounded = Math.ceil(billedGrams(channel, piece) / unit) * unit;
  return Math.max(rounded, grams(channel.minChargeableKg));
}

/** The tier whose bracket holds the weight: fromKg < kg ≤ toKg, the first tier from 0 inclusive. */
export function tierFor(zone: Zone, chargeable: number): Tier | null {
  for (const [i, tier] of zone.tiers.entries()) {
    const from = grams(tier.fromKg);
    if ((chargeable > from || (i === 0 && chargeable >= from)) && chargeable <= grams(tier.toKg)) return tier;
  }
  return null;
}

const perKgMilli = (rate: number, chargeable: number): number => Math.ceil((milli(rate) * chargeable) / 1000);

/** The tier's freight in milli-units for the chargeable grams (and the piece's volume, for kg_or_cbm). */
export function tierMilli(tier: Tier, chargeable: number, piece: Piece): number {
  if (tier.mode === 'item_per_kg') return milli(tier.itemFee) + perKgMilli(tier.perKg, chargeable);
  if (tier.mode === 'kg_or_cbm') {
    const byMeasure = Math.ceil((milli(tier.perCbm) * volumeCm3(piece)) / 1_000_000);
    return Math.max(perKgMilli(tier.perKg, chargeable), byMeasure);
  }
  const first = grams(tier.first.kg);
  if (chargeable <= first) return milli(tier.first.price);
  return milli(tier.first.price) + Math.ceil((chargeable - first) / grams(tier.step.kg)) * milli(tier.step.price);
}

/** Surcharges of one piece in milli-units: percent of the freight, per kg, per parcel, with a minimum. */
export function surchargeMilli(channel: Channel, freight: number, chargeable: number): number {
  let total = 0;
  for (const s of channel.surcharges) {
    if (s.whenKgGt !== undefined && chargeable <= grams(s.whenKgGt)) continue;
    let amount = 0;
    if (s.percent !== undefined) amount += Math.ceil((freight * Math.round(s.percent * 100)) / 10_000);
    if (s.perKg !== undefined) amount += perKgMilli(s.perKg, chargeable);
    if (s.perParcel !== undefined) amount += milli(s.perParcel);
    if (s.minPerParcel !== undefined) amount = Math.max(amount, milli(s.minPerParcel));
    total += amount;
  }
  return total;
}

/** Milli-units to minor units (fen, satang, cents), rounded up. */
export const milliToMinor = (m: number): number => Math.ceil(m / 10);
