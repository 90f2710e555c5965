/** Console operators for HTTP tests: create one, sign it in, call admin routes with its cookie. */
import assert from 'node:assert/strict';
import { createOperator } from '../../src/modules/operators/index.ts';
import type { OperatorRole } from '../../src/platform/http/index.ts';
import type { Harness } from './harness.ts';

export const PASSWORD = 'a-long-enough-passphrase';

export interface ConsoleSession {
  cookie: string;
  csrfToken: string;
  setCookie: string;
}

export async function addOperator(h: Harness, login: string, role: OperatorRole, password = PASSWORD): Promise<void> {
  const created = await createOperator({ ...h.ctx, clock: h.clock }, { login, role, password });
  assert.ok(created.ok, JSON.stringify(created));
}

export async function login(h: Harness, login: string, password = PASSWORD, address = '10.0.0.1') {
  const response = await h.app.inject({
    method: 'POST',
    url: '/console/api/login',
    headers: { 'content-type': 'application/json' },
    remoteAddress: address,
    payload: JSON.stringify({ login, password }),
  });
  return { body: response.json(), setCookie: String(response.headers['set-cookie'] ?? '') };
}

export async function signIn(h: Harness, name: string, password = PASSWORD): Promise<ConsoleSession> {
  const { body, setCookie } = await login(h, name, password);
  assert.equal(body.code, 200, body.msg);
  return { cookie: setCookie.split(';')[0]!, csrfToken: body.data.csrfToken, setCookie };
}

/** An admin call with the session cookie; `csrf: false` leaves the x-csrf-token header out. */
export async function consoleCall(
  h: Harness,
  session: ConsoleSession,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  options: { csrf?: string | false } = {},
) {
  const csrf = options.csrf === undefined ? session.csrfToken : options.csrf;
  const response = await h.app.inject({
    method,
    url,
    headers: {
      cookie: session.cookie,
      ...(csrf === false ? {} : { 'x-csrf-token': csrf }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { ...envelopeOf(response), setCookie: String(response.headers['set-cookie'] ?? '') };
}

/** The envelope of an answer; a route that answers plain text (GET /metrics) counts by its HTTP status. */
export function envelopeOf(response: { headers: Record<string, unknown>; statusCode: number; json(): any }): any {
  return String(response.headers['content-type'] ?? '').startsWith('application/json') ? response.json() : { code: response.statusCode };
}
