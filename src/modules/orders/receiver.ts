import { sql } from 'kysely';
import type { OrderId } from '../../platform/ids.ts';
import type { Ctx } from '../../platform/context.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { abort, atomically } from '../../platform/atomic.ts';
import { checkReceiver } from './create.ts';
import { scopeOf, whereScope } from '../../platform/db/index.ts';
import { actorOf, loadOrder, orderEvent, type Receiver } from './repo.ts';
import type { OrderState } from './states.ts';

export const RECEIVER_EDITABLE_STATES: readonly OrderState[] = ['created', 'waiting_payment', 'paid'];

/**
 * "Modify pre-warehouse info": the buyer changes where the seller ships (usually which China
 * warehouse receives it) until the seller has shipped. It changes no state, so it is not a
 * transition of the machine but the same kind of guarded write: one UPDATE whose WHERE holds the
 * allowed states and the tenant scope, a history row and an ORDER_RECEIVER_MODIFY event.
 */
export async function updateReceiver(
  ctx: Ctx,
  input: { orderId: OrderId; receiver: Receiver },
): Promise<{ ok: true; orderId: OrderId; state: OrderState } | Failure> {
  const invalid = checkReceiver(input.receiver);
  if (invalid) return invalid;
  return atomically(ctx, async (tx) => {
    const scope = scopeOf(tx);
    const update = tx.db
      .updateTable('purchase_orders')
      .set({ receiver_json: JSON.stringify(input.receiver), updated_at: tx.clock.nowMs(), version: sql<number>`version + 1` })
      .where('order_id', '=', input.orderId)
      .where('state', 'in', [...RECEIVER_EDITABLE_STATES]);
    const changed = await whereScope(update, scope).executeTakeFirst();
    if (changed.numUpdatedRows === 0n) {
      const read = tx.db.selectFrom('purchase_orders').select('state').where('order_id', '=', input.orderId);
      const row = await whereScope(read, scope).executeTakeFirst();
      abort(
        row
          ? fail('ORDER_STATE_INVALID', { state: row.state, action: 'modify_receiver' })
          : fail('NOT_FOUND', { what: `order ${input.orderId}` }),
      );
    }
    const row = await loadOrder(tx, input.orderId);
    await tx.db
      .insertInto('purchase_order_history')
      .values({
        order_id: input.orderId,
        from_state: row.state,
        to_state: row.state,
        action: 'modify_receiver',
        actor: actorOf(tx),
        at: tx.clock.nowMs(),
        note: null,
      })
      .execute();
    await orderEvent(tx, row, 'ORDER_RECEIVER_MODIFY', {});
    return { ok: true as const, orderId: input.orderId, state: row.state as OrderState };
  });
}
