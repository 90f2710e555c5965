/**
 * The console's sign-in: POST /console/api/login sets the `ponte_session` cookie and answers the
 * CSRF token the console sends back as `x-csrf-token`; every admin route then admits the cookie
 * (platform/http/register.ts). Sign-in, sign-out and the audit run on the wall clock.
 */
import { z } from 'zod';
import { endSession, listAudit, SESSION_ABSOLUTE_MS, signIn, AUDIT_PAGE_SIZE } from '../../modules/operators/index.ts';
import { clearedSessionCookie, defineAdminRoute, definePublicRoute, ok, OPERATOR_ROLES, sessionCookie } from '../../platform/http/index.ts';
import type { SystemCtx } from '../../platform/context.ts';
import type { RouteServices } from '../../platform/http/index.ts';

const OperatorSummary = z.object({
  login: z.string(),
  name: z.string(),
  role: z.enum(OPERATOR_ROLES),
});

const Credentials = z.object({
  login: z.string().min(1).max(40).describe('The operator login (3–40 characters of a-z 0-9 . _ -)'),
  password: z.string().min(1).max(1024),
});

function onWallClock<C extends SystemCtx>(ctx: C, services: RouteServices): C {
  return { ...ctx, clock: services.wallClock };
}

const login = definePublicRoute({
  method: 'POST',
  path: '/console/api/login',
  operationId: 'consoleLogin',
  summary: 'Sign an operator in to the console (sets the session cookie)',
  description: [
    'A wrong password, an unknown login and a disabled operator get the same answer (4001).',
    'Five failures for a login within 15 minutes (or twenty from one address) lock it for 15 minutes:',
    'the answer is then 4001 with `data.retryAfterSeconds`, even for the right password.',
  ].join(' '),
  tags: ['Console'],
  body: Credentials,
  data: z.object({ operator: OperatorSummary, csrfToken: z.string().describe('Send as header x-csrf-token on every non-GET') }),
  errors: ['LOGIN_REFUSED'],
  handler: async (ctx, { body, client, services, setCookie }) => {
    const signed = await signIn(onWallClock(ctx, services), { ...body, address: client.address });
    if (!signed.ok) return signed;
    setCookie(sessionCookie(signed.token, { secure: client.secure, maxAgeSeconds: SESSION_ABSOLUTE_MS / 1000 }));
    const { login: name, role } = signed.operator;
    return ok({ operator: { login: name, name: signed.operator.name, role }, csrfToken: signed.csrfToken });
  },
});

const logout = defineAdminRoute({
  method: 'POST',
  path: '/console/api/logout',
  operationId: 'consoleLogout',
  summary: 'End the console session (a bearer-token call has none to end)',
  tags: ['Console'],
  roles: OPERATOR_ROLES,
  data: z.object({ signedOut: z.boolean() }),
  errors: [],
  handler: async (ctx, { client, services, setCookie }) => {
    if (ctx.actor.kind !== 'operator') return ok({ signedOut: false });
    await endSession(onWallClock(ctx, services), ctx.actor.tokenHash);
    setCookie(clearedSessionCookie(client.secure));
    return ok({ signedOut: true });
  },
});

const me = defineAdminRoute({
  method: 'GET',
  path: '/console/api/me',
  operationId: 'consoleMe',
  summary: 'Who the console session signs in (operator null for the bearer token), with the session’s CSRF token',
  description: 'A console page reloaded keeps its cookie but not the CSRF token the sign-in answered: this gives it back.',
  tags: ['Console'],
  roles: OPERATOR_ROLES,
  data: z.object({
    operator: OperatorSummary.nullable(),
    csrfToken: z.string().nullable().describe('Send as header x-csrf-token on every non-GET'),
  }),
  errors: [],
  handler: async (ctx) => {
    const { actor } = ctx;
    if (actor.kind !== 'operator') return ok({ operator: null, csrfToken: null });
    return ok({ operator: { login: actor.login, name: actor.name, role: actor.role }, csrfToken: actor.csrfToken });
  },
});

const AuditRowSchema = z.object({
  id: z.number().int(),
  actor: z.string().describe("The operator's id, or 'token' for the admin bearer token"),
  login: z.string().nullable(),
  role: z.string().nullable(),
  operationId: z.string(),
  method: z.string(),
  path: z.string(),
  body: z.string().nullable().describe('The request body as JSON; secrets are "[redacted]", pictures "[N characters]"'),
  code: z.number().int().describe('The envelope code the call answered'),
  at: z.number().int().describe('Epoch milliseconds'),
  clientAddress: z
    .string()
    .nullable()
    .describe(
      'The client address: the peer, or the X-Forwarded-For client when the peer is in PONTE_TRUSTED_PROXIES; null before it was recorded',
    ),
});

const audit = defineAdminRoute({
  method: 'GET',
  path: '/console/api/audit',
  operationId: 'consoleAudit',
  summary: 'The audit of admin calls, newest first',
  tags: ['Console'],
  roles: ['admin'],
  query: z.object({
    operator: z.string().min(1).max(40).optional().describe("An operator login, or 'token' for bearer-token calls"),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
  }),
  data: z.object({ total: z.number().int(), pageSize: z.number().int(), rows: z.array(AuditRowSchema) }),
  errors: [],
  handler: async (ctx, { query }) => {
    const found = await listAudit(ctx, { login: query.operator, page: query.page });
    return ok({ total: found.total, pageSize: AUDIT_PAGE_SIZE, rows: found.rows });
  },
});

export const consoleRoutes = [login, logout, me, audit];
