/**
 * Warehouse operators move outbound shipments (`Authorization: Bearer <admin token>`; the CLI
 * `ponte warehouse pack|weigh|dispatch|track` does the same): start packing, weigh (which
 * settles the freight), dispatch with the international tracking number, and record tracking.
 * Each is recorded with actor `operator`; a state that does not allow it answers 2202.
 */
import { z } from 'zod';
import {
  dispatchShipment,
  MAX_SHIPMENT_GRAMS,
  MAX_SHIPMENT_SIDE_CM,
  readShipment,
  startPacking,
  trackShipment,
  TRACKING_STATUSES,
  weighShipment,
  type StepResult,
} from '../../modules/warehouse/index.ts';
import type { SystemCtx } from '../../platform/context.ts';
import { SYSTEM_SCOPE } from '../../platform/db/index.ts';
import { decodeAll, PHOTO_REFUSALS, Photos } from './photos-input.ts';
import { defineAdminRoute, ok } from '../../platform/http/index.ts';
import { LogisticsOrderId, ShipmentView } from '../logistics/shipments-view.ts';

const ACTOR = 'operator';
const REFUSALS = ['NOT_FOUND', 'BAD_PARAMETER', 'SHIPMENT_STATE_INVALID'] as const;

async function answer(ctx: SystemCtx, done: StepResult) {
  if (!done.ok) return done;
  const read = await readShipment(ctx, done.shipment.shipment_id, SYSTEM_SCOPE);
  return read.ok ? ok(read.shipment) : read;
}

const pack = defineAdminRoute({
  method: 'POST',
  path: '/admin/warehouse/shipments/pack',
  operationId: 'adminWarehouseShipmentPack',
  summary: 'Start packing a booked shipment (REQUESTED → PACKING; the developer can no longer cancel)',
  tags: ['Admin'],
  roles: ['warehouse', 'admin'],
  body: z.object({ logisticsOrderId: LogisticsOrderId }),
  data: ShipmentView,
  errors: [...REFUSALS],
  handler: async (ctx, { body }) => answer(ctx, await startPacking(ctx, { shipmentId: body.logisticsOrderId, actor: ACTOR })),
});

const side = z.number().int().min(1).max(MAX_SHIPMENT_SIDE_CM);
const weigh = defineAdminRoute({
  method: 'POST',
  path: '/admin/warehouse/shipments/weigh',
  operationId: 'adminWarehouseShipmentWeigh',
  summary: 'Weigh a packed shipment: the real freight on the active card settles the prepaid one',
  description:
    'PACKING → WEIGHED, its parcels PACKED, with the weighing `photos`; then PAID with the difference refunded (lighter or equal) or AWAITING_PAYMENT for the difference (heavier). A channel that refuses the real parcel: 2204, nothing changes.',
  tags: ['Admin'],
  roles: ['warehouse', 'admin'],
  body: z.object({
    logisticsOrderId: LogisticsOrderId,
    weightGrams: z.number().int().min(1).max(MAX_SHIPMENT_GRAMS),
    lengthCm: side,
    widthCm: side,
    heightCm: side,
    photos: Photos,
  }),
  data: ShipmentView,
  errors: [...REFUSALS, 'SHIPMENT_CHANNEL_REFUSED', 'NO_RATE_CARD', ...PHOTO_REFUSALS],
  handler: async (ctx, { body }) => {
    const { photos: texts, logisticsOrderId, ...measured } = body;
    const photos = decodeAll(texts, 'photos');
    if (!Array.isArray(photos)) return photos;
    return answer(ctx, await weighShipment(ctx, { ...measured, shipmentId: logisticsOrderId, photos, actor: ACTOR }));
  },
});

const dispatch = defineAdminRoute({
  method: 'POST',
  path: '/admin/warehouse/shipments/dispatch',
  operationId: 'adminWarehouseShipmentDispatch',
  summary: 'Hand a paid shipment to the carrier (PAID → DISPATCHED, parcels SHIPPED)',
  tags: ['Admin'],
  roles: ['warehouse', 'admin'],
  body: z.object({ logisticsOrderId: LogisticsOrderId, carrier: z.string().max(60), trackingNumber: z.string().max(40) }),
  data: ShipmentView,
  errors: [...REFUSALS],
  handler: async (ctx, { body }) =>
    answer(
      ctx,
      await dispatchShipment(ctx, {
        shipmentId: body.logisticsOrderId,
        carrier: body.carrier,
        trackingNumber: body.trackingNumber,
        actor: ACTOR,
      }),
    ),
});

const track = defineAdminRoute({
  method: 'POST',
  path: '/admin/warehouse/shipments/track',
  operationId: 'adminWarehouseShipmentTrack',
  summary: 'Record a tracking update; IN_TRANSIT, CUSTOMS_HELD, RELEASED, DELIVERED, RETURNED, LOST move the shipment',
  tags: ['Admin'],
  roles: ['warehouse', 'admin'],
  body: z.object({
    logisticsOrderId: LogisticsOrderId,
    status: z.enum(TRACKING_STATUSES),
    description: z.string().max(300),
    at: z.number().int().min(0).optional().describe('When it happened, epoch ms (default now)'),
  }),
  data: ShipmentView,
  errors: [...REFUSALS],
  handler: async (ctx, { body }) =>
    answer(
      ctx,
      await trackShipment(ctx, {
        shipmentId: body.logisticsOrderId,
        status: body.status,
        description: body.description,
        ...(body.at !== undefined ? { at: body.at } : {}),
        actor: ACTOR,
      }),
    ),
});

const detail = defineAdminRoute({
  method: 'GET',
  path: '/admin/warehouse/shipments/detail',
  operationId: 'adminWarehouseShipmentDetail',
  summary: 'Read any shipment with its parcels, money, tracking, photos and history',
  tags: ['Admin'],
  roles: ['warehouse', 'support', 'admin'],
  query: z.object({ logisticsOrderId: LogisticsOrderId }),
  data: ShipmentView,
  errors: ['NOT_FOUND'],
  handler: async (ctx, { query }) => {
    const read = await readShipment(ctx, query.logisticsOrderId, SYSTEM_SCOPE);
    return read.ok ? ok(read.shipment) : read;
  },
});

export const adminWarehouseShipmentRoutes = [pack, weigh, dispatch, track, detail];
