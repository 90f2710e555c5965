import type { Ctx, SystemCtx } from '../../platform/context.ts';
import type { OrderId } from '../../platform/ids.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { abort, atomically } from '../../platform/atomic.ts';
import { scopeOf, SYSTEM_SCOPE, type Scope } from '../../platform/db/index.ts';
import { actorOf, loadOrder, moveOrder, orderEvent, releaseReservations } from './repo.ts';

type Cancelled = { ok: true; orderId: OrderId; state: 'cancelled' } | Failure;

/**
 * The buyer cancels an order before payment: guarded transition to cancelled, the reserved
 * quantities go back, history and ORDER_CANCEL event, one transaction. After payment the answer
 * is ORDER_STATE_INVALID (paid goods leave through after-sales, not cancel).
 */
export function cancelOrder(ctx: Ctx, input: { orderId: OrderId; reason: string }): Promise<Cancelled> {
  return cancelAs(ctx, input, { scope: scopeOf(ctx), actor: actorOf(ctx) });
}

/** An operator cancels any developer's unpaid order, with the same transition the buyer's cancel makes. */
export function operatorCancelOrder(ctx: SystemCtx, input: { orderId: OrderId; reason: string }, actor: string): Promise<Cancelled> {
  return cancelAs(ctx, input, { scope: SYSTEM_SCOPE, actor });
}

async function cancelAs(
  ctx: SystemCtx,
  input: { orderId: OrderId; reason: string },
  who: { scope: Scope; actor: string },
): Promise<Cancelled> {
  const reason = typeof input.reason === 'string' && input.reason.trim() !== '' ? input.reason.trim().slice(0, 200) : null;
  if (!reason) return fail('BAD_PARAMETER', { field: 'reason', rule: 'is required' });
  return atomically(ctx, async (tx) => {
    const moved = await moveOrder(tx, {
      orderId: input.orderId,
      scope: who.scope,
      action: 'cancel',
      actor: who.actor,
      note: reason,
      patch: { close_reason: reason, closed_at: tx.clock.nowMs() },
    });
    if (!moved.ok) abort(moved);
    await releaseReservations(tx, input.orderId);
    const row = await loadOrder(tx, input.orderId);
    await orderEvent(tx, row, 'ORDER_CANCEL', { fromState: moved.from, reason });
    return { ok: true as const, orderId: input.orderId, state: 'cancelled' as const };
  });
}
