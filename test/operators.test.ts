import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createOperator,
  disableOperator,
  hashPassword,
  LOCKOUT,
  parseHash,
  SCRYPT_PARAMETERS,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  verifyPassword,
} from '../src/modules/operators/index.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { addOperator, consoleCall, login, PASSWORD, signIn } from './helpers/operators.ts';

describe('operator passwords', () => {
  test('scrypt round trip, parameters stored with the hash, fresh salt each time', async () => {
    const stored = await hashPassword('correct horse battery');
    const parsed = parseHash(stored);
    assert.ok(parsed);
    assert.deepEqual({ N: parsed.N, r: parsed.r, p: parsed.p }, { N: 2 ** 15, r: 8, p: 1 });
    assert.deepEqual(SCRYPT_PARAMETERS, { N: 2 ** 15, r: 8, p: 1 });
    assert.equal(parsed.salt.length, 16);
    assert.equal(parsed.key.length, 32);
    assert.equal(await verifyPassword('correct horse battery', stored), true);
    assert.equal(await verifyPassword('correct horse batterz', stored), false);
    assert.notEqual(await hashPassword('correct horse battery'), stored);
  });

  test('a hash made with other parameters still verifies: they are read from the hash', async () => {
    const cheap = await hashPassword('another passphrase', { N: 2 ** 10, r: 8, p: 1 });
    assert.match(cheap, /^scrypt\$1024\$8\$1\$/);
    assert.equal(await verifyPassword('another passphrase', cheap), true);
    assert.equal(await verifyPassword('another passphrase', 'scrypt$0$8$1$aa$bb'), false);
    assert.equal(await verifyPassword('another passphrase', 'bcrypt$whatever'), false);
  });
});

describe('operator accounts', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  test('login, role and password rules; a login is unique', async () => {
    const ctx = { ...h.ctx, clock: h.clock };
    const bad = [
      { login: 'ab', role: 'admin', password: PASSWORD, field: 'login' },
      { login: 'Upper', role: 'admin', password: PASSWORD, field: 'login' },
      { login: 'x'.repeat(41), role: 'admin', password: PASSWORD, field: 'login' },
      { login: 'good.login', role: 'root', password: PASSWORD, field: 'role' },
      { login: 'good.login', role: 'admin', password: 'elevenchars', field: 'password' },
    ];
    for (const { field, ...input } of bad) {
      const refused = await createOperator(ctx, input);
      assert.equal(refused.ok, false);
      assert.equal(!refused.ok && refused.params?.field, field, JSON.stringify(input));
    }
    const created = await createOperator(ctx, { login: 'good.login', role: 'finance', password: 'twelve chars' });
    assert.ok(created.ok);
    assert.equal(created.operator.name, 'good.login');
    const again = await createOperator(ctx, { login: 'good.login', role: 'admin', password: PASSWORD });
    assert.equal(!again.ok && again.error, 'CONFLICT');
  });
});

describe('console sign-in', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
    await addOperator(h, 'ana', 'admin');
    await addOperator(h, 'lock.me', 'support');
    await addOperator(h, 'gone', 'warehouse');
  });
  after(() => h.close());

  test('the right password sets an HttpOnly, SameSite=Strict cookie and answers the operator and a CSRF token', async () => {
    const { body, setCookie } = await login(h, 'ana');
    assert.equal(body.code, 200);
    assert.deepEqual(body.data.operator, { login: 'ana', name: 'ana', role: 'admin' });
    assert.match(body.data.csrfToken, /^[0-9a-f]{64}$/);
    assert.match(setCookie, /^ponte_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=604800$/);
    const stored = await h.db.kysely.selectFrom('operator_sessions').select('token_hash').execute();
    const token = setCookie.split(';')[0]!.split('=')[1]!;
    assert.ok(
      stored.every((row) => row.token_hash !== token),
      'only the hash is stored',
    );
  });

  test('a wrong password, an unknown login and a disabled operator get the same refusal', async () => {
    await disableOperator({ ...h.ctx, clock: h.clock }, 'gone');
    const answers = [await login(h, 'ana', 'not the password'), await login(h, 'nobody.here'), await login(h, 'gone')];
    for (const { body, setCookie } of answers) {
      assert.equal(body.code, 4001);
      assert.equal(body.data, null);
      assert.equal(setCookie, '');
    }
    assert.equal(new Set(answers.map((a) => a.body.msg)).size, 1);
  });

  test('five failures lock the login for 15 minutes, the right password included; then it works again', async () => {
    for (let i = 0; i < LOCKOUT.perLogin - 1; i++) assert.equal((await login(h, 'lock.me', 'wrong wrong wrong')).body.code, 4001);
    const fifth = await login(h, 'lock.me', 'wrong wrong wrong');
    assert.equal(fifth.body.code, 4001);
    assert.equal(fifth.body.data.retryAfterSeconds, 900);
    h.clock.advance(60_000);
    const locked = await login(h, 'lock.me');
    assert.equal(locked.body.code, 4001, 'the right password is refused while locked');
    assert.equal(locked.body.data.retryAfterSeconds, 840);
    const unknownLocked = [];
    for (let i = 0; i < LOCKOUT.perLogin; i++) unknownLocked.push(await login(h, 'no.such.operator', 'x'));
    assert.equal(unknownLocked.at(-1)!.body.data.retryAfterSeconds, 900, 'an unknown login locks the same way');
    h.clock.advance(LOCKOUT.lockMs - 60_000);
    assert.equal((await login(h, 'lock.me')).body.code, 200);
  });

  test('failures older than the window do not count', async () => {
    for (let i = 0; i < LOCKOUT.perLogin - 1; i++) await login(h, 'ana', 'wrong wrong wrong');
    h.clock.advance(LOCKOUT.windowMs + 1);
    assert.equal((await login(h, 'ana', 'wrong wrong wrong')).body.data, null, 'not locked: the old four expired');
    assert.equal((await login(h, 'ana')).body.code, 200);
  });

  test('one address failing across many logins is locked out too', async () => {
    for (let i = 0; i < LOCKOUT.perAddress; i++) await login(h, `spray${i}`, 'wrong wrong wrong', '10.9.9.9');
    const fromThere = await login(h, 'ana', PASSWORD, '10.9.9.9');
    assert.equal(fromThere.body.code, 4001);
    assert.ok(fromThere.body.data.retryAfterSeconds > 0);
    assert.equal((await login(h, 'ana', PASSWORD, '10.9.9.8')).body.code, 200, 'another address is not');
    h.clock.advance(LOCKOUT.lockMs);
  });

  test('a session ends after 12 idle hours, and after 7 days however busy', async () => {
    const session = await signIn(h, 'ana');
    h.clock.advance(SESSION_IDLE_MS - 60_000);
    assert.equal((await consoleCall(h, session, 'GET', '/console/api/me')).code, 200, 'seen just in time: idle restarts');
    h.clock.advance(SESSION_IDLE_MS - 60_000);
    assert.equal((await consoleCall(h, session, 'GET', '/console/api/me')).code, 200);
    h.clock.advance(SESSION_IDLE_MS);
    assert.equal((await consoleCall(h, session, 'GET', '/console/api/me')).code, 4002, 'idle 12 h');

    const busy = await signIn(h, 'ana');
    const step = SESSION_IDLE_MS / 2;
    for (let elapsed = step; elapsed < SESSION_ABSOLUTE_MS; elapsed += step) {
      h.clock.advance(step);
      assert.equal((await consoleCall(h, busy, 'GET', '/console/api/me')).code, 200);
    }
    h.clock.advance(step);
    assert.equal((await consoleCall(h, busy, 'GET', '/console/api/me')).code, 4002, 'absolute 7 d');
  });

  test('logout ends the session and clears the cookie; disabling ends every session of the operator', async () => {
    const session = await signIn(h, 'ana');
    const out = await consoleCall(h, session, 'POST', '/console/api/logout');
    assert.equal(out.code, 200);
    assert.equal(out.data.signedOut, true);
    assert.match(out.setCookie, /^ponte_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0$/);
    assert.equal((await consoleCall(h, session, 'GET', '/console/api/me')).code, 4002);

    await addOperator(h, 'leaver', 'finance');
    const leaver = await signIn(h, 'leaver');
    assert.deepEqual((await consoleCall(h, leaver, 'GET', '/console/api/me')).data.operator, {
      login: 'leaver',
      name: 'leaver',
      role: 'finance',
    });
    assert.equal(
      (await consoleCall(h, leaver, 'GET', '/console/api/me')).data.csrfToken,
      leaver.csrfToken,
      'a reloaded page gets its CSRF token back',
    );
    await disableOperator({ ...h.ctx, clock: h.clock }, 'leaver');
    assert.equal((await consoleCall(h, leaver, 'GET', '/console/api/me')).code, 4002);
  });

  test('a forged or garbled cookie is not a session', async () => {
    const forged = { cookie: 'ponte_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', csrfToken: 'x', setCookie: '' };
    assert.equal((await consoleCall(h, forged, 'GET', '/console/api/me')).code, 4002);
    const empty = { cookie: 'ponte_session=', csrfToken: 'x', setCookie: '' };
    assert.equal((await consoleCall(h, empty, 'GET', '/console/api/me')).code, 411);
  });

  test('the cookie is Secure when PONTE_PUBLIC_URL is https', async () => {
    const secure = await createHarness({ publicUrl: 'https://ponte.example' });
    try {
      await addOperator(secure, 'ana', 'admin');
      const { setCookie } = await login(secure, 'ana');
      assert.match(setCookie, /; Secure$/);
    } finally {
      await secure.close();
    }
  });
});
