/**
 * Who calls an admin route: the operator token, or an operator's console session with its CSRF
 * token and a role the route admits (docs/decisions/017).
 */
import type { FastifyRequest } from 'fastify';
import { safeEqual } from '../crypto.ts';
import { fail, type Failure } from '../errors.ts';
import { readCookie, SESSION_COOKIE } from './cookies.ts';
import type { Actor, OperatorRole } from './route.ts';

export type OperatorActor = Extract<Actor, { kind: 'operator' }>;

export interface ConsoleGate {
  /** The operator a session cookie's token signs in, with the session's CSRF token; null when it is not live. */
  resume(token: string): Promise<OperatorActor | null>;
  audit(entry: {
    actor: Actor;
    operationId: string;
    method: string;
    path: string;
    body: unknown;
    code: number;
    clientAddress: string;
  }): Promise<void>;
  /** Cookies are Secure whatever the request, because the public URL is https. */
  secureCookies: boolean;
}

export type Identified = { ok: true; actor: Actor } | (Failure & { actor?: Actor });

/** What an operator gate checks besides the credentials: the operation (named in refusals) and who may call it. */
export interface OperatorGate {
  operationId: string;
  roles: readonly OperatorRole[];
}

/**
 * The bearer token is the superuser; otherwise the session cookie names an operator, who must
 * send its session's CSRF token on every non-GET (a form on another site cannot read it) and
 * hold one of the route's roles.
 */
export async function identifyAdmin(
  deps: { adminToken: string; console: ConsoleGate },
  gate: OperatorGate,
  request: FastifyRequest,
): Promise<Identified> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    return header.startsWith('Bearer ') && safeEqual(header.slice(7).trim(), deps.adminToken)
      ? { ok: true, actor: { kind: 'token' } }
      : fail('ADMIN_TOKEN_INVALID');
  }
  const token = readCookie(request.headers.cookie, SESSION_COOKIE);
  if (token === null) return fail('ADMIN_TOKEN_INVALID');
  const actor = await deps.console.resume(token);
  if (!actor) return fail('SESSION_INVALID');
  const sent = request.headers['x-csrf-token'];
  if (request.method !== 'GET' && !(typeof sent === 'string' && safeEqual(sent, actor.csrfToken))) {
    return { ...fail('CSRF_TOKEN_INVALID'), actor };
  }
  if (!gate.roles.includes(actor.role)) {
    return { ...fail('OPERATOR_FORBIDDEN', { role: actor.role, operationId: gate.operationId, roles: gate.roles.join(', ') }), actor };
  }
  return { ok: true, actor };
}
