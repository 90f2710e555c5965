import type { CompiledQuery } from 'kysely';
import type { Db } from '../db/index.ts';
import { createNonceStore, nonceClaimStatement, type NonceStore } from './nonces.ts';
import { recentNonces, type ClaimedNonce, type RecentNonces } from './recent-nonces.ts';
import {
  memoryRateLimiter,
  sqlRateLimiter,
  type RateDecision,
  type RateLimit,
  type RateLimiter,
  type SqlRateLimiter,
} from './ratelimit.ts';

/**
 * The two writes that admit a request whose signature checked out: a token from the key's bucket,
 * then its nonce, claimed only when the token was granted (a refused request never burns its
 * nonce, so the client may send the same signed request again after Retry-After).
 */
export interface Admission {
  /** `lookup`, when given, runs first, in the same round trip where there is a pipeline; its rows come back as `looked`. */
  admit(
    accessKey: string,
    nowMs: number,
    own: RateLimit | null,
    nonce: ClaimedNonce | null,
    lookup?: CompiledQuery | null,
  ): Promise<Admitted>;
  /** Undoes a claim for a request refused after it was made. */
  release(accessKey: string, nonce: ClaimedNonce): Promise<void>;
}

export interface Admitted {
  rate: RateDecision;
  /** False when the nonce was seen before (a replay); true when there is none to claim. */
  nonceFresh: boolean;
  looked?: unknown[];
}

/** One after the other: the in-memory limiter with SQLite's group-committed claims, or PostgreSQL through a pooler. */
export function sequentialAdmission(db: Db, limiter: RateLimiter, nonces: NonceStore, recent = recentNonces()): Admission {
  return {
    async admit(accessKey, nowMs, own, nonce, lookup) {
      const looked = lookup ? { looked: (await db.kysely.executeQuery(lookup)).rows } : {};
      const rate = await limiter.take(accessKey, nowMs, own);
      if (!rate.allowed || nonce === null) return { rate, nonceFresh: true, ...looked };
      if (recent.reusedElsewhen(accessKey, nonce, nowMs)) return { rate, nonceFresh: false, ...looked };
      // Remembered before the claim, so a request with the same nonce in flight beside it is refused too.
      recent.remember(accessKey, nonce);
      const nonceFresh = await nonces.claim(accessKey, nonce, nowMs).catch((error: unknown) => {
        recent.forget(accessKey, nonce.value);
        throw error;
      });
      return { rate, nonceFresh, ...looked };
    },
    release: (accessKey, nonce) => releaseClaim(nonces, recent, accessKey, nonce),
  };
}

function releaseClaim(nonces: NonceStore, recent: RecentNonces, accessKey: string, nonce: ClaimedNonce): Promise<void> {
  recent.forget(accessKey, nonce.value);
  return nonces.release(accessKey, nonce);
}

/**
 * PostgreSQL: the token upsert and the claim go out in one round trip (db/pipeline.ts), each its
 * own implicit transaction, so the claim still commits durably while the bucket row's commit
 * does not wait for a flush (ratelimit.ts). When the token was refused and the claim took, the
 * claim is undone, as if it had never been made; a crash between the two leaves that one nonce
 * spent, which refuses only a resend of that same refused request.
 */
export function pipelinedAdmission(db: Db, limiter: SqlRateLimiter, nonces: NonceStore, recent = recentNonces()): Admission {
  const pipeline = db.pipeline;
  if (!pipeline) throw new Error('pipelined admission needs a PostgreSQL pipeline (db/pipeline.ts)');
  return {
    async admit(accessKey, nowMs, _own, nonce, lookup) {
      // The upsert reads the developer's own limit itself (ratelimit.ts).
      const token = limiter.statement(accessKey, nowMs);
      const reused = nonce !== null && recent.reusedElsewhen(accessKey, nonce, nowMs);
      const claimed = nonce !== null && !reused ? nonce : null;
      // Remembered before the claim goes out, as in sequentialAdmission, and forgotten if it is undone.
      if (claimed) recent.remember(accessKey, claimed);
      const claim = claimed ? [nonceClaimStatement(db, accessKey, claimed, nowMs)] : [];
      const results = await pipeline([...(lookup ? [lookup] : []), token.query, ...claim]).catch((error: unknown) => {
        if (claimed) recent.forget(accessKey, claimed.value);
        throw error;
      });
      const looked = lookup ? { looked: results.shift()!.rows } : {};
      const rate = token.decide(results[0]!.rows[0]);
      const nonceFresh = nonce === null || (claimed !== null && results[1]!.rowCount > 0);
      if (claimed && nonceFresh && !rate.allowed) await releaseClaim(nonces, recent, accessKey, claimed);
      return { rate, nonceFresh, ...looked };
    },
    release: (accessKey, nonce) => releaseClaim(nonces, recent, accessKey, nonce),
  };
}

/** The gateway's rate limiter and admission for this database. */
export function gatewayWrites(db: Db, limits: RateLimit): { limiter: RateLimiter; admission: Admission } {
  // One limiter for both: the developer console's session requests spend the same buckets.
  if (db.dialect !== 'postgres') {
    const limiter = memoryRateLimiter(limits);
    return { limiter, admission: sequentialAdmission(db, limiter, createNonceStore(db)) };
  }
  const limiter = sqlRateLimiter(db.kysely, limits);
  const nonces = createNonceStore(db);
  return { limiter, admission: db.pipeline ? pipelinedAdmission(db, limiter, nonces) : sequentialAdmission(db, limiter, nonces) };
}
