/*
 * Retry schedules: the delay before each retry, counted from the previous failed attempt.
 * The first delivery attempt is not in the list, so a schedule of N delays means at most
 * N + 1 attempts in total.
 */

export type RetrySchedule = readonly number[];

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const ENTRY = /^(\d{1,6})([smhd])$/;

/**
 * Parses `'30m,30m,2h'` into delays in ms. Runs at boot on operator config, so bad input throws
 * with the offending entry named: a wrong schedule must stop the start, not be guessed at.
 * `'none'` means no retries (a single attempt).
 */
export function parseRetrySchedule(spec: string): number[] {
  const trimmed = spec.trim();
  if (trimmed === 'none') return [];
  if (trimmed === '') throw new Error("retry schedule is empty; write e.g. '30m,30m,30m' or 'none' for no retries");
  return trimmed.split(',').map((raw, index) => {
    const entry = raw.trim();
    const match = ENTRY.exec(entry);
    if (!match) {
      throw new Error(
        `retry schedule entry ${index + 1} (${JSON.stringify(entry)}) is not <integer><unit> with unit s, m, h or d, in ${JSON.stringify(spec)}`,
      );
    }
    return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  });
}

/** PandaPon's documented rule: a failed push is re-pushed half an hour later, at most 5 times. */
export const PANDAPON_SCHEDULE: RetrySchedule = Object.freeze(parseRetrySchedule('30m,30m,30m,30m,30m'));

/** Svix's published schedule after the immediate first attempt (≈27 h 35 min in total). */
export const SVIX_SCHEDULE: RetrySchedule = Object.freeze(parseRetrySchedule('5s,5m,30m,2h,5h,10h,10h'));

export type NextAttemptInput = {
  schedule: RetrySchedule;
  /** Attempts already made, the first delivery included (so ≥ 1 once anything failed). */
  attemptsMade: number;
  lastAttemptAtMs: number;
  /** Spread of the delay, ±ratio; keeps endpoints that failed together from being retried in lockstep. */
  jitterRatio?: number;
  /** Uniform in [0, 1); injected by tests for exact numbers. */
  random?: () => number;
};

/** When to try again (epoch ms), or null once the schedule is used up. */
export function nextAttemptAt(input: NextAttemptInput): number | null {
  const { schedule, attemptsMade, lastAttemptAtMs, jitterRatio = 0.1, random = Math.random } = input;
  if (!Number.isSafeInteger(attemptsMade) || attemptsMade < 1) {
    throw new RangeError(`attemptsMade must be an integer ≥ 1, got ${attemptsMade}`);
  }
  if (!(jitterRatio >= 0 && jitterRatio < 1)) throw new RangeError(`jitterRatio must be in [0, 1), got ${jitterRatio}`);
  const delayMs = schedule[attemptsMade - 1];
  if (delayMs === undefined) return null;
  // random() in [0, 1) maps to a factor in [1 - ratio, 1 + ratio); 0.5 means no jitter.
  const factor = 1 + jitterRatio * (2 * random() - 1);
  return lastAttemptAtMs + Math.round(delayMs * factor);
}
