/**
 * The developer console's session on the HTTP layer: it admits `auth: 'developer'` routes, and on
 * every signed route a request that presents no signature but a live `ponte_dev_session` cookie
 * acts as the developer's main user. Every non-GET must echo the session's CSRF token (a form on
 * another site cannot read it); the call spends the main key's rate-limit tokens like a signed one.
 */
import type { FastifyRequest } from 'fastify';
import { presentsSignature, type AuthFailure, type GatewaySettings, type RateDecision, type Role } from '../auth/index.ts';
import { safeEqual } from '../crypto.ts';
import { fail, type Failure } from '../errors.ts';
import { asDeveloperId, asUserId, type DeveloperId, type UserId } from '../ids.ts';
import { DEV_SESSION_COOKIE, readCookie } from './cookies.ts';
import type { SessionDeveloper } from './route.ts';

export interface DeveloperGate {
  /** The developer a session cookie's token signs in, with the session's CSRF token; null when it is not live. */
  resume(token: string): Promise<(SessionDeveloper & { csrfToken: string }) | null>;
}

export type IdentifiedDeveloper = { ok: true; developer: SessionDeveloper; csrfToken: string } | Failure;

export async function identifyDeveloper(gate: DeveloperGate, request: FastifyRequest): Promise<IdentifiedDeveloper> {
  const token = readCookie(request.headers.cookie, DEV_SESSION_COOKIE);
  const session = token === null ? null : await gate.resume(token);
  if (!session) return fail('DEV_SESSION_INVALID');
  const { csrfToken, ...developer } = session;
  const sent = request.headers['x-csrf-token'];
  if (request.method !== 'GET' && !(typeof sent === 'string' && safeEqual(sent, csrfToken))) return fail('CSRF_TOKEN_INVALID');
  return { ok: true, developer, csrfToken };
}

export interface SignedCaller {
  ok: true;
  developerId: DeveloperId;
  user: { userId: UserId; role: Role };
  rate: RateDecision;
}

/** A signed route's caller by session, or null when the request is for the signature gateway to judge. */
export async function sessionCaller(
  gate: DeveloperGate,
  gateway: Pick<GatewaySettings, 'limiter' | 'wallClockMs'>,
  request: FastifyRequest,
): Promise<SignedCaller | AuthFailure | null> {
  if (presentsSignature(request.url, request.headers)) return null;
  if (readCookie(request.headers.cookie, DEV_SESSION_COOKIE) === null) return null;
  const identified = await identifyDeveloper(gate, request);
  if (!identified.ok) return identified;
  const { developer } = identified;
  const rate = await gateway.limiter.take(developer.accessKey, gateway.wallClockMs(), developer.rateLimit);
  if (!rate.allowed) return { ...fail('RATE_LIMITED', { retryAfterMs: rate.resetMs }), developerId: developer.developerId, rate };
  return {
    ok: true,
    developerId: asDeveloperId(developer.developerId),
    user: { userId: asUserId(developer.mainUserId), role: 'main' },
    rate,
  };
}
