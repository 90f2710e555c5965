/**
 * Creating purchase orders: one order per seller, every order of a request in ONE transaction
 * sharing a batch_id. Idempotent by client order id and/or Idempotency-Key (scoped to the
 * calling user): the first result is replayed, the same key with another request hash refused.
 */
import type { Ctx } from '../../platform/context.ts';
import { withFreshId } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { newNumericId } from '../../platform/ids.ts';
import { sumFen } from '../../platform/money.ts';
import { recordInitialState } from '../../platform/states.ts';
import type { Source } from '../catalog/index.ts';
import { abort, atomically } from '../../platform/atomic.ts';
import { priceOrder, type LineField, type LineRequest, type SellerGroup } from './pricing.ts';
import { actorOf, HISTORY, orderEvent, reserve, toSummary, type OrderSummary, type Receiver } from './repo.ts';
import type { PurchaseOrderTable } from './schema.ts';
import type { Platform } from './states.ts';
import { insertOrderLine, insertOrderRow, insertOrderRowWithHistory } from './statements.ts';

export interface CreateOrdersInput {
  platform: Platform;
  lines: LineRequest[];
  receiver: Receiver;
  /** The amount the client expects to pay (all orders); a mismatch answers PRICE_CHANGED. */
  expectedTotalFen?: number | undefined;
  clientOrderId?: string | undefined;
  idempotencyKey?: string | undefined;
  /** A hash of the request body (the wire layer computes it); compared on replays. */
  requestHash: string;
}

export interface CreateOrdersResult {
  ok: true;
  orders: OrderSummary[];
  batchId: string;
  replayed: boolean;
}

const RECEIVER_FIELDS = ['name', 'phone', 'province', 'city', 'district', 'address'] as const;
export type ReceiverField = (typeof RECEIVER_FIELDS)[number];

/**
 * Every field of an order request a BAD_PARAMETER from this module can name (`[]` stands for a
 * line's index). Routes map each one back to the field their client sent (wire/common/orders.ts),
 * so the client never reads a domain name.
 */
export type OrderInputField =
  | `receiver.${ReceiverField}`
  | 'lines'
  | 'lines[]'
  | `lines[].${LineField}`
  | 'clientOrderId'
  | 'idempotencyKey'
  | 'expectedTotalFen';

export function checkReceiver(receiver: Receiver | undefined): Failure | null {
  for (const field of RECEIVER_FIELDS) {
    const value = receiver?.[field];
    if (typeof value !== 'string' || value.trim() === '') return fail('BAD_PARAMETER', { field: `receiver.${field}`, rule: 'is required' });
  }
  return null;
}

function checkInput(input: CreateOrdersInput): Failure | null {
  if (input.platform !== 'taobao' && input.platform !== '1688')
    return fail('BAD_PARAMETER', { field: 'platform', rule: "must be 'taobao' or '1688'" });
  if (typeof input.requestHash !== 'string' || input.requestHash === '')
    return fail('BAD_PARAMETER', { field: 'requestHash', rule: 'is required' });
  const receiver = checkReceiver(input.receiver);
  if (receiver) return receiver;
  for (const [field, key] of [
    ['clientOrderId', input.clientOrderId],
    ['idempotencyKey', input.idempotencyKey],
  ] as const) {
    if (key !== undefined && (typeof key !== 'string' || key.length === 0 || key.length > 128))
      return fail('BAD_PARAMETER', { field, rule: 'must be 1–128 characters' });
  }
  if (input.expectedTotalFen !== undefined && (!Number.isSafeInteger(input.expectedTotalFen) || input.expectedTotalFen < 0)) {
    return fail('BAD_PARAMETER', { field: 'expectedTotalFen', rule: 'must be a non-negative integer (fen)' });
  }
  return null;
}

/** The keys this request claims, namespaced by kind and by the calling user. */
function keysOf(ctx: Ctx, input: CreateOrdersInput): { stored: string; shown: string }[] {
  const keys: { stored: string; shown: string }[] = [];
  if (input.clientOrderId !== undefined) keys.push({ stored: `${ctx.userId}:client:${input.clientOrderId}`, shown: input.clientOrderId });
  if (input.idempotencyKey !== undefined) keys.push({ stored: `${ctx.userId}:key:${input.idempotencyKey}`, shown: input.idempotencyKey });
  return keys;
}

/** The first result for a key already used, or IDEMPOTENCY_KEY_REUSED; null when no key is taken. */
async function replayExisting(
  ctx: Ctx,
  keys: { stored: string; shown: string }[],
  requestHash: string,
): Promise<CreateOrdersResult | Failure | null> {
  if (keys.length === 0) return null;
  const rows = await ctx.db
    .selectFrom('order_idempotency_keys')
    .select(['idem_key', 'request_hash', 'batch_id'])
    .where('developer_id', '=', ctx.developerId)
    .where(
      'idem_key',
      'in',
      keys.map((k) => k.stored),
    )
    .execute();
  if (rows.length === 0) return null;
  for (const key of keys) {
    const row = rows.find((r) => r.idem_key === key.stored);
    if (row && row.request_hash !== requestHash) return fail('IDEMPOTENCY_KEY_REUSED', { key: key.shown });
  }
  const first = keys.map((k) => rows.find((r) => r.idem_key === k.stored)).find((r) => r !== undefined)!;
  const orders = await ctx.db
    .selectFrom('purchase_orders')
    .selectAll()
    .where('developer_id', '=', ctx.developerId)
    .where('owner_user_id', '=', ctx.userId)
    .where('batch_id', '=', first.batch_id)
    .orderBy('batch_seq')
    .execute();
  return { ok: true, orders: orders.map(toSummary), batchId: first.batch_id, replayed: true };
}

type Key = { stored: string; shown: string };

/** Priced orders not yet written: what `placeOrders` commits. */
export interface OrderPlan {
  input: CreateOrdersInput;
  keys: Key[];
  groups: SellerGroup[];
}

/**
 * Checks, replays and prices a create, without writing: the earlier result when a key was
 * already used, else the plan. Pricing reads the source, which on SQLite cannot run inside a
 * write transaction (the transaction holds the only connection), so it happens here, first.
 */
export async function planOrders(
  ctx: Ctx,
  source: Source,
  input: CreateOrdersInput,
): Promise<{ ok: true; replay: CreateOrdersResult } | { ok: true; plan: OrderPlan } | Failure> {
  const invalid = checkInput(input);
  if (invalid) return invalid;
  const keys = keysOf(ctx, input);
  // A retry replays even when prices or stock have moved since: the first answer stands.
  const earlier = await replayExisting(ctx, keys, input.requestHash);
  if (earlier) return earlier.ok ? { ok: true, replay: earlier } : earlier;
  const priced = await priceOrder(source, input.platform, input.lines);
  if (!priced.ok) return priced;
  const totalFen = sumFen(priced.groups.map((g) => g.totalAmountFen));
  if (input.expectedTotalFen !== undefined && input.expectedTotalFen !== totalFen) {
    return fail(
      'PRICE_CHANGED',
      { currentAmountFen: totalFen },
      { currentAmountFen: totalFen, orders: priced.groups.map((g) => ({ shopIndex: g.shopIndex, totalAmountFen: g.totalAmountFen })) },
    );
  }
  return { ok: true, plan: { input, keys, groups: priced.groups } };
}

/** Writes a plan's orders, all or none (in the caller's transaction when there is one). */
export function placeOrders(ctx: Ctx, plan: OrderPlan): Promise<CreateOrdersResult | Failure> {
  return atomically(ctx, (tx) => writeOrders(tx, plan.input, plan.keys, plan.groups));
}

export async function createOrders(ctx: Ctx, source: Source, input: CreateOrdersInput): Promise<CreateOrdersResult | Failure> {
  const planned = await planOrders(ctx, source, input);
  if (!planned.ok) return planned;
  return 'replay' in planned ? planned.replay : placeOrders(ctx, planned.plan);
}

async function writeOrders(tx: Ctx, input: CreateOrdersInput, keys: Key[], groups: SellerGroup[]): Promise<CreateOrdersResult | Failure> {
  const now = tx.clock.nowMs();
  const batchId = newNumericId(now);
  // Claim the keys first: a concurrent duplicate blocks on our uncommitted key row (PostgreSQL)
  // or waits for the single writer (SQLite), then sees the key taken and replays our result.
  for (const key of keys) {
    const claimed = await tx.db
      .insertInto('order_idempotency_keys')
      .values({ developer_id: tx.developerId, idem_key: key.stored, request_hash: input.requestHash, batch_id: batchId, created_at: now })
      .onConflict((oc) => oc.columns(['developer_id', 'idem_key']).doNothing())
      .returning('idem_key')
      .executeTakeFirst();
    if (!claimed)
      abort(
        (await replayExisting(tx, keys, input.requestHash)) ??
          fail('CONFLICT', { reason: 'idempotency key is being used by another request' }),
      );
  }
  // Reservations in a fixed (item, sku) order, so two orders sharing SKUs cannot deadlock.
  const wanted = groups.flatMap((g) => g.lines).sort((a, b) => (`${a.itemId}\u0000${a.skuId}` < `${b.itemId}\u0000${b.skuId}` ? -1 : 1));
  for (const line of wanted) {
    if (!(await reserve(tx, line))) {
      const held = await tx.db
        .selectFrom('sku_reservations')
        .select('reserved')
        .where('item_id', '=', line.itemId)
        .where('sku_id', '=', line.skuId)
        .executeTakeFirst();
      abort(
        fail('OUT_OF_STOCK', { what: `${line.itemId}/${line.skuId}`, available: Math.max(0, line.stock - Number(held?.reserved ?? 0)) }),
      );
    }
  }
  const orders: OrderSummary[] = [];
  for (const [seq, group] of groups.entries()) orders.push(await insertOrder(tx, input, group, { batchId, seq, now }));
  return { ok: true, orders, batchId, replayed: false };
}

type BatchPosition = { batchId: string; seq: number; now: number };

const ORDER_ID = { table: 'purchase_orders', column: 'order_id' } as const;

async function insertOrder(tx: Ctx, input: CreateOrdersInput, group: SellerGroup, at: BatchPosition): Promise<OrderSummary> {
  // On PostgreSQL the first history row goes in with the order, one round trip instead of two.
  const logged = tx.dialect === 'postgres';
  const actor = actorOf(tx);
  const row = await withFreshId(tx, ORDER_ID, async (orderId) => {
    const values = newOrderRow(tx, orderId, input, group, at);
    return (await (logged ? insertOrderRowWithHistory(tx, { ...values, history_actor: actor }) : insertOrderRow(tx, values))).rows[0];
  });
  // The order id is purchase_orders' only unique key: a row not inserted is an id taken three times.
  if (!row) throw new Error('order INSERT … RETURNING returned no row');
  const orderId = row.order_id;
  for (const [i, l] of group.lines.entries()) {
    await insertOrderLine(tx, {
      order_id: orderId,
      line_no: i + 1,
      item_id: l.itemId,
      sku_id: l.skuId,
      spec_id: l.specId,
      title: l.title,
      quantity: l.quantity,
      unit_price_fen: l.unitPriceFen,
      amount_fen: l.amountFen,
    });
  }
  if (!logged) await recordInitialState(tx, { ...HISTORY, actor }, orderId, 'waiting_payment', 'create');
  await orderEvent(tx, row, 'ORDER_CREATE', {
    batchId: at.batchId,
    shopIndex: group.shopIndex,
    productAmountFen: group.productAmountFen,
    shippingFeeFen: group.shippingFeeFen,
    lines: group.lines.map((l) => ({ itemId: l.itemId, skuId: l.skuId, quantity: l.quantity, unitPriceFen: l.unitPriceFen })),
  });
  return toSummary(row);
}

/** A new order of one seller, waiting for payment, owned by the calling user. */
function newOrderRow(tx: Ctx, orderId: string, input: CreateOrdersInput, group: SellerGroup, at: BatchPosition): PurchaseOrderTable {
  return {
    order_id: orderId,
    developer_id: tx.developerId,
    owner_user_id: tx.userId,
    platform: input.platform,
    state: 'waiting_payment',
    shop_index: group.shopIndex,
    product_amount_fen: group.productAmountFen,
    shipping_fee_fen: group.shippingFeeFen,
    adjust_amount_fen: 0,
    total_amount_fen: group.totalAmountFen,
    paid_amount_fen: 0,
    receiver_json: JSON.stringify(input.receiver),
    client_order_id: input.clientOrderId ?? null,
    idempotency_key: input.idempotencyKey ?? null,
    idempotency_hash: input.clientOrderId !== undefined || input.idempotencyKey !== undefined ? input.requestHash : null,
    batch_id: at.batchId,
    batch_seq: at.seq,
    close_reason: null,
    carrier: null,
    tracking_number: null,
    created_at: at.now,
    paid_at: null,
    shipped_at: null,
    arrived_at: null,
    closed_at: null,
    updated_at: at.now,
    version: 1,
  };
}
