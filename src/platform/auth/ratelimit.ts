/**
 * Token bucket per access key: `perSecond` tokens refill continuously up to `burst`.
 * SQLite runs one process, so its buckets live in memory; on PostgreSQL several nodes share the
 * bucket row, updated in one atomic upsert.
 *
 * The limit is the deployment's (PONTE_RATE_LIMIT / PONTE_RATE_BURST) unless the developer has its
 * own, and a changed limit applies from the next request on every node, with no cache to outlive
 * it: in memory `take` is handed the columns the caller lookup read for this request; on
 * PostgreSQL the upsert reads them itself. The bucket row keeps only tokens and time: a lowered
 * burst caps the tokens at the next take.
 */
import { sql, type CompiledQuery, type Kysely } from 'kysely';
import { nameStatement, type Database } from '../db/index.ts';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the next token (when refused) or until the bucket is full. */
  resetMs: number;
}

/** Tokens per second and the bucket's size. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export interface RateLimiter {
  /** Takes a token from the key's bucket under the developer's own limit, or the deployment's when it has none. */
  take(accessKey: string, nowMs: number, own: RateLimit | null): Promise<RateDecision>;
}

function decide(tokensAfter: number, allowed: boolean, s: RateLimit): RateDecision {
  const missing = allowed ? s.burst - tokensAfter : 1 - tokensAfter;
  return {
    allowed,
    limit: s.perSecond,
    remaining: Math.max(0, Math.floor(tokensAfter)),
    resetMs: Math.max(0, Math.ceil((missing * 1000) / s.perSecond)),
  };
}

export function memoryRateLimiter(deployment: RateLimit): RateLimiter {
  const buckets = new Map<string, { tokens: number; updatedAt: number }>();
  return {
    async take(accessKey, nowMs, own) {
      const s = own ?? deployment;
      const bucket = buckets.get(accessKey) ?? { tokens: s.burst, updatedAt: nowMs };
      const refilled = Math.min(s.burst, bucket.tokens + (Math.max(0, nowMs - bucket.updatedAt) * s.perSecond) / 1000);
      const allowed = refilled >= 1;
      bucket.tokens = allowed ? refilled - 1 : refilled;
      bucket.updatedAt = nowMs;
      buckets.set(accessKey, bucket);
      return decide(bucket.tokens, allowed, s);
    },
  };
}

/**
 * Every request of a key updates that key's one bucket row, and the row stays locked until the
 * statement's commit; waiting for the WAL flush there serialised a key's requests behind one
 * flush each (1.5–3 ms on a loaded 2-core machine: ≤ 300–600 requests/s per key, issue 15). The
 * upsert therefore commits with synchronous_commit off, for this statement's own transaction
 * only (set_config(…, true)): a crash can forget the last few hundred milliseconds of token
 * spending, which at worst lets a key spend them again. Nothing else relaxes durability: nonces,
 * orders, charges and the ledger still commit only after their WAL is flushed.
 */
export interface SqlRateLimiter extends RateLimiter {
  /** The upsert that takes the token, and how its row decides: to run in a pipeline (admission.ts). */
  statement(accessKey: string, nowMs: number): TokenStatement;
}

export interface TokenStatement {
  query: CompiledQuery;
  decide(row: Record<string, unknown> | undefined): RateDecision;
}

export function sqlRateLimiter(db: Kysely<Database>, deployment: RateLimit): SqlRateLimiter {
  // The developer's own limit is read by the upsert itself, from the developer's row: a remembered
  // caller (caller.ts) may be a request old, and the limit must apply from the very next request.
  const statement = (accessKey: string, nowMs: number): TokenStatement => {
    const refilled = sql`LEAST((SELECT burst FROM lim), rate_buckets.tokens + GREATEST(0, ${nowMs}::bigint - rate_buckets.updated_at) * (SELECT per_second FROM lim) / 1000.0)`;
    const query = sql`
      WITH lim AS (
        SELECT CASE WHEN d.rate_limit_per_second IS NULL OR d.rate_limit_burst IS NULL THEN ${deployment.perSecond} ELSE d.rate_limit_per_second END::double precision AS per_second,
               CASE WHEN d.rate_limit_per_second IS NULL OR d.rate_limit_burst IS NULL THEN ${deployment.burst} ELSE d.rate_limit_burst END::double precision AS burst
        FROM api_keys AS k JOIN developers AS d ON d.developer_id = k.developer_id WHERE k.access_key = ${accessKey}
      ), relaxed AS (SELECT set_config('synchronous_commit', 'off', true))
      INSERT INTO rate_buckets (access_key, tokens, updated_at, allowed)
      SELECT ${accessKey}::text, lim.burst - 1, ${nowMs}::bigint, 1 FROM lim, relaxed
      ON CONFLICT (access_key) DO UPDATE SET
        tokens = CASE WHEN ${refilled} >= 1 THEN ${refilled} - 1 ELSE ${refilled} END,
        allowed = CASE WHEN ${refilled} >= 1 THEN 1 ELSE 0 END,
        updated_at = GREATEST(rate_buckets.updated_at, ${nowMs}::bigint)
      RETURNING tokens, allowed, (SELECT per_second FROM lim) AS per_second, (SELECT burst FROM lim) AS burst`.compile(db);
    // The text is the same for every call (only the values vary), so it can run as a named statement.
    nameStatement(query.sql);
    return { query, decide: decideRow };
  };
  // No row: the key is gone since its caller was read; the gateway refuses it on the fresh row.
  const decideRow = (row: Record<string, unknown> | undefined): RateDecision =>
    row
      ? decide(Number(row.tokens), row.allowed === 1, { perSecond: Number(row.per_second), burst: Number(row.burst) })
      : decide(0, false, deployment);
  return {
    statement,
    async take(accessKey, nowMs) {
      const token = statement(accessKey, nowMs);
      return token.decide((await db.executeQuery<Record<string, unknown>>(token.query)).rows[0]);
    },
  };
}
