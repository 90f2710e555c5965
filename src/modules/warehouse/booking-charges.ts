/**
 * What a booking needs from the storage side, behind the two signatures storage.ts and
 * service-quote.ts export (settleUnpaidStorage, quoteServices). These are the narrow versions
 * the booking runs on until those land: unpaid storage refuses the booking (STORAGE_FEE_UNPAID)
 * instead of charging it, and services are priced straight from the operator's list. book.ts
 * imports them from here only, so switching to the full versions is one import.
 */
import type { SystemCtx } from '../../platform/context.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { servicePrices, type ServicePrice } from './settings.ts';

export interface ServiceLine {
  code: string;
  name: string;
  unit: ServicePrice['unit'];
  quantity: number;
  amountFen: number;
}

export interface ServiceBasis {
  declaredFen: number;
  volumeCm3: number;
  parcels: number;
}

export async function settleUnpaidStorage(
  ctx: SystemCtx,
  developerId: string,
  parcelIds: string[],
): Promise<{ ok: true; chargedFen: number } | Failure> {
  if (parcelIds.length === 0) return { ok: true, chargedFen: 0 };
  const owing = await ctx.db
    .selectFrom('warehouse_parcels')
    .select(['parcel_id', 'storage_unpaid_fen'])
    .where('developer_id', '=', developerId)
    .where('parcel_id', 'in', parcelIds)
    .where('storage_unpaid_fen', '>', 0)
    .orderBy('parcel_id')
    .executeTakeFirst();
  if (owing) return fail('STORAGE_FEE_UNPAID', { parcelId: owing.parcel_id, amountFen: Number(owing.storage_unpaid_fen) });
  return { ok: true, chargedFen: 0 };
}

const CBM_0_1 = 100_000;

function amountOf(price: ServicePrice, quantity: number, basis: ServiceBasis): number {
  switch (price.unit) {
    case 'percent_of_declared':
      return Math.max(price.priceFen, Math.ceil((basis.declaredFen * (price.basisPoints ?? 0)) / 10_000));
    case 'per_0_1_cbm': {
      const started = Math.max(1, Math.ceil(basis.volumeCm3 / CBM_0_1));
      return (price.firstFen ?? price.priceFen) + (started - 1) * price.priceFen;
    }
    case 'per_parcel':
      return price.priceFen * quantity * basis.parcels;
    default:
      return price.priceFen * quantity;
  }
}

export async function quoteServices(
  ctx: SystemCtx,
  requested: { code: string; quantity: number }[],
  basis: ServiceBasis,
  field: string,
): Promise<{ ok: true; totalFen: number; lines: ServiceLine[] } | Failure> {
  const prices = await servicePrices(ctx);
  const lines: ServiceLine[] = [];
  for (const [i, ask] of requested.entries()) {
    const price = prices.find((p) => p.code === ask.code);
    if (!price) return fail('BAD_PARAMETER', { field: `${field}[${i}].code`, rule: 'is not a service of the price list' });
    if (!Number.isSafeInteger(ask.quantity) || ask.quantity < 1 || ask.quantity > 100)
      return fail('BAD_PARAMETER', { field: `${field}[${i}].quantity`, rule: 'must be an integer 1–100' });
    lines.push({
      code: price.code,
      name: price.name,
      unit: price.unit,
      quantity: ask.quantity,
      amountFen: amountOf(price, ask.quantity, basis),
    });
  }
  return { ok: true, totalFen: lines.reduce((sum, l) => sum + l.amountFen, 0), lines };
}
