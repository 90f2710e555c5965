/**
 * The shipment's steps after booking, other than the weighing (weigh.ts) and tracking
 * (tracking.ts): the operator starts packing and dispatches; the developer cancels before
 * packing (everything prepaid comes back, the parcels go back to STORED) and pays the
 * supplementary freight a heavier weighing asked for. Each step is one transaction: the
 * shipment's move, its parcels' moves and the money, all or nothing.
 */
import type { Ctx, SystemCtx } from '../../platform/context.ts';
import { abort, atomically } from '../../platform/atomic.ts';
import { SYSTEM_SCOPE, scopeOf, type Scope } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { chargeWallet, refundToWallet } from '../wallet/index.ts';
import type { ParcelAction } from './machines.ts';
import { lockShipment, moveParcel, moveShipment, shipmentParcelIds, type ShipmentRow } from './repo.ts';

export type StepResult = { ok: true; shipment: ShipmentRow } | Failure;

const notFound = (shipmentId: string): Failure => fail('NOT_FOUND', { what: `logisticsOrderId ${shipmentId}` });

/** Moves every parcel of the shipment along `action`; a refusal aborts the caller's transaction. */
export async function moveShipmentParcels(
  tx: SystemCtx,
  shipmentId: string,
  action: ParcelAction,
  actor: string,
  patch?: Record<string, unknown>,
): Promise<void> {
  for (const parcelId of await shipmentParcelIds(tx, shipmentId)) {
    const moved = await moveParcel(tx, { id: parcelId, scope: SYSTEM_SCOPE, action, actor, ...(patch ? { patch } : {}) });
    if (!moved.ok) abort(moved);
  }
}

export function startPacking(ctx: SystemCtx, input: { shipmentId: string; actor: string }): Promise<StepResult> {
  return atomically(ctx, async (tx) => {
    const moved = await moveShipment(tx, { id: input.shipmentId, scope: SYSTEM_SCOPE, action: 'start_packing', actor: input.actor });
    return moved.ok ? { ok: true, shipment: moved.row } : moved;
  });
}

const CARRIER = /^[\p{L}\p{N} .&()-]{2,60}$/u;
const TRACKING = /^[A-Za-z0-9-]{4,40}$/;

export function dispatchShipment(
  ctx: SystemCtx,
  input: { shipmentId: string; carrier: string; trackingNumber: string; actor: string },
): Promise<StepResult> {
  const carrier = input.carrier.trim();
  if (!CARRIER.test(carrier))
    return Promise.resolve(fail('BAD_PARAMETER', { field: 'carrier', rule: 'must be 2–60 letters, digits or spaces' }));
  if (!TRACKING.test(input.trackingNumber))
    return Promise.resolve(fail('BAD_PARAMETER', { field: 'trackingNumber', rule: 'must be 4–40 characters [A-Za-z0-9-]' }));
  return atomically(ctx, async (tx) => {
    const moved = await moveShipment(tx, {
      id: input.shipmentId,
      scope: SYSTEM_SCOPE,
      action: 'dispatch',
      actor: input.actor,
      patch: { carrier, tracking_number: input.trackingNumber },
    });
    if (!moved.ok) return moved;
    await moveShipmentParcels(tx, input.shipmentId, 'ship', input.actor);
    await appendTracking(tx, input.shipmentId, { status: 'DISPATCHED', description: `handed to ${carrier}, ${input.trackingNumber}` });
    return { ok: true, shipment: moved.row };
  });
}

/** Appends one tracking line (the next seq of the shipment), at `at` or now. */
export async function appendTracking(
  tx: SystemCtx,
  shipmentId: string,
  line: { status: string; description: string; at?: number },
): Promise<void> {
  const last = await tx.db
    .selectFrom('warehouse_shipment_tracking')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('shipment_id', '=', shipmentId)
    .executeTakeFirst();
  await tx.db
    .insertInto('warehouse_shipment_tracking')
    .values({
      shipment_id: shipmentId,
      seq: Number(last?.seq ?? 0) + 1,
      at: line.at ?? tx.clock.nowMs(),
      status: line.status,
      description: line.description,
    })
    .execute();
}

/** The developer cancels before packing: the prepaid freight and the services come back, the parcels go back to STORED. */
export function cancelShipment(ctx: Ctx, shipmentId: string): Promise<StepResult> {
  return atomically(ctx, async (tx) => {
    const scope: Scope = scopeOf(tx);
    const row = await lockShipment(tx, shipmentId, scope);
    if (!row) return notFound(shipmentId);
    const refundFen = Number(row.estimate_fen) + Number(row.services_fen);
    const moved = await moveShipment(tx, {
      id: shipmentId,
      scope,
      action: 'cancel',
      actor: 'developer',
      patch: { refunded_fen: Number(row.refunded_fen) + refundFen },
      from: row.state,
    });
    if (!moved.ok) return moved;
    await moveShipmentParcels(tx, shipmentId, 'release', 'developer', { shipment_id: null });
    if (refundFen > 0) {
      const refunded = await refundToWallet(tx, {
        developerId: row.developer_id,
        amountFen: refundFen,
        ref: `shipment:${shipmentId}:cancel-refund`,
        note: `shipment ${shipmentId} cancelled before packing`,
      });
      if (!refunded.ok) abort(refunded);
    }
    return { ok: true, shipment: moved.row };
  });
}

/**
 * Pays what the weighing found beyond the prepaid freight. Paying again answers the paid
 * shipment and charges nothing; a wallet that cannot pay leaves it waiting.
 */
export function paySupplementary(ctx: Ctx, shipmentId: string): Promise<StepResult> {
  return atomically(ctx, async (tx) => {
    const scope = scopeOf(tx);
    const row = await lockShipment(tx, shipmentId, scope);
    if (!row) return notFound(shipmentId);
    const amountFen = Number(row.supplementary_fen);
    if (row.state !== 'AWAITING_PAYMENT' && amountFen > 0 && (await paidBefore(tx, row))) return { ok: true, shipment: row };
    const moved = await moveShipment(tx, { id: shipmentId, scope, action: 'pay', actor: 'developer', from: row.state });
    if (!moved.ok) return moved;
    const charged = await chargeWallet(tx, {
      developerId: row.developer_id,
      amountFen,
      kind: 'freight',
      ref: `shipment:${shipmentId}:supplementary`,
    });
    if (!charged.ok) abort(charged);
    return { ok: true, shipment: moved.row };
  });
}

async function paidBefore(tx: SystemCtx, row: ShipmentRow): Promise<boolean> {
  const paid = await tx.db
    .selectFrom('warehouse_shipment_history')
    .select('id')
    .where('shipment_id', '=', row.shipment_id)
    .where('action', '=', 'pay')
    .executeTakeFirst();
  return paid !== undefined;
}
