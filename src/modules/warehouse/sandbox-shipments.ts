/**
 * The sandbox warehouse's outbound floor. A planner follows SHIPMENT_CHANGE events and gives the
 * shipment the due time of its next step (sandbox_due_at, indexed), once per event
 * (sandbox_planned_event); a runner claims due shipments under a lease and does the step the
 * shipment's state calls for, through the operators' functions: pack, weigh, dispatch, track.
 * A step the state refuses (an operator or another node was first, the channel refuses the real
 * parcel) is skipped and the due time cleared; AWAITING_PAYMENT waits for the developer, whose
 * payment is a change the planner sees like any other.
 */
import { sql } from 'kysely';
import type { SystemCtx } from '../../platform/context.ts';
import { activeFx, quoteParcel, rateCardAt, type CargoAttribute } from '../freight/index.ts';
import type { Measure, TrackingStep } from '../../sources/source.ts';
import { SHIPMENT_EVENT_TYPE, type ShipmentEventPayload } from './events.ts';
import type { ShipmentState } from './machines.ts';
import type { ShipmentRow } from './repo.ts';
import { followOutbox, SANDBOX_ACTOR, type FollowedEvent, type WarehouseSource } from './sandbox-floor.ts';
import { dispatchShipment, startPacking, type StepResult } from './shipment-steps.ts';
import { trackShipment } from './tracking.ts';
import { weighShipment } from './weigh.ts';

const HOUR_MS = 3_600_000;
/** The sandbox warehouse packs a booked shipment two hours after booking. */
export const PACK_AFTER_MS = 2 * HOUR_MS;
/** It weighs a shipment an hour after packing started. */
export const WEIGH_AFTER_MS = 1 * HOUR_MS;
/** It hands a paid shipment to the carrier two hours after the payment. */
export const DISPATCH_AFTER_MS = 2 * HOUR_MS;
/** When the card no longer quotes the channel at dispatch, the carrier still delivers within these days. */
const FALLBACK_TRANSIT_DAYS: readonly [number, number] = [7, 15];

const CURSOR_KEY = 'warehouse_sandbox_shipments_cursor';
const LEASE_MS = 60_000;
const BATCH = 100;
/** Rounds of plan-then-run per tick: a clock advanced by days walks a shipment through several steps at once. */
const MAX_ROUNDS = 12;
const TRAVELLING: readonly ShipmentState[] = ['DISPATCHED', 'IN_TRANSIT', 'CUSTOMS_HELD'];

/** Plans and runs due shipment steps until none is due; answers how many steps ran. */
export async function runSandboxShipments(ctx: SystemCtx, floor: WarehouseSource): Promise<number> {
  let ran = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    await followOutbox(ctx, { key: CURSOR_KEY, type: SHIPMENT_EVENT_TYPE }, (event) => planFrom(ctx, floor, event));
    const claimed = await claimDue(ctx);
    for (const shipmentId of claimed) if (await runStep(ctx, floor, shipmentId)) ran++;
    if (claimed.length === 0) return ran;
  }
  return ran;
}

async function readRow(ctx: SystemCtx, shipmentId: string): Promise<ShipmentRow | undefined> {
  return ctx.db.selectFrom('warehouse_shipments').selectAll().where('shipment_id', '=', shipmentId).executeTakeFirst();
}

/** Sets the next step's due time from this change, if the shipment is still in the state it entered and no later change planned it. */
async function planFrom(ctx: SystemCtx, floor: WarehouseSource, event: FollowedEvent): Promise<void> {
  const payload = JSON.parse(event.payload_json) as ShipmentEventPayload;
  const row = await readRow(ctx, event.aggregate_id);
  if (!row || row.state !== payload.state) return;
  if (row.sandbox_planned_event !== null && row.sandbox_planned_event >= event.id) return;
  const due = await nextDue(ctx, floor, row, payload.at);
  await ctx.db
    .updateTable('warehouse_shipments')
    .set({ sandbox_due_at: due, sandbox_planned_event: event.id })
    .where('shipment_id', '=', row.shipment_id)
    .where('state', '=', payload.state)
    .where((eb) => eb.or([eb('sandbox_planned_event', 'is', null), eb('sandbox_planned_event', '<', event.id)]))
    .execute();
}

async function nextDue(ctx: SystemCtx, floor: WarehouseSource, row: ShipmentRow, enteredAt: number): Promise<number | null> {
  switch (row.state) {
    case 'REQUESTED':
      return enteredAt + PACK_AFTER_MS;
    case 'PACKING':
      return enteredAt + WEIGH_AFTER_MS;
    case 'PAID':
      return enteredAt + DISPATCH_AFTER_MS;
    default: {
      const next = TRAVELLING.includes(row.state) ? await nextTrackingStep(ctx, floor, row) : null;
      return next ? next.dueAt : null;
    }
  }
}

/** The plan's first step not reported yet, at dispatch time + its offset. */
async function nextTrackingStep(
  ctx: SystemCtx,
  floor: WarehouseSource,
  row: ShipmentRow,
): Promise<(TrackingStep & { dueAt: number }) | null> {
  const dispatched = await ctx.db
    .selectFrom('warehouse_shipment_history')
    .select('at')
    .where('shipment_id', '=', row.shipment_id)
    .where('action', '=', 'dispatch')
    .executeTakeFirst();
  if (!dispatched) return null;
  const plan = floor.trackingPlan({ shipmentId: row.shipment_id, country: row.country, transitDays: await transitDays(ctx, row) });
  if (!plan) return null;
  const reported = await ctx.db
    .selectFrom('warehouse_shipment_tracking')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('shipment_id', '=', row.shipment_id)
    .where('status', 'in', [...new Set(plan.map((s) => s.status))])
    .executeTakeFirstOrThrow();
  const step = plan[Number(reported.n)];
  return step ? { ...step, dueAt: Number(dispatched.at) + step.afterMs } : null;
}

/** The channel's transit days for the weighed parcel, as the card in effect quotes it (the fallback on a day no card covers). */
async function transitDays(ctx: SystemCtx, row: ShipmentRow): Promise<readonly [number, number]> {
  const [card, fx] = await Promise.all([rateCardAt(ctx, ctx.clock.nowMs()), activeFx(ctx)]);
  if (!card.ok) return FALLBACK_TRANSIT_DAYS;
  const { compiled } = card;
  const parcel = {
    grams: Number(row.weight_grams ?? 1),
    sides: [Number(row.length_cm ?? 1), Number(row.width_cm ?? 1), Number(row.height_cm ?? 1)] as [number, number, number],
    attributes: new Set(JSON.parse(row.attributes_json) as CargoAttribute[]),
  };
  const option = quoteParcel(compiled, fx, parcel, row.country, row.currency).options.find((o) => o.serviceId === row.service_id);
  return option?.transitDays ?? FALLBACK_TRANSIT_DAYS;
}

/** Claims due shipments by moving their due time to the lease end (SKIP LOCKED on PostgreSQL; a guarded update per row on SQLite). */
async function claimDue(ctx: SystemCtx): Promise<string[]> {
  const now = ctx.clock.nowMs();
  const leaseUntil = now + LEASE_MS;
  if (ctx.dialect === 'postgres') {
    const result = await sql<{ shipment_id: string }>`
      UPDATE warehouse_shipments SET sandbox_due_at = ${leaseUntil}
      WHERE shipment_id IN (SELECT shipment_id FROM warehouse_shipments WHERE sandbox_due_at <= ${now}
                            ORDER BY sandbox_due_at, shipment_id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
      RETURNING shipment_id`.execute(ctx.db);
    return result.rows.map((r) => r.shipment_id).sort();
  }
  const due = await ctx.db
    .selectFrom('warehouse_shipments')
    .select(['shipment_id', 'sandbox_due_at'])
    .where('sandbox_due_at', '<=', now)
    .orderBy('sandbox_due_at')
    .orderBy('shipment_id')
    .limit(BATCH)
    .execute();
  const claimed: string[] = [];
  for (const row of due) {
    const won = await ctx.db
      .updateTable('warehouse_shipments')
      .set({ sandbox_due_at: leaseUntil })
      .where('shipment_id', '=', row.shipment_id)
      .where('sandbox_due_at', '=', Number(row.sandbox_due_at))
      .executeTakeFirst();
    if (Number(won.numUpdatedRows) > 0) claimed.push(row.shipment_id);
  }
  return claimed;
}

/**
 * Does the step the claimed shipment's state calls for. Whatever happens the lease is ended: a
 * step done moved the state, and its change (planned next round) brings the next due time; a
 * step refused or with nothing to do leaves the shipment for operators or the developer.
 */
async function runStep(ctx: SystemCtx, floor: WarehouseSource, shipmentId: string): Promise<boolean> {
  const row = await readRow(ctx, shipmentId);
  if (!row) return false;
  const done = await stepFor(ctx, floor, row);
  await ctx.db
    .updateTable('warehouse_shipments')
    .set({ sandbox_due_at: null })
    .where('shipment_id', '=', shipmentId)
    .where('sandbox_planned_event', '=', row.sandbox_planned_event)
    .execute();
  return done?.ok === true;
}

async function stepFor(ctx: SystemCtx, floor: WarehouseSource, row: ShipmentRow): Promise<StepResult | null> {
  const shipmentId = row.shipment_id;
  switch (row.state) {
    case 'REQUESTED':
      return startPacking(ctx, { shipmentId, actor: SANDBOX_ACTOR });
    case 'PACKING': {
      const measure = floor.weighShipment({ shipmentId }, await parcelMeasures(ctx, shipmentId));
      if (!measure) return null;
      // The scale's picture, as an operator takes one: the same renderer as the QC photos, its own series.
      const photos = await floor.qcPhotos({
        parcelId: shipmentId,
        trackingNumber: shipmentId,
        weightGrams: measure.weightGrams,
        count: 1,
        series: 'weighing',
      });
      return weighShipment(ctx, { shipmentId, ...measure, photos: photos ?? [], actor: SANDBOX_ACTOR });
    }
    case 'PAID': {
      const tracking = floor.internationalTracking({ shipmentId, companyName: row.company_name });
      return tracking ? dispatchShipment(ctx, { shipmentId, ...tracking, actor: SANDBOX_ACTOR }) : null;
    }
    default: {
      const step = TRAVELLING.includes(row.state) ? await nextTrackingStep(ctx, floor, row) : null;
      if (!step) return null;
      return trackShipment(ctx, { shipmentId, status: step.status, description: step.description, at: step.dueAt, actor: SANDBOX_ACTOR });
    }
  }
}

/** The shipment's parcels as QC measured them (an unmeasured one counts as a small box). */
async function parcelMeasures(ctx: SystemCtx, shipmentId: string): Promise<Measure[]> {
  const rows = await ctx.db
    .selectFrom('warehouse_parcels')
    .select(['weight_grams', 'length_cm', 'width_cm', 'height_cm'])
    .where('shipment_id', '=', shipmentId)
    .orderBy('parcel_id')
    .execute();
  return rows.map((r) => ({
    weightGrams: Number(r.weight_grams ?? 500),
    lengthCm: Number(r.length_cm ?? 20),
    widthCm: Number(r.width_cm ?? 15),
    heightCm: Number(r.height_cm ?? 10),
  }));
}
