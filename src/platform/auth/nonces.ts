import type { Db } from '../db/index.ts';

/**
 * Nonces live in the database so that a replay is caught by whichever process receives it.
 * A claim is INSERT … ON CONFLICT DO NOTHING: zero rows inserted means the nonce was seen.
 *
 * On SQLite one commit per request dominated the signed path (measured: ~2× slower), so claims
 * arriving in the same event-loop turn are group-committed in one transaction; each claim still
 * resolves only after its row is committed, so the guarantee is unchanged.
 */
export interface NonceStore {
  claim(accessKey: string, nonce: string, expiresAt: number): Promise<boolean>;
  purgeExpired(nowMs: number): Promise<number>;
}

interface PendingClaim {
  accessKey: string;
  nonce: string;
  expiresAt: number;
  resolve: (claimed: boolean) => void;
  reject: (error: unknown) => void;
}

export function createNonceStore(db: Db): NonceStore {
  const purgeExpired = async (nowMs: number) => {
    const result = await db.kysely.deleteFrom('nonces').where('expires_at', '<', nowMs).executeTakeFirst();
    return Number(result.numDeletedRows);
  };
  if (db.sqlite) return { claim: sqliteGroupCommit(db.sqlite), purgeExpired };
  return {
    purgeExpired,
    async claim(accessKey, nonce, expiresAt) {
      const result = await db.kysely
        .insertInto('nonces')
        .values({ access_key: accessKey, nonce, expires_at: expiresAt })
        .onConflict((oc) => oc.columns(['access_key', 'nonce']).doNothing())
        .executeTakeFirst();
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },
  };
}

function sqliteGroupCommit(sqlite: NonNullable<Db['sqlite']>): NonceStore['claim'] {
  const insert = sqlite.prepare('INSERT INTO nonces (access_key, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT (access_key, nonce) DO NOTHING');
  let pending: PendingClaim[] = [];
  const commitAll = sqlite.transaction((claims: PendingClaim[]) => claims.map((c) => insert.run(c.accessKey, c.nonce, c.expiresAt).changes > 0));
  const flush = () => {
    const batch = pending;
    pending = [];
    try {
      const results = commitAll(batch);
      batch.forEach((claim, i) => claim.resolve(results[i]!));
    } catch (error) {
      for (const claim of batch) claim.reject(error);
    }
  };
  return (accessKey, nonce, expiresAt) =>
    new Promise<boolean>((resolve, reject) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push({ accessKey, nonce, expiresAt, resolve, reject });
    });
}
