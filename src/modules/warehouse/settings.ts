/**
 * What an operator sets without a deploy (C2.2): the storage policy and the value-added service
 * price list. Both are one JSON document each in warehouse_settings, validated by the schemas
 * below; when none was saved the defaults apply. Every default cites where it comes from
 * (aftersales-logistics.md B1); prices are CNY fen, converted from the cited currency at the
 * shipped sample FX snapshot's rate where the source is not in CNY.
 */
import { z } from 'zod';
import type { SystemCtx } from '../../platform/context.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { MAX_WALLET_FEN } from '../../platform/money.ts';

const Days = z.number().int().min(0).max(3650);
const Fen = z.number().int().min(0).max(MAX_WALLET_FEN);

export const StoragePolicy = z
  .object({
    /** Days from the day a parcel is stored that cost nothing (day 0 is the stored day). */
    freeDays: Days,
    /** The fee for each later day, per parcel. */
    feeFenPerParcelPerDay: Fen,
    /** The day the developer is reminded that abandonment comes. */
    reminderDay: Days,
    /** The day a parcel still in the warehouse is abandoned. */
    abandonDay: Days,
    /** Days after abandonment before it is disposed of. */
    disposeAfterDays: Days,
    /** How long a scan that matches no declared parcel is kept. */
    unmatchedHoldDays: Days,
    /** QC photos included free with every received parcel. */
    freeQcPhotos: z.number().int().min(0).max(20),
    /** Where the numbers come from. */
    sources: z.array(z.string().max(500)).max(20),
  })
  .strict()
  .refine((p) => p.freeDays <= p.reminderDay && p.reminderDay < p.abandonDay, {
    message: 'must satisfy freeDays ≤ reminderDay < abandonDay',
    path: ['abandonDay'],
  });
export type StoragePolicy = z.infer<typeof StoragePolicy>;

export const DEFAULT_STORAGE_POLICY: StoragePolicy = {
  freeDays: 90,
  feeFenPerParcelPerDay: 10,
  reminderDay: 150,
  abandonDay: 180,
  disposeAfterDays: 30,
  unmatchedHoldDays: 30,
  freeQcPhotos: 3,
  sources: [
    'Superbuy: 90 free days, then CN¥0.1 per item per day, reminder at 150, abandoned at 180 (http://www.buytaobao1688.com/warehousing.html)',
    'CSSBuy: unmatched parcels kept 30 days (peers.md)',
    'Mulebuy: ~3 free parcel photos (https://back.mulebuybeta.com/help-center/value-added-services-2)',
    'disposeAfterDays 30: placeholder [DESIGN]',
  ],
};

export const SERVICE_UNITS = ['per_photo', 'per_parcel', 'per_shipment', 'percent_of_declared', 'per_0_1_cbm'] as const;

export const ServicePrice = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
    name: z.string().min(1).max(100),
    unit: z.enum(SERVICE_UNITS),
    /** The price per unit; for percent_of_declared the minimum charge. */
    priceFen: Fen,
    /** percent_of_declared only: the rate in basis points (150 = 1.5 %). */
    basisPoints: z.number().int().min(0).max(10_000).optional(),
    /** per_0_1_cbm only: the price of the first 0.1 m³ (then priceFen per further 0.1 m³). */
    firstFen: Fen.optional(),
    source: z.string().min(1).max(500),
  })
  .strict();
export type ServicePrice = z.infer<typeof ServicePrice>;

export const ServicePriceList = z
  .array(ServicePrice)
  .max(100)
  .superRefine((rows, issue) => {
    const seen = new Set<string>();
    for (const [i, row] of rows.entries()) {
      if (seen.has(row.code)) issue.addIssue({ code: 'custom', path: [i, 'code'], message: `repeats ${row.code}` });
      seen.add(row.code);
    }
  });

const USD = 'USD at the sample FX snapshot';
const MYR = 'MYR at the sample FX snapshot';
export const DEFAULT_SERVICE_PRICES: ServicePrice[] = [
  { code: 'extra_photo', name: 'Extra QC photo', unit: 'per_photo', priceFen: 164, source: `Mulebuy 0.23 USD each (${USD})` },
  {
    code: 'rehearsal_packing',
    name: 'Rehearsal packing',
    unit: 'per_shipment',
    priceFen: 2143,
    source: `Mulebuy 3 USD per parcel (${USD})`,
  },
  {
    code: 'remove_packaging',
    name: 'Remove unnecessary packaging',
    unit: 'per_parcel',
    priceFen: 357,
    source: `fycargo remove box 0.5 USD (${USD})`,
  },
  {
    code: 'reinforcement',
    name: 'Bubble wrap reinforcement',
    unit: 'per_parcel',
    priceFen: 806,
    source: `jinguo-int 5 RM per piece (${MYR})`,
  },
  {
    code: 'wooden_crate',
    name: 'Wooden crate',
    unit: 'per_0_1_cbm',
    firstFen: 4032,
    priceFen: 2419,
    source: `jinguo-int first 0.1 m³ 25 RM, then 15 RM per 0.1 m³ (${MYR})`,
  },
  {
    code: 'insurance',
    name: 'Shipping insurance',
    unit: 'percent_of_declared',
    basisPoints: 150,
    priceFen: 2143,
    source: `fycargo 1.5 % of declared value, minimum 3 USD (${USD})`,
  },
  {
    code: 'consolidation_material',
    name: 'Consolidation material',
    unit: 'per_shipment',
    priceFen: 200,
    source: 'xhfhk ¥2 per consolidation',
  },
  { code: 'change_fee', name: 'Change after booking', unit: 'per_shipment', priceFen: 1000, source: 'nswex ¥10 per change' },
];

type Key = 'storage_policy' | 'service_prices';

async function readSetting(ctx: SystemCtx, key: Key): Promise<unknown | undefined> {
  const row = await ctx.db.selectFrom('warehouse_settings').select('json').where('key', '=', key).executeTakeFirst();
  return row ? JSON.parse(row.json) : undefined;
}

async function writeSetting(ctx: SystemCtx, key: Key, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  const now = ctx.clock.nowMs();
  await ctx.db
    .insertInto('warehouse_settings')
    .values({ key, json, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ json, updated_at: now }))
    .execute();
}

export async function storagePolicy(ctx: SystemCtx): Promise<StoragePolicy> {
  return ((await readSetting(ctx, 'storage_policy')) as StoragePolicy | undefined) ?? DEFAULT_STORAGE_POLICY;
}

export async function servicePrices(ctx: SystemCtx): Promise<ServicePrice[]> {
  return ((await readSetting(ctx, 'service_prices')) as ServicePrice[] | undefined) ?? DEFAULT_SERVICE_PRICES;
}

function invalid(prefix: string, error: z.ZodError): Failure {
  const issue = error.issues[0]!;
  return fail('BAD_PARAMETER', { field: [prefix, ...issue.path.map(String)].join('.'), rule: issue.message });
}

/** Replaces the storage policy; a bad one answers BAD_PARAMETER naming its field (`policy.abandonDay`). */
export async function setStoragePolicy(ctx: SystemCtx, input: unknown): Promise<{ ok: true; policy: StoragePolicy } | Failure> {
  const parsed = StoragePolicy.safeParse(input);
  if (!parsed.success) return invalid('policy', parsed.error);
  await writeSetting(ctx, 'storage_policy', parsed.data);
  return { ok: true, policy: parsed.data };
}

export async function setServicePrices(ctx: SystemCtx, input: unknown): Promise<{ ok: true; prices: ServicePrice[] } | Failure> {
  const parsed = ServicePriceList.safeParse(input);
  if (!parsed.success) return invalid('prices', parsed.error);
  await writeSetting(ctx, 'service_prices', parsed.data);
  return { ok: true, prices: parsed.data };
}

export interface StorageDates {
  /** The first warehouse day that costs a fee, and the days of the reminder and of abandonment. */
  firstFeeDay: number;
  reminderDay: number;
  abandonDay: number;
}

/**
 * The storage calendar of a parcel stored on `storedDay` (a warehouse day, days.ts): day n counts
 * from the stored day (n = 0); days n < freeDays are free, a fee is due for each later day, the
 * reminder goes on day reminderDay and the parcel is abandoned on day abandonDay.
 */
export function storageDates(policy: StoragePolicy, storedDay: number): StorageDates {
  return {
    firstFeeDay: storedDay + policy.freeDays,
    reminderDay: storedDay + policy.reminderDay,
    abandonDay: storedDay + policy.abandonDay,
  };
}
