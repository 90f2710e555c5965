/**
 * Parcels arriving at the warehouse door. A parcel is known before it arrives (a Ponte order the
 * seller shipped, or a W3 declaration): the scan of its domestic tracking number receives it.
 * A parcel nobody declared yet is kept as an unmatched scan for policy.unmatchedHoldDays; a later
 * declaration of that number creates the parcel already RECEIVED. The tracking number's unique
 * index is what makes every path (declaration, order follower, racing nodes) create one parcel.
 */
import { inTransaction, type SystemCtx } from '../../platform/context.ts';
import { SYSTEM_SCOPE } from '../../platform/db/index.ts';
import { withFreshId } from '../../platform/db/fresh-id.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { asOrderId, newNumericId } from '../../platform/ids.ts';
import { recordInitialState } from '../../platform/states.ts';
import { markArrived } from '../orders/index.ts';
import { dayStartMs, warehouseDay } from './days.ts';
import { moveParcel, PARCEL_HISTORY, parcelEvent, type ParcelRow } from './repo.ts';
import { storagePolicy } from './settings.ts';
import type { WarehouseUnmatchedScanTable } from './schema.ts';

/** Domestic tracking numbers as Chinese carriers print them (SF…, YT…, JD…): letters, digits and dashes. */
export const TRACKING_NUMBER = /^[A-Za-z0-9-]{4,40}$/;
export const TRACKING_RULE = 'must be 4–40 characters of A–Z, a–z, 0–9 and -';

export interface ParcelLine {
  itemId: string;
  skuId: string;
  quantity: number;
  title: string;
  imageUrl: string;
  /** The order line, for parcels of a Ponte order. */
  lineNo?: number;
}

export interface NewParcel {
  developerId: string;
  ownerUserId: string;
  origin: 'order' | 'declared';
  orderId: string | null;
  tmallOrderId: string | null;
  lines: ParcelLine[];
  trackingNumber: string;
  carrier: string;
  rtsAt: number | null;
  actor: string;
}

/**
 * Creates the parcel of a tracking number, RECEIVED when an unmatched scan holds the number (the
 * scan becomes MATCHED), else EXPECTED; with its initial history row and its `declare` event.
 * Answers the row that already holds the number instead when there is one (created: false).
 */
export async function createParcel(ctx: SystemCtx, parcel: NewParcel): Promise<{ created: boolean; row: ParcelRow }> {
  let scan = ctx.db
    .selectFrom('warehouse_unmatched_scans')
    .selectAll()
    .where('tracking_number', '=', parcel.trackingNumber)
    .where('state', '=', 'UNMATCHED');
  if (ctx.dialect === 'postgres') scan = scan.forUpdate();
  const waiting = await scan.executeTakeFirst();
  const inserted = await insertParcel(ctx, parcel, waiting);
  if (!inserted) {
    const existing = await lockParcelByTracking(ctx, parcel.trackingNumber);
    if (!existing) throw new Error(`tracking number ${parcel.trackingNumber}: conflict without a row`);
    return { created: false, row: existing };
  }
  if (waiting) {
    await ctx.db
      .updateTable('warehouse_unmatched_scans')
      .set({ state: 'MATCHED', parcel_id: inserted.parcel_id, updated_at: ctx.clock.nowMs() })
      .where('scan_id', '=', waiting.scan_id)
      .execute();
  }
  const note = waiting ? `matched unmatched scan ${waiting.scan_id}` : null;
  await recordInitialState(ctx, { ...PARCEL_HISTORY, actor: parcel.actor, note }, inserted.parcel_id, inserted.state, 'declare');
  await parcelEvent(ctx, inserted, { fromState: null, action: 'declare', actor: parcel.actor, note }, 0);
  if (waiting && inserted.order_id) await arriveOrder(ctx, inserted.order_id);
  return { created: true, row: inserted };
}

const PARCEL_ID = { table: 'warehouse_parcels', column: 'parcel_id', stored: (id: string) => `WP${id}` } as const;

/** The new row under a fresh id, or nothing when the tracking number already has one (ON CONFLICT: no error, no abort). */
function insertParcel(ctx: SystemCtx, parcel: NewParcel, waiting: WarehouseUnmatchedScanTable | undefined): Promise<ParcelRow | undefined> {
  const now = ctx.clock.nowMs();
  return withFreshId(ctx, PARCEL_ID, (id) =>
    ctx.db
      .insertInto('warehouse_parcels')
      .values({
        parcel_id: PARCEL_ID.stored(id),
        developer_id: parcel.developerId,
        owner_user_id: parcel.ownerUserId,
        state: waiting ? 'RECEIVED' : 'EXPECTED',
        origin: parcel.origin,
        order_id: parcel.orderId,
        tmall_order_id: parcel.tmallOrderId,
        lines_json: JSON.stringify(parcel.lines),
        tracking_number: parcel.trackingNumber,
        carrier: parcel.carrier || waiting?.carrier || '',
        rts_at: parcel.rtsAt,
        received_at: waiting ? Number(waiting.scanned_at) : null,
        stored_at: null,
        weight_grams: waiting?.weight_grams ?? null,
        ...UNMEASURED,
        created_at: now,
        updated_at: now,
      })
      // Untargeted: the tracking number or, rarely, the generated id (withFreshId tells which).
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst(),
  );
}

/** What a new parcel has not got yet: measurements, QC, fees, photos bought, a shipment. */
const UNMEASURED = {
  length_cm: null,
  width_cm: null,
  height_cm: null,
  qc_result: null,
  qc_note: null,
  problem_kind: null,
  refund_id: null,
  storage_fee_fen: 0,
  storage_unpaid_fen: 0,
  reminded_at: null,
  extra_photo_requests: 0,
  extra_photos: 0,
  shipment_id: null,
  version: 1,
} as const;

/** The parcel holding a tracking number, whoever owns it (locked on PostgreSQL). */
export async function lockParcelByTracking(ctx: SystemCtx, trackingNumber: string): Promise<ParcelRow | undefined> {
  let read = ctx.db.selectFrom('warehouse_parcels').selectAll().where('tracking_number', '=', trackingNumber);
  if (ctx.dialect === 'postgres') read = read.forUpdate();
  return read.executeTakeFirst();
}

/**
 * The order of a received parcel arrived at the warehouse. Only a shipped order moves; the order
 * machine refuses any other state (closed by a refund meanwhile, already arrived), and the
 * refusal leaves the scan standing.
 */
async function arriveOrder(ctx: SystemCtx, orderId: string): Promise<void> {
  await markArrived(ctx, asOrderId(orderId));
}

export interface ScanInput {
  trackingNumber: string;
  carrier?: string;
  weightGrams?: number;
  actor: string;
}

export type ScanResult =
  | { ok: true; outcome: 'received'; parcel: ParcelRow }
  | { ok: true; outcome: 'already'; parcel: ParcelRow }
  | { ok: true; outcome: 'unmatched' | 'already'; scan: UnmatchedScan };

export interface UnmatchedScan {
  scanId: string;
  trackingNumber: string;
  carrier: string;
  state: WarehouseUnmatchedScanTable['state'];
  weightGrams: number | null;
  scannedAt: number;
  holdUntil: number;
  parcelId: string | null;
}

/** The warehouse door: a scan receives the expected parcel, or is kept as unmatched; scanning again is a replay. */
export async function scanParcel(ctx: SystemCtx, input: ScanInput): Promise<ScanResult | Failure> {
  if (typeof input.trackingNumber !== 'string' || !TRACKING_NUMBER.test(input.trackingNumber))
    return fail('BAD_PARAMETER', { field: 'trackingNumber', rule: TRACKING_RULE });
  if (input.weightGrams !== undefined && !validGrams(input.weightGrams))
    return fail('BAD_PARAMETER', { field: 'weightGrams', rule: WEIGHT_RULE });
  return inTransaction(ctx, async (tx): Promise<ScanResult | Failure> => {
    const parcel = await lockParcelByTracking(tx, input.trackingNumber);
    if (parcel && parcel.state !== 'EXPECTED') return { ok: true, outcome: 'already', parcel };
    if (parcel) return receive(tx, parcel, input);
    return keepUnmatched(tx, input);
  });
}

async function receive(ctx: SystemCtx, parcel: ParcelRow, input: ScanInput): Promise<ScanResult | Failure> {
  const moved = await moveParcel(ctx, {
    id: parcel.parcel_id,
    scope: SYSTEM_SCOPE,
    action: 'receive',
    actor: input.actor,
    from: 'EXPECTED',
    patch: {
      received_at: ctx.clock.nowMs(),
      ...(input.weightGrams !== undefined ? { weight_grams: input.weightGrams } : {}),
      ...(input.carrier && !parcel.carrier ? { carrier: input.carrier } : {}),
    },
  });
  if (!moved.ok) return moved;
  if (moved.row.order_id) await arriveOrder(ctx, moved.row.order_id);
  return { ok: true, outcome: 'received', parcel: moved.row };
}

async function keepUnmatched(ctx: SystemCtx, input: ScanInput): Promise<ScanResult> {
  const now = ctx.clock.nowMs();
  const policy = await storagePolicy(ctx);
  const row = {
    scan_id: `WS${newNumericId(now)}`,
    tracking_number: input.trackingNumber,
    carrier: input.carrier ?? '',
    state: 'UNMATCHED' as const,
    weight_grams: input.weightGrams ?? null,
    note: null,
    scanned_at: now,
    // Kept until the end of the last day of the hold, as storage days are counted.
    hold_until: dayStartMs(warehouseDay(now) + policy.unmatchedHoldDays + 1) - 1,
    parcel_id: null,
    updated_at: now,
  };
  const inserted = await ctx.db
    .insertInto('warehouse_unmatched_scans')
    .values(row)
    .onConflict((oc) => oc.column('tracking_number').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { ok: true, outcome: 'unmatched', scan: unmatchedView(inserted) };
  const kept = await ctx.db
    .selectFrom('warehouse_unmatched_scans')
    .selectAll()
    .where('tracking_number', '=', input.trackingNumber)
    .executeTakeFirstOrThrow();
  return { ok: true, outcome: 'already', scan: unmatchedView(kept) };
}

function unmatchedView(r: WarehouseUnmatchedScanTable): UnmatchedScan {
  return {
    scanId: r.scan_id,
    trackingNumber: r.tracking_number,
    carrier: r.carrier,
    state: r.state,
    weightGrams: r.weight_grams,
    scannedAt: Number(r.scanned_at),
    holdUntil: Number(r.hold_until),
    parcelId: r.parcel_id,
  };
}

/** Unmatched scans, newest first (the operators' list of parcels nobody declared yet). */
export async function listUnmatched(ctx: SystemCtx, input: { state?: UnmatchedScan['state']; limit: number }): Promise<UnmatchedScan[]> {
  let read = ctx.db.selectFrom('warehouse_unmatched_scans').selectAll();
  if (input.state) read = read.where('state', '=', input.state);
  const rows = await read.orderBy('scanned_at', 'desc').orderBy('scan_id', 'desc').limit(input.limit).execute();
  return rows.map(unmatchedView);
}

export const WEIGHT_RULE = 'must be an integer number of grams, 1–100000 (100 kg)';
export const validGrams = (grams: number): boolean => Number.isSafeInteger(grams) && grams >= 1 && grams <= 100_000;
