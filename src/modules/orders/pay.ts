import { sql } from 'kysely';
import type { OrderId } from '../../platform/ids.ts';
import type { Ctx } from '../../platform/context.ts';
import { fail, type ErrorName, type Failure } from '../../platform/errors.ts';
import { chargeWallet } from '../wallet/index.ts';
import { abort, atomically } from '../../platform/atomic.ts';
import { scopeOf } from '../../platform/db/index.ts';
import { actorOf, loadOrder, moveOrder, orderEvent } from './repo.ts';
import type { OrderState } from './states.ts';

export interface PayResult {
  orderId: OrderId;
  ok: boolean;
  alreadyPaid?: boolean;
  paidAmountFen?: number;
  /** The balance right after this charge. */
  balanceFen?: number;
  error?: ErrorName;
  params?: Record<string, string | number>;
  shortfallFen?: number;
}

const PAID_OR_LATER: readonly OrderState[] = ['paid', 'shipped', 'arrived_warehouse', 'completed'];
export const MAX_PAY_BATCH = 50;

/**
 * Paying orders from the wallet. Each order is all-or-nothing in its own transaction: the
 * guarded transition waiting_payment → paid, the history row, the ORDER_PAY_SUCCESS event and
 * the wallet charge (ref = order id) commit together, or — when the wallet refuses — none do.
 *
 * Paying an order that is already paid (or further along) answers ok with alreadyPaid: true and
 * charges nothing: a retried or racing payment is the same intent, as a twice-completed cart
 * returns the same order. Cancelled or closed orders answer ORDER_STATE_INVALID.
 */
export async function payOrders(ctx: Ctx, input: { orderIds: OrderId[] }): Promise<{ ok: true; results: PayResult[] } | Failure> {
  if (!Array.isArray(input.orderIds) || input.orderIds.length === 0 || input.orderIds.length > MAX_PAY_BATCH) {
    return fail('BAD_PARAMETER', { field: 'orderIds', rule: `must hold 1–${MAX_PAY_BATCH} order ids` });
  }
  const results: PayResult[] = [];
  for (const orderId of [...new Set(input.orderIds)]) results.push(await payOne(ctx, orderId));
  return { ok: true, results };
}

function payOne(ctx: Ctx, orderId: OrderId): Promise<PayResult> {
  return atomically(ctx, async (tx): Promise<PayResult> => {
    const moved = await moveOrder(tx, {
      orderId,
      scope: scopeOf(tx),
      action: 'pay',
      actor: actorOf(tx),
      patch: { paid_amount_fen: sql.ref('total_amount_fen'), paid_at: tx.clock.nowMs() },
    });
    if (!moved.ok) {
      const state = moved.params?.state as OrderState | undefined;
      if (moved.error === 'ORDER_STATE_INVALID' && state && PAID_OR_LATER.includes(state)) {
        const row = await loadOrder(tx, orderId);
        return { orderId, ok: true, alreadyPaid: true, paidAmountFen: Number(row.paid_amount_fen) };
      }
      return { orderId, ok: false, error: moved.error, ...(moved.params ? { params: moved.params } : {}) };
    }
    // The row is ours now (locked on PostgreSQL, single writer on SQLite): its total is final.
    const row = moved.row;
    const amountFen = Number(row.total_amount_fen);
    const charged = await chargeWallet(tx, {
      developerId: row.developer_id,
      amountFen,
      kind: 'order_charge',
      ref: orderId,
      // The event goes in before the debit locks the developer's wallet row, which the
      // developer's other payments wait for; a refused debit rolls it back with the rest.
      beforeDebit: async (ledgerTransactionId) => {
        await orderEvent(tx, row, 'ORDER_PAY_SUCCESS', {
          fromState: moved.from,
          paidAmountFen: amountFen,
          paidAt: Number(row.paid_at),
          ledgerTransactionId,
        });
      },
    });
    if (!charged.ok) {
      const shortfall = charged.params?.shortfallFen;
      abort({
        orderId,
        ok: false,
        error: charged.error,
        ...(charged.params ? { params: charged.params } : {}),
        ...(typeof shortfall === 'number' ? { shortfallFen: shortfall } : {}),
      });
    }
    return { orderId, ok: true, alreadyPaid: false, paidAmountFen: amountFen, balanceFen: charged.balanceFen };
  });
}
