/**
 * The orders module's repository layer: snake_case rows to camelCase values, the tenant scope
 * of a caller, guarded transitions of one order and the SKU reservation counters.
 */
import type { Selectable } from 'kysely';
import type { Ctx, SystemCtx } from '../../platform/context.ts';
import type { Scope } from '../../platform/db/index.ts';
import { asOrderId, type OrderId } from '../../platform/ids.ts';
import { emitEvent } from '../../platform/outbox/index.ts';
import { transition, type TransitionDone, type TransitionInput } from '../../platform/states.ts';
import type { Failure } from '../../platform/errors.ts';
import type { LineRefundColumns, OrderRefundColumns, PurchaseOrderLineTable, PurchaseOrderTable } from './schema.ts';
import { linePaidFen } from './paid.ts';
import { orderMachine, type OrderAction, type OrderState, type Platform } from './states.ts';
import { reserveSku } from './statements.ts';

export type OrderRow = Selectable<PurchaseOrderTable & OrderRefundColumns>;
export type LineRow = Selectable<PurchaseOrderLineTable & LineRefundColumns>;

export interface OrderSummary {
  orderId: OrderId;
  platform: Platform;
  state: OrderState;
  shopIndex: number;
  ownerUserId: string;
  batchId: string;
  productAmountFen: number;
  shippingFeeFen: number;
  adjustAmountFen: number;
  totalAmountFen: number;
  paidAmountFen: number;
  clientOrderId: string | null;
  createdAt: number;
  paidAt: number | null;
  updatedAt: number;
}

export interface OrderLine {
  lineNo: number;
  itemId: string;
  skuId: string;
  specId: string;
  title: string;
  quantity: number;
  unitPriceFen: number;
  amountFen: number;
  /** The goods amount paid for the line: amountFen plus its share of the order's price adjustment (paid.ts). */
  paidFen: number;
  /** What after-sales gave back for the line, and for how many of its pieces. */
  refundedFen: number;
  refundedQuantity: number;
}

export interface Receiver {
  name: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  address: string;
  [extra: string]: string | undefined;
}

export interface OrderDetail extends OrderSummary {
  receiver: Receiver;
  lines: OrderLine[];
  closeReason: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  shippedAt: number | null;
  arrivedAt: number | null;
  closedAt: number | null;
  version: number;
  /** What after-sales gave back for the order, freight included, and the freight part of it. */
  refundedFen: number;
  refundedCarriageFen: number;
}

export const ORDER_EVENT_AGGREGATE = 'purchase_order';
export const HISTORY = { table: 'purchase_order_history', idColumn: 'order_id' } as const;

export function toSummary(row: Selectable<PurchaseOrderTable>): OrderSummary {
  return {
    orderId: asOrderId(row.order_id),
    platform: row.platform,
    state: row.state,
    shopIndex: Number(row.shop_index),
    ownerUserId: row.owner_user_id,
    batchId: row.batch_id,
    productAmountFen: Number(row.product_amount_fen),
    shippingFeeFen: Number(row.shipping_fee_fen),
    adjustAmountFen: Number(row.adjust_amount_fen),
    totalAmountFen: Number(row.total_amount_fen),
    paidAmountFen: Number(row.paid_amount_fen),
    clientOrderId: row.client_order_id,
    createdAt: Number(row.created_at),
    paidAt: row.paid_at === null ? null : Number(row.paid_at),
    updatedAt: Number(row.updated_at),
  };
}

export function toDetail(row: OrderRow, lines: LineRow[]): OrderDetail {
  const optionalMs = (v: number | null) => (v === null ? null : Number(v));
  const paid = linePaidFen(
    lines.map((l) => Number(l.amount_fen)),
    Number(row.adjust_amount_fen),
  );
  return {
    ...toSummary(row),
    receiver: JSON.parse(row.receiver_json) as Receiver,
    lines: lines.map((l, i) => ({
      lineNo: Number(l.line_no),
      itemId: l.item_id,
      skuId: l.sku_id,
      specId: l.spec_id,
      title: l.title,
      quantity: Number(l.quantity),
      unitPriceFen: Number(l.unit_price_fen),
      amountFen: Number(l.amount_fen),
      paidFen: paid[i] ?? 0,
      refundedFen: Number(l.refunded_fen),
      refundedQuantity: Number(l.refunded_quantity),
    })),
    closeReason: row.close_reason,
    carrier: row.carrier,
    trackingNumber: row.tracking_number,
    shippedAt: optionalMs(row.shipped_at),
    arrivedAt: optionalMs(row.arrived_at),
    closedAt: optionalMs(row.closed_at),
    version: Number(row.version),
    refundedFen: Number(row.refunded_fen),
    refundedCarriageFen: Number(row.refunded_carriage_fen),
  };
}

export function actorOf(ctx: Ctx): string {
  return `user:${ctx.userId}`;
}

/** A guarded transition of one purchase order, with its history row. */
export async function moveOrder(
  ctx: SystemCtx,
  input: {
    orderId: OrderId;
    scope: Scope;
    action: OrderAction;
    actor: string;
    note?: string | null;
    patch?: TransitionInput<OrderAction>['patch'];
  },
): Promise<(TransitionDone<OrderState> & { row: OrderRow }) | Failure> {
  return transition(ctx, orderMachine, {
    table: 'purchase_orders',
    noun: 'order',
    idColumn: 'order_id',
    id: input.orderId,
    scope: input.scope,
    action: input.action,
    ...(input.patch ? { patch: input.patch } : {}),
    versionColumn: 'version',
    updatedAtColumn: 'updated_at',
    history: { ...HISTORY, actor: input.actor, note: input.note ?? null },
  }) as Promise<(TransitionDone<OrderState> & { row: OrderRow }) | Failure>;
}

export async function loadOrder(ctx: SystemCtx, orderId: OrderId): Promise<OrderRow> {
  return ctx.db.selectFrom('purchase_orders').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow();
}

export async function loadLines(ctx: SystemCtx, orderIds: readonly string[]) {
  if (orderIds.length === 0) return [];
  return ctx.db
    .selectFrom('purchase_order_lines')
    .selectAll()
    .where('order_id', 'in', orderIds)
    .orderBy('order_id')
    .orderBy('line_no')
    .execute();
}

/** The event every state change writes, in the same transaction. */
export async function orderEvent(
  ctx: SystemCtx,
  row: Selectable<PurchaseOrderTable>,
  type: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  return emitEvent(ctx, {
    developerId: row.developer_id,
    type,
    aggregateType: ORDER_EVENT_AGGREGATE,
    aggregateId: row.order_id,
    payload: {
      orderId: row.order_id,
      platform: row.platform,
      ownerUserId: row.owner_user_id,
      state: row.state,
      totalAmountFen: Number(row.total_amount_fen),
      version: Number(row.version),
      ...extra,
    },
  });
}

/** Holds quantity of one SKU, or answers false when stock − reserved cannot cover it. */
export async function reserve(ctx: SystemCtx, line: { itemId: string; skuId: string; quantity: number; stock: number }): Promise<boolean> {
  if (line.quantity > line.stock) return false;
  const held = await reserveSku(ctx, { item_id: line.itemId, sku_id: line.skuId, quantity: line.quantity, stock: line.stock });
  return held.rows.length > 0;
}

/** Gives an order's quantities back (cancel, close before shipping). */
export async function releaseReservations(ctx: SystemCtx, orderId: string): Promise<void> {
  const lines = await ctx.db
    .selectFrom('purchase_order_lines')
    .select(['item_id', 'sku_id', 'quantity'])
    .where('order_id', '=', orderId)
    .orderBy('item_id')
    .orderBy('sku_id')
    .execute();
  for (const line of lines) {
    await ctx.db
      .updateTable('sku_reservations')
      .set((eb) => ({ reserved: eb('reserved', '-', Number(line.quantity)) }))
      .where('item_id', '=', line.item_id)
      .where('sku_id', '=', line.sku_id)
      .where('reserved', '>=', Number(line.quantity))
      .execute();
  }
}

/** How many units of a SKU live orders hold. */
export async function reservedQuantity(ctx: SystemCtx, itemId: string, skuId: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('sku_reservations')
    .select('reserved')
    .where('item_id', '=', itemId)
    .where('sku_id', '=', skuId)
    .executeTakeFirst();
  return row ? Number(row.reserved) : 0;
}
