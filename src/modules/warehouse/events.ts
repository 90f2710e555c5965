/**
 * The outbox events of the warehouse: one per parcel or shipment change (every transition, and
 * the storage reminder, which changes no state), written in the transaction of the change. The
 * callbacks dispatcher renders them as PandaPon-style messages (wire/callbacks); the payload is
 * everything a message needs, so rendering reads no warehouse table.
 */
import type { SystemCtx } from '../../platform/context.ts';
import { emitEvent } from '../../platform/outbox/index.ts';
import type { ParcelState, ShipmentState } from './machines.ts';

export const PARCEL_EVENT_TYPE = 'PARCEL_CHANGE';
export const PARCEL_AGGREGATE = 'warehouse_parcel';
export const SHIPMENT_EVENT_TYPE = 'SHIPMENT_CHANGE';
export const SHIPMENT_AGGREGATE = 'warehouse_shipment';

export interface ParcelEventPayload {
  parcelId: string;
  ownerUserId: string;
  orderId: string | null;
  tmallOrderId: string | null;
  trackingNumber: string;
  carrier: string;
  state: ParcelState;
  fromState: ParcelState | null;
  /** The machine action, or `declare` / `storage_reminder` / `storage_fee`. */
  action: string;
  actor: string;
  weightGrams: number | null;
  qcResult: 'pass' | 'issue' | null;
  photoCount: number;
  storageFeeFen: number;
  shipmentId: string | null;
  note: string | null;
  at: number;
}

export interface ShipmentEventPayload {
  shipmentId: string;
  ownerUserId: string;
  renderId: string;
  tmallOrderId: string | null;
  serviceId: string;
  state: ShipmentState;
  fromState: ShipmentState | null;
  action: string;
  actor: string;
  parcelIds: string[];
  estimateFen: number;
  actualFen: number | null;
  supplementaryFen: number;
  refundedFen: number;
  chargeableGrams: number | null;
  carrier: string | null;
  trackingNumber: string | null;
  note: string | null;
  at: number;
}

export function emitParcelEvent(ctx: SystemCtx, developerId: string, payload: ParcelEventPayload): Promise<string> {
  return emitEvent(ctx, { developerId, type: PARCEL_EVENT_TYPE, aggregateType: PARCEL_AGGREGATE, aggregateId: payload.parcelId, payload });
}

export function emitShipmentEvent(ctx: SystemCtx, developerId: string, payload: ShipmentEventPayload): Promise<string> {
  return emitEvent(ctx, {
    developerId,
    type: SHIPMENT_EVENT_TYPE,
    aggregateType: SHIPMENT_AGGREGATE,
    aggregateId: payload.shipmentId,
    payload,
  });
}
