/** One developer's page for operators: its row, keys, sub-accounts, effective rate limit and callback delivery health. */
import { ownRateLimit } from '../accounts/index.ts';
import type { RateLimit } from '../../platform/auth/index.ts';
import type { SystemCtx } from '../../platform/context.ts';
import { messageCounts } from './callback-counts.ts';
import { developerRow, type DeveloperRow } from './developers.ts';

export interface CallbackHealth {
  url: string | null;
  pending: number;
  delivered24h: number;
  failed24h: number;
  lastFailureAt: number | null;
  lastError: string | null;
}

export interface DeveloperDetail {
  developer: DeveloperRow;
  keys: { accessKey: string; createdAt: number; rotatedAt: number | null; previousValidUntil: number | null; requireHmac: boolean }[];
  subAccounts: { userId: string; role: string; createdAt: number }[];
  rateLimit: { perSecond: number; burst: number; custom: boolean };
  callback: CallbackHealth;
}

async function callbackHealth(ctx: SystemCtx, developerId: string, url: string | null): Promise<CallbackHealth> {
  const counts = await messageCounts(ctx, developerId);
  // A failed attempt is one with no HTTP answer or an answer outside 2xx.
  const lastFailure = await ctx.db
    .selectFrom('callback_attempts as a')
    .innerJoin('callback_messages as m', 'm.id', 'a.message_id')
    .select(['a.at', 'a.error', 'a.status_code'])
    .where('m.developer_id', '=', developerId)
    .where((eb) => eb.or([eb('a.status_code', 'is', null), eb('a.status_code', '<', 200), eb('a.status_code', '>=', 300)]))
    .orderBy('a.at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return {
    url,
    pending: counts.pending,
    delivered24h: counts.delivered24h,
    failed24h: counts.failed24h,
    lastFailureAt: lastFailure ? Number(lastFailure.at) : null,
    lastError: lastFailure ? (lastFailure.error ?? `HTTP ${lastFailure.status_code}`) : null,
  };
}

export async function developerDetail(ctx: SystemCtx, developerId: string, deployment: RateLimit): Promise<DeveloperDetail | null> {
  const developer = await developerRow(ctx, developerId);
  if (!developer) return null;
  const limits = await ctx.db
    .selectFrom('developers')
    .select(['rate_limit_per_second', 'rate_limit_burst'])
    .where('developer_id', '=', developerId)
    .executeTakeFirstOrThrow();
  const own = ownRateLimit(limits);
  const keys = await ctx.db.selectFrom('api_keys').selectAll().where('developer_id', '=', developerId).orderBy('created_at').execute();
  const users = await ctx.db
    .selectFrom('users')
    .select(['user_id', 'role', 'created_at'])
    .where('developer_id', '=', developerId)
    .where('role', '!=', 'main')
    .orderBy('created_at')
    .execute();
  return {
    developer,
    keys: keys.map((key) => ({
      accessKey: key.access_key,
      createdAt: Number(key.created_at),
      rotatedAt: key.rotated_at === null ? null : Number(key.rotated_at),
      previousValidUntil: key.previous_valid_until === null ? null : Number(key.previous_valid_until),
      requireHmac: key.require_hmac === 1,
    })),
    subAccounts: users.map((user) => ({ userId: user.user_id, role: user.role, createdAt: Number(user.created_at) })),
    rateLimit: own ? { ...own, custom: true } : { ...deployment, custom: false },
    callback: await callbackHealth(ctx, developerId, developer.callbackUrl),
  };
}
