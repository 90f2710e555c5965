/**
 * Prices value-added services on the operator's list (settings.ts) for a booking. Each unit has
 * one rule, and the quantity means what the unit says:
 * - per_photo: quantity photos × price;
 * - per_parcel: quantity parcels treated (at most the parcels travelling) × price;
 * - per_shipment: once per shipment (quantity 1);
 * - percent_of_declared: max(minimum, ⌈declared × basis points / 10000⌉), quantity 1;
 * - per_0_1_cbm: the first 0.1 m³ at firstFen, every further started 0.1 m³ at price, quantity 1.
 */
import type { SystemCtx } from '../../platform/context.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { servicePrices, type ServicePrice } from './settings.ts';

export interface ServiceRequest {
  code: string;
  quantity: number;
}

export interface ServiceBasis {
  declaredFen: number;
  volumeCm3: number;
  parcels: number;
}

export interface ServiceLine {
  code: string;
  name: string;
  unit: ServicePrice['unit'];
  quantity: number;
  amountFen: number;
}

export type ServiceQuote = { ok: true; totalFen: number; lines: ServiceLine[] } | Failure;

const CM3_PER_TENTH_CBM = 100_000;
const MAX_PHOTOS = 50;

export async function quoteServices(
  ctx: SystemCtx,
  requested: ServiceRequest[],
  basis: ServiceBasis,
  field: string,
): Promise<ServiceQuote> {
  return priceServices(await servicePrices(ctx), requested, basis, field);
}

/** The pure rule: the same list, request and basis always price the same. */
export function priceServices(
  prices: readonly ServicePrice[],
  requested: ServiceRequest[],
  basis: ServiceBasis,
  field: string,
): ServiceQuote {
  const byCode = new Map(prices.map((p) => [p.code, p]));
  const seen = new Set<string>();
  const lines: ServiceLine[] = [];
  for (const [i, asked] of requested.entries()) {
    const price = byCode.get(asked.code);
    if (!price)
      return fail('BAD_PARAMETER', { field: `${field}[${i}].code`, rule: `is not a service code (${[...byCode.keys()].join(', ')})` });
    if (seen.has(asked.code)) return fail('BAD_PARAMETER', { field: `${field}[${i}].code`, rule: `repeats ${asked.code}` });
    seen.add(asked.code);
    const most = maxQuantity(price.unit, basis);
    if (!Number.isSafeInteger(asked.quantity) || asked.quantity < 1 || asked.quantity > most)
      return fail('BAD_PARAMETER', { field: `${field}[${i}].quantity`, rule: `must be an integer from 1 to ${most} for ${price.unit}` });
    lines.push({
      code: price.code,
      name: price.name,
      unit: price.unit,
      quantity: asked.quantity,
      amountFen: amountOf(price, asked.quantity, basis),
    });
  }
  return { ok: true, totalFen: lines.reduce((sum, line) => sum + line.amountFen, 0), lines };
}

function maxQuantity(unit: ServicePrice['unit'], basis: ServiceBasis): number {
  if (unit === 'per_photo') return MAX_PHOTOS;
  if (unit === 'per_parcel') return Math.max(1, basis.parcels);
  return 1;
}

function amountOf(price: ServicePrice, quantity: number, basis: ServiceBasis): number {
  switch (price.unit) {
    case 'per_photo':
    case 'per_parcel':
    case 'per_shipment':
      return price.priceFen * quantity;
    case 'percent_of_declared':
      return Math.max(price.priceFen, Math.ceil((basis.declaredFen * (price.basisPoints ?? 0)) / 10_000));
    case 'per_0_1_cbm': {
      const tenths = Math.max(1, Math.ceil(basis.volumeCm3 / CM3_PER_TENTH_CBM));
      return (price.firstFen ?? price.priceFen) + (tenths - 1) * price.priceFen;
    }
  }
}
