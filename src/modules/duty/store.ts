/**
 * Duty tables live in the database, versioned: loading one stores it as a new version and makes
 * it the only active one, in one transaction, so every node reads the same table without a
 * deploy or a restart. Migration 017_duty (schema.ts) seeds version 1 with the shipped default.
 */
import type { SystemCtx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { serializeOn } from '../../platform/db/index.ts';
import { DEFAULT_DUTY_TABLE } from './default-table.ts';
import './schema.ts';
import { DutyTable } from './table.ts';

export interface ActiveDutyTable {
  version: number;
  table: DutyTable;
}

/** The active table; the shipped default only if no row is active (rows removed by hand). */
export async function activeDutyTable(ctx: SystemCtx): Promise<ActiveDutyTable> {
  const row = await ctx.db.selectFrom('duty_tables').select(['version', 'body']).where('active', '=', 1).executeTakeFirst();
  if (!row) return { version: 0, table: DEFAULT_DUTY_TABLE };
  // Stored tables were validated on load; parsing again applies the schema's defaults.
  return { version: Number(row.version), table: DutyTable.parse(JSON.parse(row.body)) };
}

/**
 * Stores an already validated table as the next version and activates it. Two loads racing for
 * the same next number: the insert that finds it taken (ON CONFLICT DO NOTHING, so no error
 * aborts a PostgreSQL transaction) takes the number after it.
 */
export async function loadDutyTable(ctx: SystemCtx, table: DutyTable): Promise<{ version: number }> {
  return inTransaction(ctx, async (tx) => {
    await serializeOn(tx, 'duty_tables');
    const last = await tx.db
      .selectFrom('duty_tables')
      .select((eb) => eb.fn.max('version').as('v'))
      .executeTakeFirst();
    let version = Number(last?.v ?? 0) + 1;
    await tx.db.updateTable('duty_tables').set({ active: 0 }).where('active', '=', 1).execute();
    for (; ; version++) {
      const inserted = await tx.db
        .insertInto('duty_tables')
        .values({ version, body: JSON.stringify(table), active: 1, loaded_at: tx.clock.nowMs() })
        .onConflict((oc) => oc.column('version').doNothing())
        .executeTakeFirst();
      if ((inserted.numInsertedOrUpdatedRows ?? 0n) > 0n) return { version };
    }
  });
}
