/** Developer console sessions for HTTP tests: an operator's sign-in link, redeemed for the session cookie. */
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, type Harness } from './harness.ts';

export interface DevSession {
  cookie: string;
  csrfToken: string;
  setCookie: string;
}

export async function post(h: Harness, url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await h.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(body),
  });
  return { ...response.json(), setCookie: String(response.headers['set-cookie'] ?? ''), headers: response.headers };
}

export async function signinLink(h: Harness, developerId: string) {
  return post(h, '/admin/developers/signin-link', { developerId }, { authorization: `Bearer ${ADMIN_TOKEN}` });
}

export async function devSignIn(h: Harness, developerId: string): Promise<DevSession> {
  const link = await signinLink(h, developerId);
  assert.equal(link.code, 200, link.msg);
  const signed = await post(h, '/console/dev/api/signin', { token: link.data.token });
  assert.equal(signed.code, 200, signed.msg);
  return { cookie: signed.setCookie.split(';')[0]!, csrfToken: signed.data.csrfToken, setCookie: signed.setCookie };
}
