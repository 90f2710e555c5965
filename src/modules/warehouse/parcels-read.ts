/**
 * Parcels as the developer (scoped) and the operator (system) read them: the parcel, its photos,
 * its storage terms (computed from the policy and the day it was stored, with the fees the daily
 * job recorded) and its history. Photo links are the wire's business (they need the public URL).
 */
import type { Ctx, SystemCtx } from '../../platform/context.ts';
import { scopeOf, SYSTEM_SCOPE, whereScope, type Scope } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { daysStored, warehouseDay } from './days.ts';
import type { ParcelLine } from './inbound.ts';
import type { ParcelState } from './machines.ts';
import { photosOf, type PhotoMeta } from './photos.ts';
import { lockParcel, optional, PARCEL_HISTORY, type ParcelRow } from './repo.ts';
import { readHistory, type HistoryEntry } from '../../platform/states.ts';
import { storageDates, storagePolicy, type StoragePolicy } from './settings.ts';

export interface ParcelStorage {
  daysStored: number | null;
  /** The last free day (yyyy-MM-dd, Asia/Shanghai) and the days of the reminder and of abandonment; null before the parcel is stored. */
  freeUntilDate: string | null;
  reminderDate: string | null;
  abandonDate: string | null;
  feeFen: number;
  unpaidFen: number;
}

export type ParcelHistoryEntry = HistoryEntry;

export interface ParcelView {
  parcelId: string;
  state: ParcelState;
  origin: 'order' | 'declared';
  orderId: string | null;
  tmallOrderId: string | null;
  trackingNumber: string;
  carrier: string;
  lines: ParcelLine[];
  rtsTime: number | null;
  receivedAt: number | null;
  storedAt: number | null;
  weightGrams: number | null;
  lengthCm: number | null;
  widthCm: number | null;
  heightCm: number | null;
  qcResult: 'pass' | 'issue' | null;
  qcNote: string | null;
  problemKind: string | null;
  refundId: string | null;
  extraPhotos: number;
  photos: PhotoMeta[];
  storage: ParcelStorage;
  shipmentId: string | null;
  history: ParcelHistoryEntry[];
  createdAt: number;
  updatedAt: number;
}

export type ParcelSummary = Omit<ParcelView, 'photos' | 'history' | 'lines'> & { lineCount: number };

/** A warehouse day as its calendar date in Asia/Shanghai (day numbers count from 1970-01-01 there). */
const dateOf = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);

function storageOf(row: ParcelRow, policy: StoragePolicy, nowMs: number): ParcelStorage {
  const fees = { feeFen: Number(row.storage_fee_fen), unpaidFen: Number(row.storage_unpaid_fen) };
  if (row.stored_at === null) return { daysStored: null, freeUntilDate: null, reminderDate: null, abandonDate: null, ...fees };
  const dates = storageDates(policy, warehouseDay(Number(row.stored_at)));
  return {
    daysStored: daysStored(Number(row.stored_at), nowMs),
    freeUntilDate: dateOf(dates.firstFeeDay - 1),
    reminderDate: dateOf(dates.reminderDay),
    abandonDate: dateOf(dates.abandonDay),
    ...fees,
  };
}

function summaryOf(row: ParcelRow, policy: StoragePolicy, nowMs: number): Omit<ParcelView, 'photos' | 'history'> {
  return {
    parcelId: row.parcel_id,
    state: row.state,
    origin: row.origin,
    orderId: row.order_id,
    tmallOrderId: row.tmall_order_id,
    trackingNumber: row.tracking_number,
    carrier: row.carrier,
    lines: JSON.parse(row.lines_json) as ParcelLine[],
    rtsTime: optional(row.rts_at),
    receivedAt: optional(row.received_at),
    storedAt: optional(row.stored_at),
    weightGrams: row.weight_grams,
    lengthCm: row.length_cm,
    widthCm: row.width_cm,
    heightCm: row.height_cm,
    qcResult: row.qc_result,
    qcNote: row.qc_note,
    problemKind: row.problem_kind,
    refundId: row.refund_id,
    extraPhotos: Number(row.extra_photos),
    storage: storageOf(row, policy, nowMs),
    shipmentId: row.shipment_id,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

const historyOf = (ctx: SystemCtx, parcelId: string) => readHistory(ctx, PARCEL_HISTORY, parcelId);

async function viewIn(ctx: SystemCtx, parcelId: string, scope: Scope): Promise<{ ok: true; parcel: ParcelView } | Failure> {
  const row = await lockParcel(ctx, parcelId, scope, false);
  if (!row) return fail('NOT_FOUND', { what: `parcel ${parcelId}` });
  const policy = await storagePolicy(ctx);
  const [photos, history] = [await photosOf(ctx, { parcelId: row.parcel_id }), await historyOf(ctx, row.parcel_id)];
  return { ok: true, parcel: { ...summaryOf(row, policy, ctx.clock.nowMs()), photos, history } };
}

/** One of the caller's parcels (another developer's or a sibling sub-account's is not found). */
export function getParcel(ctx: Ctx, parcelId: string): Promise<{ ok: true; parcel: ParcelView } | Failure> {
  return viewIn(ctx, parcelId, scopeOf(ctx));
}

/** Any parcel, for operators. */
export function getParcelSystem(ctx: SystemCtx, parcelId: string): Promise<{ ok: true; parcel: ParcelView } | Failure> {
  return viewIn(ctx, parcelId, SYSTEM_SCOPE);
}

export const PARCEL_PAGE_MAX = 50;

export interface ParcelPageInput {
  state?: ParcelState;
  orderId?: string;
  tmallOrderId?: string;
  page: number;
  pageSize: number;
}

/** The caller's parcels, newest first, with the total for the filters. */
export async function pageParcels(
  ctx: Ctx,
  input: ParcelPageInput,
): Promise<{ ok: true; total: number; parcels: ParcelSummary[] } | Failure> {
  if (!Number.isSafeInteger(input.page) || input.page < 1)
    return fail('BAD_PARAMETER', { field: 'pageNo', rule: 'must be an integer ≥ 1' });
  if (!Number.isSafeInteger(input.pageSize) || input.pageSize < 1 || input.pageSize > PARCEL_PAGE_MAX)
    return fail('BAD_PARAMETER', { field: 'pageSize', rule: `must be an integer 1–${PARCEL_PAGE_MAX}` });
  let filtered = whereScope(ctx.db.selectFrom('warehouse_parcels'), scopeOf(ctx));
  if (input.state) filtered = filtered.where('state', '=', input.state);
  if (input.orderId) filtered = filtered.where('order_id', '=', input.orderId);
  if (input.tmallOrderId) filtered = filtered.where('tmall_order_id', '=', input.tmallOrderId);
  const count = await filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await filtered
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('parcel_id', 'desc')
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize)
    .execute();
  const policy = await storagePolicy(ctx);
  const now = ctx.clock.nowMs();
  const parcels = rows.map((row) => {
    const { lines, ...summary } = summaryOf(row, policy, now);
    return { ...summary, lineCount: lines.length };
  });
  return { ok: true, total: Number(count.n), parcels };
}
