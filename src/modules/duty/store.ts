/**
 * Duty tables live in the database, versioned: loading one stores it as a new version and makes
 * it the only active one, in one transaction, so every node reads the same table without a
 * deploy or a restart. Migration 017_duty (schema.ts) seeds version 1 with the shipped default.
 * A table converts with the freight module's FX snapshots, so every currency it names must have
 * a rate in each of them: checked here against the stored snapshots, and by an FX load against
 * the active table (dutyFxNeeds), both under the FX lock, so neither can slip past the other.
 */
import type { SystemCtx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { serializeOn } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { type FxNeeds, serializeOnFx, storedFx } from '../freight/index.ts';
import { DEFAULT_DUTY_TABLE } from './default-table.ts';
import './schema.ts';
import { currenciesOfTable, DutyTable } from './table.ts';

export interface ActiveDutyTable {
  version: number;
  table: DutyTable;
}

/** The active table; the shipped default only if no row is active (rows removed by hand). */
export async function activeDutyTable(ctx: SystemCtx): Promise<ActiveDutyTable> {
  const row = await ctx.db.selectFrom('duty_tables').select(['version', 'body']).where('active', '=', 1).executeTakeFirst();
  if (!row) return { version: 0, table: DEFAULT_DUTY_TABLE };
  // Stored tables were validated on load; parsing again applies the schema's defaults and drops
  // the `fx` that tables stored before the shared FX store carry (version 1 of older databases).
  return { version: Number(row.version), table: DutyTable.parse(JSON.parse(row.body)) };
}

/** The first currency of `table` some stored FX snapshot has no rate for, named by its field. */
async function unconvertible(tx: SystemCtx, table: DutyTable): Promise<Failure | null> {
  const snapshots = await storedFx(tx);
  for (const { currency, field } of currenciesOfTable(table)) {
    const lacking = snapshots.find((fx) => !fx.micro.has(currency));
    if (lacking) return fail('BAD_PARAMETER', { field, rule: `names ${currency}, which FX snapshot ${lacking.asOf} has no rate for` });
  }
  return null;
}

/**
 * Stores an already validated table as the next version and activates it, unless a currency it
 * names has no FX rate (nothing changes then). Two loads racing for the same next number: the
 * insert that finds it taken (ON CONFLICT DO NOTHING, so no error aborts a PostgreSQL
 * transaction) takes the number after it.
 */
export async function loadDutyTable(ctx: SystemCtx, table: DutyTable): Promise<{ ok: true; version: number } | Failure> {
  // Outside the transaction: a first use stores the sample snapshot in its own.
  await storedFx(ctx);
  return inTransaction(ctx, async (tx) => {
    await serializeOn(tx, 'duty_tables');
    await serializeOnFx(tx);
    const refused = await unconvertible(tx, table);
    if (refused) return refused;
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
      if ((inserted.numInsertedOrUpdatedRows ?? 0n) > 0n) return { ok: true as const, version };
    }
  });
}

/** What an FX snapshot must convert: every currency of the active duty table (loadFxSnapshot's `needs`). */
export async function dutyFxNeeds(ctx: SystemCtx): Promise<FxNeeds> {
  const { version, table } = await activeDutyTable(ctx);
  return { currencies: currenciesOfTable(table).map((c) => c.currency), neededBy: `duty table version ${version}` };
}
