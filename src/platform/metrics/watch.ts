import type { Clock } from '../clock.ts';
import { withinMs } from '../duration.ts';
import type { Db } from '../db/index.ts';
import { OUTBOX_CURSOR_LAG_MS } from '../outbox/index.ts';
import type { MetricKey } from './declarations.ts';
import { counter, gauge, type Metrics } from './registry.ts';

/**
 * The gauges read at scrape time, each bounded: a scrape never waits on the database for more
 * than `boundMs` (a read that fails or takes longer counts in ponte_scrape_errors_total and its
 * gauges read NaN). The reads are indexed or tiny: the pending outbox rows through the partial
 * index `outbox_events_due`, one row per developer for the wallets, and in-memory numbers for
 * the pool and the checkpoint thread, so a scrape never takes a write lock.
 */
export interface WatchSources {
  db: Db;
  /** Business time, the clock outbox rows are stamped with. */
  clock: Clock;
  /** The wallets' totals (the wallet module's, handed in by the composition root). */
  walletTotals: () => Promise<{ balanceFen: number; wallets: number }>;
  boundMs?: number;
}

const DEFAULT_BOUND_MS = 2000;

export function watch(metrics: Metrics, sources: WatchSources): void {
  const boundMs = sources.boundMs ?? DEFAULT_BOUND_MS;
  const reads: (() => Promise<unknown>)[] = [];
  // prom-client collects every metric at once: waiting for the reads here puts a failure of this
  // scrape into this scrape's count, not the next one's.
  const scrapeErrors = counter(metrics.registry, 'scrapeErrors', async () => {
    await Promise.all(reads.map((r) => r()));
  });
  const read = <T>(collector: string, fn: () => Promise<T>) => {
    const once = shared(bounded(() => scrapeErrors.inc({ collector }), boundMs, fn));
    reads.push(once);
    return once;
  };
  const outbox = read('outbox', () => pendingOutbox(sources.db));
  const wallets = read('wallets', sources.walletTotals);
  const scalar = <T>(key: MetricKey, source: () => Promise<T | null>, value: (v: T) => number) =>
    gauge(metrics.registry, key, async function () {
      const v = await source();
      this.set(v === null ? Number.NaN : value(v));
    });
  scalar('outboxDepth', outbox, (o) => o.pending);
  scalar('outboxLag', outbox, (o) => (o.oldestMs === null ? 0 : Math.max(0, sources.clock.nowMs() - o.oldestMs) / 1000));
  const followers = read('followers', () => followerBacklogs(sources.db, sources.clock.nowMs() - OUTBOX_CURSOR_LAG_MS));
  gauge(metrics.registry, 'followerBacklog', async function () {
    this.reset();
    for (const f of (await followers()) ?? []) this.set({ follower: f.follower }, f.backlog);
  });
  gauge(metrics.registry, 'followerLag', async function () {
    this.reset();
    const before = sources.clock.nowMs() - OUTBOX_CURSOR_LAG_MS;
    for (const f of (await followers()) ?? [])
      this.set({ follower: f.follower }, f.oldestMs === null ? 0 : Math.max(0, before - f.oldestMs) / 1000);
  });
  scalar('walletBalance', wallets, (w) => w.balanceFen);
  scalar('wallets', wallets, (w) => w.wallets);
  watchDatabase(metrics, sources.db);
}

/** Pool and checkpoint numbers are kept in memory by the driver and the checkpoint thread. */
function watchDatabase(metrics: Metrics, db: Db): void {
  gauge(metrics.registry, 'dbPool', function () {
    this.reset();
    const pool = db.stats().pool;
    if (!pool) return;
    this.set({ state: 'total' }, pool.total);
    this.set({ state: 'idle' }, pool.idle);
    this.set({ state: 'waiting' }, pool.waiting);
  });
  counter(metrics.registry, 'sqliteCheckpoints', function () {
    this.reset();
    const checkpoints = db.stats().checkpoints;
    if (!checkpoints) return;
    this.inc({ outcome: 'complete' }, checkpoints.complete);
    this.inc({ outcome: 'partial' }, checkpoints.partial);
    this.inc({ outcome: 'error' }, checkpoints.errors);
  });
  gauge(metrics.registry, 'sqliteWalFrames', function () {
    this.reset();
    const checkpoints = db.stats().checkpoints;
    if (!checkpoints) return;
    this.set({ kind: 'log' }, checkpoints.logFrames);
    this.set({ kind: 'checkpointed' }, checkpoints.checkpointedFrames);
  });
}

async function pendingOutbox(db: Db): Promise<{ pending: number; oldestMs: number | null }> {
  const row = await db.kysely
    .selectFrom('outbox_events')
    .select((eb) => [eb.fn.countAll<number>().as('pending'), eb.fn.min('created_at').as('oldest')])
    .where('dispatched_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { pending: Number(row.pending), oldestMs: row.oldest === null ? null : Number(row.oldest) };
}

/**
 * Per follower (every meta key ending in `_cursor`, the outbox cursors' convention): the events
 * after its cursor that are older than the re-read window, which its next turn should pass. An
 * index range on the outbox's primary key from the cursor: short while the follower keeps up.
 */
async function followerBacklogs(db: Db, beforeMs: number): Promise<{ follower: string; backlog: number; oldestMs: number | null }[]> {
  const rows = await db.kysely.selectFrom('meta').select(['key', 'value']).where('key', 'like', '%cursor').execute();
  return Promise.all(
    rows
      .filter((row) => row.key.endsWith('_cursor'))
      .map(async ({ key, value }) => {
        const row = await db.kysely
          .selectFrom('outbox_events')
          .select((eb) => [eb.fn.countAll<number>().as('backlog'), eb.fn.min('created_at').as('oldest')])
          .where('id', '>', value)
          .where('created_at', '<=', beforeMs)
          .executeTakeFirstOrThrow();
        return {
          follower: key.replace(/_cursor$/, ''),
          backlog: Number(row.backlog),
          oldestMs: row.oldest === null ? null : Number(row.oldest),
        };
      }),
  );
}

/** One read for the gauges of a scrape: prom-client collects every metric at once. */
function shared<T>(fn: () => Promise<T>): () => Promise<T> {
  let inflight: Promise<T> | null = null;
  return () => {
    inflight ??= fn().finally(() => {
      inflight = null;
    });
    return inflight;
  };
}

/** The read's value, or null when it failed or took longer than `ms` (counted, never thrown: the rest of the scrape goes on). */
function bounded<T>(failed: () => void, ms: number, fn: () => Promise<T>): () => Promise<T | null> {
  return () =>
    withinMs(ms, fn()).catch(() => {
      failed();
      return null;
    });
}
