/**
 * Failed sign-ins lock a login (5 within 15 minutes) or an address (20 within 15 minutes: one
 * address trying many logins) out for 15 minutes. Failures are counted per login string whether
 * or not such an operator exists, so a lock-out reveals nothing about which logins exist.
 */
import type { SystemCtx } from '../../platform/context.ts';

export const LOCKOUT = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  perLogin: 5,
  perAddress: 20,
} as const;

export interface Subject {
  key: string;
  threshold: number;
}

export function subjectsOf(login: string, address: string): Subject[] {
  return [
    { key: `login:${login}`, threshold: LOCKOUT.perLogin },
    { key: `ip:${address}`, threshold: LOCKOUT.perAddress },
  ];
}

/** When the latest lock over these subjects ends, or null when none is in force. */
export async function lockedUntil(ctx: SystemCtx, subjects: Subject[]): Promise<number | null> {
  const now = ctx.clock.nowMs();
  const row = await ctx.db
    .selectFrom('operator_lockouts')
    .select((eb) => eb.fn.max('until_at').as('until'))
    .where(
      'subject',
      'in',
      subjects.map((s) => s.key),
    )
    .where('until_at', '>', now)
    .executeTakeFirst();
  return row?.until === null || row?.until === undefined ? null : Number(row.until);
}

/** Counts one failure for each subject and locks those that reached their threshold. */
export async function recordFailure(ctx: SystemCtx, subjects: Subject[]): Promise<void> {
  const now = ctx.clock.nowMs();
  const since = now - LOCKOUT.windowMs;
  for (const subject of subjects) {
    await ctx.db.deleteFrom('operator_login_failures').where('subject', '=', subject.key).where('at', '<=', since).execute();
    await ctx.db.insertInto('operator_login_failures').values({ subject: subject.key, at: now }).execute();
    const counted = await ctx.db
      .selectFrom('operator_login_failures')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('subject', '=', subject.key)
      .executeTakeFirstOrThrow();
    if (Number(counted.n) < subject.threshold) continue;
    const until = now + LOCKOUT.lockMs;
    await ctx.db
      .insertInto('operator_lockouts')
      .values({ subject: subject.key, until_at: until })
      .onConflict((c) => c.column('subject').doUpdateSet({ until_at: until }))
      .execute();
    await ctx.db.deleteFrom('operator_login_failures').where('subject', '=', subject.key).execute();
  }
}

/** A successful sign-in forgets its login's failures (not its address's: another login may be under attack from it). */
export async function clearFailures(ctx: SystemCtx, subject: Subject): Promise<void> {
  await ctx.db.deleteFrom('operator_login_failures').where('subject', '=', subject.key).execute();
}
