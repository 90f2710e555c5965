/**
 * The one place parcels and shipments are read into views and moved along their machines: a
 * move is the guarded UPDATE, the history row and the outbox event, on the caller's transaction.
 * Every other file of the module goes through here, so no change can skip its history or its
 * callback.
 */
import type { Selectable } from 'kysely';
import type { SystemCtx } from '../../platform/context.ts';
import { whereScope, type Scope } from '../../platform/db/index.ts';
import type { Failure } from '../../platform/errors.ts';
import type { Machine } from '../../platform/machine.ts';
import { transition } from '../../platform/states.ts';
import { emitParcelEvent, emitShipmentEvent } from './events.ts';
import {
  parcelMachine,
  shipmentMachine,
  type ParcelAction,
  type ParcelState,
  type ShipmentAction,
  type ShipmentState,
} from './machines.ts';
import type { WarehouseParcelTable, WarehouseShipmentTable } from './schema.ts';

export type ParcelRow = Selectable<WarehouseParcelTable>;
export type ShipmentRow = Selectable<WarehouseShipmentTable>;

export const PARCEL_ID = /^WP[1-9]\d{0,19}$/;
export const SHIPMENT_ID = /^LO[1-9]\d{0,19}$/;
export const PARCEL_HISTORY = { table: 'warehouse_parcel_history', idColumn: 'parcel_id' } as const;
export const SHIPMENT_HISTORY = { table: 'warehouse_shipment_history', idColumn: 'shipment_id' } as const;

/** One parcel within a scope, locked on PostgreSQL when the caller is about to move it. */
export async function lockParcel(ctx: SystemCtx, parcelId: string, scope: Scope, lock = true): Promise<ParcelRow | undefined> {
  if (typeof parcelId !== 'string' || !PARCEL_ID.test(parcelId)) return undefined;
  let read = whereScope(ctx.db.selectFrom('warehouse_parcels').selectAll().where('parcel_id', '=', parcelId), scope);
  if (lock && ctx.dialect === 'postgres') read = read.forUpdate();
  return read.executeTakeFirst();
}

export async function lockShipment(ctx: SystemCtx, shipmentId: string, scope: Scope, lock = true): Promise<ShipmentRow | undefined> {
  if (typeof shipmentId !== 'string' || !SHIPMENT_ID.test(shipmentId)) return undefined;
  let read = whereScope(ctx.db.selectFrom('warehouse_shipments').selectAll().where('shipment_id', '=', shipmentId), scope);
  if (lock && ctx.dialect === 'postgres') read = read.forUpdate();
  return read.executeTakeFirst();
}

export interface Move<A extends string> {
  id: string;
  scope: Scope;
  action: A;
  actor: string;
  note?: string | null;
  patch?: Readonly<Record<string, unknown>>;
  /** The state the caller already read (and locked) in this transaction. */
  from?: string;
}

export type Moved<R> = { ok: true; row: R; from: string } | Failure;

/** One warehouse lifecycle's table, as `transition()` needs it. */
interface Subject<S extends string, A extends string> {
  machine: Machine<S, A>;
  table: string;
  noun: string;
  history: { table: string; idColumn: string };
}

const PARCEL: Subject<ParcelState, ParcelAction> = {
  machine: parcelMachine,
  table: 'warehouse_parcels',
  noun: 'parcel',
  history: PARCEL_HISTORY,
};
const SHIPMENT: Subject<ShipmentState, ShipmentAction> = {
  machine: shipmentMachine,
  table: 'warehouse_shipments',
  noun: 'shipment',
  history: SHIPMENT_HISTORY,
};

/** The guarded UPDATE and the history row of one move (version and updated_at kept in step). */
async function move<S extends string, A extends string, R>(ctx: SystemCtx, subject: Subject<S, A>, m: Move<A>): Promise<Moved<R>> {
  const done = await transition(ctx, subject.machine, {
    table: subject.table,
    noun: subject.noun,
    idColumn: subject.history.idColumn,
    id: m.id,
    scope: m.scope,
    action: m.action,
    patch: m.patch,
    versionColumn: 'version',
    updatedAtColumn: 'updated_at',
    history: { ...subject.history, actor: m.actor, note: m.note ?? null },
    from: m.from,
  });
  return done.ok ? { ok: true, row: done.row as R, from: done.from } : done;
}

const changeOf = (m: Move<string>, fromState: string): Change => ({ fromState, action: m.action, actor: m.actor, note: m.note ?? null });

/** Moves a parcel, writes its history row and its PARCEL_CHANGE event (with the photo count given). */
export async function moveParcel(ctx: SystemCtx, m: Move<ParcelAction>, photoCount?: number): Promise<Moved<ParcelRow>> {
  const done = await move<ParcelState, ParcelAction, ParcelRow>(ctx, PARCEL, m);
  if (done.ok) await parcelEvent(ctx, done.row, changeOf(m, done.from), photoCount);
  return done;
}

/** Moves a shipment, writes its history row and its SHIPMENT_CHANGE event. */
export async function moveShipment(ctx: SystemCtx, m: Move<ShipmentAction>): Promise<Moved<ShipmentRow>> {
  const done = await move<ShipmentState, ShipmentAction, ShipmentRow>(ctx, SHIPMENT, m);
  if (done.ok) await shipmentEvent(ctx, done.row, changeOf(m, done.from));
  return done;
}

export interface Change {
  fromState: string | null;
  action: string;
  actor: string;
  note: string | null;
}

async function photoCountOf(ctx: SystemCtx, parcelId: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('warehouse_photos')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parcel_id', '=', parcelId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The PARCEL_CHANGE event of a change (a transition, a declaration, a reminder), on the caller's transaction. */
export async function parcelEvent(ctx: SystemCtx, row: ParcelRow, change: Change, photoCount?: number): Promise<void> {
  await emitParcelEvent(ctx, row.developer_id, {
    parcelId: row.parcel_id,
    ownerUserId: row.owner_user_id,
    orderId: row.order_id,
    tmallOrderId: row.tmall_order_id,
    trackingNumber: row.tracking_number,
    carrier: row.carrier,
    state: row.state,
    fromState: change.fromState as ParcelState | null,
    action: change.action,
    actor: change.actor,
    weightGrams: optional(row.weight_grams),
    qcResult: row.qc_result,
    photoCount: photoCount ?? (await photoCountOf(ctx, row.parcel_id)),
    storageFeeFen: Number(row.storage_fee_fen),
    shipmentId: row.shipment_id,
    note: change.note,
    at: Number(row.updated_at),
  });
}

export async function shipmentParcelIds(ctx: SystemCtx, shipmentId: string): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('warehouse_parcels')
    .select('parcel_id')
    .where('shipment_id', '=', shipmentId)
    .orderBy('parcel_id')
    .execute();
  return rows.map((r) => r.parcel_id);
}

export async function shipmentEvent(ctx: SystemCtx, row: ShipmentRow, change: Change): Promise<void> {
  await emitShipmentEvent(ctx, row.developer_id, {
    shipmentId: row.shipment_id,
    ownerUserId: row.owner_user_id,
    renderId: row.render_id,
    tmallOrderId: row.tmall_order_id,
    serviceId: row.service_id,
    state: row.state,
    fromState: change.fromState as ShipmentState | null,
    action: change.action,
    actor: change.actor,
    parcelIds: await shipmentParcelIds(ctx, row.shipment_id),
    estimateFen: Number(row.estimate_fen),
    actualFen: optional(row.actual_fen),
    supplementaryFen: Number(row.supplementary_fen),
    refundedFen: Number(row.refunded_fen),
    chargeableGrams: optional(row.chargeable_grams),
    carrier: row.carrier,
    trackingNumber: row.tracking_number,
    note: change.note,
    at: Number(row.updated_at),
  });
}

/** Drivers answer bigint columns as strings on PostgreSQL. */
export const optional = (value: number | string | null): number | null => (value === null ? null : Number(value));
