/**
 * Expired timers, acted on as upstream would (actor system): a seller who did not answer agrees
 * (a refund is paid; a return gets the shop's default return address), an application the buyer
 * did not modify or ship for is closed, a return the seller did not confirm is refunded. Each
 * application is one transaction, claimed with FOR UPDATE SKIP LOCKED on PostgreSQL so several
 * nodes share the work; running twice does nothing more (the move resets or clears the timer).
 */
import type { SystemCtx } from '../../platform/context.ts';
import { SYSTEM_SCOPE } from '../../platform/db/index.ts';
import type { Failure } from '../../platform/errors.ts';
import { abort, atomically } from '../orders/atomic.ts';
import { moveAndSettle, type Current } from './act.ts';
import { toLine, toView, type RefundRow, type RefundView, type ReturnAddress } from './repo.ts';
import { checkAddress } from './seller.ts';

export async function runRefundTimers(
  ctx: SystemCtx,
  input: { returnAddressFor: (refund: RefundView) => ReturnAddress },
  limit = 50,
): Promise<number> {
  const now = ctx.clock.nowMs();
  const due = await ctx.db
    .selectFrom('refunds')
    .select('refund_id')
    .where('timeout_at', '<=', now)
    .orderBy('timeout_at')
    .orderBy('refund_id')
    .limit(limit)
    .execute();
  let acted = 0;
  for (const { refund_id } of due) {
    const done = await atomically(ctx, async (tx) => {
      const current = await claimDue(tx, refund_id, now);
      if (!current) return false;
      const moved = await atomically(tx, async (inner): Promise<{ ok: true } | Failure> => {
        const result = await expire(inner, current, input.returnAddressFor);
        if (!result.ok) abort(result);
        return result;
      });
      if (moved.ok) return true;
      // The money cannot move any more (the seller closed the order and paid it back whole): the
      // order moved on, so the application closes instead of coming due on every run.
      const closed = await moveAndSettle(tx, {
        current,
        actor: 'system',
        scope: SYSTEM_SCOPE,
        action: 'close',
        cause: 'order_closed',
        note: `not settled: ${moved.error}`,
      });
      if (!closed.ok) abort(false);
      return true;
    });
    if (done) acted += 1;
  }
  return acted;
}

/** The application if its timer is still due and nobody else holds it (SKIP LOCKED on PostgreSQL). */
async function claimDue(tx: SystemCtx, refundId: string, now: number): Promise<Current | undefined> {
  let read = tx.db.selectFrom('refunds').selectAll().where('refund_id', '=', refundId).where('timeout_at', '<=', now);
  if (tx.dialect === 'postgres') read = read.forUpdate().skipLocked();
  const row = (await read.executeTakeFirst()) as RefundRow | undefined;
  if (!row) return undefined;
  const lines = await tx.db.selectFrom('refund_lines').selectAll().where('refund_id', '=', refundId).orderBy('line_no').execute();
  return { row, lines: lines.map(toLine) };
}

function expire(tx: SystemCtx, current: Current, addressFor: (refund: RefundView) => ReturnAddress): Promise<{ ok: true } | Failure> {
  const base = { current, actor: 'system' as const, scope: SYSTEM_SCOPE };
  switch (current.row.timeout_type) {
    case 'SELLER_RESPOND': {
      if (current.row.kind === 'refund')
        return moveAndSettle(tx, { ...base, action: 'agree_refund', note: 'the seller did not answer in time' });
      const address = addressFor(toView(current.row, current.lines));
      const bad = checkAddress(address);
      if (bad) return Promise.resolve(bad);
      return moveAndSettle(tx, {
        ...base,
        action: 'agree_return',
        note: 'the seller did not answer in time',
        detail: { returnAddress: address },
        patch: { return_address_json: JSON.stringify(address) },
      });
    }
    case 'BUYER_MODIFY':
    case 'BUYER_RETURN_SHIP':
      return moveAndSettle(tx, { ...base, action: 'close', cause: 'timeout', note: `${current.row.timeout_type} timed out` });
    case 'SELLER_RECEIVE':
      return moveAndSettle(tx, { ...base, action: 'confirm_receipt', note: 'the seller did not confirm receipt in time' });
    default:
      throw new Error(`refund ${current.row.refund_id}: unknown timeout type ${current.row.timeout_type}`);
  }
}
