/**
 * The weighing fixes the real freight: the packed shipment is quoted on the active card for its
 * channel and country, as one parcel of the measured weight and size with the booked goods'
 * attributes. A channel that refuses the real parcel (a piece or size limit) answers
 * SHIPMENT_CHANNEL_REFUSED and nothing changes. Otherwise, in one transaction: the parcels are
 * PACKED (no longer removable), the shipment WEIGHED, and then either AWAITING_PAYMENT for the
 * difference (actual above the prepaid estimate) or PAID with the difference refunded.
 */
import type { SystemCtx } from '../../platform/context.ts';
import { abort, atomically } from '../../platform/atomic.ts';
import { SYSTEM_SCOPE } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { activeFx, quoteParcel, rateCardAt, type CargoAttribute, type FreightOption } from '../freight/index.ts';
import { refundToWallet } from '../wallet/index.ts';
import { lockShipment, moveShipment, type ShipmentRow } from './repo.ts';
import { moveShipmentParcels, type StepResult } from './shipment-steps.ts';
import { encodePhotos, insertPhotos } from './photos.ts';

export interface WeighInput {
  shipmentId: string;
  weightGrams: number;
  lengthCm: number;
  widthCm: number;
  heightCm: number;
  /** Pictures of the weighing (scale, tape measure), stored with the shipment. */
  photos?: readonly Buffer[];
  actor: string;
}

export const MAX_SHIPMENT_GRAMS = 1_000_000;
export const MAX_SHIPMENT_SIDE_CM = 300;

function badMeasure(input: WeighInput): Failure | null {
  const limits = [
    ['weightGrams', MAX_SHIPMENT_GRAMS],
    ['lengthCm', MAX_SHIPMENT_SIDE_CM],
    ['widthCm', MAX_SHIPMENT_SIDE_CM],
    ['heightCm', MAX_SHIPMENT_SIDE_CM],
  ] as const;
  for (const [field, max] of limits) {
    const value = input[field];
    if (!Number.isSafeInteger(value) || value < 1 || value > max)
      return fail('BAD_PARAMETER', { field, rule: `must be an integer 1–${max}` });
  }
  return null;
}

/** The real parcel's price on the shipment's channel, or why the channel refuses it now. */
async function realFreight(ctx: SystemCtx, row: ShipmentRow, input: WeighInput): Promise<{ ok: true; option: FreightOption } | Failure> {
  const [card, fx] = await Promise.all([rateCardAt(ctx, ctx.clock.nowMs()), activeFx(ctx)]);
  if (!card.ok) return card;
  const { compiled } = card;
  const attributes = new Set(JSON.parse(row.attributes_json) as CargoAttribute[]);
  const parcel = {
    grams: input.weightGrams,
    sides: [input.lengthCm, input.widthCm, input.heightCm] as [number, number, number],
    attributes,
  };
  const quote = quoteParcel(compiled, fx, parcel, row.country, row.currency);
  const option = quote.options.find((o) => o.serviceId === row.service_id);
  if (option) return { ok: true, option };
  const excluded = quote.excluded.find((e) => e.serviceId === row.service_id);
  const reason = excluded ? `${excluded.reason}: ${excluded.detail}` : `not a channel of rate card ${quote.cardVersion}`;
  return fail('SHIPMENT_CHANNEL_REFUSED', { serviceId: row.service_id, reason });
}

export async function weighShipment(ctx: SystemCtx, input: WeighInput): Promise<StepResult> {
  const bad = badMeasure(input);
  if (bad) return bad;
  const current = await lockShipment(ctx, input.shipmentId, SYSTEM_SCOPE, false);
  if (!current) return fail('NOT_FOUND', { what: `logisticsOrderId ${input.shipmentId}` });
  if (current.state !== 'PACKING') return fail('SHIPMENT_STATE_INVALID', { state: current.state, action: 'weigh' });
  // The card is read before the write transaction: on SQLite a first read may store the sample card.
  const priced = await realFreight(ctx, current, input);
  if (!priced.ok) return priced;
  const photos = await encodePhotos(input.photos ?? [], 'photos');
  if (!photos.ok) return photos;
  const actualFen = priced.option.priceFen;
  return atomically(ctx, async (tx) => {
    const weighed = await moveShipment(tx, {
      id: input.shipmentId,
      scope: SYSTEM_SCOPE,
      action: 'weigh',
      actor: input.actor,
      patch: {
        weight_grams: input.weightGrams,
        length_cm: input.lengthCm,
        width_cm: input.widthCm,
        height_cm: input.heightCm,
        actual_fen: actualFen,
        chargeable_grams: priced.option.chargeableGrams,
      },
    });
    if (!weighed.ok) return weighed;
    const owner = { developerId: current.developer_id, ownerUserId: current.owner_user_id };
    await insertPhotos(tx, owner, { shipmentId: input.shipmentId, kind: 'weighing' }, photos.encoded);
    await moveShipmentParcels(tx, input.shipmentId, 'pack', input.actor);
    return settle(tx, weighed.row, actualFen, input.actor);
  });
}

/** Asks for the difference, or refunds it and marks the shipment paid. */
async function settle(tx: SystemCtx, row: ShipmentRow, actualFen: number, actor: string): Promise<StepResult> {
  const estimateFen = Number(row.estimate_fen);
  const base = { id: row.shipment_id, scope: SYSTEM_SCOPE, actor, from: row.state };
  if (actualFen > estimateFen) {
    const waiting = await moveShipment(tx, { ...base, action: 'require_payment', patch: { supplementary_fen: actualFen - estimateFen } });
    return waiting.ok ? { ok: true, shipment: waiting.row } : abort(waiting);
  }
  const refundFen = estimateFen - actualFen;
  if (refundFen > 0) {
    const refunded = await refundToWallet(tx, {
      developerId: row.developer_id,
      amountFen: refundFen,
      ref: `shipment:${row.shipment_id}:settle-refund`,
      note: `shipment ${row.shipment_id} weighed below its prepaid freight`,
    });
    if (!refunded.ok) abort(refunded);
  }
  const paid = await moveShipment(tx, { ...base, action: 'settle', patch: { refunded_fen: Number(row.refunded_fen) + refundFen } });
  return paid.ok ? { ok: true, shipment: paid.row } : abort(paid);
}
