import { inTransaction, type SystemCtx } from '../../platform/context.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { randomHex } from '../../platform/crypto.ts';
import { hashPassword, passwordProblem } from './password.ts';
import { OPERATOR_ROLES, type OperatorRole } from '../../platform/http/index.ts';

export const LOGIN_PATTERN = /^[a-z0-9._-]{3,40}$/;

export interface OperatorView {
  id: string;
  login: string;
  name: string;
  role: OperatorRole;
  disabled: boolean;
  createdAt: number;
}

export interface NewOperator {
  login: string;
  name?: string | undefined;
  role: string;
  password: string;
}

function isRole(role: string): role is OperatorRole {
  return (OPERATOR_ROLES as readonly string[]).includes(role);
}

function checkNew(input: NewOperator): Failure | null {
  if (!LOGIN_PATTERN.test(input.login)) return fail('BAD_PARAMETER', { field: 'login', rule: '3–40 characters of a-z 0-9 . _ -' });
  if (!isRole(input.role)) return fail('BAD_PARAMETER', { field: 'role', rule: OPERATOR_ROLES.join(' | ') });
  const weak = passwordProblem(input.password);
  return weak ? fail('BAD_PARAMETER', { field: 'password', rule: weak }) : null;
}

export async function createOperator(ctx: SystemCtx, input: NewOperator): Promise<{ ok: true; operator: OperatorView } | Failure> {
  const refused = checkNew(input);
  if (refused) return refused;
  const now = ctx.clock.nowMs();
  const row = {
    id: randomHex(16),
    login: input.login,
    name: input.name ?? input.login,
    role: input.role as OperatorRole,
    disabled: 0,
    password_hash: await hashPassword(input.password),
    created_at: now,
    updated_at: now,
  };
  const inserted = await ctx.db
    .insertInto('operators')
    .values(row)
    .onConflict((c) => c.column('login').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return fail('CONFLICT', { reason: `login ${input.login} is taken` });
  return { ok: true, operator: view(row) };
}

/** Disabling also ends the operator's sessions, so a leaver's open browser stops at its next request. */
export async function disableOperator(ctx: SystemCtx, login: string): Promise<{ ok: true } | Failure> {
  const found = await ctx.db.selectFrom('operators').select('id').where('login', '=', login).executeTakeFirst();
  if (!found) return fail('NOT_FOUND', { what: `operator ${login}` });
  await inTransaction(ctx, async (tx) => {
    await tx.db.updateTable('operators').set({ disabled: 1, updated_at: tx.clock.nowMs() }).where('id', '=', found.id).execute();
    await tx.db.deleteFrom('operator_sessions').where('operator_id', '=', found.id).execute();
  });
  return { ok: true };
}

export async function listOperators(ctx: SystemCtx): Promise<OperatorView[]> {
  const rows = await ctx.db.selectFrom('operators').selectAll().orderBy('login').execute();
  return rows.map(view);
}

function view(row: { id: string; login: string; name: string; role: OperatorRole; disabled: number; created_at: number }): OperatorView {
  return { id: row.id, login: row.login, name: row.name, role: row.role, disabled: row.disabled !== 0, createdAt: Number(row.created_at) };
}
