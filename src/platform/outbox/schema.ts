/**
 * The transactional outbox (house rule 10): a state change and the event describing it commit
 * in one transaction; the callbacks dispatcher (modules/callbacks) delivers rows later.
 *
 * Claiming: a dispatcher selects `WHERE dispatched_at IS NULL AND next_attempt_at <= :now
 * ORDER BY next_attempt_at, id LIMIT n FOR UPDATE SKIP LOCKED` on PostgreSQL (the partial index
 * `outbox_events_due` serves exactly that), bumps `attempts`/`next_attempt_at` (a lease: a crash
 * after the claim makes the row due again at the lease's end) and sets `dispatched_at` once the
 * event has been handed on. On SQLite a single dispatcher runs the same query without the lock
 * clause. `id` is a time-sortable numeric id, so `ORDER BY id` is creation order.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db/connect.ts';

export interface OutboxEventTable {
  id: string;
  developer_id: string;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload_json: string;
  created_at: number;
  dispatched_at: number | null;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
}

export interface OutboxTables {
  outbox_events: OutboxEventTable;
}

declare module '../db/schema.ts' {
  interface Database extends OutboxTables {}
}

/**
 * Creates the outbox table. It is not a migration of its own: the first module that emits
 * events (orders, migration 005) calls it from its migration, so the composition root keeps one
 * entry per module.
 */
export async function createOutboxTable(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('outbox_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('developer_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('aggregate_type', 'text', (c) => c.notNull())
    .addColumn('aggregate_id', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('dispatched_at', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .execute();
  await db.schema
    .createIndex('outbox_events_due')
    .on('outbox_events')
    .columns(['next_attempt_at', 'id'])
    .where(sql.ref('dispatched_at'), 'is', null)
    .execute();
  await db.schema.createIndex('outbox_events_aggregate').on('outbox_events').columns(['aggregate_type', 'aggregate_id', 'id']).execute();
  await db.schema.createIndex('outbox_events_developer').on('outbox_events').columns(['developer_id', 'id']).execute();
}
