/**
 * Access keys: one per developer (PandaPon's one-to-one rule). Secrets are sealed with the master
 * key. Rotation replaces the secret; with a grace period the previous secret keeps verifying
 * until it ends, without one it stops at once (PandaPon's "reset" behaviour).
 */
import { decryptSecret, encryptSecret } from '../../platform/crypto.ts';
import { inTransaction, type SystemCtx } from '../../platform/context.ts';
import { newHex32 } from '../../platform/ids.ts';
import { fail, type Failure } from '../../platform/errors.ts';

export interface Credentials {
  accessKey: string;
  developerId: string;
  secrets: string[];
  requireHmac: boolean;
}

export async function issueKey(
  ctx: SystemCtx,
  developerId: string,
  fixed?: { accessKey?: string | undefined; accessSecret?: string | undefined },
) {
  const accessKey = fixed?.accessKey ?? newHex32();
  const accessSecret = fixed?.accessSecret ?? newHex32();
  await ctx.db
    .insertInto('api_keys')
    .values({
      access_key: accessKey,
      developer_id: developerId,
      secret_sealed: encryptSecret(ctx.masterKey, accessSecret),
      previous_secret_sealed: null,
      previous_valid_until: null,
      require_hmac: 0,
      created_at: ctx.clock.nowMs(),
      rotated_at: null,
    })
    .execute();
  return { accessKey, accessSecret };
}

export async function rotateKey(
  ctx: SystemCtx,
  developerId: string,
  graceMs: number,
): Promise<{ ok: true; accessKey: string; accessSecret: string; previousValidUntil: number | null } | Failure> {
  return inTransaction(ctx, async (tx) => {
    const key = await tx.db.selectFrom('api_keys').selectAll().where('developer_id', '=', developerId).executeTakeFirst();
    if (!key) return fail('NOT_FOUND', { what: `developer ${developerId}` });
    const now = tx.clock.nowMs();
    const accessSecret = newHex32();
    const previousValidUntil = graceMs > 0 ? now + graceMs : null;
    await tx.db
      .updateTable('api_keys')
      .set({
        secret_sealed: encryptSecret(tx.masterKey, accessSecret),
        previous_secret_sealed: graceMs > 0 ? key.secret_sealed : null,
        previous_valid_until: previousValidUntil,
        rotated_at: now,
      })
      .where('access_key', '=', key.access_key)
      .execute();
    return { ok: true as const, accessKey: key.access_key, accessSecret, previousValidUntil };
  });
}

export async function setRequireHmac(ctx: SystemCtx, developerId: string, required: boolean): Promise<{ ok: true } | Failure> {
  const result = await ctx.db
    .updateTable('api_keys')
    .set({ require_hmac: required ? 1 : 0 })
    .where('developer_id', '=', developerId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n ? { ok: true } : fail('NOT_FOUND', { what: `developer ${developerId}` });
}

/** Replaces a key's values (used to pin the demo developer to PONTE_DEMO_ACCESS_KEY/SECRET). */
export async function pinKey(ctx: SystemCtx, developerId: string, accessKey: string, accessSecret: string): Promise<void> {
  await ctx.db
    .updateTable('api_keys')
    .set({
      access_key: accessKey,
      secret_sealed: encryptSecret(ctx.masterKey, accessSecret),
      previous_secret_sealed: null,
      previous_valid_until: null,
    })
    .where('developer_id', '=', developerId)
    .execute();
}

export async function revealSecret(ctx: SystemCtx, developerId: string): Promise<{ accessKey: string; accessSecret: string } | null> {
  const key = await ctx.db.selectFrom('api_keys').selectAll().where('developer_id', '=', developerId).executeTakeFirst();
  return key ? { accessKey: key.access_key, accessSecret: decryptSecret(ctx.masterKey, key.secret_sealed) } : null;
}
