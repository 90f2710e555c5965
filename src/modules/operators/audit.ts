/**
 * The audit of admin calls: who (an operator, or the admin bearer token) and from which client
 * address, what (operationId, method, path, the body with secrets and pictures taken out), the
 * answer code, when. Written by
 * the admin gateway (platform/http/register.ts) after the handler answered and before the answer
 * is sent: a failed write makes the request answer INTERNAL instead of succeeding unrecorded.
 */
import type { Selectable } from 'kysely';
import type { SystemCtx } from '../../platform/context.ts';
import type { OperatorAuditTable } from './schema.ts';
import type { Actor } from '../../platform/http/index.ts';

export interface AuditEntry {
  actor: Actor;
  operationId: string;
  method: string;
  path: string;
  body: unknown;
  code: number;
  /** request.ip: the peer, or the client X-Forwarded-For names when the peer is a trusted proxy (as the lock-out counts). */
  clientAddress: string;
}

const SECRET_KEY = /pass(word)?|secret|token|signature|access-?key|csrf/i;
const PICTURE_KEY = /image|photo|picture|voucher|file|base64/i;
/** Longer strings anywhere are taken out too: a picture sent under an unexpected name is still a picture. */
const LONG_STRING = 1024;

function redactValue(value: unknown, key: string): unknown {
  if (SECRET_KEY.test(key) && value !== null && value !== undefined) return '[redacted]';
  if (typeof value === 'string') return PICTURE_KEY.test(key) || value.length > LONG_STRING ? `[${value.length} characters]` : value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, k)]));
  }
  return value;
}

/** The body as the audit keeps it: JSON, secrets replaced by "[redacted]", pictures by their length. */
export function redactBody(body: unknown): string | null {
  if (body === undefined || body === null) return null;
  return JSON.stringify(redactValue(body, ''));
}

export async function recordAudit(ctx: SystemCtx, entry: AuditEntry): Promise<void> {
  const operator = entry.actor.kind === 'operator' ? entry.actor : null;
  await ctx.db
    .insertInto('operator_audit')
    .values({
      actor: operator ? operator.id : 'token',
      login: operator?.login ?? null,
      role: operator?.role ?? null,
      operation_id: entry.operationId,
      method: entry.method,
      path: entry.path,
      body: redactBody(entry.body),
      code: entry.code,
      at: ctx.clock.nowMs(),
      client_address: entry.clientAddress,
    })
    .execute();
}

export const AUDIT_PAGE_SIZE = 50;

export interface AuditRow {
  id: number;
  actor: string;
  login: string | null;
  role: string | null;
  operationId: string;
  method: string;
  path: string;
  body: string | null;
  code: number;
  at: number;
  clientAddress: string | null;
}

/** Newest first; `login` narrows to one operator's calls ('token' for the bearer token's). */
export async function listAudit(
  ctx: SystemCtx,
  filter: { login?: string | undefined; page: number },
): Promise<{ rows: AuditRow[]; total: number }> {
  let query = ctx.db.selectFrom('operator_audit');
  if (filter.login === 'token') query = query.where('actor', '=', 'token');
  else if (filter.login !== undefined) query = query.where('login', '=', filter.login);
  const counted = await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll()
    .orderBy('id', 'desc')
    .limit(AUDIT_PAGE_SIZE)
    .offset((filter.page - 1) * AUDIT_PAGE_SIZE)
    .execute();
  return {
    total: Number(counted.n),
    rows: rows.map(toAuditRow),
  };
}

export function toAuditRow(r: Selectable<OperatorAuditTable>): AuditRow {
  return {
    id: Number(r.id),
    actor: r.actor,
    login: r.login,
    role: r.role,
    operationId: r.operation_id,
    method: r.method,
    path: r.path,
    body: r.body,
    code: r.code,
    at: Number(r.at),
    clientAddress: r.client_address,
  };
}
