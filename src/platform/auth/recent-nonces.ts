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

type Entry = { sentAt: number; expiresAt: number };

/**
 * One generation: entries by access key, then by nonce. Keyed by the header strings themselves,
 * each hashed once, where a joined key was built and hashed on every lookup (~2 % of a signed
 * request in bench:gateway's profile).
 */
class Generation {
  readonly #byKey = new Map<string, Map<string, Entry>>();
  size = 0;
  get(accessKey: string, nonce: string): Entry | undefined {
    return this.#byKey.get(accessKey)?.get(nonce);
  }
  set(accessKey: string, nonce: string, entry: Entry): void {
    let nonces = this.#byKey.get(accessKey);
    if (!nonces) {
      nonces = new Map();
      this.#byKey.set(accessKey, nonces);
    }
    if (!nonces.has(nonce)) this.size += 1;
    nonces.set(nonce, entry);
  }
  delete(accessKey: string, nonce: string): void {
    if (this.#byKey.get(accessKey)?.delete(nonce)) this.size -= 1;
  }
}

export function recentNonces(max = RECENT_NONCES_MAX): RecentNonces {
  // Two generations of half the bound each: when the newer fills, the older is dropped whole.
  // Deleting the oldest entries of one Map one by one left holes its iteration walked (measured
  // 13–47 µs per claim once full).
  let newer = new Generation();
  let older = new Generation();
  return {
    reusedElsewhen(accessKey, claim, nowMs) {
      const entry = newer.get(accessKey, claim.value) ?? older.get(accessKey, claim.value);
      return entry !== undefined && entry.expiresAt > nowMs && entry.sentAt !== claim.sentAt;
    },
    remember(accessKey, claim) {
      if (newer.size >= Math.ceil(max / 2)) {
        older = newer;
        newer = new Generation();
      }
      older.delete(accessKey, claim.value);
      newer.set(accessKey, claim.value, { sentAt: claim.sentAt, expiresAt: claim.expiresAt });
    },
    forget(accessKey, nonce) {
      newer.delete(accessKey, nonce);
      older.delete(accessKey, nonce);
    },
  };
}
