/**
 * W3 `updateLogisticInfo`: the developer tells the warehouse which domestic parcels to expect.
 * Each distinct domestic tracking number is one parcel of the caller, holding the lines declared
 * with it. Declaring a number again updates the parcel while it is still EXPECTED (identical
 * content is a replay: nothing written, no event); a number another account declared is refused
 * without saying whose. The whole call is one transaction: a refused number leaves nothing.
 */
import type { Ctx } from '../../platform/context.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { abort, atomically } from '../../platform/atomic.ts';
import { getOrder } from '../orders/index.ts';
import { asOrderId } from '../../platform/ids.ts';
import { createParcel, lockParcelByTracking, TRACKING_NUMBER, TRACKING_RULE, type ParcelLine } from './inbound.ts';
import { parcelEvent, type ParcelRow } from './repo.ts';
import type { ParcelState } from './machines.ts';

/** One consolidation order lists at most 60 domestic tracking numbers (xhfhk, aftersales-logistics.md B1). */
export const MAX_DECLARED_TRACKING_NUMBERS = 60;

export interface DeclaredTracking {
  trackingNumber: string;
  carrier: string;
  /** When the seller handed the parcel over, ms. */
  rtsAt: number | null;
  /** The client's name of the number, for refusals: `logisticInfos[0].domesticLogisticInfo[1].logisticNumer`. */
  field: string;
}

export interface DeclareInput {
  orderId: string | null;
  tmallOrderId: string | null;
  entries: { line: ParcelLine; trackings: DeclaredTracking[] }[];
  /** The client's name of the entries, for the limits. */
  field: string;
}

export interface DeclaredParcel {
  parcelId: string;
  trackingNumber: string;
  state: ParcelState;
  outcome: 'created' | 'updated' | 'unchanged';
}

interface Group {
  carrier: string;
  rtsAt: number | null;
  lines: ParcelLine[];
  field: string;
}

function groupByTracking(input: DeclareInput): Map<string, Group> | Failure {
  const groups = new Map<string, Group>();
  for (const entry of input.entries)
    for (const t of entry.trackings) {
      if (!TRACKING_NUMBER.test(t.trackingNumber)) return fail('BAD_PARAMETER', { field: t.field, rule: TRACKING_RULE });
      const group = groups.get(t.trackingNumber) ?? { carrier: t.carrier, rtsAt: t.rtsAt, lines: [], field: t.field };
      group.lines.push(entry.line);
      groups.set(t.trackingNumber, group);
    }
  if (groups.size === 0) return fail('BAD_PARAMETER', { field: input.field, rule: 'must declare at least one domestic tracking number' });
  if (groups.size > MAX_DECLARED_TRACKING_NUMBERS)
    return fail('BAD_PARAMETER', {
      field: input.field,
      rule: `at most ${MAX_DECLARED_TRACKING_NUMBERS} distinct domestic tracking numbers per call`,
    });
  return groups;
}

export async function declareParcels(ctx: Ctx, input: DeclareInput): Promise<{ ok: true; parcels: DeclaredParcel[] } | Failure> {
  if (!input.orderId && !input.tmallOrderId)
    return fail('BAD_PARAMETER', { field: 'orderId', rule: 'orderId or tmallOrderId is required' });
  const groups = groupByTracking(input);
  if (!(groups instanceof Map)) return groups;
  if (input.orderId) {
    const order = await getOrder(ctx, asOrderId(input.orderId));
    if (!order.ok) return order;
  }
  return atomically(ctx, async (tx) => {
    const parcels: DeclaredParcel[] = [];
    for (const [trackingNumber, group] of groups) {
      const done = await declareOne(tx, input, trackingNumber, group);
      if (!done.ok) abort(done);
      parcels.push(done.parcel);
    }
    return { ok: true as const, parcels };
  });
}

async function declareOne(
  ctx: Ctx,
  input: DeclareInput,
  trackingNumber: string,
  group: Group,
): Promise<{ ok: true; parcel: DeclaredParcel } | Failure> {
  const actor = `user:${ctx.userId}`;
  const existing = await lockParcelByTracking(ctx, trackingNumber);
  if (!existing) {
    const made = await createParcel(ctx, {
      developerId: ctx.developerId,
      ownerUserId: ctx.userId,
      origin: 'declared',
      orderId: input.orderId,
      tmallOrderId: input.tmallOrderId,
      lines: group.lines,
      trackingNumber,
      carrier: group.carrier,
      rtsAt: group.rtsAt,
      actor,
    });
    // A racing declaration of the same number committed first: judge it as if it had been there.
    if (!made.created) return redeclare(ctx, input, made.row, group);
    return { ok: true, parcel: declared(made.row, 'created') };
  }
  return redeclare(ctx, input, existing, group);
}

function visibleTo(ctx: Ctx, row: ParcelRow): boolean {
  return row.developer_id === ctx.developerId && (ctx.rowsVisible === 'all' || row.owner_user_id === ctx.userId);
}

async function redeclare(
  ctx: Ctx,
  input: DeclareInput,
  row: ParcelRow,
  group: Group,
): Promise<{ ok: true; parcel: DeclaredParcel } | Failure> {
  if (!visibleTo(ctx, row)) return fail('TRACKING_NUMBER_TAKEN', { trackingNumber: row.tracking_number });
  const next = {
    lines_json: JSON.stringify(group.lines),
    carrier: group.carrier || row.carrier,
    rts_at: group.rtsAt ?? (row.rts_at === null ? null : Number(row.rts_at)),
    order_id: input.orderId ?? row.order_id,
    tmall_order_id: input.tmallOrderId ?? row.tmall_order_id,
  };
  const same =
    next.lines_json === row.lines_json &&
    next.carrier === row.carrier &&
    next.rts_at === (row.rts_at === null ? null : Number(row.rts_at)) &&
    next.order_id === row.order_id &&
    next.tmall_order_id === row.tmall_order_id;
  if (same) return { ok: true, parcel: declared(row, 'unchanged') };
  // Once the parcel is in the warehouse its content is what the operator found, not what was declared.
  if (row.state !== 'EXPECTED') return fail('PARCEL_STATE_INVALID', { state: row.state, action: 'declare' });
  const updated = await ctx.db
    .updateTable('warehouse_parcels')
    .set((eb) => ({ ...next, version: eb('version', '+', 1), updated_at: ctx.clock.nowMs() }))
    .where('parcel_id', '=', row.parcel_id)
    .where('state', '=', 'EXPECTED')
    .returningAll()
    .executeTakeFirstOrThrow();
  await parcelEvent(ctx, updated, { fromState: 'EXPECTED', action: 'declare', actor: `user:${ctx.userId}`, note: 'declaration updated' });
  return { ok: true, parcel: declared(updated, 'updated') };
}

const declared = (row: ParcelRow, outcome: DeclaredParcel['outcome']): DeclaredParcel => ({
  parcelId: row.parcel_id,
  trackingNumber: row.tracking_number,
  state: row.state,
  outcome,
});
