import type { SystemCtx } from '../context.ts';
import { newNumericId } from '../ids.ts';

export interface EventInput {
  developerId: string;
  /** The event type, e.g. ORDER_CREATE, ORDER_PAY_SUCCESS. */
  type: string;
  /** What the event is about, e.g. 'purchase_order' and its id. */
  aggregateType: string;
  aggregateId: string;
  /** JSON-serialisable; stored as text so both engines keep it byte for byte. */
  payload: unknown;
}

/**
 * Writes one outbox row on the caller's db. Call it inside the transaction that makes the change
 * the event describes: then the event exists if and only if the change committed.
 * Returns the event id (time-sortable; a dispatcher may use it as the webhook-id).
 */
export async function emitEvent(ctx: SystemCtx, input: EventInput): Promise<string> {
  const now = ctx.clock.nowMs();
  const id = newNumericId(now);
  const payloadJson = JSON.stringify(input.payload ?? null);
  await ctx.db
    .insertInto('outbox_events')
    .values({
      id,
      developer_id: input.developerId,
      type: input.type,
      aggregate_type: input.aggregateType,
      aggregate_id: input.aggregateId,
      payload_json: payloadJson,
      created_at: now,
      dispatched_at: null,
      attempts: 0,
      next_attempt_at: now,
      last_error: null,
    })
    .execute();
  return id;
}
