/**
 * Quality check at stock-in (aftersales-logistics.md B1 / C2.2): the operator weighs and measures
 * the parcel, looks at the goods from the outside and takes the free photos (plus any the
 * developer paid for). Pass stores the parcel, which starts its storage clock; an issue (wrong,
 * damaged, missing goods) makes it a PROBLEM linked to the after-sales case. One transaction:
 * RECEIVED → QC → STORED | PROBLEM with the photos and measurements.
 */
import type { SystemCtx } from '../../platform/context.ts';
import { SYSTEM_SCOPE } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { abort, atomically } from '../../platform/atomic.ts';
import { validGrams, WEIGHT_RULE } from './inbound.ts';
import { encodePhotos, insertPhotos, photoAllowance, type PhotoMeta } from './photos.ts';
import { lockParcel, moveParcel, type ParcelRow } from './repo.ts';

export const PROBLEM_KINDS = ['wrong', 'damaged', 'missing'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];
export const MAX_SIDE_CM = 300;

export interface QcInput {
  parcelId: string;
  result: 'pass' | 'issue';
  weightGrams: number;
  lengthCm: number;
  widthCm: number;
  heightCm: number;
  note?: string;
  problemKind?: ProblemKind;
  refundId?: string;
  photos: readonly Buffer[];
  actor: string;
}

/** Measurements a scale and a tape give: whole grams up to 100 kg, whole centimetres up to 3 m. */
export function invalidMeasurement(input: Pick<QcInput, 'weightGrams' | 'lengthCm' | 'widthCm' | 'heightCm'>): Failure | null {
  if (!validGrams(input.weightGrams)) return fail('BAD_PARAMETER', { field: 'weightGrams', rule: WEIGHT_RULE });
  for (const side of ['lengthCm', 'widthCm', 'heightCm'] as const) {
    const cm = input[side];
    if (!Number.isSafeInteger(cm) || cm < 1 || cm > MAX_SIDE_CM)
      return fail('BAD_PARAMETER', { field: side, rule: `must be an integer number of centimetres, 1–${MAX_SIDE_CM}` });
  }
  return null;
}

function invalidQc(input: QcInput): Failure | null {
  if (input.result !== 'pass' && input.result !== 'issue') return fail('BAD_PARAMETER', { field: 'result', rule: 'must be pass or issue' });
  if (input.problemKind !== undefined && !PROBLEM_KINDS.includes(input.problemKind))
    return fail('BAD_PARAMETER', { field: 'problemKind', rule: `must be one of ${PROBLEM_KINDS.join(', ')}` });
  if (input.result === 'issue' && input.problemKind === undefined)
    return fail('BAD_PARAMETER', { field: 'problemKind', rule: 'is required when result is issue' });
  if (input.result === 'pass' && (input.problemKind !== undefined || input.refundId !== undefined))
    return fail('BAD_PARAMETER', { field: input.problemKind !== undefined ? 'problemKind' : 'refundId', rule: 'only with result issue' });
  if (input.note !== undefined && input.note.length > 500) return fail('BAD_PARAMETER', { field: 'note', rule: 'at most 500 characters' });
  return invalidMeasurement(input);
}

export async function recordQc(ctx: SystemCtx, input: QcInput): Promise<{ ok: true; parcel: ParcelRow; photos: PhotoMeta[] } | Failure> {
  const invalid = invalidQc(input);
  if (invalid) return invalid;
  const encoded = await encodePhotos(input.photos, 'photos');
  if (!encoded.ok) return encoded;
  return atomically(ctx, async (tx) => {
    const row = await lockParcel(tx, input.parcelId, SYSTEM_SCOPE);
    if (!row) return fail('NOT_FOUND', { what: `parcel ${input.parcelId}` });
    if (row.state !== 'QC') {
      const started = await moveParcel(tx, {
        id: row.parcel_id,
        scope: SYSTEM_SCOPE,
        action: 'start_qc',
        actor: input.actor,
        from: row.state,
      });
      if (!started.ok) return started;
    }
    const allowance = await photoAllowance(tx, row);
    if (encoded.encoded.length > allowance)
      abort(fail('BAD_PARAMETER', { field: 'photos', rule: `at most ${allowance} photos (free QC photos + paid extra photos)` }));
    const owner = { developerId: row.developer_id, ownerUserId: row.owner_user_id };
    const photos = await insertPhotos(tx, owner, { parcelId: row.parcel_id, kind: 'qc' }, encoded.encoded);
    const measured = {
      weight_grams: input.weightGrams,
      length_cm: input.lengthCm,
      width_cm: input.widthCm,
      height_cm: input.heightCm,
      qc_result: input.result,
      qc_note: input.note ?? null,
    };
    const pass = input.result === 'pass';
    const moved = await moveParcel(tx, {
      id: row.parcel_id,
      scope: SYSTEM_SCOPE,
      action: pass ? 'pass_qc' : 'flag_problem',
      actor: input.actor,
      note: input.note ?? null,
      from: 'QC',
      patch: pass
        ? { ...measured, stored_at: tx.clock.nowMs() }
        : { ...measured, problem_kind: input.problemKind, refund_id: input.refundId ?? null },
    });
    if (!moved.ok) abort(moved);
    return { ok: true as const, parcel: moved.row, photos };
  });
}
