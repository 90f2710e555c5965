/**
 * The sandbox warehouse (aftersales-logistics.md C2.2) on the sandbox clock: what operators do in
 * a real deployment, done by the Source's simulated floor. Every second, in the sellers loop:
 * shipped orders become EXPECTED parcels (in every deployment), then, when a source simulates
 * the floor, parcels arrive, are checked, photographed and stored, paid extra photos are taken,
 * and shipments are packed, weighed, dispatched and tracked (sandbox-shipments.ts). Every step is
 * one of the module's guarded transitions, found by state or by an outbox cursor, so a crash or
 * two nodes at once repeat nothing: the second attempt is refused and skipped.
 */
import type { SystemCtx } from '../../platform/context.ts';
import { expectOrderParcels } from './follow-orders.ts';
import { scanParcel, type ParcelLine } from './inbound.ts';
import { PARCEL_EVENT_TYPE } from './events.ts';
import { addParcelPhotos, PHOTO_MAX_PER_CALL } from './photos.ts';
import { recordQc } from './qc.ts';
import { storagePolicy } from './settings.ts';
import { followOutbox, SANDBOX_ACTOR, type WarehouseSource } from './sandbox-floor.ts';
import { runSandboxShipments } from './sandbox-shipments.ts';

const HOUR_MS = 3_600_000;

/** A declared (W3) parcel reaches the sandbox warehouse two days after the seller handed it over (rtsTime, else its declaration). */
export const DECLARED_ARRIVAL_MS = 48 * HOUR_MS;
const BATCH = 50;

/** One turn of the warehouse; `floor` null (a real deployment, or the sandbox warehouse switched off) only follows shipped orders. */
export async function warehouseSandboxTick(
  ctx: SystemCtx,
  floor: WarehouseSource | null,
): Promise<{ expected: number; received: number; stored: number; extraPhotos: number; shipmentSteps: number }> {
  const expected = await expectOrderParcels(ctx);
  if (!floor) return { expected, received: 0, stored: 0, extraPhotos: 0, shipmentSteps: 0 };
  const received = await receiveArrived(ctx);
  const stored = await checkReceived(ctx, floor);
  const extraPhotos = await takeRequestedPhotos(ctx, floor);
  const shipmentSteps = await runSandboxShipments(ctx, floor);
  return { expected, received, stored, extraPhotos, shipmentSteps };
}

/**
 * EXPECTED parcels that are at the door: a Ponte order's once the seller's delivery arrived
 * (the order is arrived_warehouse), a declared one DECLARED_ARRIVAL_MS after its hand-over. Read by
 * state (the storage index leads on it); the scan itself is the guard.
 */
async function receiveArrived(ctx: SystemCtx): Promise<number> {
  let received = 0;
  for (;;) {
    const due = ctx.clock.nowMs() - DECLARED_ARRIVAL_MS;
    const rows = await ctx.db
      .selectFrom('warehouse_parcels as p')
      .leftJoin('purchase_orders as o', 'o.order_id', 'p.order_id')
      .select(['p.parcel_id', 'p.tracking_number', 'p.carrier'])
      .where('p.state', '=', 'EXPECTED')
      .where((eb) =>
        eb.or([
          eb.and([eb('p.origin', '=', 'order'), eb('o.state', '=', 'arrived_warehouse')]),
          eb.and([eb('p.origin', '=', 'declared'), eb(eb.fn.coalesce('p.rts_at', 'p.created_at'), '<=', due)]),
        ]),
      )
      .orderBy('p.parcel_id')
      .limit(BATCH)
      .execute();
    for (const row of rows) {
      const scanned = await scanParcel(ctx, { trackingNumber: row.tracking_number, actor: SANDBOX_ACTOR });
      if (scanned.ok && scanned.outcome === 'received') received++;
    }
    if (rows.length < BATCH) return received;
  }
}

/** RECEIVED parcels (scanned by the sandbox or an operator) pass QC with the floor's measurement and the free photos. */
async function checkReceived(ctx: SystemCtx, floor: WarehouseSource): Promise<number> {
  const policy = await storagePolicy(ctx);
  let stored = 0;
  let after = '';
  for (;;) {
    const rows = await ctx.db
      .selectFrom('warehouse_parcels')
      .select(['parcel_id', 'tracking_number', 'lines_json'])
      .where('state', '=', 'RECEIVED')
      .where('parcel_id', '>', after)
      .orderBy('parcel_id')
      .limit(BATCH)
      .execute();
    for (const row of rows) {
      const lines = (JSON.parse(row.lines_json) as ParcelLine[]).map((l) => ({ itemId: l.itemId, quantity: l.quantity }));
      const measure = await floor.measureParcel({ parcelId: row.parcel_id, lines });
      if (!measure) return stored;
      const shot = { parcelId: row.parcel_id, trackingNumber: row.tracking_number, weightGrams: measure.weightGrams };
      const photos = (await floor.qcPhotos({ ...shot, count: Math.min(policy.freeQcPhotos, PHOTO_MAX_PER_CALL), series: 'qc' })) ?? [];
      const done = await recordQc(ctx, { parcelId: row.parcel_id, result: 'pass', ...measure, photos, actor: SANDBOX_ACTOR });
      if (done.ok) {
        stored++;
        await takeExtraPhotos(ctx, floor, row.parcel_id);
      }
    }
    if (rows.length < BATCH) return stored;
    after = rows[rows.length - 1]!.parcel_id;
  }
}

/** Extra photos bought and not taken yet (they wait for QC, which takes them right after its own). */
async function takeExtraPhotos(ctx: SystemCtx, floor: WarehouseSource, parcelId: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('warehouse_parcels as p')
    .select(['p.parcel_id', 'p.tracking_number', 'p.weight_grams', 'p.extra_photos', 'p.qc_result'])
    .select((eb) =>
      eb
        .selectFrom('warehouse_photos as f')
        .select((f) => f.fn.countAll<number>().as('n'))
        .whereRef('f.parcel_id', '=', 'p.parcel_id')
        .where('f.kind', '=', 'extra')
        .as('taken'),
    )
    .where('p.parcel_id', '=', parcelId)
    .executeTakeFirst();
  if (!row || row.qc_result === null) return 0;
  const taken = Number(row.taken ?? 0);
  const count = Math.min(Number(row.extra_photos) - taken, PHOTO_MAX_PER_CALL);
  if (count <= 0) return 0;
  const shot = {
    parcelId,
    trackingNumber: row.tracking_number,
    weightGrams: Number(row.weight_grams ?? 0),
    count,
    series: `extra-${taken}`,
  };
  const images = await floor.qcPhotos(shot);
  if (!images) return 0;
  // A racing tick took them first: the allowance refuses these, which is the guard.
  const added = await addParcelPhotos(ctx, { parcelId, kind: 'extra', images });
  return added.ok ? added.photos.length : 0;
}

const PHOTOS_CURSOR_KEY = 'warehouse_sandbox_photos_cursor';

/** Paid photo requests since the cursor (PARCEL_CHANGE request_photos events); a re-read one finds nothing left to take. */
async function takeRequestedPhotos(ctx: SystemCtx, floor: WarehouseSource): Promise<number> {
  let taken = 0;
  await followOutbox(ctx, { key: PHOTOS_CURSOR_KEY, type: PARCEL_EVENT_TYPE }, async (event) => {
    const payload = JSON.parse(event.payload_json) as { action?: string };
    if (payload.action === 'request_photos') taken += await takeExtraPhotos(ctx, floor, event.aggregate_id);
  });
  return taken;
}
