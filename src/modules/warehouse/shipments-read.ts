/**
 * Shipments as their owners (and operators) read them: the booking, its parcels, the money
 * (prepaid estimate, services, actual, supplementary, refunded), the measurements, tracking,
 * photos and history. Fen and epoch ms; the wire maps names.
 */
import type { Ctx, SystemCtx } from '../../platform/context.ts';
import { scopeOf, selectOwned, type Scope } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import type { ShipmentState } from './machines.ts';
import { lockShipment, optional, SHIPMENT_HISTORY, type ShipmentRow } from './repo.ts';
import { readHistory, type HistoryEntry } from '../../platform/states.ts';

export interface ShipmentView {
  logisticsOrderId: string;
  state: ShipmentState;
  ownerUserId: string;
  renderId: string;
  serviceId: string;
  companyName: string;
  serviceCategory: string;
  country: string;
  currency: string;
  receiverAddress: Record<string, string | null>;
  packaging: string;
  services: { code: string; quantity: number; amountFen?: number }[];
  remark: string;
  tmallOrderId: string | null;
  parcels: { parcelId: string; trackingNumber: string; weightGrams: number | null; state: string }[];
  estimateFen: number;
  servicesFen: number;
  actualFen: number | null;
  supplementaryFen: number;
  refundedFen: number;
  weightGrams: number | null;
  sizes: { lengthCm: number; widthCm: number; heightCm: number } | null;
  chargeableGrams: number | null;
  carrier: string | null;
  trackingNumber: string | null;
  tracking: { at: number; status: string; description: string }[];
  photos: { photoId: string; kind: string; url: string; width: number; height: number; createdAt: number }[];
  history: HistoryEntry[];
  createdAt: number;
  updatedAt: number;
}

export const SHIPMENT_PAGE = { maxPageSize: 50 } as const;

export const warehousePhotoUrl = (photoId: string): string => `/media/warehouse/${photoId}.jpg`;

async function detailsOf(ctx: SystemCtx, shipmentId: string) {
  const [parcels, tracking, photos, history] = await Promise.all([
    ctx.db
      .selectFrom('warehouse_parcels')
      .select(['parcel_id', 'tracking_number', 'weight_grams', 'state'])
      .where('shipment_id', '=', shipmentId)
      .orderBy('parcel_id')
      .execute(),
    ctx.db.selectFrom('warehouse_shipment_tracking').selectAll().where('shipment_id', '=', shipmentId).orderBy('seq').execute(),
    ctx.db
      .selectFrom('warehouse_photos')
      .select(['photo_id', 'kind', 'width', 'height', 'created_at'])
      .where('shipment_id', '=', shipmentId)
      .orderBy('created_at')
      .orderBy('photo_id')
      .execute(),
    readHistory(ctx, SHIPMENT_HISTORY, shipmentId),
  ]);
  return { parcels, tracking, photos, history };
}

export async function toShipmentView(ctx: SystemCtx, row: ShipmentRow): Promise<ShipmentView> {
  const d = await detailsOf(ctx, row.shipment_id);
  const sized = row.length_cm !== null && row.width_cm !== null && row.height_cm !== null;
  return {
    logisticsOrderId: row.shipment_id,
    state: row.state,
    ownerUserId: row.owner_user_id,
    renderId: row.render_id,
    serviceId: row.service_id,
    companyName: row.company_name,
    serviceCategory: row.service_category,
    country: row.country,
    currency: row.currency,
    receiverAddress: JSON.parse(row.receiver_json) as Record<string, string | null>,
    packaging: row.packaging,
    services: JSON.parse(row.services_json) as ShipmentView['services'],
    remark: row.remark,
    tmallOrderId: row.tmall_order_id,
    parcels: d.parcels.map((p) => ({
      parcelId: p.parcel_id,
      trackingNumber: p.tracking_number,
      weightGrams: optional(p.weight_grams),
      state: p.state,
    })),
    estimateFen: Number(row.estimate_fen),
    servicesFen: Number(row.services_fen),
    actualFen: optional(row.actual_fen),
    supplementaryFen: Number(row.supplementary_fen),
    refundedFen: Number(row.refunded_fen),
    weightGrams: optional(row.weight_grams),
    sizes: sized ? { lengthCm: Number(row.length_cm), widthCm: Number(row.width_cm), heightCm: Number(row.height_cm) } : null,
    chargeableGrams: optional(row.chargeable_grams),
    carrier: row.carrier,
    trackingNumber: row.tracking_number,
    tracking: d.tracking.map((t) => ({ at: Number(t.at), status: t.status, description: t.description })),
    photos: d.photos.map((p) => ({
      photoId: p.photo_id,
      kind: p.kind,
      url: warehousePhotoUrl(p.photo_id),
      width: p.width,
      height: p.height,
      createdAt: Number(p.created_at),
    })),
    history: d.history,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** One shipment within a scope (SYSTEM_SCOPE for operators). */
export async function readShipment(
  ctx: SystemCtx,
  shipmentId: string,
  scope: Scope,
): Promise<{ ok: true; shipment: ShipmentView } | Failure> {
  const row = await lockShipment(ctx, shipmentId, scope, false);
  if (!row) return fail('NOT_FOUND', { what: `logisticsOrderId ${shipmentId}` });
  return { ok: true, shipment: await toShipmentView(ctx, row) };
}

export function getShipment(ctx: Ctx, shipmentId: string): Promise<{ ok: true; shipment: ShipmentView } | Failure> {
  return readShipment(ctx, shipmentId, scopeOf(ctx));
}

export interface PageShipmentsQuery {
  state?: ShipmentState;
  page: number;
  pageSize: number;
}

/** The caller's shipments, newest first. */
export async function pageShipments(ctx: Ctx, q: PageShipmentsQuery): Promise<{ ok: true; total: number; rows: ShipmentView[] } | Failure> {
  if (!Number.isSafeInteger(q.page) || q.page < 1) return fail('BAD_PARAMETER', { field: 'pageNo', rule: 'must be ≥ 1' });
  if (!Number.isSafeInteger(q.pageSize) || q.pageSize < 1 || q.pageSize > SHIPMENT_PAGE.maxPageSize)
    return fail('BAD_PARAMETER', { field: 'pageSize', rule: `must be 1–${SHIPMENT_PAGE.maxPageSize}` });
  let query = selectOwned(ctx, 'warehouse_shipments');
  if (q.state !== undefined) query = query.where('state', '=', q.state);
  const counted = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('shipment_id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const views: ShipmentView[] = [];
  for (const row of rows) views.push(await toShipmentView(ctx, row as ShipmentRow));
  return { ok: true, total: Number(counted.n), rows: views };
}
