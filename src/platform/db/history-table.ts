import type { CreateTableBuilder, Kysely } from 'kysely';
import type { Dialect } from './connect.ts';

/**
 * The CREATE TABLE of a lifecycle's history table, in the convention `transition()` writes
 * (platform/states.ts): a serial id, the subject's id (a foreign key), from/to state, action, actor, time
 * and note. A table with more columns (refund events' images) adds them before executing.
 */
export function historyTable(
  db: Kysely<any>,
  dialect: Dialect,
  input: { table: string; subjectColumn: string; references: string },
): CreateTableBuilder<string, string> {
  return db.schema
    .createTable(input.table)
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn(input.subjectColumn, 'text', (c) => c.notNull().references(input.references))
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('note', 'text');
}
