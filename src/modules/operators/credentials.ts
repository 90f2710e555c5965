/**
 * An operator's password and re-enabling (docs/decisions/017-operators.md). A new password ends
 * the operator's other sessions: whoever knew the old one is signed out everywhere but here.
 */
import { inTransaction, type SystemCtx } from '../../platform/context.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';

type Done = { ok: true } | Failure;

async function operatorId(ctx: SystemCtx, login: string): Promise<string | Failure> {
  const found = await ctx.db.selectFrom('operators').select('id').where('login', '=', login).executeTakeFirst();
  return found?.id ?? fail('NOT_FOUND', { what: `operator ${login}` });
}

/** Sets the hash and ends every session of the operator but `keepTokenHash` (none for the CLI's reset). */
async function storePassword(ctx: SystemCtx, id: string, password: string, keepTokenHash: string | null): Promise<Done> {
  const weak = passwordProblem(password);
  if (weak) return fail('BAD_PARAMETER', { field: 'newPassword', rule: weak });
  const hash = await hashPassword(password);
  await inTransaction(ctx, async (tx) => {
    await tx.db.updateTable('operators').set({ password_hash: hash, updated_at: tx.clock.nowMs() }).where('id', '=', id).execute();
    let ended = tx.db.deleteFrom('operator_sessions').where('operator_id', '=', id);
    if (keepTokenHash !== null) ended = ended.where('token_hash', '!=', keepTokenHash);
    await ended.execute();
  });
  return { ok: true };
}

/** The signed-in operator changes its own password, proving the current one; this session stays. */
export async function changeOwnPassword(
  ctx: SystemCtx,
  session: { operatorId: string; tokenHash: string },
  input: { currentPassword: string; newPassword: string },
): Promise<Done> {
  const row = await ctx.db.selectFrom('operators').select('password_hash').where('id', '=', session.operatorId).executeTakeFirst();
  if (!row || !(await verifyPassword(input.currentPassword, row.password_hash)))
    return fail('BAD_PARAMETER', { field: 'currentPassword', rule: 'is not the current password' });
  return storePassword(ctx, session.operatorId, input.newPassword, session.tokenHash);
}

/** An administrator (the CLI) resets an operator's password: every session of it ends. */
export async function resetPassword(ctx: SystemCtx, login: string, password: string): Promise<Done> {
  const id = await operatorId(ctx, login);
  return typeof id === 'string' ? storePassword(ctx, id, password, null) : id;
}

/** A disabled operator may sign in again (its sessions ended when it was disabled). */
export async function enableOperator(ctx: SystemCtx, login: string): Promise<Done> {
  const id = await operatorId(ctx, login);
  if (typeof id !== 'string') return id;
  await ctx.db.updateTable('operators').set({ disabled: 0, updated_at: ctx.clock.nowMs() }).where('id', '=', id).execute();
  return { ok: true };
}
