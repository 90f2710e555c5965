/**
 * Token bucket per access key: `ratePerSecond` tokens refill continuously up to `burst`.
 * SQLite runs one process, so its buckets live in memory; on PostgreSQL several nodes share the
 * bucket row, updated in one atomic upsert.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the next token (when refused) or until the bucket is full. */
  resetMs: number;
}

export interface RateLimiter {
  take(accessKey: string, nowMs: number): Promise<RateDecision>;
}

interface Settings {
  ratePerSecond: number;
  burst: number;
}

function decide(tokensAfter: number, allowed: boolean, s: Settings): RateDecision {
  const missing = allowed ? s.burst - tokensAfter : 1 - tokensAfter;
  return {
    allowed,
    limit: s.ratePerSecond,
    remaining: Math.max(0, Math.floor(tokensAfter)),
    resetMs: Math.max(0, Math.ceil((missing * 1000) / s.ratePerSecond)),
  };
}

export function memoryRateLimiter(s: Settings): RateLimiter {
  const buckets = new Map<string, { tokens: number; updatedAt: number }>();
  return {
    async take(accessKey, nowMs) {
      const bucket = buckets.get(accessKey) ?? { tokens: s.burst, updatedAt: nowMs };
      const refilled = Math.min(s.burst, bucket.tokens + (Math.max(0, nowMs - bucket.updatedAt) * s.ratePerSecond) / 1000);
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
export function sqlRateLimiter(db: Kysely<Database>, s: Settings): RateLimiter {
  return {
    async take(accessKey, nowMs) {
      const refilled = sql`LEAST(${s.burst}::double precision, rate_buckets.tokens + GREATEST(0, ${nowMs}::bigint - rate_buckets.updated_at) * ${s.ratePerSecond}::double precision / 1000.0)`;
      const result = await sql<{ tokens: number; allowed: number }>`
        INSERT INTO rate_buckets (access_key, tokens, updated_at, allowed)
        SELECT ${accessKey}::text, ${s.burst - 1}::double precision, ${nowMs}::bigint, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed
        ON CONFLICT (access_key) DO UPDATE SET
          tokens = CASE WHEN ${refilled} >= 1 THEN ${refilled} - 1 ELSE ${refilled} END,
          allowed = CASE WHEN ${refilled} >= 1 THEN 1 ELSE 0 END,
          updated_at = GREATEST(rate_buckets.updated_at, ${nowMs}::bigint)
        RETURNING tokens, allowed`.execute(db);
      const row = result.rows[0]!;
      return decide(Number(row.tokens), row.allowed === 1, s);
    },
  };
}
