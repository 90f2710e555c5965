/**
 * What the sandbox warehouse's two halves (sandbox-run.ts inbound, sandbox-shipments.ts outbound)
 * share: the floor they ask (the Source's warehouse methods), the actor they act as, and the
 * outbox follower that finds changes to act on.
 */
import type { SystemCtx } from '../../platform/context.ts';
import { outboxCursor, settleOutboxCursor } from '../../platform/outbox/index.ts';
import type { Source } from '../../sources/source.ts';

export type WarehouseSource = Pick<Source, 'measureParcel' | 'qcPhotos' | 'weighShipment' | 'trackingPlan' | 'internationalTracking'>;

export const SANDBOX_ACTOR = 'sandbox';

export interface FollowedEvent {
  id: string;
  aggregate_id: string;
  payload_json: string;
}

const FOLLOW_BATCH = 500;

/**
 * Calls `handle` for every outbox event of `type` after the follower's cursor, oldest first, as
 * the fulfilment scheduler follows order events: events inside the lag are read again next time,
 * so `handle` must be idempotent.
 */
export async function followOutbox(
  ctx: SystemCtx,
  follower: { key: string; type: string },
  handle: (event: FollowedEvent) => Promise<void>,
): Promise<number> {
  const cursor = await outboxCursor(ctx, follower.key);
  let after = cursor;
  let seen = 0;
  for (;;) {
    const events = await ctx.db
      .selectFrom('outbox_events')
      .select(['id', 'aggregate_id', 'payload_json'])
      .where('id', '>', after)
      .where('type', '=', follower.type)
      .orderBy('id')
      .limit(FOLLOW_BATCH)
      .execute();
    for (const event of events) await handle(event);
    seen += events.length;
    if (events.length < FOLLOW_BATCH) break;
    after = events[events.length - 1]!.id;
  }
  await settleOutboxCursor(ctx, follower.key, cursor);
  return seen;
}
