import type { SystemCtx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { newNumericId } from '../../platform/ids.ts';
import { outboxCursor, settleOutboxCursor } from '../../platform/outbox/index.ts';
import type { Platform, SellerAction, Source } from '../../sources/source.ts';

const PHASES = { ORDER_CREATE: 'before_payment', ORDER_PAY_SUCCESS: 'after_payment' } as const;
type PhaseEvent = keyof typeof PHASES;

interface PendingEvent {
  type: PhaseEvent;
  orderId: string;
  platform: Platform;
  createdAt: number;
  totalAmountFen: number;
}

/**
 * Every event at or below the cursor has been planned. The cursor only passes events older than
 * the lag (platform/outbox/cursor.ts), so an order transaction that commits late with an older id is still found.
 */
const CURSOR_KEY = 'fulfilment_outbox_cursor';

async function unplannedEvents(ctx: SystemCtx, cursor: string, limit: number): Promise<PendingEvent[]> {
  const rows = await ctx.db
    .selectFrom('outbox_events as e')
    .leftJoin('fulfilment_plans as p', (join) => join.onRef('p.order_id', '=', 'e.aggregate_id').onRef('p.phase', '=', 'e.type'))
    .select(['e.type', 'e.aggregate_id', 'e.created_at', 'e.payload_json'])
    .where('e.id', '>', cursor)
    .where('e.aggregate_type', '=', 'purchase_order')
    .where('e.type', 'in', Object.keys(PHASES))
    .where('p.order_id', 'is', null)
    .orderBy('e.id')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const payload = JSON.parse(r.payload_json) as { platform: Platform; totalAmountFen?: number };
    return {
      type: r.type as PhaseEvent,
      orderId: r.aggregate_id,
      platform: payload.platform,
      createdAt: Number(r.created_at),
      totalAmountFen: Number(payload.totalAmountFen ?? 0),
    };
  });
}

function actionsFor(source: Source, event: PendingEvent): SellerAction[] {
  return event.type === 'ORDER_CREATE'
    ? source.planBeforePayment({ orderId: event.orderId, platform: event.platform, totalAmountFen: event.totalAmountFen })
    : source.planAfterPayment({ orderId: event.orderId, platform: event.platform });
}

/**
 * Plans seller work for order events not planned yet. Order events come from the outbox (the
 * order module writes them in the transaction of each change), so nothing here depends on the
 * order module's tables, and a crash between two ticks loses nothing: unplanned events are
 * found again next tick, and the plan's primary key makes planning a phase happen once.
 * Returns the number of order phases planned.
 */
export async function scheduleFulfilment(ctx: SystemCtx, source: Source, limit = 500): Promise<number> {
  const cursor = await outboxCursor(ctx, CURSOR_KEY);
  const events = await unplannedEvents(ctx, cursor, limit);
  if (events.length > 0) await planPhases(ctx, source, events);
  if (events.length < limit) await settleOutboxCursor(ctx, CURSOR_KEY, cursor);
  return events.length;
}

/** Rows per task insert: a tick's tasks in a few statements, far below either database's bound on parameters. */
const TASK_ROWS_PER_INSERT = 1000;

/**
 * Plans a tick's events in one transaction of three or four statements, whatever their number
 * (one transaction per event cost three or four round trips each). The plans go in with ON
 * CONFLICT DO NOTHING, and only the phases this insert claimed get tasks: another node planning
 * the same events waits on the same keys, in the same order (events come sorted by id), and
 * finds them taken.
 */
async function planPhases(ctx: SystemCtx, source: Source, events: PendingEvent[]): Promise<void> {
  const phaseKey = (orderId: string, phase: string) => `${orderId}\n${phase}`;
  const byPhase = new Map<string, PendingEvent>();
  for (const event of events)
    if (!byPhase.has(phaseKey(event.orderId, event.type))) byPhase.set(phaseKey(event.orderId, event.type), event);
  await inTransaction(ctx, async (tx) => {
    const now = tx.clock.nowMs();
    const claimed = await tx.db
      .insertInto('fulfilment_plans')
      .values([...byPhase.values()].map((event) => ({ order_id: event.orderId, phase: event.type, planned_at: now })))
      .onConflict((oc) => oc.columns(['order_id', 'phase']).doNothing())
      .returning(['order_id', 'phase'])
      .execute();
    const tasks = claimed.flatMap(({ order_id, phase }) => {
      const event = byPhase.get(phaseKey(order_id, phase))!;
      return actionsFor(source, event).map(({ afterMs, ...action }) => ({
        id: newNumericId(now),
        order_id: event.orderId,
        kind: action.kind,
        due_at: event.createdAt + afterMs,
        data_json: JSON.stringify(action),
        done_at: null,
        lease_until: null,
        outcome: null,
      }));
    });
    for (let at = 0; at < tasks.length; at += TASK_ROWS_PER_INSERT)
      await tx.db
        .insertInto('fulfilment_tasks')
        .values(tasks.slice(at, at + TASK_ROWS_PER_INSERT))
        .execute();
  });
}
