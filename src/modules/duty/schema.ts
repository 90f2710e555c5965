/** The table of duty-table versions (store.ts reads and writes it). */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../../platform/db/index.ts';
import { DEFAULT_DUTY_TABLE } from './default-table.ts';

export interface DutyTableRow {
  version: number;
  body: string;
  active: number;
  loaded_at: number;
}

declare module '../../platform/db/schema.ts' {
  interface Database {
    duty_tables: DutyTableRow;
  }
}

/** Migration 017_duty (src/migrations.ts; never edited once released). */
export function dutyMigration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('duty_tables')
        .addColumn('version', 'integer', (c) => c.primaryKey())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('loaded_at', 'bigint', (c) => c.notNull())
        .execute();
      await db
        .insertInto('duty_tables')
        .values({ version: 1, body: JSON.stringify(DEFAULT_DUTY_TABLE), active: 1, loaded_at: 0 })
        .execute();
    },
  };
}
