/**
 * Tracking updates of a dispatched shipment (the carrier's feed, an operator, the sandbox): each
 * appends a line and moves the shipment when its status asks for a move. A further IN_TRANSIT
 * line while in transit only appends; a status whose move the state refuses (DELIVERED before
 * IN_TRANSIT, RELEASED without a hold) answers SHIPMENT_STATE_INVALID and appends nothing.
 */
import type { SystemCtx } from '../../platform/context.ts';
import { atomically } from '../../platform/atomic.ts';
import { SYSTEM_SCOPE } from '../../platform/db/index.ts';
import { fail } from '../../platform/errors.ts';
import type { ShipmentAction } from './machines.ts';
import { lockShipment, moveShipment } from './repo.ts';
import { appendTracking, type StepResult } from './shipment-steps.ts';

export const TRACKING_STATUSES = ['IN_TRANSIT', 'CUSTOMS_HELD', 'RELEASED', 'DELIVERED', 'RETURNED', 'LOST'] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];

const MOVES: Record<TrackingStatus, ShipmentAction> = {
  IN_TRANSIT: 'transit',
  CUSTOMS_HELD: 'hold_customs',
  RELEASED: 'release_customs',
  DELIVERED: 'deliver',
  RETURNED: 'return',
  LOST: 'lose',
};

export interface TrackInput {
  shipmentId: string;
  status: TrackingStatus;
  description: string;
  at?: number;
  actor: string;
}

export function trackShipment(ctx: SystemCtx, input: TrackInput): Promise<StepResult> {
  if (!TRACKING_STATUSES.includes(input.status))
    return Promise.resolve(fail('BAD_PARAMETER', { field: 'status', rule: `must be one of ${TRACKING_STATUSES.join(', ')}` }));
  const description = input.description.trim();
  if (description.length < 1 || description.length > 300)
    return Promise.resolve(fail('BAD_PARAMETER', { field: 'description', rule: 'must be 1–300 characters' }));
  return atomically(ctx, async (tx) => {
    const row = await lockShipment(tx, input.shipmentId, SYSTEM_SCOPE);
    if (!row) return fail('NOT_FOUND', { what: `logisticsOrderId ${input.shipmentId}` });
    let shipment = row;
    if (!(input.status === 'IN_TRANSIT' && row.state === 'IN_TRANSIT')) {
      const moved = await moveShipment(tx, {
        id: row.shipment_id,
        scope: SYSTEM_SCOPE,
        action: MOVES[input.status],
        actor: input.actor,
        note: description,
        from: row.state,
      });
      if (!moved.ok) return moved;
      shipment = moved.row;
    }
    await appendTracking(tx, row.shipment_id, { status: input.status, description, ...(input.at !== undefined ? { at: input.at } : {}) });
    return { ok: true, shipment };
  });
}
