/**
 * The developer's answer to a changed purchase price (docs/decisions/018-manual-source.md): a
 * task in PRICE_REVIEW waits for the order's developer, who accepts (the difference is charged
 * from the wallet, the order's total and paid amount become the new price, and the task is
 * PURCHASED: the operator already bought) or rejects (the order is
 * closed and refunded, reason price_changed). A review left unanswered is rejected by the system.
 */
import type { Ctx, SystemCtx } from '../../platform/context.ts';
import { scopeOf } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import type { OrderId } from '../../platform/ids.ts';
import { acceptPaidPrice, orderForRefund } from '../orders/index.ts';
import { chargeWallet } from '../wallet/index.ts';
import { act, closeTask, type TaskResult } from './act.ts';
import type { PurchaseTaskState } from './machine.ts';
import { moveTask, toView, type TaskRow } from './repo.ts';

export const PRICE_REJECTED = 'price_changed';

export interface PriceChange {
  orderId: string;
  state: PurchaseTaskState;
  /** What the developer was charged at payment. */
  chargedFen: number;
  /** What the marketplace asks (the operator's recorded price); null before a purchase is recorded. */
  newTotalFen: number | null;
  /** What accepting charges: newTotalFen − chargedFen while the task is in PRICE_REVIEW, else 0. */
  differenceFen: number;
  /** What the developer already paid on top by accepting. */
  extraChargedFen: number;
  /** When the task last moved (the review's clock starts here). */
  since: number;
}

/** The caller's task: an order the caller cannot see, or one with no task, is not found. */
async function ownTask(ctx: Ctx, orderId: string): Promise<TaskRow | Failure> {
  const notFound = fail('NOT_FOUND', { what: `purchase task ${orderId}` });
  if (!(await orderForRefund(ctx, orderId, scopeOf(ctx)))) return notFound;
  return (await ctx.db.selectFrom('purchase_tasks').selectAll().where('order_id', '=', orderId).executeTakeFirst()) ?? notFound;
}

function priceChange(task: TaskRow): PriceChange {
  const view = toView(task);
  return {
    orderId: view.orderId,
    state: view.state,
    chargedFen: view.chargedFen,
    newTotalFen: view.paidFen,
    differenceFen: view.state === 'PRICE_REVIEW' && view.paidFen !== null ? view.paidFen - view.chargedFen : 0,
    extraChargedFen: view.extraChargedFen,
    since: view.updatedAt,
  };
}

export async function readPriceChange(ctx: Ctx, orderId: string): Promise<{ ok: true; change: PriceChange } | Failure> {
  const task = await ownTask(ctx, orderId);
  return 'ok' in task ? task : { ok: true, change: priceChange(task) };
}

/** Accepting twice charges once (wallet ref `price-change:<orderId>`): an accepted task answers as it is. */
export async function acceptPriceChange(ctx: Ctx, orderId: string): Promise<TaskResult> {
  const task = await ownTask(ctx, orderId);
  if ('ok' in task) return task;
  if (Number(task.extra_charged_fen) > 0) return { ok: true, task: toView(task) };
  const done = await act(ctx, orderId, 'accept_price', async (tx, from, locked) => {
    const differenceFen = Number(locked.paid_fen) - Number(locked.charged_fen);
    const charged = await chargeWallet(tx, {
      developerId: locked.developer_id,
      amountFen: differenceFen,
      kind: 'order_charge',
      ref: `price-change:${orderId}`,
    });
    if (!charged.ok) return charged;
    const actor = `user:${ctx.userId}`;
    const repriced = await acceptPaidPrice(tx, orderId as OrderId, Number(locked.paid_fen), actor);
    if (!repriced.ok) return repriced;
    return moveTaskAccepted(tx, locked, from, differenceFen, actor);
  });
  if (done.ok || done.error !== 'PURCHASE_TASK_STATE_INVALID') return done;
  // A racing accept committed first: answer its result rather than the refusal.
  const now = await ownTask(ctx, orderId);
  return !('ok' in now) && Number(now.extra_charged_fen) > 0 ? { ok: true, task: toView(now) } : done;
}

function moveTaskAccepted(tx: SystemCtx, task: TaskRow, from: PurchaseTaskState, differenceFen: number, actor: string) {
  return moveTask(tx, {
    orderId: task.order_id,
    action: 'accept_price',
    from,
    actor,
    note: `accepted ${differenceFen} fen above the charge`,
    patch: { extra_charged_fen: differenceFen },
  });
}

export async function rejectPriceChange(ctx: Ctx, orderId: string): Promise<TaskResult> {
  const task = await ownTask(ctx, orderId);
  if ('ok' in task) return task;
  return act(ctx, orderId, 'reject_price', (tx, _from, locked) =>
    closeTask(tx, locked, { action: 'reject_price', reason: PRICE_REJECTED }, { actor: `user:${ctx.userId}` }),
  );
}

/**
 * Rejects, as the system, every task in PRICE_REVIEW since before now − maxAgeMs; answers how many.
 * Each runs in its own transaction behind the task's lock and guarded move, so a second node, or
 * an operator or developer acting meanwhile, makes the late one a refusal that is skipped.
 */
export async function expirePriceReviews(ctx: SystemCtx, maxAgeMs: number, limit = 100): Promise<number> {
  const cutoff = ctx.clock.nowMs() - maxAgeMs;
  const due = await ctx.db
    .selectFrom('purchase_tasks')
    .select('order_id')
    .where('state', '=', 'PRICE_REVIEW')
    .where('updated_at', '<=', cutoff)
    .orderBy('updated_at')
    .limit(limit)
    .execute();
  let expired = 0;
  for (const { order_id } of due) {
    const done = await act(ctx, order_id, 'reject_price', (tx, _from, locked) =>
      Number(locked.updated_at) > cutoff
        ? Promise.resolve(fail('CONFLICT', { reason: 'the price review moved on' }))
        : closeTask(tx, locked, { action: 'reject_price', reason: PRICE_REJECTED }, { actor: 'system', note: 'price review timed out' }),
    );
    if (done.ok) expired++;
  }
  return expired;
}
