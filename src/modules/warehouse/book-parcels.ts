/**
 * Which parcels a booking sends: the ones named (each the caller's and STORED), or by default
 * the caller's STORED parcels not booked yet whose lines hold one of the booked items, or that
 * came with the booking's Tmall order. Read with a lock on PostgreSQL; the allocation's guarded
 * move is what stops two bookings from taking one parcel.
 */
import type { Ctx } from '../../platform/context.ts';
import { scopeOf, whereScope } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import type { BookInput } from './book.ts';
import { lockParcel, type ParcelRow } from './repo.ts';

export const MAX_SHIPMENT_PARCELS = 50;

interface Line {
  itemId?: unknown;
  skuId?: unknown;
}

function holdsItem(parcel: ParcelRow, wanted: Set<string>): boolean {
  const lines = JSON.parse(parcel.lines_json) as Line[];
  return lines.some((l) => wanted.has(`${String(l.itemId)}\u0000${String(l.skuId)}`));
}

async function namedParcels(tx: Ctx, ids: string[]): Promise<{ ok: true; rows: ParcelRow[] } | Failure> {
  const rows: ParcelRow[] = [];
  // Locked in id order, so two bookings naming the same parcels cannot deadlock.
  for (const id of [...new Set(ids)].sort()) {
    const row = await lockParcel(tx, id, scopeOf(tx));
    if (!row) return fail('NOT_FOUND', { what: `parcel ${id}` });
    if (row.state !== 'STORED' || row.shipment_id !== null)
      return fail('PARCEL_STATE_INVALID', { state: row.state, action: `allocate (parcelIds[${ids.indexOf(id)}])` });
    rows.push(row);
  }
  return { ok: true, rows };
}

export async function pickParcels(tx: Ctx, input: BookInput): Promise<{ ok: true; rows: ParcelRow[] } | Failure> {
  if (input.parcelIds && input.parcelIds.length > MAX_SHIPMENT_PARCELS)
    return fail('BAD_PARAMETER', { field: 'parcelIds', rule: `at most ${MAX_SHIPMENT_PARCELS} parcels per shipment` });
  if (input.parcelIds && input.parcelIds.length > 0) return namedParcels(tx, input.parcelIds);
  let query = whereScope(tx.db.selectFrom('warehouse_parcels').selectAll(), scopeOf(tx))
    .where('state', '=', 'STORED')
    .where('shipment_id', 'is', null)
    .orderBy('parcel_id');
  if (tx.dialect === 'postgres') query = query.forUpdate();
  const wanted = new Set(input.lineItems.map((l) => `${l.itemId}\u0000${l.skuId}`));
  const tmall = input.tmallOrderId ?? null;
  const rows = (await query.execute()).filter((p) => (tmall !== null && p.tmall_order_id === tmall) || holdsItem(p, wanted));
  if (rows.length === 0)
    return fail('BAD_PARAMETER', { field: 'lineItems', rule: 'no STORED parcel of yours holds these items; name them in parcelIds' });
  if (rows.length > MAX_SHIPMENT_PARCELS)
    return fail('BAD_PARAMETER', { field: 'parcelIds', rule: `more than ${MAX_SHIPMENT_PARCELS} parcels match; name them in parcelIds` });
  return { ok: true, rows };
}
