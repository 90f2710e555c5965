import { inTransaction, type SystemCtx } from '../../platform/context.ts';
import { asDeveloperId, asUserId, newNumericId, type DeveloperId, type UserId } from '../../platform/ids.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import type { SubAccountRole } from '../../platform/auth/roles.ts';
import { issueKey } from './keys.ts';

export interface CreatedDeveloper {
  developerId: DeveloperId;
  userId: UserId;
  accessKey: string;
  accessSecret: string;
}

export async function createDeveloper(
  ctx: SystemCtx,
  input: { name: string; accessKey?: string | undefined; accessSecret?: string | undefined },
): Promise<CreatedDeveloper> {
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock.nowMs();
    const developerId = asDeveloperId(newNumericId(now));
    const userId = asUserId(newNumericId(now));
    await tx.db
      .insertInto('developers')
      .values({ developer_id: developerId, name: input.name, main_user_id: userId, created_at: now })
      .execute();
    await tx.db.insertInto('users').values({ user_id: userId, developer_id: developerId, role: 'main', created_at: now }).execute();
    const key = await issueKey(tx, developerId, input);
    return { developerId, userId, ...key };
  });
}

export async function createSubAccount(
  ctx: SystemCtx,
  developerId: string,
  role: SubAccountRole,
): Promise<{ ok: true; userId: UserId } | Failure> {
  const developer = await ctx.db.selectFrom('developers').select('developer_id').where('developer_id', '=', developerId).executeTakeFirst();
  if (!developer) return fail('NOT_FOUND', { what: `developer ${developerId}` });
  const userId = asUserId(newNumericId(ctx.clock.nowMs()));
  await ctx.db.insertInto('users').values({ user_id: userId, developer_id: developerId, role, created_at: ctx.clock.nowMs() }).execute();
  return { ok: true, userId };
}
