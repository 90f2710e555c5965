import type { SystemCtx } from '../context.ts';
import { preparedQuery, withFreshId } from '../db/index.ts';
import type { OutboxEventTable } from './schema.ts';

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

const insertEvent = preparedQuery<Omit<OutboxEventTable, 'dispatched_at' | 'attempts' | 'last_error'>, { id: string }>((db, param) =>
  db
    .insertInto('outbox_events')
    .values({
      id: param('id'),
      developer_id: param('developer_id'),
      type: param('type'),
      aggregate_type: param('aggregate_type'),
      aggregate_id: param('aggregate_id'),
      payload_json: param('payload_json'),
      created_at: param('created_at'),
      dispatched_at: null,
      attempts: 0,
      next_attempt_at: param('next_attempt_at'),
      last_error: null,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id'),
);

/**
 * Writes one outbox row on the caller's db. Call it inside the transaction that makes the change
 * the event describes: then the event exists if and only if the change committed.
 * Returns the event id (time-sortable; a dispatcher may use it as the webhook-id).
 */
export async function emitEvent(ctx: SystemCtx, input: EventInput): Promise<string> {
  const now = ctx.clock.nowMs();
  const id = await withFreshId(ctx, EVENT_ID, async (id) => {
    const inserted = await insertEvent(ctx, {
      id,
      developer_id: input.developerId,
      type: input.type,
      aggregate_type: input.aggregateType,
      aggregate_id: input.aggregateId,
      payload_json: JSON.stringify(input.payload ?? null),
      created_at: now,
      next_attempt_at: now,
    });
    return inserted.rows[0]?.id;
  });
  // The event id is outbox_events' only unique key: no row is an id taken three times.
  if (id === undefined) throw new Error('outbox INSERT … RETURNING returned no row');
  return id;
}

const EVENT_ID = { table: 'outbox_events', column: 'id' } as const;
