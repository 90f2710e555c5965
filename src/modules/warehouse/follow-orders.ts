/**
 * Every Ponte order a seller ships travels to the warehouse: the follower reads ORDER_SHIPPED
 * events from the outbox and makes each shipped order an EXPECTED parcel of the order's developer
 * and owner, holding the order's lines. As the fulfilment scheduler does, it keeps a cursor in
 * meta that only passes events older than a lag (an order transaction that commits late with an
 * older id is still found), skips orders that already have a parcel, and relies on the unique
 * tracking number, so a crash between two runs or two nodes at once make one parcel.
 */
import { inTransaction, type SystemCtx } from '../../platform/context.ts';
import { outboxCursor, settleOutboxCursor } from '../../platform/outbox/index.ts';
import { orderOwnerAndLines } from '../orders/index.ts';
import { createParcel, type ParcelLine } from './inbound.ts';

const CURSOR_KEY = 'warehouse_order_parcels_cursor';

interface ShippedOrder {
  orderId: string;
  carrier: string;
  trackingNumber: string;
}

async function shippedOrders(ctx: SystemCtx, cursor: string, limit: number): Promise<ShippedOrder[]> {
  const rows = await ctx.db
    .selectFrom('outbox_events as e')
    .leftJoin('warehouse_parcels as p', 'p.order_id', 'e.aggregate_id')
    .select(['e.aggregate_id', 'e.payload_json'])
    .where('e.id', '>', cursor)
    .where('e.aggregate_type', '=', 'purchase_order')
    .where('e.type', '=', 'ORDER_SHIPPED')
    .where('p.parcel_id', 'is', null)
    .orderBy('e.id')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const payload = JSON.parse(r.payload_json) as { carrier?: string; trackingNumber?: string };
    return { orderId: r.aggregate_id, carrier: payload.carrier ?? '', trackingNumber: payload.trackingNumber ?? '' };
  });
}

/**
 * One shipped order becomes its parcel. A number the developer already declared without the
 * order gets the order linked (so the order is not looked at again); another developer's parcel
 * under the same number is left alone: the seller's number cannot take it over.
 */
async function expectOrder(ctx: SystemCtx, shipped: ShippedOrder): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    const order = await orderOwnerAndLines(tx, shipped.orderId);
    if (!order || !shipped.trackingNumber) return false;
    const parcelLines: ParcelLine[] = order.lines.map((l) => ({
      itemId: l.itemId,
      skuId: l.skuId,
      quantity: l.quantity,
      title: l.title,
      imageUrl: '',
      lineNo: l.lineNo,
    }));
    const made = await createParcel(tx, {
      developerId: order.developerId,
      ownerUserId: order.ownerUserId,
      origin: 'order',
      orderId: shipped.orderId,
      tmallOrderId: null,
      lines: parcelLines,
      trackingNumber: shipped.trackingNumber,
      carrier: shipped.carrier,
      rtsAt: null,
      actor: 'system',
    });
    if (!made.created && made.row.developer_id === order.developerId && made.row.order_id === null)
      await tx.db.updateTable('warehouse_parcels').set({ order_id: shipped.orderId }).where('parcel_id', '=', made.row.parcel_id).execute();
    return made.created;
  });
}

/** Makes the parcels of orders shipped since the last run; returns how many it created. */
export async function expectOrderParcels(ctx: SystemCtx, limit = 500): Promise<number> {
  const cursor = await outboxCursor(ctx, CURSOR_KEY);
  const orders = await shippedOrders(ctx, cursor, limit);
  let created = 0;
  for (const shipped of orders) if (await expectOrder(ctx, shipped)) created++;
  if (orders.length < limit) await settleOutboxCursor(ctx, CURSOR_KEY, cursor);
  return created;
}
