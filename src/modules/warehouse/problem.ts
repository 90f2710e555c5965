/**
 * The problem branch of a parcel (wrong, damaged or missing goods): flagged at QC or later while
 * stored, linked to the after-sales case that settles it, then either resolved (back to STORED)
 * or sent back to the seller. Operator actions, recorded with their actor.
 */
import type { SystemCtx } from '../../platform/context.ts';
import { SYSTEM_SCOPE } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { inTransaction } from '../../platform/context.ts';
import { TRACKING_NUMBER, TRACKING_RULE } from './inbound.ts';
import { lockParcel, moveParcel, parcelEvent, type ParcelRow } from './repo.ts';
import { PROBLEM_KINDS, type ProblemKind } from './qc.ts';

type Done = { ok: true; parcel: ParcelRow } | Failure;

const REFUND_ID = /^[A-Za-z0-9-]{1,40}$/;

function invalidNote(note: string | undefined): Failure | null {
  return note !== undefined && note.length > 500 ? fail('BAD_PARAMETER', { field: 'note', rule: 'at most 500 characters' }) : null;
}

/** A stored parcel found wanting after QC (a buyer's complaint, a second look). */
export async function flagProblem(
  ctx: SystemCtx,
  input: { parcelId: string; problemKind: ProblemKind; refundId?: string; note?: string; actor: string },
): Promise<Done> {
  if (!PROBLEM_KINDS.includes(input.problemKind))
    return fail('BAD_PARAMETER', { field: 'problemKind', rule: `must be one of ${PROBLEM_KINDS.join(', ')}` });
  if (input.refundId !== undefined && !REFUND_ID.test(input.refundId))
    return fail('BAD_PARAMETER', { field: 'refundId', rule: 'must be a refund id' });
  const invalid = invalidNote(input.note);
  if (invalid) return invalid;
  const patch = { problem_kind: input.problemKind, ...(input.refundId !== undefined ? { refund_id: input.refundId } : {}) };
  return move(ctx, input.parcelId, 'flag_problem', input.actor, input.note ?? null, patch);
}

/** The problem is settled and the goods stay: STORED again (the storage clock starts now if QC never stored it). */
export async function resolveProblem(ctx: SystemCtx, input: { parcelId: string; note?: string; actor: string }): Promise<Done> {
  const invalid = invalidNote(input.note);
  if (invalid) return invalid;
  return inTransaction(ctx, async (tx) => {
    const row = await lockParcel(tx, input.parcelId, SYSTEM_SCOPE);
    if (!row) return fail('NOT_FOUND', { what: `parcel ${input.parcelId}` });
    const patch = row.stored_at === null ? { stored_at: tx.clock.nowMs() } : {};
    return move(tx, row.parcel_id, 'resolve_problem', input.actor, input.note ?? null, patch);
  });
}

/** The goods go back to the seller (a return the after-sales case agreed): the return waybill is the note. */
export async function returnToSeller(
  ctx: SystemCtx,
  input: { parcelId: string; returnTrackingNumber: string; carrier?: string; note?: string; actor: string },
): Promise<Done> {
  if (!TRACKING_NUMBER.test(input.returnTrackingNumber))
    return fail('BAD_PARAMETER', { field: 'returnTrackingNumber', rule: TRACKING_RULE });
  const invalid = invalidNote(input.note);
  if (invalid) return invalid;
  const waybill = `returned ${[input.carrier, input.returnTrackingNumber].filter(Boolean).join(' ')}`;
  return move(ctx, input.parcelId, 'return_to_seller', input.actor, input.note ? `${waybill}: ${input.note}` : waybill, {});
}

/** Links a problem parcel to the refund (after-sales case) that settles it; no state change. */
export async function linkProblemRefund(ctx: SystemCtx, input: { parcelId: string; refundId: string; actor: string }): Promise<Done> {
  if (!REFUND_ID.test(input.refundId)) return fail('BAD_PARAMETER', { field: 'refundId', rule: 'must be a refund id' });
  return inTransaction(ctx, async (tx) => {
    const row = await lockParcel(tx, input.parcelId, SYSTEM_SCOPE);
    if (!row) return fail('NOT_FOUND', { what: `parcel ${input.parcelId}` });
    if (row.state !== 'PROBLEM') return fail('PARCEL_STATE_INVALID', { state: row.state, action: 'link_refund' });
    if (row.refund_id === input.refundId) return { ok: true, parcel: row };
    const updated = await tx.db
      .updateTable('warehouse_parcels')
      .set((eb) => ({ refund_id: input.refundId, version: eb('version', '+', 1), updated_at: tx.clock.nowMs() }))
      .where('parcel_id', '=', row.parcel_id)
      .where('state', '=', 'PROBLEM')
      .returningAll()
      .executeTakeFirstOrThrow();
    await parcelEvent(tx, updated, { fromState: 'PROBLEM', action: 'link_refund', actor: input.actor, note: `refund ${input.refundId}` });
    return { ok: true, parcel: updated };
  });
}

async function move(
  ctx: SystemCtx,
  parcelId: string,
  action: 'flag_problem' | 'resolve_problem' | 'return_to_seller',
  actor: string,
  note: string | null,
  patch: Record<string, unknown>,
): Promise<Done> {
  const moved = await moveParcel(ctx, { id: parcelId, scope: SYSTEM_SCOPE, action, actor, note, patch });
  return moved.ok ? { ok: true, parcel: moved.row } : moved;
}
