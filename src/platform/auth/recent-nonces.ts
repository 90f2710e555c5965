/**
 * The nonces this process claimed lately, so that a nonce signed again under a new timestamp is
 * refused here as a reused one. The database refuses a replay (the same nonce with the same signed
 * timestamp) in every process; a new timestamp needs the key's secret, so it is the client
 * reusing a nonce, not a replay, and that is only checked where the first claim was made
 * (nonces.ts says why the database key leads with the timestamp).
 */
export interface RecentNonces {
  /** True when this process claimed the nonce under another timestamp that is still in the window. */
  reusedElsewhen(accessKey: string, claim: ClaimedNonce, nowMs: number): boolean;
  remember(accessKey: string, claim: ClaimedNonce): void;
  forget(accessKey: string, nonce: string): void;
}

export interface ClaimedNonce {
  value: string;
  sentAt: number;
  /** When the signed timestamp leaves the window: after that the timestamp refuses the nonce. */
  expiresAt: number;
}

/** Bounds memory: at 10,000 claims a second the last 5–10 s are remembered, at test rates the window. */
export const RECENT_NONCES_MAX = 100_000;

export function recentNonces(max = RECENT_NONCES_MAX): RecentNonces {
  // Two generations of half the bound each: when the newer fills, the older is dropped whole.
  // Deleting the oldest entries of one Map one by one left holes its iteration walked (measured
  // 13–47 µs per claim once full).
  type Entry = { sentAt: number; expiresAt: number };
  let newer = new Map<string, Entry>();
  let older = new Map<string, Entry>();
  const keyOf = (accessKey: string, nonce: string) => `${accessKey}\n${nonce}`;
  return {
    reusedElsewhen(accessKey, claim, nowMs) {
      const key = keyOf(accessKey, claim.value);
      const entry = newer.get(key) ?? older.get(key);
      return entry !== undefined && entry.expiresAt > nowMs && entry.sentAt !== claim.sentAt;
    },
    remember(accessKey, claim) {
      if (newer.size >= Math.ceil(max / 2)) {
        older = newer;
        newer = new Map();
      }
      const key = keyOf(accessKey, claim.value);
      older.delete(key);
      newer.set(key, { sentAt: claim.sentAt, expiresAt: claim.expiresAt });
    },
    forget(accessKey, nonce) {
      const key = keyOf(accessKey, nonce);
      newer.delete(key);
      older.delete(key);
    },
  };
}
