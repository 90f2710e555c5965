/**
 * W4: booking an outbound shipment from a W2 quote. The quote's price for the chosen channel is
 * charged now (prepaid); the weighing settles it. One transaction claims the quote (the unique
 * render_id), allocates the parcels, settles their unpaid storage and charges the freight and the
 * services, so a refused charge leaves no shipment and every parcel STORED. The same body sent
 * again answers the same shipment and charges nothing; another body for a booked quote is refused.
 */
import type { Ctx } from '../../platform/context.ts';
import { atomically, abort } from '../../platform/atomic.ts';
import { sha256Hex } from '../../platform/crypto.ts';
import { scopeOf, whereScope } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { newNumericId } from '../../platform/ids.ts';
import { recordInitialState } from '../../platform/states.ts';
import { findRender, type StoredRender } from '../freight/index.ts';
import { chargeWallet } from '../wallet/index.ts';
import { quoteServices } from './service-quote.ts';
import { settleUnpaidStorage } from './storage.ts';
import { pickParcels } from './book-parcels.ts';
import type { ShipmentState } from './machines.ts';
import { lockShipment, moveParcel, SHIPMENT_HISTORY, shipmentEvent, shipmentParcelIds, type ParcelRow, type ShipmentRow } from './repo.ts';

export const PACKAGING = ['keep_outer_box', 'keep_retail_box', 'remove_all'] as const;
export type Packaging = (typeof PACKAGING)[number];

export interface BookLine {
  itemId: string;
  skuId: string;
  quantity: number;
  /** The line's freightInfo.serviceId: every line must name the same channel. */
  serviceId: string | null | undefined;
}

export interface BookInput {
  renderId: string;
  /** ReceiverAddressTO as sent; `country` must be the quote's. */
  receiver: { country: string } & Record<string, string | null | undefined>;
  lineItems: BookLine[];
  tmallOrderId?: string | null;
  remark?: string;
  parcelIds?: string[];
  packaging?: Packaging;
  services?: { code: string; quantity: number }[];
  /** Insurance is a share of it; without it the insurance minimum applies. */
  declaredValueFen?: number;
}

export interface Booked {
  ok: true;
  shipmentId: string;
  state: ShipmentState;
  estimateFen: number;
  servicesFen: number;
  parcelIds: string[];
  replayed: boolean;
}

/** The channel every line names, or the field that disagrees. */
function chosenChannel(lines: BookLine[]): { ok: true; serviceId: string } | Failure {
  const first = lines[0]?.serviceId;
  if (!first) return fail('BAD_PARAMETER', { field: 'lineItems[0].freightInfo.serviceId', rule: 'is required (a channel of the quote)' });
  for (const [i, line] of lines.entries())
    if (line.serviceId !== first)
      return fail('BAD_PARAMETER', {
        field: `lineItems[${i}].freightInfo.serviceId`,
        rule: 'must equal lineItems[0].freightInfo.serviceId',
      });
  return { ok: true, serviceId: first };
}

function optionOf(render: StoredRender, serviceId: string) {
  const option = render.quote.options.find((o) => o.serviceId === serviceId);
  if (option) return { ok: true as const, option };
  const excluded = render.quote.excluded.find((e) => e.serviceId === serviceId);
  const reason = excluded ? `${excluded.reason}: ${excluded.detail}` : `not a channel of quote ${render.renderId}`;
  return fail('SHIPMENT_CHANNEL_REFUSED', { serviceId, reason });
}

function requestHash(input: BookInput): string {
  return sha256Hex(
    JSON.stringify([
      input.renderId,
      Object.entries(input.receiver).sort(([a], [b]) => (a < b ? -1 : 1)),
      input.lineItems.map((l) => [l.itemId, l.skuId, l.quantity, l.serviceId ?? null]),
      input.tmallOrderId ?? null,
      input.remark ?? '',
      input.parcelIds ? [...input.parcelIds].sort() : null,
      input.packaging ?? 'keep_outer_box',
      input.services ?? [],
      input.declaredValueFen ?? 0,
    ]),
  );
}

async function answerOf(ctx: Ctx, row: ShipmentRow, replayed: boolean): Promise<Booked> {
  return {
    ok: true,
    shipmentId: row.shipment_id,
    state: row.state,
    estimateFen: Number(row.estimate_fen),
    servicesFen: Number(row.services_fen),
    parcelIds: await shipmentParcelIds(ctx, row.shipment_id),
    replayed,
  };
}

/** The shipment already booked on this quote: a replay with the same body, or a refusal. */
async function earlierBooking(ctx: Ctx, input: BookInput, hash: string): Promise<Booked | Failure | null> {
  // Scoped: a sibling sub-account's booking is not even a refusal, its quote is simply not found.
  const row = await whereScope(ctx.db.selectFrom('warehouse_shipments').selectAll(), scopeOf(ctx))
    .where('render_id', '=', input.renderId)
    .executeTakeFirst();
  if (!row) return null;
  if (row.request_hash !== hash) return fail('IDEMPOTENCY_KEY_REUSED', { key: input.renderId });
  return answerOf(ctx, row, true);
}

export async function bookShipment(ctx: Ctx, input: BookInput): Promise<Booked | Failure> {
  const hash = requestHash(input);
  const earlier = await earlierBooking(ctx, input, hash);
  if (earlier) return earlier;
  const channel = chosenChannel(input.lineItems);
  if (!channel.ok) return channel;
  const found = await findRender(ctx, input.renderId);
  if (!found.ok) return found;
  const { render } = found;
  if (input.receiver.country !== render.request.country)
    return fail('BAD_PARAMETER', { field: 'receiverAddress.country', rule: `must be the quote's country ${render.request.country}` });
  const chosen = optionOf(render, channel.serviceId);
  if (!chosen.ok) return chosen;
  return atomically(ctx, async (tx): Promise<Booked | Failure> => {
    const row = await claimQuote(tx, input, render, chosen.option, hash);
    if (!row) {
      const winner = await earlierBooking(tx, input, hash);
      abort(winner ?? fail('CONFLICT', { reason: `quote ${input.renderId} is being booked by another request` }));
    }
    const parcels = await pickParcels(tx, input);
    if (!parcels.ok) abort(parcels);
    await allocate(tx, row.shipment_id, parcels.rows);
    await charge(tx, row, parcels.rows, input);
    const booked = await lockShipment(tx, row.shipment_id, scopeOf(tx), false);
    if (!booked) throw new Error(`shipment ${row.shipment_id} vanished inside its booking`);
    await recordInitialState(tx, { ...SHIPMENT_HISTORY, actor: 'developer' }, row.shipment_id, 'REQUESTED', 'book');
    await shipmentEvent(tx, booked, { fromState: null, action: 'book', actor: 'developer', note: null });
    return answerOf(tx, booked, false);
  });
}

/** Inserts the REQUESTED shipment, or nothing when another request booked the quote first. */
async function claimQuote(
  tx: Ctx,
  input: BookInput,
  render: StoredRender,
  option: StoredRender['quote']['options'][number],
  hash: string,
): Promise<ShipmentRow | undefined> {
  const now = tx.clock.nowMs();
  const attributes = [...new Set(render.request.lines.flatMap((l) => l.attributes))].sort();
  return tx.db
    .insertInto('warehouse_shipments')
    .values({
      shipment_id: `LO${newNumericId(now)}`,
      developer_id: tx.developerId,
      owner_user_id: tx.userId,
      state: 'REQUESTED',
      render_id: input.renderId,
      service_id: option.serviceId,
      company_name: option.companyName,
      service_category: option.serviceCategory,
      country: render.request.country,
      receiver_json: JSON.stringify(input.receiver),
      packaging: input.packaging ?? 'keep_outer_box',
      services_json: JSON.stringify(input.services ?? []),
      remark: input.remark ?? '',
      tmall_order_id: input.tmallOrderId ?? null,
      currency: render.request.currency,
      attributes_json: JSON.stringify(attributes),
      request_hash: hash,
      estimate_fen: option.priceFen,
      services_fen: 0,
      supplementary_fen: 0,
      refunded_fen: 0,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('render_id').doNothing())
    .returningAll()
    .executeTakeFirst();
}

async function allocate(tx: Ctx, shipmentId: string, parcels: ParcelRow[]): Promise<void> {
  for (const parcel of parcels) {
    const moved = await moveParcel(tx, {
      id: parcel.parcel_id,
      scope: scopeOf(tx),
      action: 'allocate',
      actor: 'developer',
      patch: { shipment_id: shipmentId },
      from: parcel.state,
    });
    if (!moved.ok) abort(moved);
  }
}

/** Storage owed, then the prepaid freight, then the services; any refusal undoes the booking. */
async function charge(tx: Ctx, row: ShipmentRow, parcels: ParcelRow[], input: BookInput): Promise<void> {
  const ids = parcels.map((p) => p.parcel_id);
  const settled = await settleUnpaidStorage(tx, tx.developerId, ids);
  if (!settled.ok) abort(settled);
  const volumeCm3 = parcels.reduce((sum, p) => sum + (p.length_cm ?? 0) * (p.width_cm ?? 0) * (p.height_cm ?? 0), 0);
  const basis = { declaredFen: input.declaredValueFen ?? 0, volumeCm3, parcels: parcels.length };
  const services = await quoteServices(tx, input.services ?? [], basis, 'services');
  if (!services.ok) abort(services);
  const ref = `shipment:${row.shipment_id}`;
  await chargeOrAbort(tx, Number(row.estimate_fen), 'freight', `${ref}:prepaid`);
  await chargeOrAbort(tx, services.totalFen, 'warehouse_service', `${ref}:services`);
  if (services.lines.length > 0)
    await tx.db
      .updateTable('warehouse_shipments')
      .set({ services_fen: services.totalFen, services_json: JSON.stringify(services.lines) })
      .where('shipment_id', '=', row.shipment_id)
      .execute();
}

/** A zero amount (a placeholder rate, no services) is no charge at all: the ledger takes none. */
async function chargeOrAbort(tx: Ctx, amountFen: number, kind: 'freight' | 'warehouse_service', ref: string): Promise<void> {
  if (amountFen === 0) return;
  const charged = await chargeWallet(tx, { developerId: tx.developerId, amountFen, kind, ref });
  if (!charged.ok) abort(charged);
}
