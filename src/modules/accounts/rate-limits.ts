import type { RateLimit } from '../../platform/auth/index.ts';
import type { SystemCtx } from '../../platform/context.ts';
import { fail, type Failure } from '../../platform/errors.ts';

/** The developer's own limit from its row; null when it has none (the two columns are written together). */
export function ownRateLimit(row: { rate_limit_per_second: number | null; rate_limit_burst: number | null }): RateLimit | null {
  if (row.rate_limit_per_second === null || row.rate_limit_burst === null) return null;
  return { perSecond: Number(row.rate_limit_per_second), burst: Number(row.rate_limit_burst) };
}

/**
 * Gives a developer its own rate limit, or back the deployment's (null). Every node reads it with
 * the caller on the next request; the bounds are the route's to check.
 */
export async function setRateLimit(ctx: SystemCtx, developerId: string, limit: RateLimit | null): Promise<{ ok: true } | Failure> {
  const updated = await ctx.db
    .updateTable('developers')
    .set({ rate_limit_per_second: limit?.perSecond ?? null, rate_limit_burst: limit?.burst ?? null })
    .where('developer_id', '=', developerId)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1 ? { ok: true } : fail('NOT_FOUND', { what: `developer ${developerId}` });
}
