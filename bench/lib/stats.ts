/** Small measuring helpers shared by the search benchmark's phases. */
import { readFileSync } from 'node:fs';

/** Nearest-rank percentile (p in 0..100) of a list of milliseconds; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}

export interface Latency {
  p50Ms: number;
  p95Ms: number;
  count: number;
}

export function latency(values: readonly number[]): Latency {
  return { p50Ms: percentile(values, 50), p95Ms: percentile(values, 95), count: values.length };
}

export const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : '-');
export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
export const rssBytes = (): number => process.memoryUsage().rss;

/** Times an async call; returns its value and the elapsed milliseconds. */
export async function timed<T>(run: () => Promise<T> | T): Promise<{ value: T; elapsedMs: number }> {
  const started = performance.now();
  const value = await run();
  return { value, elapsedMs: performance.now() - started };
}

/**
 * An onProgress callback that prints at most one line per 10 % step or per 5 s, whichever comes
 * first, plus the final line, with the rate and the time left at that rate.
 */
export function progressPrinter(label: string): (done: number, total: number) => void {
  const started = performance.now();
  let lastStep = -1;
  let lastPrintMs = started;
  let first: number | null = null;
  return (done, total) => {
    const now = performance.now();
    // A resumed run starts past 0; its rate counts only what this run did.
    first ??= done;
    const step = total > 0 ? Math.floor((done / total) * 10) : 10;
    if (done < total && step === lastStep && now - lastPrintMs < 5_000) return;
    lastStep = step;
    lastPrintMs = now;
    const seconds = (now - started) / 1000;
    const rate = seconds > 0 ? (done - first) / seconds : 0;
    const eta = done < total && rate > 0 ? `, ${Math.round((total - done) / rate)} s left` : '';
    console.log(`  ${label}: ${done}/${total} (${seconds.toFixed(1)} s, ${Math.round(rate)}/s${eta})`);
  };
}

/** mulberry32: a tiny seeded PRNG so every run picks the same queries. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('pick from an empty list');
  return items[Math.floor(random() * items.length)] as T;
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux); null elsewhere.
 * Benches print CPU per operation next to throughput: on a shared 2-core machine it moves
 * far less than the rate does when something else competes for the cores.
 */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    // After the ")" field 3 is the state; utime and stime are fields 14 and 15 of the full line.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** USER_HZ: 100 on every Linux this runs on (it is fixed by the kernel ABI, not configurable). */
const CLOCK_TICKS_PER_SECOND = 100;
