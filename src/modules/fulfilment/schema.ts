/**
 * Seller-side work scheduled for orders (price changes, shipping, tracking, arrival) and the
 * tracking events clients read. `fulfilment_plans` records which order phase has been planned,
 * so planning is idempotent across restarts and nodes (a unique key, not memory).
 */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../../platform/db/index.ts';

export interface FulfilmentPlanTable {
  order_id: string;
  phase: string;
  planned_at: number;
}

export interface FulfilmentTaskTable {
  id: string;
  order_id: string;
  kind: string;
  due_at: number;
  data_json: string;
  done_at: number | null;
  lease_until: number | null;
  outcome: string | null;
}

export interface TrackingEventTable {
  order_id: string;
  seq: number;
  at: number;
  status: string;
  description: string;
}

export interface FulfilmentTables {
  fulfilment_plans: FulfilmentPlanTable;
  fulfilment_tasks: FulfilmentTaskTable;
  order_tracking_events: TrackingEventTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends FulfilmentTables {}
}

export function fulfilmentMigration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('fulfilment_plans')
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('planned_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('fulfilment_plans_pk', ['order_id', 'phase'])
        .execute();
      await db.schema
        .createTable('fulfilment_tasks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('due_at', 'bigint', (c) => c.notNull())
        .addColumn('data_json', 'text', (c) => c.notNull())
        .addColumn('done_at', 'bigint')
        .addColumn('lease_until', 'bigint')
        .addColumn('outcome', 'text')
        .execute();
      await db.schema.createIndex('fulfilment_tasks_due').on('fulfilment_tasks').columns(['done_at', 'due_at']).execute();
      await db.schema
        .createTable('order_tracking_events')
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('order_tracking_events_pk', ['order_id', 'seq'])
        .execute();
    },
  };
}
