/**
 * The daily storage job on a 10,000-parcel warehouse: parcels bulk-inserted STORED 100 days ago
 * for ~10 developers with funded wallets (so every parcel owes the days from its first fee day to
 * today), one run (time, parcels/s, fee days charged, peak RSS), then the same-day rerun that
 * must charge nothing. The harness's database: SQLite in memory, or PONTE_TEST_DB=postgres.
 */
import { runStorageDay, type StorageRunCounts } from '../../src/modules/warehouse/index.ts';
import { createHarness } from '../../test/helpers/harness.ts';
import { fund, insertStoredParcels } from '../../test/helpers/storage-bed.ts';
import { rssBytes } from './stats.ts';

const DAY_MS = 86_400_000;

export interface StorageDayResult {
  parcels: number;
  developers: number;
  seedMs: number;
  first: { ms: number; counts: StorageRunCounts };
  rerun: { ms: number; counts: StorageRunCounts };
  peakRssBytes: number;
}

export async function storageDayPhase(parcels: number, developers = 10): Promise<StorageDayResult> {
  const h = await createHarness();
  try {
    const seeding = performance.now();
    const storedAtMs = h.clock.nowMs() - 100 * DAY_MS;
    for (let d = 0; d < developers; d++) {
      const dev = await h.developer(`bench-storage-${d}`);
      await fund(h.ctx, dev, 100_000_000);
      const count = Math.floor(parcels / developers) + (d < parcels % developers ? 1 : 0);
      await insertStoredParcels(h.ctx, dev.developerId, { count, storedAtMs });
    }
    const seedMs = performance.now() - seeding;
    let peakRssBytes = rssBytes();
    const sample = () => {
      peakRssBytes = Math.max(peakRssBytes, rssBytes());
    };
    const timer = setInterval(sample, 50);
    const run = async () => {
      const started = performance.now();
      const counts = await runStorageDay(h.ctx, { onProgress: sample });
      return { ms: performance.now() - started, counts };
    };
    const first = await run();
    const rerun = await run();
    clearInterval(timer);
    sample();
    return { parcels, developers, seedMs, first, rerun, peakRssBytes };
  } finally {
    await h.close();
  }
}
