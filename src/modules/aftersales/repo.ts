/**
 * The after-sales repository layer: rows to views, the locked read of one application, and
 * `moveRefund`, the one way an application changes state (guarded transition + event row +
 * timers + outbox event, on the caller's transaction).
 */
import type { Selectable } from 'kysely';
import type { SystemCtx } from '../../platform/context.ts';
import { whereScope, type Scope } from '../../platform/db/index.ts';
import type { Failure } from '../../platform/errors.ts';
import { asOrderId, type OrderId } from '../../platform/ids.ts';
import { emitEvent } from '../../platform/outbox/index.ts';
import { transition } from '../../platform/states.ts';
import type { RefundKind } from './goods-status.ts';
import {
  isTerminal,
  machineOf,
  refundActionOf,
  type CloseCause,
  type RefundAction,
  type RefundActor,
  type RefundPlatform,
} from './machines.ts';
import type { RefundEventTable, RefundLineTable, RefundTable } from './schema.ts';
import { loadRefundLines } from './refund-lines.ts';
import { timerColumns } from './timers.ts';

export type RefundRow = Selectable<RefundTable>;
export type RefundLineRow = Selectable<RefundLineTable>;

export interface ReturnAddress {
  receiver: string;
  phone: string;
  detailAddress: string;
}
export interface ReturnLogistics {
  companyCode: string;
  companyName: string;
  trackingNo: string;
  buyerPhone: string | null;
  description: string | null;
  images: string[];
}
export interface RefundLine {
  lineNo: number;
  quantity: number;
  applyFen: number;
  refundedFen: number;
}
export interface RefundView {
  refundId: string;
  platform: RefundPlatform;
  orderId: OrderId;
  clientOrderId: string | null;
  ownerUserId: string;
  status: string;
  kind: RefundKind;
  goodsStatus: string;
  reasonId: string;
  reasonText: string;
  description: string;
  images: string[];
  applyFen: number;
  applyCarriageFen: number;
  /** What was credited, carriage included, once the refund succeeded. */
  refundedFen: number;
  lines: RefundLine[];
  returnAddress: ReturnAddress | null;
  sellerNote: string | null;
  refuseReason: string | null;
  refuseTimes: number;
  returnLogistics: ReturnLogistics | null;
  timeoutAt: number | null;
  timeoutType: string | null;
  createdAt: number;
  updatedAt: number;
  completedAt: number | null;
  version: number;
}
export interface RefundEventView {
  id: number;
  fromState: string | null;
  toState: string;
  action: string;
  actor: RefundActor;
  at: number;
  note: string | null;
  images: string[];
  refundAction: string;
  detail: Record<string, unknown> | null;
}
/** Everything a callback body needs, so the dispatcher never reads the refund tables. */
export interface RefundEventPayload {
  refundId: string;
  platform: RefundPlatform;
  orderId: string;
  clientOrderId: string | null;
  ownerUserId: string;
  lineNos: number[];
  status: string;
  fromStatus: string | null;
  action: string;
  actor: RefundActor;
  refundAction: string;
  kind: RefundKind;
  goodsStatus: string;
  applyFen: number;
  applyCarriageFen: number;
  refundedFen: number;
  reasonId: string;
  reasonText: string;
  note: string | null;
  at: number;
}

export const REFUND_EVENT_TYPE = 'REFUND_CHANGE';
export const REFUND_AGGREGATE = 'refund';
export const REFUND_HISTORY = { table: 'refund_events', idColumn: 'refund_id' } as const;

const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));
const optionalMs = (v: number | null) => (v === null ? null : Number(v));

export { toLine } from './refund-lines.ts';

export function toView(row: RefundRow, lines: RefundLine[]): RefundView {
  return {
    refundId: row.refund_id,
    platform: row.platform,
    orderId: asOrderId(row.order_id),
    clientOrderId: row.client_order_id,
    ownerUserId: row.owner_user_id,
    status: row.status,
    kind: row.kind,
    goodsStatus: row.goods_status,
    reasonId: row.reason_id,
    reasonText: row.reason_text,
    description: row.description,
    images: json<string[]>(row.images_json) ?? [],
    applyFen: Number(row.apply_fen),
    applyCarriageFen: Number(row.apply_carriage_fen),
    refundedFen: Number(row.refunded_fen),
    lines,
    returnAddress: json<ReturnAddress>(row.return_address_json),
    sellerNote: row.seller_note,
    refuseReason: row.refuse_reason,
    refuseTimes: Number(row.refuse_times),
    returnLogistics: json<ReturnLogistics>(row.return_logistics_json),
    timeoutAt: optionalMs(row.timeout_at),
    timeoutType: row.timeout_type,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    completedAt: optionalMs(row.completed_at),
    version: Number(row.version),
  };
}

export function toEventView(row: Selectable<RefundEventTable>): RefundEventView {
  return {
    id: Number(row.id),
    fromState: row.from_state,
    toState: row.to_state,
    action: row.action,
    actor: row.actor as RefundActor,
    at: Number(row.at),
    note: row.note,
    images: json<string[]>(row.images_json) ?? [],
    refundAction: row.refund_action,
    detail: json<Record<string, unknown>>(row.detail_json),
  };
}

/** One application within a scope, locked on PostgreSQL (the caller is about to move it), with its lines. */
export async function lockRefund(
  ctx: SystemCtx,
  refundId: string,
  scope: Scope,
  lock = true,
): Promise<{ row: RefundRow; lines: RefundLine[] } | undefined> {
  if (typeof refundId !== 'string' || refundId === '' || refundId.length > 40) return undefined;
  let read = whereScope(ctx.db.selectFrom('refunds').selectAll().where('refund_id', '=', refundId), scope);
  if (lock && ctx.dialect === 'postgres') read = read.forUpdate();
  const row = (await read.executeTakeFirst()) as RefundRow | undefined;
  if (!row) return undefined;
  return { row, lines: (await loadRefundLines(ctx, [refundId])).get(refundId) ?? [] };
}

/** The outbox event of one change (submit or transition), in the caller's transaction. */
export async function refundEvent(
  ctx: SystemCtx,
  row: RefundRow,
  lines: RefundLine[],
  change: { fromStatus: string | null; action: string; actor: RefundActor; refundAction: string; note: string | null },
): Promise<void> {
  const payload: RefundEventPayload = {
    refundId: row.refund_id,
    platform: row.platform,
    orderId: row.order_id,
    clientOrderId: row.client_order_id,
    ownerUserId: row.owner_user_id,
    lineNos: lines.map((l) => l.lineNo),
    status: row.status,
    fromStatus: change.fromStatus,
    action: change.action,
    actor: change.actor,
    refundAction: change.refundAction,
    kind: row.kind,
    goodsStatus: row.goods_status,
    applyFen: Number(row.apply_fen),
    applyCarriageFen: Number(row.apply_carriage_fen),
    refundedFen: Number(row.refunded_fen),
    reasonId: row.reason_id,
    reasonText: row.reason_text,
    note: change.note,
    at: Number(row.updated_at),
  };
  await emitEvent(ctx, {
    developerId: row.developer_id,
    type: REFUND_EVENT_TYPE,
    aggregateType: REFUND_AGGREGATE,
    aggregateId: row.refund_id,
    payload,
  });
}

export interface MoveInput {
  /** The application as read (and locked) in this transaction. */
  current: { row: RefundRow; lines: RefundLine[] };
  action: RefundAction;
  actor: RefundActor;
  scope: Scope;
  note?: string | null;
  images?: string[];
  detail?: Record<string, unknown> | null;
  cause?: CloseCause;
  patch?: Record<string, unknown>;
}

/**
 * Moves one application along its platform's machine: guarded UPDATE (with the new state's timer,
 * the seller plan cleared, completed_at on a terminal state), the event row with its images,
 * refundAction and detail, the open-line claims dropped on a terminal state, and one
 * REFUND_CHANGE outbox event. Refusals are values (REFUND_STATE_INVALID, NOT_FOUND).
 */
export async function moveRefund(ctx: SystemCtx, input: MoveInput): Promise<{ ok: true; row: RefundRow; from: string } | Failure> {
  const { row: before, lines } = input.current;
  const machine = machineOf(before.platform);
  const to = machine.transitions[input.action].to;
  const terminal = isTerminal(before.platform, to);
  const refundAction = refundActionOf(input.action, input.actor, {
    fromState: before.status,
    ...(input.cause ? { cause: input.cause } : {}),
  });
  const moved = await transition(ctx, machine, {
    table: 'refunds',
    noun: 'refund',
    idColumn: 'refund_id',
    stateColumn: 'status',
    id: before.refund_id,
    scope: input.scope,
    action: input.action,
    from: before.status,
    patch: {
      ...(input.patch ?? {}),
      ...(await timerColumns(ctx, to)),
      seller_due_at: null,
      seller_plan_json: null,
      ...(terminal ? { completed_at: ctx.clock.nowMs() } : {}),
    },
    versionColumn: 'version',
    updatedAtColumn: 'updated_at',
    history: {
      ...REFUND_HISTORY,
      actor: input.actor,
      note: input.note ?? null,
      extra: {
        images_json: JSON.stringify(input.images ?? []),
        refund_action: refundAction,
        detail_json: input.detail ? JSON.stringify(input.detail) : null,
      },
    },
  });
  if (!moved.ok) return moved;
  const row = moved.row as RefundRow;
  if (terminal) await ctx.db.deleteFrom('refund_open_lines').where('refund_id', '=', before.refund_id).execute();
  await refundEvent(ctx, row, lines, {
    fromStatus: moved.from,
    action: input.action,
    actor: input.actor,
    refundAction,
    note: input.note ?? null,
  });
  return { ok: true, row, from: moved.from };
}
