import type { BuiltMessage } from '../../modules/callbacks/index.ts';
import type { ParcelEventPayload, ShipmentEventPayload } from '../../modules/warehouse/index.ts';
import { MESSAGE_TYPES, WAREHOUSE } from './message-types.ts';

/*
 * The China warehouse's messages, one per PARCEL_CHANGE / SHIPMENT_CHANGE event, built from the
 * event payload alone. PandaPon publishes no warehouse message, so both are designs in the style
 * of its warehouse-logistics API (camelCase, `logisticsOrderId` as W4 names the booking,
 * `tmallOrderId` as W3) and of the 1688 refund message (status, beforeStatus, action, operator,
 * remark); amounts are fen and times epoch ms, as Ponte's other extensions.
 */

export function parcelBody(p: ParcelEventPayload) {
  return {
    parcelId: p.parcelId,
    orderId: p.orderId,
    tmallOrderId: p.tmallOrderId,
    trackingNumber: p.trackingNumber,
    carrier: p.carrier,
    status: p.state,
    beforeStatus: p.fromState,
    action: p.action,
    operator: p.actor,
    weightGrams: p.weightGrams,
    qcResult: p.qcResult,
    photoCount: p.photoCount,
    storageFeeFen: p.storageFeeFen,
    logisticsOrderId: p.shipmentId,
    remark: p.note,
    subUserId: p.ownerUserId,
    modifyTime: p.at,
  };
}

export function logisticsOrderBody(p: ShipmentEventPayload) {
  return {
    logisticsOrderId: p.shipmentId,
    renderId: p.renderId,
    tmallOrderId: p.tmallOrderId,
    serviceId: p.serviceId,
    status: p.state,
    beforeStatus: p.fromState,
    action: p.action,
    operator: p.actor,
    parcelIds: p.parcelIds,
    estimateFen: p.estimateFen,
    actualFen: p.actualFen,
    supplementaryFen: p.supplementaryFen,
    refundedFen: p.refundedFen,
    chargeableGrams: p.chargeableGrams,
    carrier: p.carrier,
    trackingNumber: p.trackingNumber,
    remark: p.note,
    subUserId: p.ownerUserId,
    modifyTime: p.at,
  };
}

/** The message for one parcel event. */
export function parcelMessage(p: ParcelEventPayload): BuiltMessage {
  return { messageType: MESSAGE_TYPES.parcelStatus, platform: WAREHOUSE, messageBody: JSON.stringify(parcelBody(p)) };
}

/** The message for one logistics-order (outbound shipment) event. */
export function logisticsOrderMessage(p: ShipmentEventPayload): BuiltMessage {
  return { messageType: MESSAGE_TYPES.logisticsOrderStatus, platform: WAREHOUSE, messageBody: JSON.stringify(logisticsOrderBody(p)) };
}
