import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { systemContext } from '../src/app.ts';
import {
  dayStartMs,
  runStorageDay,
  settleUnpaidStorage,
  unpaidStorageFen,
  warehouseDay,
  type StorageRunCounts,
} from '../src/modules/warehouse/index.ts';
import type { SystemCtx } from '../src/platform/context.ts';
import { inTransaction } from '../src/platform/context.ts';
import { onPostgres } from './helpers/db.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { fund, insertStoredParcels, parcelFees, soundBalance } from './helpers/storage-bed.ts';

const HOUR = 3_600_000;
/** The warehouse day the test parcels are stored on (10:00 Shanghai), far from the harness's start. */
const D0 = warehouseDay(Date.UTC(2026, 0, 1));
const storedAt = dayStartMs(D0) + 10 * HOUR;
/** 12:00 in Shanghai on storage day n. */
const noonOf = (n: number) => dayStartMs(D0 + n) + 12 * HOUR;

describe('warehouse storage job', () => {
  let h: Harness;
  let ctx: SystemCtx;
  before(async () => {
    h = await createHarness();
    ctx = h.ctx;
  });
  after(() => h.close());
  beforeEach(async () => {
    // Every test owns the whole warehouse: the job walks all parcels.
    await ctx.db.deleteFrom('warehouse_storage_charges').execute();
    await ctx.db.deleteFrom('warehouse_parcel_history').execute();
    await ctx.db.deleteFrom('warehouse_parcels').execute();
    await ctx.db.deleteFrom('warehouse_unmatched_scans').execute();
  });

  const run = async (atMs: number, limit?: number): Promise<StorageRunCounts> => {
    h.clock.set(atMs);
    return runStorageDay(ctx, { limit });
  };
  const funded = async (fen: number) => {
    const dev = await h.developer();
    if (fen > 0) await fund(ctx, dev, fen);
    return dev.developerId;
  };

  test('the free period costs nothing; the first fee day starts at 00:00 Shanghai, not at 23:59:59 the day before', async () => {
    const dev = await funded(10_000);
    const [parcel] = await insertStoredParcels(ctx, dev, { count: 1, storedAtMs: storedAt });
    assert.equal((await run(noonOf(10))).charged, 0);
    assert.equal((await run(dayStartMs(D0 + 90) - 1000)).charged, 0, '23:59:59 of day 89 is still free');
    assert.deepEqual((await parcelFees(ctx, parcel!)).days, []);
    const first = await run(dayStartMs(D0 + 90));
    assert.equal(first.charged, 1);
    assert.equal(first.parcels, 1);
    const fees = await parcelFees(ctx, parcel!);
    assert.deepEqual(fees.days, [D0 + 90]);
    assert.equal(fees.feeFen, 10);
    assert.equal(await soundBalance(ctx, dev), 10_000 - 10);
  });

  test('a rerun the same day charges nothing; skipped days are all caught up', async () => {
    const dev = await funded(10_000);
    const [parcel] = await insertStoredParcels(ctx, dev, { count: 1, storedAtMs: storedAt });
    assert.equal((await run(noonOf(91))).charged, 2);
    assert.equal((await run(noonOf(91) + HOUR)).charged, 0);
    const caughtUp = await run(noonOf(96));
    assert.equal(caughtUp.charged, 5, 'days 92–96');
    const fees = await parcelFees(ctx, parcel!);
    assert.deepEqual(
      fees.days,
      Array.from({ length: 7 }, (_, i) => D0 + 90 + i),
    );
    assert.equal(fees.feeFen, 70);
    assert.equal(await soundBalance(ctx, dev), 10_000 - 70);
    const storage = await ctx.db
      .selectFrom('ledger_transactions')
      .select('ref')
      .where('kind', '=', 'storage')
      .where('developer_id', '=', dev)
      .execute();
    assert.equal(storage.length, 7, 'one wallet transaction per day');
  });

  test('a short wallet leaves days owed; after a top-up the next run pays them first', async () => {
    const dev = await funded(25);
    const [parcel] = await insertStoredParcels(ctx, dev, { count: 1, storedAtMs: storedAt });
    const short = await run(noonOf(94));
    assert.deepEqual([short.charged, short.unpaid], [2, 3]);
    let fees = await parcelFees(ctx, parcel!);
    assert.deepEqual([fees.feeFen, fees.unpaidFen], [20, 30]);
    assert.deepEqual(fees.unpaidDays, [D0 + 92, D0 + 93, D0 + 94]);
    assert.equal(await unpaidStorageFen(ctx, [parcel!]), 30);
    assert.equal(await soundBalance(ctx, dev), 5);
    await fund(ctx, dev, 1_000);
    const paid = await run(noonOf(94) + HOUR);
    assert.deepEqual([paid.charged, paid.unpaid], [3, 0]);
    fees = await parcelFees(ctx, parcel!);
    assert.deepEqual([fees.feeFen, fees.unpaidFen, fees.unpaidDays.length], [50, 0, 0]);
    assert.equal(await soundBalance(ctx, dev), 1_005 - 30);
  });

  test('settleUnpaidStorage pays owed days of the developer’s own parcels, or answers INSUFFICIENT_BALANCE', async () => {
    const dev = await funded(0);
    const other = await funded(0);
    const [mine] = await insertStoredParcels(ctx, dev, { count: 1, storedAtMs: storedAt });
    const [theirs] = await insertStoredParcels(ctx, other, { count: 1, storedAtMs: storedAt });
    await run(noonOf(92));
    assert.equal(await unpaidStorageFen(ctx, [mine!, theirs!]), 60);
    await fund(ctx, dev, 20);
    const refused = await inTransaction(ctx, (tx) => settleUnpaidStorage(tx, dev, [mine!]));
    assert.deepEqual(refused, { ok: false, error: 'INSUFFICIENT_BALANCE', params: { shortfallFen: 10 } });
    assert.equal(await unpaidStorageFen(ctx, [mine!]), 30, 'a refusal pays nothing');
    await fund(ctx, dev, 100);
    const settled = await settleUnpaidStorage(ctx, dev, [mine!, theirs!]);
    assert.deepEqual(settled, { ok: true, chargedFen: 30 }, 'another developer’s parcel is not charged to this one');
    assert.equal(await unpaidStorageFen(ctx, [mine!]), 0);
    assert.equal(await unpaidStorageFen(ctx, [theirs!]), 30);
    assert.deepEqual(await settleUnpaidStorage(ctx, dev, [mine!]), { ok: true, chargedFen: 0 });
    assert.equal((await parcelFees(ctx, mine!)).feeFen, 30);
    assert.equal(await soundBalance(ctx, dev), 120 - 30);
  });

  test('reminder once on day 150, abandonment on day 180 (not before), disposal 30 days later', async () => {
    const dev = await funded(1_000_000);
    const [parcel] = await insertStoredParcels(ctx, dev, { count: 1, storedAtMs: storedAt });
    const [booked] = await insertStoredParcels(ctx, dev, { count: 1, storedAtMs: storedAt, state: 'ALLOCATED' });
    const [packed] = await insertStoredParcels(ctx, dev, { count: 1, storedAtMs: storedAt, state: 'PACKED' });
    const [problem] = await insertStoredParcels(ctx, dev, { count: 1, storedAtMs: storedAt + 2 * 86_400_000, state: 'PROBLEM' });
    assert.equal((await run(dayStartMs(D0 + 150) - 1000)).reminded, 0);
    assert.equal((await run(dayStartMs(D0 + 150))).reminded, 1, 'the booked parcel is not reminded; the problem parcel’s day 150 is later');
    assert.equal((await run(noonOf(152))).reminded, 1, 'the problem parcel, stored two days later');
    assert.equal((await run(noonOf(153))).reminded, 0, 'once');
    const reminders = await ctx.db.selectFrom('outbox_events').select('payload_json').where('aggregate_id', '=', parcel!).execute();
    assert.equal(reminders.length, 1);
    assert.equal(JSON.parse(reminders[0]!.payload_json).action, 'storage_reminder');
    assert.equal((await run(dayStartMs(D0 + 180) - 1000)).abandoned, 0);
    const abandoned = await run(dayStartMs(D0 + 180));
    assert.equal(abandoned.abandoned, 1);
    assert.equal((await parcelFees(ctx, parcel!)).state, 'ABANDONED');
    assert.equal((await run(noonOf(182))).abandoned, 1, 'the problem parcel on its own day 180');
    const problemFees = await parcelFees(ctx, problem!);
    assert.deepEqual([problemFees.state, problemFees.days.length], ['ABANDONED', 91], 'a problem parcel accrues like a stored one');
    const bookedFees = await parcelFees(ctx, booked!);
    assert.equal(bookedFees.state, 'ALLOCATED', 'a booking protects it');
    assert.equal(bookedFees.days.length, 93, 'but it still accrues (days 90–182)');
    assert.deepEqual((await parcelFees(ctx, packed!)).days, [], 'packed parcels do not accrue');
    assert.equal((await run(noonOf(190))).charged, 8, 'only the booked parcel (days 183–190): abandoned parcels do not accrue');
    assert.equal((await run(dayStartMs(D0 + 210) - 1000)).disposed, 0);
    assert.equal((await run(dayStartMs(D0 + 210))).disposed, 1, 'the problem parcel was abandoned two days later');
    assert.equal((await parcelFees(ctx, parcel!)).state, 'DISPOSED');
    const history = await ctx.db
      .selectFrom('warehouse_parcel_history')
      .select(['action', 'actor'])
      .where('parcel_id', '=', parcel!)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      history.map((r) => `${r.action}/${r.actor}`),
      ['pass_qc/test', 'abandon/system', 'dispose/system'],
    );
    await soundBalance(ctx, dev);
  });

  test('unmatched scans are disposed of once their hold has passed', async () => {
    const scan = (id: string, holdUntil: number) => ({
      scan_id: id,
      tracking_number: `UN${id}`,
      carrier: 'ZTO',
      state: 'UNMATCHED' as const,
      weight_grams: null,
      note: null,
      scanned_at: holdUntil - 30 * 24 * HOUR,
      hold_until: holdUntil,
      parcel_id: null,
      updated_at: holdUntil,
    });
    const hold = noonOf(30);
    await ctx.db
      .insertInto('warehouse_unmatched_scans')
      .values([scan('s1', hold), scan('s2', hold + 1), { ...scan('s3', hold - 1), state: 'MATCHED' as const }])
      .execute();
    assert.equal((await run(hold - 1)).unmatchedDisposed, 0);
    assert.equal((await run(hold)).unmatchedDisposed, 1);
    assert.equal((await run(hold + 1)).unmatchedDisposed, 1);
    const states = await ctx.db.selectFrom('warehouse_unmatched_scans').select(['scan_id', 'state']).orderBy('scan_id').execute();
    assert.deepEqual(
      states.map((s) => s.state),
      ['DISPOSED', 'DISPOSED', 'MATCHED'],
    );
  });

  test('batches: keyset paging visits every parcel once and reports progress', async () => {
    const devs = [await funded(100_000), await funded(100_000), await funded(0)];
    for (const dev of devs) await insertStoredParcels(ctx, dev, { count: 7, storedAtMs: storedAt });
    h.clock.set(noonOf(92));
    const progress: number[] = [];
    const counts = await runStorageDay(ctx, { limit: 4, onProgress: (c) => progress.push(c.parcels) });
    assert.equal(counts.parcels, 21);
    assert.deepEqual([counts.charged, counts.unpaid], [14 * 3, 7 * 3]);
    assert.deepEqual(progress, [4, 8, 12, 16, 20, 21, 21]);
    for (const dev of devs) await soundBalance(ctx, dev);
  });

  test('two nodes at once charge each (parcel, day) exactly once', async () => {
    const second = h.testDb.open();
    const other: SystemCtx = { ...systemContext({ db: second, clock: ctx.clock, masterKey: h.masterKey }) };
    const devs = [await funded(1_000_000), await funded(1_000_000), await funded(150)];
    const ids: string[] = [];
    for (const dev of devs) ids.push(...(await insertStoredParcels(ctx, dev, { count: 30, storedAtMs: storedAt })));
    h.clock.set(noonOf(94));
    const [a, b] = await Promise.all([runStorageDay(ctx, { limit: 7 }), runStorageDay(other, { limit: 11 })]);
    assert.equal(a.charged + b.charged, 60 * 5 + 15, 'the short wallet paid 15 days');
    const rows = await ctx.db.selectFrom('warehouse_storage_charges').select(['parcel_id', 'day']).execute();
    assert.equal(rows.length, 90 * 5);
    assert.equal(new Set(rows.map((r) => `${r.parcel_id}:${r.day}`)).size, 90 * 5);
    const storage = await ctx.db
      .selectFrom('ledger_transactions')
      .select('ref')
      .where('kind', '=', 'storage')
      .where('developer_id', 'in', devs)
      .execute();
    assert.equal(storage.length, 60 * 5 + 15);
    assert.equal(new Set(storage.map((t) => t.ref)).size, storage.length);
    assert.equal(await soundBalance(ctx, devs[0]!), 1_000_000 - 30 * 50);
    assert.equal(await soundBalance(ctx, devs[2]!), 0);
    for (const id of ids) {
      const fees = await parcelFees(ctx, id);
      assert.equal(fees.feeFen + fees.unpaidFen, 50, `${id} fee columns in step with its rows`);
      assert.equal(fees.unpaidFen, fees.unpaidDays.length * 10);
    }
    if (onPostgres) assert.notEqual(second, h.db, 'a second pool');
  });
});
