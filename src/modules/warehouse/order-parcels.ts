import type { SystemCtx } from '../../platform/context.ts';
import type { ParcelState } from './machines.ts';

/** The inbound parcels that follow one order, oldest first (the operator console's order page). */
export async function parcelsOfOrder(
  ctx: SystemCtx,
  orderId: string,
): Promise<{ parcelId: string; state: ParcelState; trackingNumber: string }[]> {
  const rows = await ctx.db
    .selectFrom('warehouse_parcels')
    .select(['parcel_id', 'state', 'tracking_number'])
    .where('order_id', '=', orderId)
    .orderBy('parcel_id')
    .execute();
  return rows.map((r) => ({ parcelId: r.parcel_id, state: r.state, trackingNumber: r.tracking_number }));
}
