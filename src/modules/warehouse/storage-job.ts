/**
 * The daily storage job, on the clock's warehouse day: every parcel still in the warehouse and
 * not yet packed (STORED, PROBLEM, ALLOCATED) is charged each fee day it has not been charged
 * for (PACKED parcels stop accruing: they are the shipment's now), reminded once on its reminder
 * day, and abandoned on its abandonment day unless a booking holds it (ALLOCATED); ABANDONED
 * parcels are disposed of disposeAfterDays after abandonment. Parcels are read keyset-paged in
 * batches of `limit`, one transaction each, locked on PostgreSQL, so a rerun, a catch-up after
 * skipped days and two nodes at once all charge each (parcel, day) exactly once.
 */
import { inTransaction, type SystemCtx } from '../../platform/context.ts';
import { SYSTEM_SCOPE } from '../../platform/db/index.ts';
import { warehouseDay } from './days.ts';
import type { ParcelState } from './machines.ts';
import { moveParcel, parcelEvent, type ParcelRow } from './repo.ts';
import { storageDates, storagePolicy, type StoragePolicy } from './settings.ts';
import { applyFeeDelta, byParcel, claimDays, noDelta, owedDays, payOwedDays, type UnpaidDay } from './storage.ts';
import { expireUnmatchedScans } from './unmatched-expiry.ts';

const ACCRUING: readonly ParcelState[] = ['STORED', 'PROBLEM', 'ALLOCATED'];
/** The states abandonment applies to: a booking protects an ALLOCATED parcel. */
const ABANDONABLE: readonly ParcelState[] = ['STORED', 'PROBLEM'];
const VISITED: ParcelState[] = [...ACCRUING, 'ABANDONED'];
const DEFAULT_BATCH = 200;

export interface StorageRunCounts {
  /** Parcels looked at. */
  parcels: number;
  /** Fee days charged to a wallet (new days and owed days paid now). */
  charged: number;
  /** Fee days left owed after this run's attempt. */
  unpaid: number;
  reminded: number;
  abandoned: number;
  disposed: number;
  unmatchedDisposed: number;
}

export interface StorageRunOptions {
  /** Parcels per transaction. */
  limit?: number;
  onProgress?: (counts: Readonly<StorageRunCounts>) => void;
}

interface Today {
  day: number;
  policy: StoragePolicy;
}

interface Batch {
  rows: ParcelRow[];
  lastCharged: Map<string, number>;
  owed: Map<string, UnpaidDay[]>;
  abandonedAt: Map<string, number>;
}

export async function runStorageDay(ctx: SystemCtx, options: StorageRunOptions = {}): Promise<StorageRunCounts> {
  const limit = options.limit ?? DEFAULT_BATCH;
  const today: Today = { day: warehouseDay(ctx.clock.nowMs()), policy: await storagePolicy(ctx) };
  const counts: StorageRunCounts = { parcels: 0, charged: 0, unpaid: 0, reminded: 0, abandoned: 0, disposed: 0, unmatchedDisposed: 0 };
  let after = '';
  for (;;) {
    const last = await inTransaction(ctx, async (tx) => {
      const batch = await readBatch(tx, after, limit);
      for (const row of batch.rows) await runParcel(tx, today, batch, row, counts);
      return batch.rows.at(-1)?.parcel_id;
    });
    if (last === undefined) break;
    after = last;
    options.onProgress?.({ ...counts });
  }
  counts.unmatchedDisposed = await expireUnmatchedScans(ctx, { limit });
  options.onProgress?.({ ...counts });
  return counts;
}

async function readBatch(ctx: SystemCtx, after: string, limit: number): Promise<Batch> {
  let read = ctx.db
    .selectFrom('warehouse_parcels')
    .selectAll()
    .where('state', 'in', VISITED)
    .where('parcel_id', '>', after)
    .orderBy('parcel_id')
    .limit(limit);
  // The lock makes a second node wait for this batch and then read the days it charged.
  if (ctx.dialect === 'postgres') read = read.forUpdate();
  const rows = await read.execute();
  const ids = rows.map((r) => r.parcel_id);
  if (ids.length === 0) return { rows, lastCharged: new Map(), owed: new Map(), abandonedAt: new Map() };
  const charged = await ctx.db
    .selectFrom('warehouse_storage_charges')
    .select((eb) => ['parcel_id', eb.fn.max('day').as('last')])
    .where('parcel_id', 'in', ids)
    .groupBy('parcel_id')
    .execute();
  const abandoned = ids.filter((_, i) => rows[i]!.state === 'ABANDONED');
  const abandonedAt =
    abandoned.length === 0
      ? []
      : await ctx.db
          .selectFrom('warehouse_parcel_history')
          .select((eb) => ['parcel_id', eb.fn.max('at').as('at')])
          .where('parcel_id', 'in', abandoned)
          .where('to_state', '=', 'ABANDONED')
          .groupBy('parcel_id')
          .execute();
  return {
    rows,
    lastCharged: new Map(charged.map((c) => [c.parcel_id, Number(c.last)])),
    owed: byParcel(await owedDays(ctx, ids)),
    abandonedAt: new Map(abandonedAt.map((a) => [a.parcel_id, Number(a.at)])),
  };
}

async function runParcel(ctx: SystemCtx, today: Today, batch: Batch, row: ParcelRow, counts: StorageRunCounts): Promise<void> {
  counts.parcels += 1;
  if (row.state === 'ABANDONED') {
    const at = batch.abandonedAt.get(row.parcel_id);
    if (at !== undefined && today.day >= warehouseDay(at) + today.policy.disposeAfterDays) {
      await system(ctx, row, 'dispose', `disposed ${today.policy.disposeAfterDays} days after abandonment`);
      counts.disposed += 1;
    }
    return;
  }
  if (row.stored_at === null) return;
  const storedDay = warehouseDay(Number(row.stored_at));
  const dates = storageDates(today.policy, storedDay);
  const fresh = await chargeParcel(ctx, today, batch, row, dates.firstFeeDay, counts);
  if (!ABANDONABLE.includes(row.state)) return;
  if (today.day >= dates.abandonDay) {
    await system(ctx, fresh, 'abandon', `abandoned on storage day ${today.day - storedDay}`);
    counts.abandoned += 1;
  } else if (today.day >= dates.reminderDay && row.reminded_at === null) {
    await remind(ctx, fresh);
    counts.reminded += 1;
  }
}

/**
 * Owed days first, then the days after the last one charged (a policy change applies to days not
 * charged yet, never to a day before the last charged one). Answers the row as it is now.
 */
async function chargeParcel(
  ctx: SystemCtx,
  today: Today,
  batch: Batch,
  row: ParcelRow,
  firstFeeDay: number,
  counts: StorageRunCounts,
): Promise<ParcelRow> {
  const owed = batch.owed.get(row.parcel_id) ?? [];
  const retried = await payOwedDays(ctx, row.developer_id, owed);
  const last = batch.lastCharged.get(row.parcel_id);
  const from = Math.max(firstFeeDay, last === undefined ? firstFeeDay : last + 1);
  const days = { from, to: today.day, feeFen: today.policy.feeFenPerParcelPerDay };
  const fresh = await claimDays(ctx, row, days, retried.paidDays < owed.length);
  const delta = noDelta();
  for (const key of Object.keys(delta) as (keyof typeof delta)[]) delta[key] = retried[key] + fresh[key];
  await applyFeeDelta(ctx, row.parcel_id, delta);
  counts.charged += delta.paidDays;
  counts.unpaid += owed.length - retried.paidDays + fresh.unpaidDays;
  return {
    ...row,
    storage_fee_fen: Number(row.storage_fee_fen) + delta.paidFen,
    storage_unpaid_fen: Number(row.storage_unpaid_fen) + delta.unpaidFen,
  };
}

async function system(ctx: SystemCtx, row: ParcelRow, action: 'abandon' | 'dispose', note: string): Promise<void> {
  const moved = await moveParcel(ctx, { id: row.parcel_id, scope: SYSTEM_SCOPE, action, actor: 'system', note, from: row.state });
  // The batch holds the row locked (or SQLite's one writer), so a refusal is a bug.
  if (!moved.ok) throw new Error(`storage job could not ${action} ${row.parcel_id}: ${moved.error}`);
}

/** Once: reminded_at marks it; the developer hears it as a PARCEL_CHANGE without a state change. */
async function remind(ctx: SystemCtx, row: ParcelRow): Promise<void> {
  const now = ctx.clock.nowMs();
  await ctx.db.updateTable('warehouse_parcels').set({ reminded_at: now, updated_at: now }).where('parcel_id', '=', row.parcel_id).execute();
  const note = 'storage reminder: the parcel is abandoned on its abandonment day unless it is booked';
  await parcelEvent(
    ctx,
    { ...row, reminded_at: now, updated_at: now },
    { fromState: row.state, action: 'storage_reminder', actor: 'system', note },
  );
}
