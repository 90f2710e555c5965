import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LOCKOUT } from '../src/modules/operators/index.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { addOperator, type ConsoleSession, consoleCall, login, PASSWORD, signIn } from './helpers/operators.ts';

/** A sign-in arriving from `peer` with an X-Forwarded-For header naming `forwardedFor`. */
async function loginVia(h: Harness, login: string, password: string, peer: string, forwardedFor: string) {
  const response = await h.app.inject({
    method: 'POST',
    url: '/console/api/login',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    remoteAddress: peer,
    payload: JSON.stringify({ login, password }),
  });
  return response.json();
}

/** perAddress failures across as many logins, all from one client behind the proxy. */
async function spray(h: Harness, peer: string, client: (i: number) => string) {
  for (let i = 0; i < LOCKOUT.perAddress; i++) await loginVia(h, `spray${i}`, 'wrong wrong wrong', peer, client(i));
}

describe('PONTE_TRUSTED_PROXIES', () => {
  test('from a trusted proxy the lock-out counts the forwarded client, not the proxy', async () => {
    const h = await createHarness({ trustedProxies: ['10.0.0.0/8'] });
    try {
      await addOperator(h, 'ana', 'admin');
      await spray(h, '10.0.0.5', () => '203.0.113.7');
      const locked = await loginVia(h, 'ana', PASSWORD, '10.0.0.5', '203.0.113.7');
      assert.equal(locked.code, 4001, 'the sprayed client is locked out');
      assert.ok(locked.data.retryAfterSeconds > 0);
      const other = await loginVia(h, 'ana', PASSWORD, '10.0.0.5', '203.0.113.8');
      assert.equal(other.code, 200, 'another client behind the same proxy is not');
    } finally {
      await h.close();
    }
  });

  test('from any other peer the header is ignored: the peer is the client', async () => {
    const h = await createHarness({ trustedProxies: ['10.0.0.0/8'] });
    try {
      await addOperator(h, 'ana', 'admin');
      // A client forging a fresh header on every try still counts as its own address.
      await spray(h, '198.51.100.4', (i) => `203.0.113.${i + 1}`);
      const locked = await loginVia(h, 'ana', PASSWORD, '198.51.100.4', '203.0.113.200');
      assert.equal(locked.code, 4001, 'the forger is locked out whatever it forwards');
      assert.equal((await loginVia(h, 'ana', PASSWORD, '198.51.100.5', '203.0.113.200')).code, 200);
    } finally {
      await h.close();
    }
  });

  test('by default no proxy is trusted', async () => {
    const h = await createHarness();
    try {
      await addOperator(h, 'ana', 'admin');
      await spray(h, '10.0.0.5', (i) => `203.0.113.${i + 1}`);
      assert.equal((await loginVia(h, 'ana', PASSWORD, '10.0.0.5', '203.0.113.250')).code, 4001);
    } finally {
      await h.close();
    }
  });
});

describe('operator accounts over HTTP', () => {
  let h: Harness;
  let admin: ConsoleSession;
  before(async () => {
    h = await createHarness();
    await addOperator(h, 'root', 'admin');
    await addOperator(h, 'pat', 'purchaser');
    admin = await signIn(h, 'root');
  });
  after(() => h.close());

  test('an admin creates, lists, disables and re-enables an operator', async () => {
    const created = await consoleCall(h, admin, 'POST', '/admin/operators/create', {
      login: 'wh.2',
      role: 'warehouse',
      password: PASSWORD,
    });
    assert.equal(created.code, 200, created.msg);
    assert.equal(created.data.name, 'wh.2');
    const disabled = await consoleCall(h, admin, 'POST', '/admin/operators/disable', { login: 'wh.2' });
    assert.deepEqual(disabled.data, { login: 'wh.2', disabled: true });
    assert.equal((await login(h, 'wh.2')).body.code, 4001, 'a disabled operator cannot sign in');
    assert.equal((await consoleCall(h, admin, 'POST', '/admin/operators/enable', { login: 'wh.2' })).code, 200);
    assert.equal((await login(h, 'wh.2')).body.code, 200, 'enabled again');
    const listed = await consoleCall(h, admin, 'GET', '/admin/operators');
    assert.deepEqual(
      listed.data.operators.map((o: { login: string; disabled: boolean }) => [o.login, o.disabled]),
      [
        ['pat', false],
        ['root', false],
        ['wh.2', false],
      ],
    );
  });

  test('bad input names the field; a taken login and an unknown one are refused', async () => {
    const bad = await consoleCall(h, admin, 'POST', '/admin/operators/create', { login: 'x!', role: 'admin', password: PASSWORD });
    assert.equal(bad.code, 400);
    assert.match(bad.msg, /login/);
    const weak = await consoleCall(h, admin, 'POST', '/admin/operators/create', { login: 'weak1', role: 'admin', password: 'short' });
    assert.match(weak.msg, /password/);
    assert.equal(
      (await consoleCall(h, admin, 'POST', '/admin/operators/create', { login: 'pat', role: 'admin', password: PASSWORD })).code,
      409,
    );
    assert.equal((await consoleCall(h, admin, 'POST', '/admin/operators/enable', { login: 'nobody' })).code, 404);
  });

  test('only admins manage operators; no session, no call', async () => {
    const pat = await signIn(h, 'pat');
    for (const [method, path, body] of [
      ['GET', '/admin/operators', undefined],
      ['POST', '/admin/operators/create', { login: 'evil', role: 'admin', password: PASSWORD }],
      ['POST', '/admin/operators/disable', { login: 'root' }],
      ['POST', '/admin/operators/enable', { login: 'root' }],
    ] as const) {
      assert.equal((await consoleCall(h, pat, method, path, body)).code, 4004, path);
      const anonymous = await h.app.inject({ method, url: path, ...(body ? { payload: body } : {}) });
      assert.notEqual(anonymous.json().code, 200, path);
    }
    assert.equal((await login(h, 'root')).body.code, 200, 'root was not disabled');
  });

  test('an operator changes its own password: other sessions end, this one stays', async () => {
    await addOperator(h, 'sam', 'support');
    const here = await signIn(h, 'sam');
    const elsewhere = await signIn(h, 'sam');
    const wrong = await consoleCall(h, here, 'POST', '/console/api/password', {
      currentPassword: 'not it at all',
      newPassword: 'another long passphrase',
    });
    assert.equal(wrong.code, 400);
    assert.match(wrong.msg, /currentPassword/);
    const short = await consoleCall(h, here, 'POST', '/console/api/password', { currentPassword: PASSWORD, newPassword: 'short' });
    assert.match(short.msg, /newPassword/);
    const noCsrf = await consoleCall(
      h,
      here,
      'POST',
      '/console/api/password',
      { currentPassword: PASSWORD, newPassword: 'another long passphrase' },
      { csrf: false },
    );
    assert.equal(noCsrf.code, 4003);
    const changed = await consoleCall(h, here, 'POST', '/console/api/password', {
      currentPassword: PASSWORD,
      newPassword: 'another long passphrase',
    });
    assert.equal(changed.code, 200, changed.msg);
    assert.equal((await consoleCall(h, here, 'GET', '/console/api/me')).code, 200, 'this session stays');
    assert.equal((await consoleCall(h, elsewhere, 'GET', '/console/api/me')).code, 4002, 'the other one ended');
    assert.equal((await login(h, 'sam')).body.code, 4001, 'the old password no longer signs in');
    assert.equal((await login(h, 'sam', 'another long passphrase')).body.code, 200);
  });
});
