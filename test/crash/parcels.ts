/**
 * The crash harness's parcel round: once the paid orders have shipped (the sandbox sellers give
 * each a tracking number), an operator scans the parcels in at the warehouse door through the
 * admin route, all at once, and the server is SIGKILLed among the scans and started again. A scan
 * the server died under is sent again: scanning twice answers `already` and changes nothing.
 */
import type { SystemCtx } from '../../src/platform/context.ts';
import { type Flows, refuse } from './flows.ts';
import { admin } from './server.ts';

/** The acknowledged orders the sellers have shipped, with what the parcel's label says. */
async function shippedOrders(ctx: SystemCtx, flows: Flows) {
  const rows = await ctx.db
    .selectFrom('purchase_orders')
    .select(['order_id', 'tracking_number', 'carrier'])
    .where('tracking_number', 'is not', null)
    .execute();
  return rows.filter((r) => flows.acks.orders.has(r.order_id));
}

async function scan(flows: Flows, order: { order_id: string; tracking_number: string | null; carrier: string | null }): Promise<void> {
  const answer = await admin(flows.server, '/admin/warehouse/parcels/scan', {
    trackingNumber: order.tracking_number,
    ...(order.carrier ? { carrier: order.carrier } : {}),
  });
  if (answer.code !== 200 || answer.data.parcelId === null) return refuse(flows, 'scan', answer);
  flows.acks.parcels.set(String(answer.data.parcelId), order.order_id);
}

/** Scans every shipped order's parcel, killing the server after a seeded share of the answers. */
export async function parcelRound(flows: Flows, ctx: SystemCtx, random: () => number, log: (line: string) => void): Promise<void> {
  const shipped = await shippedOrders(ctx, flows);
  const killAfter = 1 + Math.floor(random() * shipped.length);
  let answered = 0;
  const scans = shipped.map((order) => scan(flows, order).then(() => void answered++));
  while (answered < killAfter && answered < shipped.length) await new Promise((r) => setTimeout(r, 10));
  await flows.server.kill();
  await flows.server.start();
  await Promise.all(scans);
  log(`parcel round: ${shipped.length} parcels scanned, SIGKILL after ${killAfter} answers; ${flows.acks.parcels.size} acknowledged`);
}
