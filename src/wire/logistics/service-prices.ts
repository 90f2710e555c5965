/**
 * `servicePrices` (Ponte extension, v2 path with the v1 alias): what the warehouse charges, read
 * from the operator's settings — the value-added service list a booking's `services` names, and
 * the storage policy with its rules as a sentence generated from the numbers, so the text a
 * developer shows its buyers can never disagree with what the daily job charges.
 */
import { z } from 'zod';
import { SERVICE_UNITS, servicePrices, storagePolicy, type StoragePolicy } from '../../modules/warehouse/index.ts';
import { defineRoute, ok } from '../../platform/http/index.ts';
import { fenToYuan } from '../../platform/money.ts';

const Fen = z.number().int().min(0);

export const ServicePriceView = z.object({
  code: z.string().describe('What a booking’s `services[].code` names'),
  name: z.string(),
  unit: z
    .enum(SERVICE_UNITS)
    .describe('per_photo, per_parcel (quantity = parcels treated), per_shipment, percent_of_declared, per_0_1_cbm'),
  priceFen: Fen.describe('CNY fen per unit; for percent_of_declared the minimum charge; for per_0_1_cbm each further started 0.1 m³'),
  basisPoints: z.number().int().optional().describe('percent_of_declared: the rate (150 = 1.5 %)'),
  firstFenPer0_1Cbm: Fen.optional().describe('per_0_1_cbm: the first 0.1 m³'),
});

export const StorageTermsView = z.object({
  freeDays: z.number().int().describe('Days from the stored day (day 0) that cost nothing'),
  feeFenPerParcelPerDay: Fen,
  reminderDay: z.number().int(),
  abandonDay: z.number().int(),
  disposeAfterDays: z.number().int(),
  unmatchedHoldDays: z.number().int(),
  freeQcPhotos: z.number().int(),
  terms: z.string().describe('The same rules as a sentence (English)'),
});

/** "free for 90 days, then ¥0.10 per parcel per day; reminder on day 150; abandoned on day 180; …" */
export function storageTerms(policy: StoragePolicy): string {
  return [
    `free for ${policy.freeDays} days, then ¥${fenToYuan(policy.feeFenPerParcelPerDay)} per parcel per day`,
    `reminder on day ${policy.reminderDay}`,
    `abandoned on day ${policy.abandonDay} unless booked for shipping`,
    `disposed of ${policy.disposeAfterDays} days after abandonment`,
    `days are China calendar days (Asia/Shanghai); a packed parcel no longer accrues`,
    `unmatched parcels kept ${policy.unmatchedHoldDays} days`,
    `${policy.freeQcPhotos} QC photos free`,
  ].join('; ');
}

export function storageTermsView(policy: StoragePolicy): z.input<typeof StorageTermsView> {
  const { sources: _sources, ...numbers } = policy;
  return { ...numbers, terms: storageTerms(policy) };
}

export const logisticsServicePrices = defineRoute({
  method: 'POST',
  path: '/v2/open/pp/logistics/servicePrices',
  aliases: ['/open/pp/logistics/servicePrices'],
  operationId: 'logisticsServicePrices',
  summary: 'Warehouse value-added service prices and storage terms (Ponte extension)',
  description:
    'The operator’s current list (CNY fen). A booking’s `services[{code, quantity}]` is priced by these rows; storage fees are charged by the daily job on these terms.',
  tags: ['Warehouse logistics'],
  action: 'read',
  body: z.object({}).optional(),
  data: z.object({ services: z.array(ServicePriceView), storage: StorageTermsView }),
  errors: [],
  handler: async (ctx) => {
    const services = (await servicePrices(ctx)).map((p) => ({
      code: p.code,
      name: p.name,
      unit: p.unit,
      priceFen: p.priceFen,
      ...(p.basisPoints === undefined ? {} : { basisPoints: p.basisPoints }),
      ...(p.firstFen === undefined ? {} : { firstFenPer0_1Cbm: p.firstFen }),
    }));
    return ok({ services, storage: storageTermsView(await storagePolicy(ctx)) });
  },
});

export const servicePriceRoutes = [logisticsServicePrices];
