/**
 * Creating an application inside the caller's transaction: the refund row (its idempotency key
 * claimed by a unique index, ON CONFLICT DO NOTHING), its lines, the one-open-application-per-line
 * claims (refund_open_lines' primary key), the submit event row and one REFUND_CHANGE event.
 * A lost claim aborts with what to replay instead; nothing half-made commits.
 */
import type { SystemCtx } from '../../platform/context.ts';
import { withFreshId } from '../../platform/db/index.ts';
import type { OrderDetail } from '../orders/index.ts';
import { abort } from '../../platform/atomic.ts';
import { recordInitialState } from '../../platform/states.ts';
import { splitAcrossLines, type Assessment } from './amounts.ts';
import type { RefundKind } from './goods-status.ts';
import { INITIAL_STATE, refundActionOf, type RefundActor, type RefundPlatform } from './machines.ts';
import type { ReasonRecord } from './reasons.ts';
import type { RefundTable } from './schema.ts';
import { REFUND_HISTORY, refundEvent, toView, type RefundLine, type RefundRow, type RefundView } from './repo.ts';
import { timerColumns } from './timers.ts';

export interface RefundDraft {
  developerId: string;
  ownerUserId: string;
  platform: RefundPlatform;
  order: OrderDetail;
  assessment: Assessment;
  kind: RefundKind;
  goodsStatus: string;
  reason: ReasonRecord;
  description: string;
  images: string[];
  applyFen: number;
  applyCarriageFen: number;
  idempotencyKey: string | null;
  actor: RefundActor;
}

/** What a lost claim replays: the application holding the key, or the one open on a line. */
export type Replay = { replay: 'key'; key: string } | { replay: 'line'; orderId: string; lineNos: number[] };

/** Where a refund's generated id is stored: 1688 refund ids read TQ…, Taobao's are the bare number. */
function refundIdOf(platform: RefundPlatform) {
  return { table: 'refunds', column: 'refund_id', stored: (id: string) => (platform === '1688' ? `TQ${id}` : id) } as const;
}

export async function createRefund(tx: SystemCtx, draft: RefundDraft): Promise<{ row: RefundRow; lines: RefundLine[]; view: RefundView }> {
  const now = tx.clock.nowMs();
  const status = INITIAL_STATE[draft.platform];
  const timer = await timerColumns(tx, status);
  const inserted = await withFreshId(tx, refundIdOf(draft.platform), (numeric) =>
    tx.db
      .insertInto('refunds')
      .values(newRefundRow(draft, refundIdOf(draft.platform).stored(numeric), status, timer, now))
      // Untargeted: the (developer, idempotency key) key or, rarely, the generated id (withFreshId tells which).
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst(),
  );
  if (!inserted) abort<Replay>({ replay: 'key', key: draft.idempotencyKey ?? '' });
  const row = inserted as RefundRow;
  const lines = appliedLines(draft.applyFen, draft.assessment);
  await insertRefundLines(tx, row.refund_id, row.order_id, lines);
  await claimLines(tx, row.refund_id, row.order_id, lines);
  const refundAction = refundActionOf('submit', draft.actor);
  await recordInitialState(
    tx,
    {
      ...REFUND_HISTORY,
      actor: draft.actor,
      note: draft.description || null,
      extra: { images_json: row.images_json, refund_action: refundAction, detail_json: null },
    },
    row.refund_id,
    status,
    'submit',
  );
  await refundEvent(tx, row, lines, {
    fromStatus: null,
    action: 'submit',
    actor: draft.actor,
    refundAction,
    note: draft.description || null,
  });
  return { row, lines, view: toView(row, lines) };
}

/** The refund row of a new application, in its initial state with that state's timer. */
function newRefundRow(
  draft: RefundDraft,
  refundId: string,
  status: string,
  timer: { timeout_at: number | null; timeout_type: string | null },
  now: number,
): RefundTable {
  return {
    refund_id: refundId,
    developer_id: draft.developerId,
    owner_user_id: draft.ownerUserId,
    platform: draft.platform,
    order_id: draft.order.orderId,
    client_order_id: draft.order.clientOrderId,
    status,
    kind: draft.kind,
    goods_status: draft.goodsStatus,
    reason_id: draft.reason.reasonId,
    reason_text: draft.reason.text.zh,
    description: draft.description,
    images_json: JSON.stringify(draft.images),
    apply_fen: draft.applyFen,
    apply_carriage_fen: draft.applyCarriageFen,
    refunded_fen: 0,
    return_address_json: null,
    seller_note: null,
    refuse_reason: null,
    refuse_times: 0,
    return_logistics_json: null,
    ...timer,
    seller_due_at: null,
    seller_plan_json: null,
    seller_planned_version: null,
    idempotency_key: draft.idempotencyKey,
    created_at: now,
    updated_at: now,
    completed_at: null,
    version: 1,
  };
}

/** The application's lines: the amount shared across the assessed lines (amounts.ts). */
export function appliedLines(applyFen: number, assessment: Assessment): RefundLine[] {
  const shares = splitAcrossLines(applyFen, assessment.lines);
  return assessment.lines.map((l, i) => ({ lineNo: l.lineNo, quantity: l.quantity, applyFen: shares[i] ?? 0, refundedFen: 0 }));
}

export async function insertRefundLines(tx: SystemCtx, refundId: string, orderId: string, lines: readonly RefundLine[]): Promise<void> {
  await tx.db
    .insertInto('refund_lines')
    .values(
      lines.map((l) => ({
        refund_id: refundId,
        order_id: orderId,
        line_no: l.lineNo,
        quantity: l.quantity,
        apply_fen: l.applyFen,
        refunded_fen: 0,
      })),
    )
    .execute();
}

/**
 * One open application per line: the claim is an INSERT … ON CONFLICT DO NOTHING on the line's
 * key, so a racing submit on PostgreSQL waits for the winner's commit and then finds its claim
 * taken; the caller's transaction is abandoned and the winner's application replayed.
 */
export async function claimLines(tx: SystemCtx, refundId: string, orderId: string, lines: readonly { lineNo: number }[]): Promise<void> {
  const claimed = await tx.db
    .insertInto('refund_open_lines')
    .values(lines.map((l) => ({ order_id: orderId, line_no: l.lineNo, refund_id: refundId })))
    .onConflict((oc) => oc.columns(['order_id', 'line_no']).doNothing())
    .returning('line_no')
    .execute();
  if (claimed.length !== lines.length) abort<Replay>({ replay: 'line', orderId, lineNos: lines.map((l) => l.lineNo) });
}

/** The first claim on any of these lines of the order (other than `except`'s), or undefined. */
export async function openClaimOn(
  ctx: SystemCtx,
  orderId: string,
  lineNos: readonly number[],
  except?: string,
): Promise<{ refundId: string; lineNo: number } | undefined> {
  let read = ctx.db
    .selectFrom('refund_open_lines')
    .select(['refund_id', 'line_no'])
    .where('order_id', '=', orderId)
    .where('line_no', 'in', lineNos);
  if (except !== undefined) read = read.where('refund_id', '<>', except);
  const row = await read.executeTakeFirst();
  return row ? { refundId: row.refund_id, lineNo: Number(row.line_no) } : undefined;
}
