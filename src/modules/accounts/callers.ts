import { decryptSecret } from '../../platform/crypto.ts';
import type { SystemCtx } from '../../platform/context.ts';
import { preparedQuery, type Db } from '../../platform/db/index.ts';
import { isRole } from '../../platform/auth/roles.ts';
import { asDeveloperId, asUserId } from '../../platform/ids.ts';
import type { Caller, FindCaller, RememberedCallers } from '../../platform/auth/caller.ts';
import { createCallerCache } from './caller-cache.ts';
import { ownRateLimit } from './rate-limits.ts';

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

interface CallerRow {
  developer_id: string;
  main_user_id: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_valid_until: number | null;
  require_hmac: number;
  disabled: number;
  rate_limit_per_second: number | null;
  rate_limit_burst: number | null;
  user_id: string | null;
  role: string | null;
}

function toCaller(ctx: SystemCtx, row: CallerRow): Caller {
  const secrets = [open(ctx.masterKey, row.secret_sealed)];
  if (row.previous_secret_sealed && row.previous_valid_until !== null && row.previous_valid_until > ctx.clock.nowMs()) {
    secrets.push(open(ctx.masterKey, row.previous_secret_sealed));
  }
  const user = row.user_id && row.role && isRole(row.role) ? { userId: asUserId(row.user_id), role: row.role } : null;
  return {
    developerId: asDeveloperId(row.developer_id),
    mainUserId: asUserId(row.main_user_id),
    secrets,
    requireHmac: row.require_hmac === 1,
    disabled: row.disabled === 1,
    rateLimit: ownRateLimit(row),
    user,
  };
}

const CALLER_SQL = `SELECT k.developer_id, d.main_user_id, k.secret_sealed, k.previous_secret_sealed, k.previous_valid_until, k.require_hmac, d.disabled,
  d.rate_limit_per_second, d.rate_limit_burst, u.user_id, u.role
  FROM api_keys k JOIN developers d ON d.developer_id = k.developer_id
  LEFT JOIN users u ON u.developer_id = k.developer_id AND u.user_id = ?
  WHERE k.access_key = ?`;

const callerRow = preparedQuery<{ accessKey: string; userId: string }, CallerRow>((db, param) =>
  db
    .selectFrom('api_keys as k')
    .innerJoin('developers as d', 'd.developer_id', 'k.developer_id')
    .leftJoin('users as u', (join) => join.onRef('u.developer_id', '=', 'k.developer_id').on('u.user_id', '=', param('userId')))
    .select([
      'k.developer_id',
      'd.main_user_id',
      'k.secret_sealed',
      'k.previous_secret_sealed',
      'k.previous_valid_until',
      'k.require_hmac',
      'd.disabled',
      'd.rate_limit_per_second',
      'd.rate_limit_burst',
      'u.user_id',
      'u.role',
    ])
    .where('k.access_key', '=', param('accessKey')),
);

export async function findCaller(ctx: SystemCtx, accessKey: string, userId: string): Promise<Caller | null> {
  const row = (await callerRow(ctx, { accessKey, userId })).rows[0];
  return row ? toCaller(ctx, row) : null;
}

/**
 * The lookup every signed request makes. On SQLite it runs as one raw prepared statement (the
 * query builder's per-call overhead was most of the signed path's cost, bench:gateway), and its
 * rows are reused until a watched table changes (caller-cache.ts). The row is cached, not the
 * Caller: the previous secret's grace period is judged against the clock on every request.
 * On PostgreSQL with a pipeline the rows are remembered too, and every request still reads its
 * row, in the round trip of its rate-limit token and nonce claim (RememberedCallers).
 */
export function createCallers(db: Db): { findCaller: FindCaller; remembered: RememberedCallers | null } {
  if (db.sqlite) return { findCaller: sqliteLookup(db.sqlite), remembered: null };
  if (!db.pipeline) return { findCaller, remembered: null };
  return rememberingLookup();
}

function sqliteLookup(sqlite: NonNullable<Db['sqlite']>): FindCaller {
  const statement = sqlite.prepare<[string, string], CallerRow>(CALLER_SQL);
  const cache = createCallerCache<CallerRow>(sqlite);
  return async (ctx, accessKey, userId) => {
    const row = cache.read(`${accessKey}\n${userId}`, () => statement.get(userId, accessKey));
    return row ? toCaller(ctx, row) : null;
  };
}

/** Bounds the memory; a request with an unknown user id can make an entry. */
const MAX_REMEMBERED = 10_000;

function rememberingLookup(): { findCaller: FindCaller; remembered: RememberedCallers } {
  const rows = new Map<string, CallerRow>();
  const remember = (key: string, row: CallerRow | undefined) => {
    if (!row) return rows.delete(key);
    if (rows.size >= MAX_REMEMBERED && !rows.has(key)) rows.clear();
    rows.set(key, row);
  };
  const keyOf = (accessKey: string, userId: string) => `${accessKey}\n${userId}`;
  return {
    async findCaller(ctx, accessKey, userId) {
      const row = (await callerRow(ctx, { accessKey, userId })).rows[0];
      remember(keyOf(accessKey, userId), row);
      return row ? toCaller(ctx, row) : null;
    },
    remembered: {
      recall(ctx, accessKey, userId) {
        const row = rows.get(keyOf(accessKey, userId));
        return row ? toCaller(ctx, row) : null;
      },
      lookup: (ctx, accessKey, userId) => callerRow.compile(ctx, { accessKey, userId }),
      settle(ctx, accessKey, userId, found) {
        const key = keyOf(accessKey, userId);
        const row = found[0] as CallerRow | undefined;
        const before = rows.get(key);
        remember(key, row);
        return { caller: row ? toCaller(ctx, row) : null, changed: !before || !row || !sameRow(before, row) };
      },
    },
  };
}

function sameRow(a: CallerRow, b: CallerRow): boolean {
  return (Object.keys(a) as (keyof CallerRow)[]).every((column) => a[column] === b[column]);
}
