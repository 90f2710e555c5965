import { inTransaction } from '../../platform/context.ts';
import type { DispatcherSettings, DispatcherState } from './dispatcher-types.ts';
import { DUE, type MessageRow } from './record.ts';

/*
 * Claiming, the dispatcher's second step: due messages are taken by pushing their
 * next_attempt_at to the end of a lease (SKIP LOCKED on PostgreSQL, so two nodes never take the
 * same message). A crash before the attempt is recorded leaves the message due again when the
 * lease ends: it is re-sent with the same webhook-id (at-least-once).
 */

/** Leases up to `limit` due messages to this dispatcher and answers them. */
export async function claimDue(s: DispatcherSettings, limit: number): Promise<MessageRow[]> {
  if (limit <= 0) return [];
  return inTransaction(s.ctx, async (tx) => {
    const now = tx.clock.nowMs();
    // The status filter is literal SQL so both planners match it to the partial index's predicate.
    let query = tx.db
      .selectFrom('callback_messages')
      .select('id')
      .where(DUE)
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit);
    if (s.onPostgres) query = query.forUpdate().skipLocked();
    const ids = (await query.execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    const leaseUntil = now + s.leaseMs;
    await tx.db
      .updateTable('callback_messages')
      .set({ next_attempt_at: leaseUntil, lease_until: leaseUntil, lease_owner: s.id })
      .where('id', 'in', ids)
      .execute();
    return tx.db.selectFrom('callback_messages').selectAll().where('id', 'in', ids).orderBy('id').execute();
  });
}

/** Handed-off messages whose lease still has room for a send; the others are left to the claim path. */
export function takeHandoff(s: DispatcherSettings, state: DispatcherState, limit: number): MessageRow[] {
  const out: MessageRow[] = [];
  const now = s.ctx.clock.nowMs();
  while (out.length < limit && state.handoff.length > 0) {
    const message = state.handoff.shift()!;
    if (Number(message.lease_until) - now > s.timeoutMs * 2) out.push(message);
  }
  return out;
}

/** Messages leased at ingest but never sent become due now rather than at the lease end. */
export async function releaseHandoff(s: DispatcherSettings, state: DispatcherState): Promise<void> {
  const unsent = state.handoff.splice(0).map((m) => m.id);
  for (let i = 0; i < unsent.length; i += 500) {
    await s.ctx.db
      .updateTable('callback_messages')
      .set({ next_attempt_at: s.ctx.clock.nowMs(), lease_until: null, lease_owner: null })
      .where('id', 'in', unsent.slice(i, i + 500))
      .where('lease_owner', '=', s.id)
      .where('attempts', '=', 0)
      .execute();
  }
}
