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

export function sqlRateLimiter(db: Kysely<Database>, s: Settings): RateLimiter {
  return {
    async take(accessKey, nowMs) {
      const refilled = sql`LEAST(${s.burst}::double precision, rate_buckets.tokens + GREATEST(0, ${nowMs}::bigint - rate_buckets.updated_at) * ${s.ratePerSecond}::double precision / 1000.0)`;
      const result = await sql<{ tokens: number; allowed: number }>`
        INSERT INTO rate_buckets (access_key, tokens, updated_at, allowed)
        VALUES (${accessKey}, ${s.burst - 1}, ${nowMs}, 1)
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
