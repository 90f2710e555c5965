import { groupCommitOf, preparedQuery, type Db } from '../db/index.ts';

/** One claim on PostgreSQL, a named statement there (db/prepared.ts). */
const insertNonce = preparedQuery<{ access_key: string; nonce: string; expires_at: number }, never>((db, param) =>
  db
    .insertInto('nonces')
    .values({ access_key: param('access_key'), nonce: param('nonce'), expires_at: param('expires_at') })
    .onConflict((oc) => oc.columns(['access_key', 'nonce']).doNothing()),
);

const deleteNonce = preparedQuery<{ access_key: string; nonce: string }, never>((db, param) =>
  db.deleteFrom('nonces').where('access_key', '=', param('access_key')).where('nonce', '=', param('nonce')),
);

/** A claim as one statement, for a pipeline (admission.ts); NonceStore.release undoes it. */
export function nonceClaimStatement(db: Db, accessKey: string, nonce: string, expiresAt: number) {
  return insertNonce.compile({ db: db.kysely, dialect: db.dialect }, { access_key: accessKey, nonce, expires_at: expiresAt });
}

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
  /** Undoes a claim, for a request refused after its nonce was claimed (admission.ts). */
  release(accessKey: string, nonce: string): Promise<void>;
  purgeExpired(nowMs: number): Promise<number>;
}

export function createNonceStore(db: Db): NonceStore {
  const purgeExpired = async (nowMs: number) => {
    const result = await db.kysely.deleteFrom('nonces').where('expires_at', '<', nowMs).executeTakeFirst();
    return Number(result.numDeletedRows);
  };
  const ctx = { db: db.kysely, dialect: db.dialect };
  const release = async (accessKey: string, nonce: string) => {
    await deleteNonce(ctx, { access_key: accessKey, nonce });
  };
  if (db.sqlite) return { claim: sqliteGroupCommit(db, db.sqlite), release, purgeExpired };
  return {
    purgeExpired,
    release,
    async claim(accessKey, nonce, expiresAt) {
      const result = await insertNonce(ctx, { access_key: accessKey, nonce, expires_at: expiresAt });
      return (result.numAffectedRows ?? 0n) > 0n;
    },
  };
}

/**
 * Each claim is one unit of the database's group commit (db/group-commit.ts): it shares a COMMIT
 * with the other claims and business transactions ready in the same turn, and resolves only
 * after that COMMIT.
 */
function sqliteGroupCommit(db: Db, sqlite: NonNullable<Db['sqlite']>): NonceStore['claim'] {
  const groupCommit = groupCommitOf(db.kysely);
  if (!groupCommit) throw new Error('SQLite database without a group commit');
  const insert = sqlite.prepare(
    'INSERT INTO nonces (access_key, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT (access_key, nonce) DO NOTHING',
  );
  return (accessKey, nonce, expiresAt) => groupCommit.run(async () => insert.run(accessKey, nonce, expiresAt).changes > 0);
}
