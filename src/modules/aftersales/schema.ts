/**
 * After-sales tables (migration 014). A refund application belongs to one order and covers one or
 * more of its lines; its events are the message list and the 1688 operation list; one open
 * application per line is a row of refund_open_lines (its primary key is the guard). Money is
 * integer fen, times epoch ms. The migration also adds the refunded columns of orders and lines.
 */
import { historyTable } from '../../platform/db/index.ts';
import { sql, type Generated, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../../platform/db/index.ts';
import type { HistoryColumns } from '../../platform/states.ts';
import type { RefundKind } from './goods-status.ts';
import type { RefundPlatform } from './machines.ts';
import { seedReasonRows } from './reasons.ts';

export interface RefundTable {
  refund_id: string;
  developer_id: string;
  owner_user_id: string;
  platform: RefundPlatform;
  order_id: string;
  client_order_id: string | null;
  status: string;
  kind: RefundKind;
  goods_status: string;
  reason_id: string;
  reason_text: string;
  description: string;
  images_json: string;
  apply_fen: number;
  apply_carriage_fen: number;
  /** What was credited (goods + carriage), set on success. */
  refunded_fen: number;
  return_address_json: string | null;
  seller_note: string | null;
  refuse_reason: string | null;
  refuse_times: number;
  return_logistics_json: string | null;
  timeout_at: number | null;
  timeout_type: string | null;
  /** The sandbox seller's plan for the current state (SELLERS); cleared on every transition. */
  seller_due_at: number | null;
  seller_plan_json: string | null;
  seller_planned_version: number | null;
  idempotency_key: string | null;
  created_at: number;
  updated_at: number;
  completed_at: number | null;
  version: number;
}

export interface RefundLineTable {
  refund_id: string;
  order_id: string;
  line_no: number;
  quantity: number;
  apply_fen: number;
  refunded_fen: number;
}

export interface RefundEventTable extends HistoryColumns {
  id: Generated<number>;
  refund_id: string;
  images_json: string;
  refund_action: string;
  detail_json: string | null;
}

export interface RefundOpenLineTable {
  order_id: string;
  line_no: number;
  refund_id: string;
}

export interface RefundReasonTable {
  platform: RefundPlatform;
  reason_id: string;
  text_zh: string;
  text_en: string;
  tips: string;
  need_voucher: number;
  no_refund_carriage: number;
  kinds_json: string;
  goods_statuses_json: string;
  position: number;
  enabled: number;
}

export interface AftersalesTables {
  refunds: RefundTable;
  refund_lines: RefundLineTable;
  refund_events: RefundEventTable;
  refund_open_lines: RefundOpenLineTable;
  refund_reasons: RefundReasonTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends AftersalesTables {}
}

export function aftersalesMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await addRefundedColumns(db);
      await createRefunds(db);
      await createRefundLines(db);
      await createRefundEvents(db, dialect);
      await db.schema
        .createTable('refund_open_lines')
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('line_no', 'integer', (c) => c.notNull())
        .addColumn('refund_id', 'text', (c) => c.notNull().references('refunds.refund_id'))
        .addPrimaryKeyConstraint('refund_open_lines_pk', ['order_id', 'line_no'])
        .execute();
      await createRefundReasons(db);
      await db.insertInto('refund_reasons').values(seedReasonRows()).execute();
    },
  };
}

async function addRefundedColumns(db: Kysely<any>): Promise<void> {
  const add = (table: string, column: string, type: 'bigint' | 'integer') =>
    db.schema
      .alterTable(table)
      .addColumn(column, type, (c) => c.notNull().defaultTo(0))
      .execute();
  await add('purchase_order_lines', 'refunded_fen', 'bigint');
  await add('purchase_order_lines', 'refunded_quantity', 'integer');
  await add('purchase_orders', 'refunded_fen', 'bigint');
  await add('purchase_orders', 'refunded_carriage_fen', 'bigint');
}

async function createRefunds(db: Kysely<any>): Promise<void> {
  let table = db.schema
    .createTable('refunds')
    .addColumn('refund_id', 'text', (c) => c.primaryKey())
    .addColumn('developer_id', 'text', (c) => c.notNull().references('developers.developer_id'))
    .addColumn('owner_user_id', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull().references('purchase_orders.order_id'))
    .addColumn('client_order_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('goods_status', 'text', (c) => c.notNull())
    .addColumn('reason_id', 'text', (c) => c.notNull())
    .addColumn('reason_text', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('images_json', 'text', (c) => c.notNull())
    .addColumn('apply_fen', 'bigint', (c) => c.notNull().check(sql`apply_fen >= 0`))
    .addColumn('apply_carriage_fen', 'bigint', (c) => c.notNull().check(sql`apply_carriage_fen >= 0`))
    .addColumn('refunded_fen', 'bigint', (c) => c.notNull().defaultTo(0));
  for (const column of ['return_address_json', 'seller_note', 'refuse_reason']) table = table.addColumn(column, 'text');
  table = table
    .addColumn('refuse_times', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('return_logistics_json', 'text')
    .addColumn('timeout_at', 'bigint')
    .addColumn('timeout_type', 'text')
    .addColumn('seller_due_at', 'bigint')
    .addColumn('seller_plan_json', 'text')
    .addColumn('seller_planned_version', 'integer')
    .addColumn('idempotency_key', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1));
  await table.execute();
  await createRefundIndexes(db);
}

async function createRefundIndexes(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('refunds_page').on('refunds').columns(['developer_id', 'platform', 'created_at']).execute();
  await db.schema.createIndex('refunds_order').on('refunds').columns(['order_id', 'created_at']).execute();
  await db.schema.createIndex('refunds_idempotency').unique().on('refunds').columns(['developer_id', 'idempotency_key']).execute();
  // The background tick's reads (every second), each an index search, not a scan:
  // the refund timers (timeout_at <= now, in timeout_at, refund_id order) …
  await db.schema
    .createIndex('refunds_due')
    .on('refunds')
    .columns(['timeout_at', 'refund_id'])
    .where(sql.ref('timeout_at'), 'is not', null)
    .execute();
  // … the sellers' due plans (seller_due_at <= now, in seller_due_at, refund_id order) …
  await db.schema
    .createIndex('refunds_seller_due')
    .on('refunds')
    .columns(['seller_due_at', 'refund_id'])
    .where(sql.ref('seller_due_at'), 'is not', null)
    .execute();
  // … and the applications waiting for a seller's plan (status in the seller's states, oldest change
  // first; the planned-version test filters those few rows).
  await db.schema.createIndex('refunds_seller_waiting').on('refunds').columns(['status', 'updated_at']).execute();
}

async function createRefundLines(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('refund_lines')
    .addColumn('refund_id', 'text', (c) => c.notNull().references('refunds.refund_id'))
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('apply_fen', 'bigint', (c) => c.notNull().check(sql`apply_fen >= 0`))
    .addColumn('refunded_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('refund_lines_pk', ['refund_id', 'line_no'])
    .execute();
  await db.schema.createIndex('refund_lines_order').on('refund_lines').columns(['order_id', 'line_no']).execute();
}

async function createRefundEvents(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await historyTable(db, dialect, { table: 'refund_events', subjectColumn: 'refund_id', references: 'refunds.refund_id' })
    .addColumn('images_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('refund_action', 'text', (c) => c.notNull())
    .addColumn('detail_json', 'text')
    .execute();
  await db.schema.createIndex('refund_events_refund').on('refund_events').columns(['refund_id', 'id']).execute();
}

async function createRefundReasons(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('refund_reasons')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('reason_id', 'text', (c) => c.notNull())
    .addColumn('text_zh', 'text', (c) => c.notNull())
    .addColumn('text_en', 'text', (c) => c.notNull())
    .addColumn('tips', 'text', (c) => c.notNull())
    .addColumn('need_voucher', 'integer', (c) => c.notNull())
    .addColumn('no_refund_carriage', 'integer', (c) => c.notNull())
    .addColumn('kinds_json', 'text', (c) => c.notNull())
    .addColumn('goods_statuses_json', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('refund_reasons_pk', ['platform', 'reason_id'])
    .execute();
}
