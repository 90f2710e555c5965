import { claimDue, releaseHandoff, takeHandoff } from './dispatcher-claim.ts';
import { ingestBatch } from './dispatcher-ingest.ts';
import { deliverAll, deliverOne, endpointsFor } from './dispatcher-send.ts';
import type { DispatcherSettings, DispatcherState, RunStats } from './dispatcher-types.ts';

/*
 * The dispatcher's loops: one ingests the outbox, one delivers; each sleeps for the poll
 * interval when idle, ten intervals after an error, and wakes early when stopped. Ingest wakes
 * the deliverer as soon as it has added messages.
 */

/** Sleeps that stop() can cut short, and the ingest → deliver wake-up. */
export class Wakeups {
  private readonly sleepers = new Set<() => void>();
  private kick: (() => void) | null = null;
  private kicked: Promise<void> | null = null;

  /** Resolves after `ms`, on wakeAll(), or when one of `also` settles. */
  pause(ms: number, also: Promise<unknown>[] = []): Promise<unknown> {
    return Promise.race([
      new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.sleepers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, ms);
        this.sleepers.add(wake);
      }),
      ...also,
    ]);
  }

  wakeAll(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  /** Settles at the next kickDeliver(). */
  nextKick(): Promise<void> {
    this.kicked ??= new Promise<void>((resolve) => {
      this.kick = resolve;
    });
    return this.kicked;
  }

  kickDeliver(): void {
    this.kick?.();
    this.kick = null;
    this.kicked = null;
  }
}

/** One full pass: ingest everything pending, then deliver every due message. */
export async function runOnce(s: DispatcherSettings, state: DispatcherState): Promise<RunStats> {
  const stats: RunStats = { ingested: 0, attempted: 0, delivered: 0, failed: 0 };
  for (;;) {
    const n = await ingestBatch(s, state, false);
    stats.ingested += n;
    if (n < s.batchSize) break;
  }
  for (;;) {
    const claimed = await claimDue(s, s.concurrency);
    if (claimed.length === 0) break;
    await deliverAll(s, state.records, claimed, stats);
  }
  return stats;
}

async function ingestLoop(s: DispatcherSettings, state: DispatcherState, intervalMs: number): Promise<void> {
  while (state.running) {
    try {
      // Hand off only while the sender keeps up; a backlog stays in the table for the claim path.
      const n = await ingestBatch(s, state, state.handoff.length < s.concurrency * 4);
      if (n > 0) state.wakeups.kickDeliver();
      if (n < s.batchSize) await state.wakeups.pause(intervalMs);
    } catch (error) {
      s.report(error);
      await state.wakeups.pause(intervalMs * 10);
    }
  }
}

async function deliverLoop(s: DispatcherSettings, state: DispatcherState, intervalMs: number): Promise<void> {
  const inflight = new Set<Promise<unknown>>();
  while (state.running) {
    try {
      const fresh = takeHandoff(s, state, s.concurrency - inflight.size);
      const claimed = [...fresh, ...(await claimDue(s, s.concurrency - inflight.size - fresh.length))];
      const endpoints = await endpointsFor(s, claimed);
      for (const message of claimed) {
        const p: Promise<unknown> = deliverOne(s, state.records, message, endpoints.get(message.developer_id))
          .catch(s.report)
          .finally(() => inflight.delete(p));
        inflight.add(p);
      }
      // Idle: wait for the poll interval or for the ingest step to add messages. Full: wait for a slot.
      if (claimed.length === 0 && state.handoff.length === 0) await state.wakeups.pause(intervalMs, [state.wakeups.nextKick()]);
      else if (inflight.size >= s.concurrency) await Promise.race(inflight);
    } catch (error) {
      s.report(error);
      await state.wakeups.pause(intervalMs * 10);
    }
  }
  await Promise.allSettled([...inflight]);
}

export function start(s: DispatcherSettings, state: DispatcherState, intervalMs: number): void {
  if (state.running) return;
  state.running = true;
  state.loops = [ingestLoop(s, state, intervalMs), deliverLoop(s, state, intervalMs)];
}

/** Ends both loops, waits for the attempts in flight, and gives back the messages leased at ingest. */
export async function stop(s: DispatcherSettings, state: DispatcherState): Promise<void> {
  state.running = false;
  state.wakeups.wakeAll();
  await Promise.allSettled(state.loops);
  state.loops = [];
  await releaseHandoff(s, state);
}
