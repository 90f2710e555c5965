/** What the developer console may show of a developer: its name, main user and key metadata, never a secret. */
import type { RateLimit } from '../../platform/auth/index.ts';
import type { SystemCtx } from '../../platform/context.ts';
import { ownRateLimit } from './rate-limits.ts';

export interface DeveloperView {
  developerId: string;
  name: string;
  mainUserId: string;
  /** The main access key: a console session spends this key's rate-limit tokens. */
  accessKey: string;
  disabled: boolean;
  /** Its own rate limit (null: the deployment's), which a console session's calls are held to. */
  rateLimit: RateLimit | null;
}

export interface KeyView {
  accessKey: string;
  createdAt: number;
  rotatedAt: number | null;
  previousValidUntil: number | null;
  requireHmac: boolean;
}

export async function findDeveloper(ctx: SystemCtx, developerId: string): Promise<DeveloperView | null> {
  const row = await ctx.db
    .selectFrom('developers as d')
    .innerJoin('api_keys as k', 'k.developer_id', 'd.developer_id')
    .select(['d.developer_id', 'd.name', 'd.main_user_id', 'd.disabled', 'd.rate_limit_per_second', 'd.rate_limit_burst', 'k.access_key'])
    .where('d.developer_id', '=', developerId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    developerId: row.developer_id,
    name: row.name,
    mainUserId: row.main_user_id,
    accessKey: row.access_key,
    disabled: row.disabled === 1,
    rateLimit: ownRateLimit(row),
  };
}

export async function listKeys(ctx: SystemCtx, developerId: string): Promise<KeyView[]> {
  const rows = await ctx.db.selectFrom('api_keys').selectAll().where('developer_id', '=', developerId).orderBy('created_at').execute();
  return rows.map((row) => ({
    accessKey: row.access_key,
    createdAt: Number(row.created_at),
    rotatedAt: row.rotated_at === null ? null : Number(row.rotated_at),
    previousValidUntil: row.previous_valid_until === null ? null : Number(row.previous_valid_until),
    requireHmac: row.require_hmac === 1,
  }));
}
