import { groupCommitOf, type Db } from '../db/index.ts';

/**
 * Nonces live in the database so that a replay is caught by whichever process receives it.
 * A claim is INSERT … ON CONFLICT DO NOTHING: zero rows inserted means the nonce was seen.
 *
 * On SQLite one commit per request dominated the signed path (measured: ~2× slower), so claims
 * are group-committed (below); each claim still resolves only after its row is committed, so
 * the guarantee is unchanged.
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
  if (db.sqlite) return { claim: sqliteGroupCommit(db, db.sqlite), purgeExpired };
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

/**
 * Claims arriving in the same turn are inserted by one unit of the database's group commit
 * (db/group-commit.ts), so they share a COMMIT with each other and with the business
 * transactions ready in that turn; each claim resolves only after that COMMIT.
 */
function sqliteGroupCommit(db: Db, sqlite: NonNullable<Db['sqlite']>): NonceStore['claim'] {
  const groupCommit = groupCommitOf(db.kysely);
  if (!groupCommit) throw new Error('SQLite database without a group commit');
  const insert = sqlite.prepare('INSERT INTO nonces (access_key, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT (access_key, nonce) DO NOTHING');
  let pending: PendingClaim[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    groupCommit.run(async () => batch.map((c) => insert.run(c.accessKey, c.nonce, c.expiresAt).changes > 0)).then(
      (results) => batch.forEach((claim, i) => claim.resolve(results[i]!)),
      (error: unknown) => batch.forEach((claim) => claim.reject(error)),
    );
  };
  return (accessKey, nonce, expiresAt) =>
    new Promise<boolean>((resolve, reject) => {
      if (pending.length === 0) queueMicrotask(flush);
      pending.push({ accessKey, nonce, expiresAt, resolve, reject });
    });
}
