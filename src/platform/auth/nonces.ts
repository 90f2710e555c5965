import { groupCommitOf, preparedQuery, type Db } from '../db/index.ts';
import type { ClaimedNonce } from './recent-nonces.ts';

/** How long past the signature window a claim is kept: a timestamp just inside the window keeps its claim. */
export const NONCE_MARGIN_MS = 1000;

interface ClaimParams {
  sent_at: number;
  access_key: string;
  nonce: string;
  now: number;
}

/**
 * One claim, a named statement on PostgreSQL (db/prepared.ts). Zero rows inserted means the nonce
 * was seen with this timestamp, or before migration 030 within its window (the table `nonces`).
 */
const claimNonce = preparedQuery<ClaimParams, never>((db, param) =>
  db
    .insertInto('nonce_claims')
    .columns(['sent_at', 'access_key', 'nonce'])
    .expression(
      db
        .selectNoFrom((eb) => [
          eb.cast<number>(eb.val(param('sent_at')), 'bigint').as('sent_at'),
          eb.cast<string>(eb.val(param('access_key')), 'text').as('access_key'),
          eb.cast<string>(eb.val(param('nonce')), 'text').as('nonce'),
        ])
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('nonces')
                .select('nonce')
                .where('access_key', '=', param('access_key'))
                .where('nonce', '=', param('nonce'))
                .where('expires_at', '>=', param('now')),
            ),
          ),
        ),
    )
    .onConflict((oc) => oc.doNothing()),
);

const deleteNonce = preparedQuery<{ sent_at: number; access_key: string; nonce: string }, never>((db, param) =>
  db
    .deleteFrom('nonce_claims')
    .where('sent_at', '=', param('sent_at'))
    .where('access_key', '=', param('access_key'))
    .where('nonce', '=', param('nonce')),
);

const claimParams = (accessKey: string, claim: ClaimedNonce, nowMs: number): ClaimParams => ({
  sent_at: claim.sentAt,
  access_key: accessKey,
  nonce: claim.value,
  now: nowMs,
});

/** A claim as one statement, for a pipeline (admission.ts); NonceStore.release undoes it. */
export function nonceClaimStatement(db: Db, accessKey: string, claim: ClaimedNonce, nowMs: number) {
  return claimNonce.compile({ db: db.kysely, dialect: db.dialect }, claimParams(accessKey, claim, nowMs));
}

/**
 * Nonces live in the database so that a replay is caught by whichever process receives it.
 * A claim is INSERT … ON CONFLICT DO NOTHING: zero rows inserted means the nonce was seen.
 *
 * The key is (sent_at, access_key, nonce), the signed timestamp first: claims land on the
 * B-tree's rightmost page instead of one random page each, which halved the cost of a signed
 * request's commit on SQLite (docs/decisions/004). A replay carries its signed timestamp, so it
 * is refused everywhere; a nonce signed again under a new timestamp is refused by the process
 * that claimed it (recent-nonces.ts).
 *
 * On SQLite one commit per request dominated the signed path (measured: ~2× slower), so claims
 * are group-committed (below); each claim still resolves only after its row is committed, so
 * the guarantee is unchanged.
 */
export interface NonceStore {
  claim(accessKey: string, claim: ClaimedNonce, nowMs: number): Promise<boolean>;
  /** Undoes a claim, for a request refused after its nonce was claimed (admission.ts). */
  release(accessKey: string, claim: ClaimedNonce): Promise<void>;
  /** Deletes the claims whose timestamps the window now refuses, and expired legacy claims. */
  purgeExpired(nowMs: number, windowMs: number): Promise<number>;
}

export function createNonceStore(db: Db): NonceStore {
  const purgeExpired = async (nowMs: number, windowMs: number) => {
    const claims = await db.kysely
      .deleteFrom('nonce_claims')
      .where('sent_at', '<', nowMs - windowMs - NONCE_MARGIN_MS)
      .executeTakeFirst();
    const legacy = await db.kysely.deleteFrom('nonces').where('expires_at', '<', nowMs).executeTakeFirst();
    return Number(claims.numDeletedRows) + Number(legacy.numDeletedRows);
  };
  const ctx = { db: db.kysely, dialect: db.dialect };
  const release = async (accessKey: string, claim: ClaimedNonce) => {
    await deleteNonce(ctx, { sent_at: claim.sentAt, access_key: accessKey, nonce: claim.value });
  };
  if (db.sqlite) return { claim: sqliteGroupCommit(db, db.sqlite), release, purgeExpired };
  return {
    purgeExpired,
    release,
    async claim(accessKey, claim, nowMs) {
      const result = await claimNonce(ctx, claimParams(accessKey, claim, nowMs));
      return (result.numAffectedRows ?? 0n) > 0n;
    },
  };
}

/**
 * Each claim is one unit of the database's group commit (db/group-commit.ts): it shares a COMMIT
 * with the other claims and business transactions ready in the same turn, and resolves only
 * after that COMMIT. The statement runs on the raw handle, prepared once from the same SQL.
 */
function sqliteGroupCommit(db: Db, sqlite: NonNullable<Db['sqlite']>): NonceStore['claim'] {
  const groupCommit = groupCommitOf(db.kysely);
  if (!groupCommit) throw new Error('SQLite database without a group commit');
  const ctx = { db: db.kysely, dialect: db.dialect };
  const compiled = (accessKey: string, claim: ClaimedNonce, nowMs: number) => claimNonce.compile(ctx, claimParams(accessKey, claim, nowMs));
  const insert = sqlite.prepare(compiled('', { value: '', sentAt: 0, expiresAt: 0 }, 0).sql);
  return (accessKey, claim, nowMs) => {
    const parameters = compiled(accessKey, claim, nowMs).parameters;
    return groupCommit.run(async () => insert.run(...parameters).changes > 0);
  };
}
