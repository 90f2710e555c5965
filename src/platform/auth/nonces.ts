import type { Kysely } from 'kysely';
import type { Database } from '../db/index.ts';

/**
 * Nonces live in the database so that a replay is caught by whichever process receives it.
 * A nonce is claimed with INSERT … ON CONFLICT DO NOTHING: zero rows inserted means it was seen.
 */
export async function claimNonce(db: Kysely<Database>, accessKey: string, nonce: string, expiresAt: number): Promise<boolean> {
  const result = await db
    .insertInto('nonces')
    .values({ access_key: accessKey, nonce, expires_at: expiresAt })
    .onConflict((oc) => oc.columns(['access_key', 'nonce']).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export async function purgeExpiredNonces(db: Kysely<Database>, nowMs: number): Promise<number> {
  const result = await db.deleteFrom('nonces').where('expires_at', '<', nowMs).executeTakeFirst();
  return Number(result.numDeletedRows);
}
