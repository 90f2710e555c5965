const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses operator-facing durations like `600s`, `10m`, `2h`, `1d`, `0`; throws on anything else. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(trimmed);
  if (!match) throw new Error(`invalid duration "${text}": use a number with a unit, e.g. 30s, 10m, 2h, 1d`);
  return Math.round(Number(match[1]) * UNIT_MS[match[2]!]!);
}

/**
 * The work's result, or a rejection once `ms` have passed without one. The work itself goes on
 * (a query cannot be called back); only the caller stops waiting for it.
 */
export function withinMs<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
