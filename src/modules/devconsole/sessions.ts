/**
 * Developer console sign-in, mirroring the operators' sessions: an operator makes a one-time
 * link (a 256-bit token, 15 minutes, single use); redeeming it opens a session whose cookie holds
 * another 256-bit token. A session ends after 12 idle hours or 7 days, at logout, or when its
 * developer disappears. Times come from ctx.clock: callers hand in the wall clock, since moving
 * the sandbox's business clock must not expire a link or sign a developer out.
 */
import { randomBytes } from 'node:crypto';
import { findDeveloper, type DeveloperView } from '../accounts/index.ts';
import { inTransaction, type SystemCtx } from '../../platform/context.ts';
import { randomHex, sha256Hex } from '../../platform/crypto.ts';
import { fail, type Failure } from '../../platform/errors.ts';

export const SIGNIN_LINK_MS = 15 * 60_000;
export const DEV_SESSION_IDLE_MS = 12 * 3600_000;
export const DEV_SESSION_ABSOLUTE_MS = 7 * 24 * 3600_000;
/** last_seen_at is refreshed at most once a minute, so reads do not each cost a write. */
const TOUCH_EVERY_MS = 60_000;

export interface SigninLink {
  ok: true;
  url: string;
  /** Shown once: the database keeps only its SHA-256. */
  token: string;
  expiresAt: number;
}

export interface DevSession {
  developer: DeveloperView;
  tokenHash: string;
  csrfToken: string;
}

export interface DevSignedIn extends DevSession {
  ok: true;
  /** The cookie's value: shown once, never stored. */
  token: string;
  expiresAt: number;
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A link to `<publicUrl>/console/dev/#/signin/<token>`; the fragment never reaches a server log. */
export async function createSigninLink(ctx: SystemCtx, developerId: string, publicUrl: string): Promise<SigninLink | Failure> {
  const developer = await findDeveloper(ctx, developerId);
  if (!developer) return fail('NOT_FOUND', { what: `developer ${developerId}` });
  const token = newToken();
  const now = ctx.clock.nowMs();
  const expiresAt = now + SIGNIN_LINK_MS;
  await ctx.db
    .insertInto('developer_signin_links')
    .values({ token_hash: sha256Hex(token), developer_id: developerId, created_at: now, expires_at: expiresAt, used_at: null })
    .execute();
  return { ok: true, url: `${publicUrl.replace(/\/+$/, '')}/console/dev/#/signin/${token}`, token, expiresAt };
}

/** Spends the link (a guarded UPDATE: of two racing redemptions one wins) and opens a session. */
export async function redeemSigninLink(ctx: SystemCtx, token: string): Promise<DevSignedIn | Failure> {
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock.nowMs();
    const linkHash = sha256Hex(token);
    const spent = await tx.db
      .updateTable('developer_signin_links')
      .set({ used_at: now })
      .where('token_hash', '=', linkHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return fail('DEV_SIGNIN_INVALID');
    const link = await tx.db
      .selectFrom('developer_signin_links')
      .select('developer_id')
      .where('token_hash', '=', linkHash)
      .executeTakeFirstOrThrow();
    const developer = await findDeveloper(tx, link.developer_id);
    if (!developer || developer.disabled) return fail('DEV_SIGNIN_INVALID');
    const sessionToken = newToken();
    const session = {
      token_hash: sha256Hex(sessionToken),
      developer_id: developer.developerId,
      csrf_token: randomHex(32),
      created_at: now,
      last_seen_at: now,
      expires_at: now + DEV_SESSION_ABSOLUTE_MS,
    };
    await tx.db.insertInto('developer_sessions').values(session).execute();
    return {
      ok: true as const,
      developer,
      token: sessionToken,
      tokenHash: session.token_hash,
      csrfToken: session.csrf_token,
      expiresAt: session.expires_at,
    };
  });
}

/** The live session a cookie's token names, or null (unknown, expired, or its developer gone). */
export async function resumeDevSession(ctx: SystemCtx, token: string): Promise<DevSession | null> {
  const tokenHash = sha256Hex(token);
  const row = await ctx.db.selectFrom('developer_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!row) return null;
  const now = ctx.clock.nowMs();
  const lastSeen = Number(row.last_seen_at);
  const developer = await findDeveloper(ctx, row.developer_id);
  if (!developer || developer.disabled || now >= Number(row.expires_at) || now >= lastSeen + DEV_SESSION_IDLE_MS) {
    await endDevSession(ctx, tokenHash);
    return null;
  }
  if (now - lastSeen >= TOUCH_EVERY_MS) {
    await ctx.db.updateTable('developer_sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
  }
  return { developer, tokenHash, csrfToken: row.csrf_token };
}

export async function endDevSession(ctx: SystemCtx, tokenHash: string): Promise<void> {
  await ctx.db.deleteFrom('developer_sessions').where('token_hash', '=', tokenHash).execute();
}
