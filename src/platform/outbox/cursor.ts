/**
 * Followers of the outbox (the fulfilment scheduler, the warehouse's order follower, the sandbox
 * warehouse) keep how far they have read in meta. The cursor only passes events older than a lag:
 * ids are time-sortable but a transaction may commit after a younger one, so an event inside the
 * lag is read again on the next turn and every follower's handling must be idempotent.
 */
import type { SystemCtx } from '../context.ts';
import { getMeta, setMeta } from '../db/index.ts';

export const OUTBOX_CURSOR_LAG_MS = 5 * 60_000;

/** The follower's cursor: every event at or below it has been handled. */
export async function outboxCursor(ctx: SystemCtx, key: string): Promise<string> {
  // /metrics finds the followers by this suffix (ponte_outbox_follower_*).
  if (!key.endsWith('_cursor')) throw new Error(`outbox cursor key ${key} must end in _cursor`);
  return (await getMeta(ctx, key)) ?? '0';
}

/** Moves the cursor past every event after `from` that is older than the lag (the caller handled them all). */
export async function settleOutboxCursor(ctx: SystemCtx, key: string, from: string): Promise<void> {
  const settled = await ctx.db
    .selectFrom('outbox_events')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('id', '>', from)
    .where('created_at', '<=', ctx.clock.nowMs() - OUTBOX_CURSOR_LAG_MS)
    .executeTakeFirst();
  if (settled?.id) await setMeta(ctx, key, String(settled.id));
}
