/**
 * Quoting one consolidated parcel on every channel of a card: which channels may carry it (and,
 * for each one that may not, why), and the price on each that may. Pure: the card, the FX
 * snapshot and the parcel in, the options out. Consolidation is the caller summing its lines into
 * one parcel first, so the first weight is paid once per piece, not once per line.
 */
import type { CargoAttribute, Channel, RateCard, Zone } from './card-schema.ts';
import { convertMinor, type Fx } from './fx.ts';
import { chargeableGrams, milliToMinor, type Piece, surchargeMilli, tierFor, tierMilli } from './pricing.ts';

export interface Parcel extends Piece {
  attributes: ReadonlySet<CargoAttribute>;
}

export const EXCLUSION_REASONS = [
  'COUNTRY_NOT_SERVED',
  'CARGO_REFUSED',
  'CARGO_CLASS_REFUSED',
  'OVER_WEIGHT_LIMIT',
  'OVER_SIZE_LIMIT',
  'NO_TIER_FOR_WEIGHT',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export interface Excluded {
  serviceId: string;
  reason: ExclusionReason;
  detail: string;
}

export interface FreightOption {
  serviceId: string;
  companyName: string;
  serviceCategory: Channel['serviceCategory'];
  /** In the asked currency's minor units (fen, cents). */
  priceMinor: number;
  currency: string;
  /** The same price in CNY fen: what the wallet would be charged. */
  priceFen: number;
  chargeableGrams: number;
  pieces: number;
  transitDays: readonly [number, number];
  /** "low" when any number used is a placeholder of the card. */
  confidence: 'published' | 'low';
}

export interface Quote {
  cardVersion: string;
  options: FreightOption[];
  excluded: Excluded[];
}

/** A card with each channel's zones indexed by country, built once per card version. */
export interface CompiledCard {
  card: RateCard;
  zones: Map<string, Zone>[];
}

export function compileCard(card: RateCard): CompiledCard {
  return {
    card,
    zones: card.channels.map((channel) => {
      const byCountry = new Map<string, Zone>();
      for (const zone of channel.zones) for (const country of zone.countries) if (!byCountry.has(country)) byCountry.set(country, zone);
      return byCountry;
    }),
  };
}

type Check = { ok: true; pieces: Piece[] } | { ok: false; reason: ExclusionReason; detail: string };

function cargoCheck(channel: Channel, parcel: Parcel): Check | null {
  const refused = [...parcel.attributes].filter((a) => channel.refuses.includes(a));
  if (refused.length > 0) return { ok: false, reason: 'CARGO_REFUSED', detail: `refuses ${refused.join(', ')}` };
  const cargoClass = parcel.attributes.size === 0 ? 'general' : 'sensitive';
  if (!channel.cargoClasses.includes(cargoClass))
    return { ok: false, reason: 'CARGO_CLASS_REFUSED', detail: `carries ${channel.cargoClasses.join(', ')} goods, not ${cargoClass}` };
  return null;
}

/** The pieces the parcel travels as: itself, or equal pieces when the channel splits overweight parcels. */
function piecesFor(channel: Channel, parcel: Parcel): Check {
  const { maxKgPerPiece, maxSideCm, maxSumSidesCm, splitOverweight } = channel.limits;
  let pieces: Piece[] = [parcel];
  if (maxKgPerPiece !== undefined && parcel.grams > maxKgPerPiece * 1000) {
    if (!splitOverweight) return { ok: false, reason: 'OVER_WEIGHT_LIMIT', detail: `over ${maxKgPerPiece} kg per piece` };
    const count = Math.ceil(parcel.grams / (maxKgPerPiece * 1000));
    const scale = Math.cbrt(1 / count);
    const sides = parcel.sides.map((s) => Math.max(1, Math.ceil(s * scale))) as [number, number, number];
    pieces = Array.from({ length: count }, () => ({ grams: Math.ceil(parcel.grams / count), sides }));
  }
  const piece = pieces[0]!;
  if (maxSideCm !== undefined && Math.max(...piece.sides) > maxSideCm)
    return { ok: false, reason: 'OVER_SIZE_LIMIT', detail: `a side over ${maxSideCm} cm` };
  const sum = piece.sides[0] + piece.sides[1] + piece.sides[2];
  if (maxSumSidesCm !== undefined && sum > maxSumSidesCm)
    return { ok: false, reason: 'OVER_SIZE_LIMIT', detail: `length + width + height over ${maxSumSidesCm} cm` };
  return { ok: true, pieces };
}

function priceOn(channel: Channel, zone: Zone, pieces: Piece[]): { milli: number; chargeable: number } | null {
  let milli = 0;
  let chargeable = 0;
  for (const piece of pieces) {
    const grams = chargeableGrams(channel, piece);
    const tier = tierFor(zone, grams);
    if (!tier) return null;
    const freight = tierMilli(tier, grams, piece);
    milli += freight + surchargeMilli(channel, freight, grams);
    chargeable += grams;
  }
  return { milli, chargeable };
}

type Answer = { option: FreightOption } | { excluded: Excluded };

function quoteChannel(compiled: CompiledCard, i: number, fx: Fx, parcel: Parcel, country: string, currency: string): Answer {
  const channel = compiled.card.channels[i]!;
  const out = (reason: ExclusionReason, detail: string): Answer => ({ excluded: { serviceId: channel.serviceId, reason, detail } });
  const zone = compiled.zones[i]!.get(country);
  if (!zone) return out('COUNTRY_NOT_SERVED', `does not serve ${country}`);
  const check = cargoCheck(channel, parcel) ?? piecesFor(channel, parcel);
  if (!check.ok) return out(check.reason, check.detail);
  const priced = priceOn(channel, zone, check.pieces);
  if (!priced) return out('NO_TIER_FOR_WEIGHT', 'weight outside the tiers');
  const minor = milliToMinor(priced.milli);
  const placeholder = zone.source === 'placeholder' || channel.surcharges.some((s) => s.source === 'placeholder');
  return {
    option: {
      serviceId: channel.serviceId,
      companyName: channel.companyName,
      serviceCategory: channel.serviceCategory,
      priceMinor: convertMinor(fx, minor, zone.currency, currency),
      currency,
      priceFen: convertMinor(fx, minor, zone.currency, 'CNY'),
      chargeableGrams: priced.chargeable,
      pieces: check.pieces.length,
      transitDays: zone.transitDays,
      confidence: placeholder ? 'low' : 'published',
    },
  };
}

/** Every channel's answer for the parcel to the country, prices in `currency` (which the FX snapshot must know). */
export function quoteParcel(compiled: CompiledCard, fx: Fx, parcel: Parcel, country: string, currency: string): Quote {
  const options: FreightOption[] = [];
  const excluded: Excluded[] = [];
  for (let i = 0; i < compiled.card.channels.length; i++) {
    const answer = quoteChannel(compiled, i, fx, parcel, country, currency);
    if ('option' in answer) options.push(answer.option);
    else excluded.push(answer.excluded);
  }
  options.sort((a, b) => a.priceFen - b.priceFen || a.serviceId.localeCompare(b.serviceId));
  return { cardVersion: compiled.card.version, options, excluded };
}
