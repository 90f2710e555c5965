import { decryptSecret } from '../../platform/crypto.ts';
import type { SystemCtx } from '../../platform/context.ts';
import { isRole } from '../../platform/auth/roles.ts';
import type { Caller } from '../../platform/auth/caller.ts';

// Decrypting on every request is wasted work: a sealed value always opens to the same secret,
// so the cache is keyed by the sealed text and a rotation (new sealed text) needs no invalidation.
const opened = new Map<string, string>();
function open(masterKey: Buffer, sealed: string): string {
  let secret = opened.get(sealed);
  if (secret === undefined) {
    secret = decryptSecret(masterKey, sealed);
    if (opened.size > 10_000) opened.clear();
    opened.set(sealed, secret);
  }
  return secret;
}

export async function findCaller(ctx: SystemCtx, accessKey: string, userId: string): Promise<Caller | null> {
  const row = await ctx.db
    .selectFrom('api_keys as k')
    .innerJoin('developers as d', 'd.developer_id', 'k.developer_id')
    .leftJoin('users as u', (join) => join.onRef('u.developer_id', '=', 'k.developer_id').on('u.user_id', '=', userId))
    .select(['k.developer_id', 'd.main_user_id', 'k.secret_sealed', 'k.previous_secret_sealed', 'k.previous_valid_until', 'k.require_hmac', 'u.user_id', 'u.role'])
    .where('k.access_key', '=', accessKey)
    .executeTakeFirst();
  if (!row) return null;
  const secrets = [open(ctx.masterKey, row.secret_sealed)];
  if (row.previous_secret_sealed && row.previous_valid_until !== null && row.previous_valid_until > ctx.clock.nowMs()) {
    secrets.push(open(ctx.masterKey, row.previous_secret_sealed));
  }
  const user = row.user_id && row.role && isRole(row.role) ? { userId: row.user_id, role: row.role } : null;
  return { developerId: row.developer_id, mainUserId: row.main_user_id, secrets, requireHmac: row.require_hmac === 1, user };
}
