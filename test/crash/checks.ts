/**
 * What must hold after the crash rounds, read straight from the database the server used and
 * compared with what the clients were acknowledged and what the callback receiver got.
 */
import { ledgerCheck } from '../../src/modules/wallet/index.ts';
import type { SystemCtx } from '../../src/platform/context.ts';
import type { Acks, Buyer } from './flows.ts';

export interface Check {
  name: string;
  ok: boolean;
  /** What was counted, or the first offenders. */
  detail: string;
}

function check(name: string, failures: string[], counted: string): Check {
  return {
    name,
    ok: failures.length === 0,
    detail: failures.length ? `${failures.length} failed: ${failures.slice(0, 5).join('; ')}` : counted,
  };
}

/**
 * A scanned parcel's order has arrived, unless a refund closed it while the parcel travelled: only
 * a shipped order moves on (src/modules/warehouse/inbound.ts, arriveOrder).
 */
const arrivedOrClosed = (o: { arrived_at: number | null; closed_at: number | null } | undefined) =>
  o !== undefined && (o.arrived_at != null || o.closed_at != null);

async function ordersAndPayments(ctx: SystemCtx, acks: Acks): Promise<Check[]> {
  const rows = await ctx.db
    .selectFrom('purchase_orders')
    .select(['order_id', 'developer_id', 'paid_at', 'paid_amount_fen', 'arrived_at', 'closed_at'])
    .execute();
  const orders = new Map(rows.map((r) => [r.order_id, r]));
  const missing = [...acks.orders].filter(([id, a]) => orders.get(id)?.developer_id !== a.developerId).map(([id]) => `order ${id}`);
  const unpaid = [...acks.payments]
    .filter(([id, a]) => orders.get(id)?.paid_at == null || Number(orders.get(id)!.paid_amount_fen) !== a.payAmountFen)
    .map(([id]) => `order ${id}`);
  const refunds = await ctx.db.selectFrom('refunds').select(['refund_id', 'order_id']).execute();
  const refundOrders = new Map(refunds.map((r) => [r.refund_id, r.order_id]));
  const lost = [...acks.refunds].filter(([id, a]) => refundOrders.get(id) !== a.orderId).map(([id]) => `refund ${id}`);
  const parcels = await ctx.db.selectFrom('warehouse_parcels').select(['parcel_id', 'order_id', 'state']).execute();
  const byId = new Map(parcels.map((p) => [p.parcel_id, p]));
  const unscanned = [...acks.parcels]
    .filter(([id, order]) => byId.get(id)?.order_id !== order || byId.get(id)?.state === 'EXPECTED' || !arrivedOrClosed(orders.get(order)))
    .map(([id]) => `parcel ${id} ${byId.get(id)?.state}`);
  return [
    check('every acknowledged order exists', missing, `${acks.orders.size} of ${rows.length} orders`),
    check('every acknowledged payment is paid, for its amount', unpaid, `${acks.payments.size} payments`),
    check('every acknowledged refund application exists', lost, `${acks.refunds.size} of ${refunds.length} applications`),
    check(
      'every acknowledged parcel scan: parcel received, order arrived (or closed by a refund)',
      unscanned,
      `${acks.parcels.size} of ${parcels.length} parcels`,
    ),
  ];
}

/** One order_charge per paid order, for what the order says it was paid; none for an unpaid one. */
async function charges(ctx: SystemCtx): Promise<Check> {
  const rows = await ctx.db.selectFrom('ledger_transactions').select(['developer_id', 'kind', 'ref', 'amount_fen']).execute();
  const failures: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const key = `${r.developer_id}/${r.kind}/${r.ref}`;
    if (r.ref !== null && seen.has(key)) failures.push(`${key} twice`);
    seen.add(key);
  }
  const paid = await ctx.db.selectFrom('purchase_orders').select(['order_id', 'paid_at', 'paid_amount_fen']).execute();
  const charged = new Map(rows.filter((r) => r.kind === 'order_charge').map((r) => [r.ref, -Number(r.amount_fen)]));
  for (const o of paid) {
    const fen = charged.get(o.order_id);
    if (o.paid_at == null ? fen !== undefined : fen !== Number(o.paid_amount_fen))
      failures.push(`order ${o.order_id} paid ${o.paid_amount_fen}, charged ${fen}`);
  }
  return check('no order charged twice (ledger refs unique, one charge per paid order)', failures, `${charged.size} charges`);
}

/** The order a refund credit belongs to, from its ledger ref. */
function refundedOrder(ref: string | null, refundOrders: Map<string, string>): string | undefined {
  const [what, id] = (ref ?? '').split(':');
  return what === 'refund' ? refundOrders.get(id ?? '') : what === 'refund-freight' || what === 'close' ? id : undefined;
}

/** Balance == ledger sum == top-ups − charges + refunds; no order refunded above what it was paid. */
async function wallets(ctx: SystemCtx, buyers: Buyer[], acks: Acks): Promise<Check> {
  const failures: string[] = [];
  const refunds = new Map(
    (await ctx.db.selectFrom('refunds').select(['refund_id', 'order_id']).execute()).map((r) => [r.refund_id, r.order_id]),
  );
  const paid = new Map(
    (await ctx.db.selectFrom('purchase_orders').select(['order_id', 'paid_amount_fen']).execute()).map((r) => [
      r.order_id,
      Number(r.paid_amount_fen),
    ]),
  );
  for (const { developerId } of buyers) {
    const ledger = await ctx.db
      .selectFrom('ledger_transactions')
      .select(['kind', 'ref', 'amount_fen'])
      .where('developer_id', '=', developerId)
      .execute();
    const sum: Record<string, number> = {};
    const perOrder = new Map<string, number>();
    for (const t of ledger) {
      sum[t.kind] = (sum[t.kind] ?? 0) + Number(t.amount_fen);
      if (t.kind !== 'refund') continue;
      const order = refundedOrder(t.ref, refunds);
      if (order === undefined) failures.push(`refund credit ${t.ref} names no order`);
      else perOrder.set(order, (perOrder.get(order) ?? 0) + Number(t.amount_fen));
    }
    const { topup = 0, order_charge = 0, refund = 0, ...other } = sum;
    const c = await ledgerCheck(ctx, developerId);
    if (c.balanceFen !== c.entriesSumFen || c.unbalancedTransactions > 0)
      failures.push(`${developerId}: balance ${c.balanceFen}, entries ${c.entriesSumFen}, ${c.unbalancedTransactions} unbalanced`);
    if (topup !== acks.topUps.get(developerId))
      failures.push(`${developerId}: top-ups ${topup}, acknowledged ${acks.topUps.get(developerId)}`);
    if (Object.keys(other).length > 0) failures.push(`${developerId}: other ledger kinds ${JSON.stringify(other)}`);
    if (c.balanceFen !== topup + order_charge + refund)
      failures.push(`${developerId}: balance ${c.balanceFen} ≠ ${topup} − ${-order_charge} + ${refund}`);
    for (const [order, fen] of perOrder)
      if (fen > (paid.get(order) ?? 0)) failures.push(`order ${order} refunded ${fen} of ${paid.get(order)}`);
  }
  return check('each wallet: balance == ledger sum == top-ups − charges + refunds', failures, `${buyers.length} wallets`);
}

/** The outbox is drained and every message of a state change reached the receiver. */
async function callbacks(ctx: SystemCtx, received: Set<string>): Promise<Check[]> {
  const pending = await ctx.db.selectFrom('outbox_events').select(['id', 'type', 'attempts']).where('dispatched_at', 'is', null).execute();
  const messages = await ctx.db.selectFrom('callback_messages').select(['id', 'event_type', 'status']).execute();
  const undelivered = messages.filter((m) => m.status !== 'delivered' || !received.has(m.id));
  // An event type some message was made for is one the renderer turns into a callback.
  const typed = new Set(messages.map((m) => m.event_type));
  const ids = new Set(messages.map((m) => m.id));
  const events = await ctx.db.selectFrom('outbox_events').select(['id', 'type']).execute();
  const unmessaged = events.filter((e) => typed.has(e.type) && !ids.has(e.id));
  return [
    check(
      'no outbox rows pending or stuck',
      pending.map((e) => `${e.id} ${e.type} (${e.attempts} attempts)`),
      `${events.length} events dispatched`,
    ),
    check(
      'every callback message delivered and received (by webhook-id)',
      undelivered.map((m) => `${m.id} ${m.event_type} ${m.status}${received.has(m.id) ? '' : ', not received'}`),
      `${messages.length} messages, ${received.size} webhook-ids received`,
    ),
    check(
      'every state-change event has its callback message',
      unmessaged.map((e) => `${e.id} ${e.type}`),
      `types ${[...typed].join(', ')}`,
    ),
  ];
}

export async function runChecks(ctx: SystemCtx, buyers: Buyer[], acks: Acks, received: Set<string>): Promise<Check[]> {
  return [
    ...(await ordersAndPayments(ctx, acks)),
    await charges(ctx),
    await wallets(ctx, buyers, acks),
    ...(await callbacks(ctx, received)),
  ];
}

/** True when nothing is left for the dispatcher: no undispatched event, no message short of delivered or failed. */
export async function drained(ctx: SystemCtx): Promise<boolean> {
  const events = await ctx.db.selectFrom('outbox_events').select('id').where('dispatched_at', 'is', null).limit(1).execute();
  const messages = await ctx.db
    .selectFrom('callback_messages')
    .select('id')
    .where('status', 'in', ['pending', 'retrying'])
    .limit(1)
    .execute();
  return events.length === 0 && messages.length === 0;
}
