import { sql, type Selectable } from 'kysely';
import { inTransaction, type SystemCtx } from '../../platform/context.ts';
import type { OutboxEventTable } from '../../platform/outbox/index.ts';
import { REFUND_AGGREGATE, REFUND_EVENT_TYPE, type RefundEventPayload } from '../aftersales/index.ts';
import {
  PARCEL_AGGREGATE,
  PARCEL_EVENT_TYPE,
  SHIPMENT_AGGREGATE,
  SHIPMENT_EVENT_TYPE,
  type ParcelEventPayload,
  type ShipmentEventPayload,
} from '../warehouse/index.ts';
import type { BuiltMessage, DispatcherSettings, DispatcherState } from './dispatcher-types.ts';
import { orderEventFacts } from './facts.ts';
import { orderFor, ownerOf, subscribedDevelopers, type MessageRow } from './record.ts';
import { prefetchSupplierFacts, type SupplierFacts } from './supplier.ts';

/*
 * Ingest, the dispatcher's first step: claim undispatched outbox rows (SKIP LOCKED on
 * PostgreSQL), turn those of subscribed developers into callback_messages and mark the rows
 * dispatched, in one transaction — a crash before commit leaves the rows to the next pass.
 */

type EventRow = Selectable<OutboxEventTable>;
/** When a new message is due, and whether it is inserted already leased to this dispatcher. */
type Timing = Pick<MessageRow, 'next_attempt_at' | 'lease_until' | 'lease_owner'>;

function dueEvents(s: DispatcherSettings, db: SystemCtx['db'], now: number) {
  return db
    .selectFrom('outbox_events')
    .where('dispatched_at', 'is', null)
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(s.batchSize);
}

/**
 * Turns one batch of outbox rows into messages; returns the number of rows consumed. With
 * `lease`, the new messages are inserted already leased to this dispatcher and handed straight
 * to the sender (no claim round trip); a crash before sending leaves them due at the lease end.
 * An event that became due after the supplier facts were gathered waits for the next batch.
 */
export async function ingestBatch(s: DispatcherSettings, state: DispatcherState, lease: boolean): Promise<number> {
  // Only a refund event's payload is read here (it names the order); order events stay light.
  const preview = await dueEvents(s, s.ctx.db, s.ctx.clock.nowMs())
    .select(['developer_id', 'aggregate_type', 'aggregate_id'])
    .select(sql<string | null>`CASE WHEN aggregate_type = ${REFUND_AGGREGATE} THEN payload_json END`.as('payload_json'))
    .execute();
  if (preview.length === 0) return 0;
  const facts = await prefetchSupplierFacts(s.ctx, s.source, state.mainUsers, preview.map(orderRefOf));
  return inTransaction(s.ctx, async (tx) => {
    const now = tx.clock.nowMs();
    let query = dueEvents(s, tx.db, now).selectAll();
    if (s.onPostgres) query = query.forUpdate().skipLocked();
    const events = await query.execute();
    if (events.length === 0) return 0;
    const subscribed = await subscribedDevelopers(tx, events);
    const timing: Timing = lease
      ? { next_attempt_at: now + s.leaseMs, lease_until: now + s.leaseMs, lease_owner: s.id }
      : { next_attempt_at: now, lease_until: null, lease_owner: null };
    const messages: MessageRow[] = [];
    const consumed: string[] = [];
    for (const event of events) {
      const subscriber = subscribed.has(event.developer_id);
      const order = orderRefOf(event);
      const about = order.aggregate_type === 'purchase_order' ? order.aggregate_id : null;
      if (subscriber && about !== null && !facts.has(about)) continue;
      consumed.push(event.id);
      if (!subscriber) continue;
      let message: MessageRow | null = warehouseMessageOf(s, event, timing);
      if (!message && about !== null) {
        const supplier = facts.get(about) ?? null;
        message =
          event.aggregate_type === REFUND_AGGREGATE
            ? refundMessageOf(s, event, supplier, timing)
            : await messageOf(tx, s, state, event, supplier, timing);
      }
      if (message) messages.push(message);
    }
    await insertMessages(tx, messages);
    await markDispatched(tx, consumed, now);
    if (lease) state.handoff.push(...messages);
    return consumed.length;
  });
}

type EventRef = Pick<EventRow, 'developer_id' | 'aggregate_type' | 'aggregate_id'> & { payload_json: string | null };

/**
 * The order an event is about, as an order event's reference: a refund event names its order in
 * the payload (its seller facts are the order's). Other aggregates are answered as they are.
 */
function orderRefOf(event: EventRef): EventRef {
  if (event.aggregate_type !== REFUND_AGGREGATE || event.payload_json === null) return event;
  const orderId = (JSON.parse(event.payload_json) as Partial<RefundEventPayload>).orderId;
  return typeof orderId === 'string' ? { ...event, aggregate_type: 'purchase_order', aggregate_id: orderId } : event;
}

/** The message row of one wanted event, or null when its type has no message. */
async function messageOf(
  tx: SystemCtx,
  s: DispatcherSettings,
  state: DispatcherState,
  event: EventRow,
  supplier: SupplierFacts | null,
  timing: Timing,
): Promise<MessageRow | null> {
  const order = await orderFor(tx, state.mainUsers, event.developer_id, event.aggregate_id);
  const payload = JSON.parse(event.payload_json) as Record<string, unknown>;
  const input = { id: event.id, type: event.type, createdAt: Number(event.created_at), payload };
  const built = s.renderer.message(orderEventFacts(input, order, supplier));
  if (!built) return null;
  return messageRow(event, built, order?.ownerUserId ?? (await ownerOf(tx, state.mainUsers, event)), timing);
}

/**
 * The message row of a refund event: its payload carries everything the body needs of the refund
 * (the after-sales module writes it in the transition's transaction), so no refund table is read;
 * the seller facts are its order's. The owner is the refund's (the order owner's), so a
 * sub-account's callbacks reach it.
 */
function refundMessageOf(s: DispatcherSettings, event: EventRow, supplier: SupplierFacts | null, timing: Timing): MessageRow | null {
  if (event.type !== REFUND_EVENT_TYPE) return null;
  const payload = JSON.parse(event.payload_json) as RefundEventPayload;
  const built = s.renderer.refund(payload, supplier);
  // A message's aggregate is its order (the log's orderId filter and view): a refund's is the refund's order.
  return built ? messageRow(event, built, payload.ownerUserId, timing, payload.orderId) : null;
}

/**
 * The message row of a warehouse event (null for any other event): like a refund's, its payload is
 * the whole body, so no warehouse table is read, and it belongs to the parcel's or shipment's
 * owner. In the log, a parcel of a Ponte order sits under its order; any other parcel under its
 * own id, a shipment under its logistics order id.
 */
function warehouseMessageOf(s: DispatcherSettings, event: EventRow, timing: Timing): MessageRow | null {
  if (event.aggregate_type === PARCEL_AGGREGATE && event.type === PARCEL_EVENT_TYPE) {
    const payload = JSON.parse(event.payload_json) as ParcelEventPayload;
    const built = s.renderer.parcel(payload);
    return built ? messageRow(event, built, payload.ownerUserId, timing, payload.orderId ?? payload.parcelId) : null;
  }
  if (event.aggregate_type === SHIPMENT_AGGREGATE && event.type === SHIPMENT_EVENT_TYPE) {
    const payload = JSON.parse(event.payload_json) as ShipmentEventPayload;
    const built = s.renderer.shipment(payload);
    return built ? messageRow(event, built, payload.ownerUserId, timing, payload.shipmentId) : null;
  }
  return null;
}

function messageRow(event: EventRow, built: BuiltMessage, ownerUserId: string, timing: Timing, orderId = event.aggregate_id): MessageRow {
  return {
    id: event.id,
    developer_id: event.developer_id,
    owner_user_id: ownerUserId,
    message_type: built.messageType,
    platform: built.platform,
    body: built.messageBody,
    aggregate_id: orderId,
    event_type: event.type,
    status: 'pending',
    attempts: 0,
    retry_base: 0,
    ...timing,
    created_at: Number(event.created_at),
    delivered_at: null,
    next_trigger: 'scheduled',
  };
}

async function insertMessages(tx: SystemCtx, messages: MessageRow[]): Promise<void> {
  // 500 rows × 17 columns stays under SQLite's bound-parameter limit.
  for (let i = 0; i < messages.length; i += 500) {
    await tx.db
      .insertInto('callback_messages')
      .values(messages.slice(i, i + 500))
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}

async function markDispatched(tx: SystemCtx, eventIds: string[], now: number): Promise<void> {
  if (eventIds.length === 0) return;
  await tx.db
    .updateTable('outbox_events')
    .set({ dispatched_at: now, attempts: (eb) => eb('attempts', '+', 1) })
    .where('id', 'in', eventIds)
    .execute();
}
