/**
 * Console sessions: the cookie holds a 256-bit random token, the database only its SHA-256, so
 * a copy of the table signs nobody in. A session ends after 12 idle hours or 7 days, whichever
 * comes first, at logout, or when its operator is disabled. Times are read from ctx.clock: the
 * callers hand in the wall clock, since moving the sandbox's business clock must not sign anyone out.
 */
import { randomBytes } from 'node:crypto';
import type { SystemCtx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { randomHex, sha256Hex } from '../../platform/crypto.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { clearFailures, lockedUntil, recordFailure, subjectsOf } from './lockout.ts';
import { burnPasswordWork, dummyHash, verifyPassword } from './password.ts';
import type { OperatorRole } from '../../platform/http/index.ts';

export const SESSION_IDLE_MS = 12 * 3600_000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 3600_000;
/** last_seen_at is refreshed at most once a minute, so reads do not each cost a write. */
const TOUCH_EVERY_MS = 60_000;

export interface SessionOperator {
  id: string;
  login: string;
  name: string;
  role: OperatorRole;
}

export interface Session {
  operator: SessionOperator;
  tokenHash: string;
  csrfToken: string;
}

export interface SignedIn extends Session {
  ok: true;
  /** The cookie's value: shown once, never stored. */
  token: string;
  expiresAt: number;
}

export interface Credentials {
  login: string;
  password: string;
  /** The client's address, for the per-address lock-out. */
  address: string;
}

function refused(until: number | null, now: number): Failure {
  return until === null ? fail('LOGIN_REFUSED') : fail('LOGIN_REFUSED', undefined, { retryAfterSeconds: Math.ceil((until - now) / 1000) });
}

export async function signIn(ctx: SystemCtx, credentials: Credentials): Promise<SignedIn | Failure> {
  const subjects = subjectsOf(credentials.login, credentials.address);
  const now = ctx.clock.nowMs();
  const locked = await lockedUntil(ctx, subjects);
  if (locked !== null) {
    await burnPasswordWork(credentials.password);
    return refused(locked, now);
  }
  const row = await ctx.db.selectFrom('operators').selectAll().where('login', '=', credentials.login).executeTakeFirst();
  // An unknown login still costs one scrypt, so timing does not tell whether it exists.
  const matches = await verifyPassword(credentials.password, row?.password_hash ?? (await dummyHash()));
  if (!row || !matches || row.disabled !== 0) {
    await inTransaction(ctx, (tx) => recordFailure(tx, subjects));
    return refused(await lockedUntil(ctx, subjects), now);
  }
  await clearFailures(ctx, subjects[0]!);
  const token = randomBytes(32).toString('base64url');
  const session = {
    token_hash: sha256Hex(token),
    operator_id: row.id,
    csrf_token: randomHex(32),
    created_at: now,
    last_seen_at: now,
    expires_at: now + SESSION_ABSOLUTE_MS,
  };
  await ctx.db.insertInto('operator_sessions').values(session).execute();
  const operator = { id: row.id, login: row.login, name: row.name, role: row.role };
  return { ok: true, operator, token, tokenHash: session.token_hash, csrfToken: session.csrf_token, expiresAt: session.expires_at };
}

/** The live session a cookie's token names, or null (unknown, expired, or its operator disabled). */
export async function resumeSession(ctx: SystemCtx, token: string): Promise<Session | null> {
  const tokenHash = sha256Hex(token);
  const row = await ctx.db
    .selectFrom('operator_sessions as s')
    .innerJoin('operators as o', 'o.id', 's.operator_id')
    .select(['s.csrf_token', 's.last_seen_at', 's.expires_at', 'o.id', 'o.login', 'o.name', 'o.role', 'o.disabled'])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  const now = ctx.clock.nowMs();
  const lastSeen = Number(row.last_seen_at);
  if (row.disabled !== 0 || now >= Number(row.expires_at) || now >= lastSeen + SESSION_IDLE_MS) {
    await endSession(ctx, tokenHash);
    return null;
  }
  if (now - lastSeen >= TOUCH_EVERY_MS) {
    await ctx.db.updateTable('operator_sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
  }
  return { operator: { id: row.id, login: row.login, name: row.name, role: row.role }, tokenHash, csrfToken: row.csrf_token };
}

export async function endSession(ctx: SystemCtx, tokenHash: string): Promise<void> {
  await ctx.db.deleteFrom('operator_sessions').where('token_hash', '=', tokenHash).execute();
}
