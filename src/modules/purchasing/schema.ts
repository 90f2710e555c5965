/**
 * The purchasing queue (migration 021): one task per paid order of a manual platform, which an
 * operator buys at the real marketplace (docs/decisions/018-manual-source.md). Money is integer
 * fen, times epoch ms.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import { historyTable, type Dialect } from '../../platform/db/index.ts';
import type { HistoryColumns } from '../../platform/states.ts';
import type { PurchaseTaskState } from './machine.ts';

export interface PurchaseTaskTable {
  /** One task per order: the key makes queueing idempotent. */
  order_id: string;
  developer_id: string;
  platform: string;
  state: PurchaseTaskState;
  version: number;
  /** What the developer was charged for the order (goods and domestic shipping). */
  charged_fen: number;
  /** What the operator paid at the marketplace; null until recorded. */
  paid_fen: number | null;
  marketplace_order_no: string | null;
  carrier: string | null;
  tracking_number: string | null;
  /** What the developer paid on top of charged_fen by accepting a changed price (migration 024); refunded with the order. */
  extra_charged_fen: number;
  queued_at: number;
  updated_at: number;
}

export type PurchaseTaskHistoryTable = HistoryColumns & { id: number; order_id: string };

export interface PurchasingTables {
  purchase_tasks: PurchaseTaskTable;
  purchase_task_history: PurchaseTaskHistoryTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends PurchasingTables {}
}

export function purchasingMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('purchase_tasks')
        .addColumn('order_id', 'text', (c) => c.primaryKey().references('purchase_orders.order_id'))
        .addColumn('developer_id', 'text', (c) => c.notNull().references('developers.developer_id'))
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('charged_fen', 'bigint', (c) => c.notNull())
        .addColumn('paid_fen', 'bigint')
        .addColumn('marketplace_order_no', 'text')
        .addColumn('carrier', 'text')
        .addColumn('tracking_number', 'text')
        .addColumn('queued_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('purchase_tasks_state').on('purchase_tasks').columns(['state', 'queued_at']).execute();
      await historyTable(db, dialect, {
        table: 'purchase_task_history',
        subjectColumn: 'order_id',
        references: 'purchase_tasks.order_id',
      }).execute();
    },
  };
}

/** The developer's acceptance of a changed price charges the difference; the task remembers it for a later refund. */
export function purchasePriceReviewMigration(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('purchase_tasks')
        .addColumn('extra_charged_fen', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}

/**
 * Before this, accepting a changed price charged the difference but left the order's total and
 * paid amount as they were, and a close refunded the difference separately. An order that is not
 * closed yet gets the accepted amount written in, so its close refunds it with the rest.
 */
export function acceptedPriceTotalsMigration(): Migration {
  return {
    async up(db: Kysely<any>) {
      const extra = sql`(SELECT t.extra_charged_fen FROM purchase_tasks t WHERE t.order_id = purchase_orders.order_id)`;
      await sql`
        UPDATE purchase_orders SET
          total_amount_fen = total_amount_fen + ${extra},
          paid_amount_fen = paid_amount_fen + ${extra},
          adjust_amount_fen = adjust_amount_fen + ${extra}
        WHERE state <> 'closed'
          AND order_id IN (SELECT order_id FROM purchase_tasks WHERE extra_charged_fen > 0)`.execute(db);
    },
  };
}
