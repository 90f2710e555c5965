/**
 * The versioned rate-card format (aftersales-logistics.md C2.3): the one source of the card's
 * types. A card is JSON an operator loads without a deploy; parsing it here is the validation,
 * so a bad card is refused naming the field (zod's path). Money in the card is written in the
 * zone's currency units with at most 3 decimals (published per-kg rates such as ¥92.988/kg have
 * three); compile.ts turns it into integers (milli-units) once, at load.
 */
import { z } from 'zod';

/** Item attributes a channel may refuse (B2 "Goods refused by channel"; peers.md §7). */
export const CARGO_ATTRIBUTES = [
  'battery_builtin',
  'battery_loose',
  'liquid',
  'powder',
  'magnetic',
  'aerosol',
  'food',
  'cosmetics',
  'branded',
  'tobacco',
  'alcohol',
  'weapon',
  'dangerous_goods',
] as const;
export type CargoAttribute = (typeof CARGO_ATTRIBUTES)[number];

/** general: no attribute; sensitive: any attribute (B2 three-class model: general / special / sensitive). */
export const CARGO_CLASSES = ['general', 'special', 'sensitive'] as const;
export const SERVICE_CATEGORIES = ['POSTAL_SMALL', 'EXPRESS_POSTAL', 'COMMERCIAL_EXPRESS', 'AIR_SPECIAL_LINE', 'SEA', 'LAND'] as const;

const Money = z
  .number()
  .min(0)
  .max(1_000_000)
  .refine((n) => Number.isInteger(Math.round(n * 1000)) && Math.abs(n * 1000 - Math.round(n * 1000)) < 1e-6, 'at most 3 decimals');
const Kg = z.number().min(0).max(100_000);
const PositiveKg = z.number().positive().max(100_000);
const Cm = z.number().int().positive().max(10_000);
const Currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY');
const Iso2 = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as US');
/** Where a number comes from: a URL of B2's table, or the word "placeholder" (then answers say confidence "low"). */
const Source = z.union([z.literal('placeholder'), z.string().regex(/^https?:\/\/\S+/, 'a URL or "placeholder"')]);

export const Volumetric = z.object({
  divisor: z.number().int().min(1000).max(10_000).describe('cm³ per kg: 5000, 6000, 8000…'),
  /** Volumetric weight counts only when a side reaches this (EMS: ≥40 cm or >60 cm); absent: always. */
  appliesWhen: z.object({ anySideCmGte: Cm.optional(), anySideCmGt: Cm.optional() }).strict().optional(),
  /** full: max(actual, vol); half: (actual + vol)/2 when vol > actual; none: actual only. */
  rule: z.enum(['full', 'half', 'none']),
  /** Free throw: actual weight only while vol − actual ≤ this many kg, then `rule` (nswex 10, eses 20). */
  freeUntilKg: Kg.optional(),
});

export const Limits = z
  .object({
    maxKgPerPiece: PositiveKg.optional(),
    maxSideCm: Cm.optional(),
    maxSumSidesCm: Cm.optional(),
    /** An overweight parcel is split into equal pieces (each paying its first weight) instead of refused. */
    splitOverweight: z.boolean().optional(),
  })
  .strict();

export const Surcharge = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_]{0,30}$/),
    /** Percent of the freight, e.g. fuel 12.5. */
    percent: z.number().min(0).max(100).optional(),
    perKg: Money.optional(),
    perParcel: Money.optional(),
    minPerParcel: Money.optional(),
    /** Applies only above this chargeable weight per piece (overweight surcharges). */
    whenKgGt: Kg.optional(),
    source: Source,
  })
  .strict();

/** first + continued (首重 + 续重): first.price covers first.kg, then step.price per started step.kg. */
const FirstStep = z
  .object({
    mode: z.literal('first_step'),
    fromKg: Kg,
    toKg: PositiveKg,
    first: z.object({ kg: PositiveKg, price: Money }).strict(),
    step: z.object({ kg: PositiveKg, price: Money }).strict(),
  })
  .strict();
/** Postal style (Wish EPC): item fee + price per kg of the chargeable weight. */
const ItemPerKg = z.object({ mode: z.literal('item_per_kg'), fromKg: Kg, toKg: PositiveKg, itemFee: Money, perKg: Money }).strict();
/** Weight or measure (sea, truck): the higher of perKg × kg and perCbm × m³. */
const KgOrCbm = z.object({ mode: z.literal('kg_or_cbm'), fromKg: Kg, toKg: PositiveKg, perKg: Money, perCbm: Money }).strict();
export const Tier = z.discriminatedUnion('mode', [FirstStep, ItemPerKg, KgOrCbm]);

export const Zone = z
  .object({
    countries: z.array(Iso2).min(1),
    currency: Currency,
    transitDays: z.tuple([z.number().int().min(0).max(365), z.number().int().min(0).max(365)]),
    /** Bracketed by the whole chargeable weight: fromKg < kg ≤ toKg (the first tier also takes 0). */
    tiers: z.array(Tier).min(1),
    source: Source,
  })
  .strict();

export const Channel = z
  .object({
    serviceId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
    companyName: z.string().min(1).max(100),
    serviceCategory: z.enum(SERVICE_CATEGORIES),
    cargoClasses: z.array(z.enum(CARGO_CLASSES)).min(1),
    refuses: z.array(z.enum(CARGO_ATTRIBUTES)),
    volumetric: Volumetric,
    rounding: z.object({ unitKg: PositiveKg }).strict(),
    minChargeableKg: Kg,
    limits: Limits,
    surcharges: z.array(Surcharge),
    zones: z.array(Zone).min(1),
    /** Where the channel's rules (divisor, rounding, limits, refusals) come from. */
    source: Source,
    /** Rule fields that are not published for this line and are assumptions an operator must check. */
    placeholderFields: z.array(z.string().max(60)).max(20).optional(),
  })
  .strict();

export const RateCard = z
  .object({
    version: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/),
    /** The first day the card quotes, an Asia/Shanghai date (the warehouse's calendar). */
    effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** The first day it no longer quotes (exclusive); absent = until a card loaded later covers the day. */
    effectiveTo: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    description: z.string().max(2000).optional(),
    /** Estimated gross = net × this before packing (rorbuy: 1.10, peers.md §7). */
    packagingFactor: z.number().min(1).max(3),
    channels: z.array(Channel).min(1).max(500),
  })
  .strict()
  .superRefine((card, issue) => {
    // [effectiveFrom, effectiveTo): an empty or backwards period could never quote.
    if (card.effectiveTo !== undefined && card.effectiveTo <= card.effectiveFrom)
      issue.addIssue({ code: 'custom', path: ['effectiveTo'], message: 'must be after effectiveFrom (the period excludes it)' });
    const ids = new Set<string>();
    card.channels.forEach((channel, i) => {
      if (ids.has(channel.serviceId)) issue.addIssue({ code: 'custom', path: ['channels', i, 'serviceId'], message: 'repeated' });
      ids.add(channel.serviceId);
      for (const [z, zone] of channel.zones.entries())
        for (const [t, tier] of zone.tiers.entries())
          if (tier.toKg <= tier.fromKg)
            issue.addIssue({ code: 'custom', path: ['channels', i, 'zones', z, 'tiers', t, 'toKg'], message: 'must exceed fromKg' });
    });
  });
export type RateCard = z.infer<typeof RateCard>;
export type Channel = z.infer<typeof Channel>;
export type Zone = z.infer<typeof Zone>;
export type Tier = z.infer<typeof Tier>;

/** The FX snapshot: units of each currency per 1 CNY, as of a date (stored, never fetched live). */
export const FxSnapshot = z
  .object({
    asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    source: Source,
    perCny: z.record(Currency, z.number().positive().max(1_000_000)),
  })
  .strict();
export type FxSnapshot = z.infer<typeof FxSnapshot>;

/** The card's field path of a zod error, e.g. `channels[2].zones[0].tiers[1].toKg`. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || '(card)';
}
