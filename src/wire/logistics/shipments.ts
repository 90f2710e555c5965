/**
 * The developer's side of a booked shipment (Ponte extensions of the logistics family, v2 paths
 * with v1 aliases): read one, page them, pay the supplementary freight a weighing asked for, and
 * cancel before packing. Another developer's or a sibling sub-account's id is not found.
 */
import { z } from 'zod';
import { cancelShipment, getShipment, pageShipments, paySupplementary, SHIPMENT_PAGE } from '../../modules/warehouse/index.ts';
import { defineRoute, ok } from '../../platform/http/index.ts';
import { LogisticsOrderId, ShipmentState, ShipmentView } from './shipments-view.ts';

const V2 = '/v2/open/pp/logistics/';
const V1 = '/open/pp/logistics/';
const ByOrder = z.object({ logisticsOrderId: LogisticsOrderId });

export const shipmentDetail = defineRoute({
  method: 'POST',
  path: `${V2}shipmentDetail`,
  aliases: [`${V1}shipmentDetail`],
  operationId: 'logisticsShipmentDetail',
  summary: 'Read an international shipment: parcels, money, weighing, tracking, photos, history',
  tags: ['Warehouse logistics'],
  action: 'read',
  body: ByOrder,
  data: ShipmentView,
  errors: ['NOT_FOUND'],
  handler: async (ctx, { body }) => {
    const found = await getShipment(ctx, body.logisticsOrderId);
    return found.ok ? ok(found.shipment) : found;
  },
});

export const shipmentList = defineRoute({
  method: 'POST',
  path: `${V2}shipmentList`,
  aliases: [`${V1}shipmentList`],
  operationId: 'logisticsShipmentList',
  summary: 'Page the caller’s international shipments, newest first',
  tags: ['Warehouse logistics'],
  action: 'read',
  body: z
    .object({
      state: ShipmentState.optional(),
      pageNo: z.number().int().min(1).max(10_000).default(1),
      pageSize: z.number().int().min(1).max(SHIPMENT_PAGE.maxPageSize).default(20),
    })
    .default({ pageNo: 1, pageSize: 20 }),
  data: z.object({ total: z.number().int(), pageNo: z.number().int(), pageSize: z.number().int(), list: z.array(ShipmentView) }),
  errors: ['BAD_PARAMETER'],
  handler: async (ctx, { body }) => {
    const paged = await pageShipments(ctx, { ...(body.state ? { state: body.state } : {}), page: body.pageNo, pageSize: body.pageSize });
    return paged.ok ? ok({ total: paged.total, pageNo: body.pageNo, pageSize: body.pageSize, list: paged.rows }) : paged;
  },
});

export const paySupplementaryRoute = defineRoute({
  method: 'POST',
  path: `${V2}paySupplementary`,
  aliases: [`${V1}paySupplementary`],
  operationId: 'logisticsPaySupplementary',
  summary: 'Pay the supplementary freight of a shipment weighed above its prepaid estimate',
  description:
    'AWAITING_PAYMENT → PAID, charging `supplementaryFen` to the wallet. Paying again answers the paid shipment and charges nothing; a wallet that cannot pay leaves it waiting. Another state: 2202.',
  tags: ['Warehouse logistics'],
  action: 'order.pay',
  body: ByOrder,
  data: ShipmentView,
  errors: ['NOT_FOUND', 'SHIPMENT_STATE_INVALID', 'INSUFFICIENT_BALANCE'],
  handler: async (ctx, { body }) => {
    const paid = await paySupplementary(ctx, body.logisticsOrderId);
    if (!paid.ok) return paid;
    const view = await getShipment(ctx, body.logisticsOrderId);
    return view.ok ? ok(view.shipment) : view;
  },
});

export const cancelShipmentRoute = defineRoute({
  method: 'POST',
  path: `${V2}cancelShipment`,
  aliases: [`${V1}cancelShipment`],
  operationId: 'logisticsCancelShipment',
  summary: 'Cancel a shipment before packing: the prepaid freight and services are refunded, the parcels stored again',
  description: 'REQUESTED → CANCELLED. Once packing started the parcels cannot be taken out: 2202.',
  tags: ['Warehouse logistics'],
  action: 'order.write',
  body: ByOrder,
  data: ShipmentView,
  errors: ['NOT_FOUND', 'SHIPMENT_STATE_INVALID'],
  handler: async (ctx, { body }) => {
    const cancelled = await cancelShipment(ctx, body.logisticsOrderId);
    if (!cancelled.ok) return cancelled;
    const view = await getShipment(ctx, body.logisticsOrderId);
    return view.ok ? ok(view.shipment) : view;
  },
});

export const shipmentRoutes = [shipmentDetail, shipmentList, paySupplementaryRoute, cancelShipmentRoute] as const;
