/** The task's moves: one guarded transition, its history row and its outbox event, on the caller's transaction. */
import type { Selectable } from 'kysely';
import type { SystemCtx } from '../../platform/context.ts';
import { SYSTEM_SCOPE } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/outbox/index.ts';
import { transition } from '../../platform/states.ts';
import { type PurchaseTaskAction, type PurchaseTaskState, purchaseTaskMachine } from './machine.ts';
import type { PurchaseTaskTable } from './schema.ts';

export const TASK_AGGREGATE = 'purchase_task';
export const TASK_HISTORY = { table: 'purchase_task_history', idColumn: 'order_id' } as const;

export type TaskRow = Selectable<PurchaseTaskTable>;

export interface TaskView {
  orderId: string;
  developerId: string;
  platform: string;
  state: PurchaseTaskState;
  version: number;
  chargedFen: number;
  paidFen: number | null;
  marketplaceOrderNo: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  extraChargedFen: number;
  queuedAt: number;
  updatedAt: number;
}

export function toView(row: TaskRow): TaskView {
  return {
    orderId: row.order_id,
    developerId: row.developer_id,
    platform: row.platform,
    state: row.state,
    version: Number(row.version),
    chargedFen: Number(row.charged_fen),
    paidFen: row.paid_fen === null ? null : Number(row.paid_fen),
    marketplaceOrderNo: row.marketplace_order_no,
    carrier: row.carrier,
    trackingNumber: row.tracking_number,
    extraChargedFen: Number(row.extra_charged_fen),
    queuedAt: Number(row.queued_at),
    updatedAt: Number(row.updated_at),
  };
}

/** The task, locked on PostgreSQL for the rest of the caller's transaction; NOT_FOUND names the order. */
export async function lockTask(tx: SystemCtx, orderId: string): Promise<TaskRow | Failure> {
  let read = tx.db.selectFrom('purchase_tasks').selectAll().where('order_id', '=', orderId);
  if (tx.dialect === 'postgres') read = read.forUpdate();
  return (await read.executeTakeFirst()) ?? fail('NOT_FOUND', { what: `purchase task ${orderId}` });
}

export interface Move {
  orderId: string;
  action: PurchaseTaskAction;
  from: string;
  actor: string;
  note: string | null;
  patch?: Partial<PurchaseTaskTable>;
}

export async function moveTask(tx: SystemCtx, move: Move): Promise<TaskView | Failure> {
  const moved = await transition(tx, purchaseTaskMachine, {
    table: 'purchase_tasks',
    noun: 'purchase task',
    idColumn: 'order_id',
    id: move.orderId,
    scope: SYSTEM_SCOPE,
    action: move.action,
    from: move.from,
    ...(move.patch ? { patch: move.patch } : {}),
    versionColumn: 'version',
    updatedAtColumn: 'updated_at',
    history: { ...TASK_HISTORY, actor: move.actor, note: move.note },
  });
  if (!moved.ok) return moved;
  const task = toView(moved.row as unknown as TaskRow);
  await emitEvent(tx, {
    developerId: task.developerId,
    type: 'PURCHASE_TASK_CHANGE',
    aggregateType: TASK_AGGREGATE,
    aggregateId: task.orderId,
    payload: { ...task, action: move.action, fromState: moved.from, actor: move.actor, note: move.note },
  });
  return task;
}
