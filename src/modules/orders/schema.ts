/**
 * The purchase-order core's tables. One order belongs to one seller (shop) of one platform;
 * several orders created by one request share a batch_id. Money is integer fen, times epoch ms.
 */
import { historyTable } from '../../platform/db/index.ts';
import { sql, type Generated, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../../platform/db/index.ts';
import { createOutboxTable } from '../../platform/outbox/index.ts';
import type { HistoryColumns } from '../../platform/states.ts';
import type { OrderState, Platform } from './states.ts';

export interface PurchaseOrderTable {
  order_id: string;
  developer_id: string;
  owner_user_id: string;
  platform: Platform;
  state: OrderState;
  /** The seller: the shop index of the platform's shop pool. */
  shop_index: number;
  product_amount_fen: number;
  shipping_fee_fen: number;
  /** The seller's price modification before payment (signed): total = product + shipping + adjust. */
  adjust_amount_fen: number;
  total_amount_fen: number;
  paid_amount_fen: number;
  receiver_json: string;
  client_order_id: string | null;
  idempotency_key: string | null;
  idempotency_hash: string | null;
  batch_id: string;
  /** Position of the order within its batch (sellers in first-seen order). */
  batch_seq: number;
  close_reason: string | null;
  carrier: string | null;
  tracking_number: string | null;
  created_at: number;
  paid_at: number | null;
  shipped_at: number | null;
  arrived_at: number | null;
  closed_at: number | null;
  updated_at: number;
  version: number;
}

/** Added by migration 014 (after-sales), with defaults, so order creation never names them. */
export interface OrderRefundColumns {
  /** What after-sales gave back, freight included; guarded ≤ paid_amount_fen. */
  refunded_fen: Generated<number>;
  /** The part of refunded_fen that was freight (1688 applyCarriage, the freight of an order refunded before shipping). */
  refunded_carriage_fen: Generated<number>;
}

export interface PurchaseOrderLineTable {
  order_id: string;
  line_no: number;
  item_id: string;
  sku_id: string;
  spec_id: string;
  title: string;
  quantity: number;
  unit_price_fen: number;
  amount_fen: number;
}

/** Added by migration 014 (after-sales): what was given back for the line; guarded ≤ its paid amount and quantity. */
export interface LineRefundColumns {
  refunded_fen: Generated<number>;
  refunded_quantity: Generated<number>;
}

export interface PurchaseOrderHistoryTable extends HistoryColumns {
  id: Generated<number>;
  order_id: string;
}

/**
 * One row per idempotency key (a client order id or an Idempotency-Key), claimed with
 * INSERT … ON CONFLICT DO NOTHING in the creating transaction. It points at the batch the key
 * created; the request hash refuses the same key with another body.
 */
export interface OrderIdempotencyTable {
  developer_id: string;
  idem_key: string;
  request_hash: string;
  batch_id: string;
  created_at: number;
}

/**
 * Quantities held by live orders per SKU. The sandbox catalog keeps stock inside product JSON,
 * where no guarded UPDATE can reach it; so available = the catalog's stock − reserved, and a
 * reservation is a guarded upsert (`reserved + :q <= :stock`). Cancel and close release it;
 * paid orders keep it (the goods are sold).
 */
export interface SkuReservationTable {
  item_id: string;
  sku_id: string;
  reserved: number;
}

export interface OrderTables {
  purchase_orders: PurchaseOrderTable & OrderRefundColumns;
  purchase_order_lines: PurchaseOrderLineTable & LineRefundColumns;
  purchase_order_history: PurchaseOrderHistoryTable;
  order_idempotency_keys: OrderIdempotencyTable;
  sku_reservations: SkuReservationTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends OrderTables {}
}

export function ordersMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await createOutboxTable(db, dialect);
      await createPurchaseOrders(db);
      await createPurchaseOrderLines(db);
      await createPurchaseOrderHistory(db, dialect);
      await createOrderIdempotencyKeys(db);
      await createSkuReservations(db);
    },
  };
}

async function createPurchaseOrders(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('purchase_orders')
    .addColumn('order_id', 'text', (c) => c.primaryKey())
    .addColumn('developer_id', 'text', (c) => c.notNull().references('developers.developer_id'))
    .addColumn('owner_user_id', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('shop_index', 'integer', (c) => c.notNull())
    .addColumn('product_amount_fen', 'bigint', (c) => c.notNull().check(sql`product_amount_fen >= 0`))
    .addColumn('shipping_fee_fen', 'bigint', (c) => c.notNull().check(sql`shipping_fee_fen >= 0`))
    .addColumn('adjust_amount_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('total_amount_fen', 'bigint', (c) => c.notNull().check(sql`total_amount_fen > 0`))
    .addColumn('paid_amount_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('receiver_json', 'text', (c) => c.notNull())
    .addColumn('client_order_id', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('idempotency_hash', 'text')
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('batch_seq', 'integer', (c) => c.notNull())
    .addColumn('close_reason', 'text')
    .addColumn('carrier', 'text')
    .addColumn('tracking_number', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('paid_at', 'bigint')
    .addColumn('shipped_at', 'bigint')
    .addColumn('arrived_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('purchase_orders_owner')
    .on('purchase_orders')
    .columns(['developer_id', 'platform', 'owner_user_id', 'order_id'])
    .execute();
  await db.schema.createIndex('purchase_orders_page').on('purchase_orders').columns(['developer_id', 'platform', 'order_id']).execute();
  await db.schema.createIndex('purchase_orders_batch').on('purchase_orders').columns(['batch_id', 'batch_seq']).execute();
  await db.schema.createIndex('purchase_orders_client').on('purchase_orders').columns(['developer_id', 'client_order_id']).execute();
}

async function createPurchaseOrderLines(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('purchase_order_lines')
    .addColumn('order_id', 'text', (c) => c.notNull().references('purchase_orders.order_id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('sku_id', 'text', (c) => c.notNull())
    .addColumn('spec_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('unit_price_fen', 'bigint', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('purchase_order_lines_pk', ['order_id', 'line_no'])
    .execute();
}

async function createPurchaseOrderHistory(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await historyTable(db, dialect, {
    table: 'purchase_order_history',
    subjectColumn: 'order_id',
    references: 'purchase_orders.order_id',
  }).execute();
  await db.schema.createIndex('purchase_order_history_order').on('purchase_order_history').columns(['order_id', 'id']).execute();
}

async function createOrderIdempotencyKeys(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('order_idempotency_keys')
    .addColumn('developer_id', 'text', (c) => c.notNull())
    .addColumn('idem_key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('order_idempotency_keys_pk', ['developer_id', 'idem_key'])
    .execute();
}

async function createSkuReservations(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sku_reservations')
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('sku_id', 'text', (c) => c.notNull())
    .addColumn('reserved', 'integer', (c) => c.notNull().check(sql`reserved >= 0`))
    .addPrimaryKeyConstraint('sku_reservations_pk', ['item_id', 'sku_id'])
    .execute();
}
