/** The console's developer, wallet and dashboard routes, with the bearer token and with role-checked sessions. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_TOKEN, createHarness, type Harness } from './helpers/harness.ts';
import { addOperator, consoleCall, signIn } from './helpers/operators.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

async function admin(method: 'GET' | 'POST', url: string, payload?: object, token: string | null = ADMIN_TOKEN) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return (await h.app.inject({ method, url, headers, ...(payload ? { payload } : {}) })).json();
}

describe('/admin/developers', () => {
  it('creates a developer whose secret signs, lists and finds it, and shows no secret afterwards', async () => {
    const made = await admin('POST', '/admin/developers/create', { name: 'Bangkok Shop' });
    assert.equal(made.code, 200, made.msg);
    const { developerId, userId, accessKey, secretKey } = made.data;
    const signed = await h.call({ developerId, userId, accessKey, accessSecret: secretKey }, 'GET', '/v2/open/wallet/balance');
    assert.equal(signed.code, 200, 'the answered secret signs');
    const found = await admin('GET', `/admin/developers?q=bangkok&sort=name&order=asc`);
    assert.deepEqual(
      found.data.rows.map((row: { developerId: string }) => row.developerId),
      [developerId],
    );
    assert.equal(found.data.rows[0].balanceFen, 0);
    const byId = await admin('GET', `/admin/developers?q=${developerId.slice(0, 6)}`);
    assert.ok(byId.data.rows.some((row: { developerId: string }) => row.developerId === developerId));
    const detail = await admin('GET', `/admin/developers/detail?developerId=${developerId}`);
    assert.equal(detail.code, 200, detail.msg);
    assert.equal(detail.data.keys[0].accessKey, accessKey);
    assert.doesNotMatch(JSON.stringify(detail.data), new RegExp(secretKey), 'no read answers the secret');
    assert.deepEqual(detail.data.rateLimit, { perSecond: h.config.rateLimitPerSecond, burst: h.config.rateLimitBurst, custom: false });
  });

  it('rotates with a grace, adds a sub-account, switches HMAC on, and disables and enables', async () => {
    const dev = await h.developer('rotating');
    const rotated = await admin('POST', '/admin/developers/keys/rotate', { developerId: dev.developerId, graceSeconds: 60 });
    assert.equal(rotated.code, 200, rotated.msg);
    assert.notEqual(rotated.data.secretKey, dev.accessSecret);
    assert.equal((await h.call(dev, 'GET', '/v2/open/wallet/balance')).code, 200, 'the old secret signs within the grace');
    const fresh = { ...dev, accessSecret: rotated.data.secretKey };
    assert.equal((await h.call(fresh, 'GET', '/v2/open/wallet/balance')).code, 200);

    const sub = await admin('POST', '/admin/developers/subaccounts/create', { developerId: dev.developerId, role: 'viewer' });
    assert.equal(sub.code, 200, sub.msg);
    const hmac = await admin('POST', '/admin/developers/require-hmac', { developerId: dev.developerId, required: true });
    assert.equal(hmac.data.keys[0].requireHmac, true);
    assert.deepEqual(
      hmac.data.subAccounts.map((s: { userId: string; role: string }) => [s.userId, s.role]),
      [[sub.data.userId, 'viewer']],
    );
    assert.notEqual((await h.call(fresh, 'GET', '/v2/open/wallet/balance')).code, 200, 'MD5 refused once HMAC is mandatory');
    assert.equal((await h.call(fresh, 'GET', '/v2/open/wallet/balance', undefined, { signType: 'HMAC-SHA256' })).code, 200);

    const disabled = await admin('POST', '/admin/developers/disable', { developerId: dev.developerId, disabled: true });
    assert.equal(disabled.data.disabled, true);
    const refused = await h.call(fresh, 'GET', '/v2/open/wallet/balance', undefined, { signType: 'HMAC-SHA256' });
    assert.equal(refused.code, 4031, refused.msg);
    const wrongSecret = await h.call({ ...fresh, accessSecret: 'f'.repeat(32) }, 'GET', '/v2/open/wallet/balance', undefined, {
      signType: 'HMAC-SHA256',
    });
    assert.notEqual(wrongSecret.code, 4031, 'only a correctly signed call learns the developer is disabled');
    await admin('POST', '/admin/developers/disable', { developerId: dev.developerId, disabled: false });
    assert.equal((await h.call(fresh, 'GET', '/v2/open/wallet/balance', undefined, { signType: 'HMAC-SHA256' })).code, 200);
    assert.equal((await admin('GET', '/admin/developers?disabled=true')).data.total, 0);
  });

  it('names the field of bad input, answers 404 for an unknown developer, and refuses without auth', async () => {
    const bad = await admin('POST', '/admin/developers/keys/rotate', { developerId: 'abc', graceSeconds: 10 });
    assert.equal(bad.code, 400);
    assert.match(bad.msg, /developerId/);
    const tooLong = await admin('POST', '/admin/developers/keys/rotate', { developerId: '1', graceSeconds: 604_801 });
    assert.match(tooLong.msg, /graceSeconds/);
    assert.equal((await admin('GET', '/admin/developers/detail?developerId=999999999')).code, 404);
    assert.equal((await admin('POST', '/admin/developers/disable', { developerId: '999999999', disabled: true })).code, 404);
    assert.equal((await admin('GET', '/admin/developers', undefined, null)).code, 411);
    assert.equal((await admin('POST', '/admin/developers/create', { name: 'x' }, 'wrong-token-0123456789abcdef')).code, 411);
  });

  it('lets finance and support read developers but only admin change them', async () => {
    await addOperator(h, 'money', 'finance');
    const finance = await signIn(h, 'money');
    assert.equal((await consoleCall(h, finance, 'GET', '/admin/developers')).code, 200);
    assert.equal((await consoleCall(h, finance, 'POST', '/admin/developers/create', { name: 'nope' })).code, 4004);
  });
});

describe('/admin/wallets: adjust and ledger', () => {
  it('credits and debits with a reason; the ledger shows each with the running balance', async () => {
    const dev = await h.developer('ledger');
    await admin('POST', '/admin/wallets/topup', { developerId: dev.developerId, amountFen: 10_000 });
    const debit = await admin('POST', '/admin/wallets/adjust', {
      developerId: dev.developerId,
      amountFen: -2_501,
      reason: 'duplicate top-up',
    });
    assert.equal(debit.code, 200, debit.msg);
    assert.equal(debit.data.balanceFen, 7_499);
    const over = await admin('POST', '/admin/wallets/adjust', { developerId: dev.developerId, amountFen: -7_500, reason: 'too much' });
    assert.equal(over.code, 2001, 'never below zero');
    const ledger = await admin('GET', `/admin/wallets/ledger?developerId=${dev.developerId}`);
    assert.deepEqual(
      ledger.data.rows.map((row: { kind: string; amountFen: number; balanceAfterFen: number; note: string | null }) => [
        row.kind,
        row.amountFen,
        row.balanceAfterFen,
        row.note,
      ]),
      [
        ['adjustment', -2_501, 7_499, 'duplicate top-up'],
        ['topup', 10_000, 10_000, null],
      ],
    );
    assert.equal(ledger.data.rows[0].entryId, debit.data.entryId);
  });

  it('refuses a zero amount or a missing reason by name, and a warehouse login with 4004', async () => {
    const dev = await h.developer('strict');
    const zero = await admin('POST', '/admin/wallets/adjust', { developerId: dev.developerId, amountFen: 0, reason: 'x' });
    assert.equal(zero.code, 400);
    assert.match(zero.msg, /amountFen/);
    const noReason = await admin('POST', '/admin/wallets/adjust', { developerId: dev.developerId, amountFen: 5 });
    assert.match(noReason.msg, /reason/);
    await addOperator(h, 'shelves', 'warehouse');
    const floor = await signIn(h, 'shelves');
    const refused = await consoleCall(h, floor, 'POST', '/admin/wallets/adjust', {
      developerId: dev.developerId,
      amountFen: 5,
      reason: 'x',
    });
    assert.equal(refused.code, 4004);
    assert.equal((await consoleCall(h, floor, 'GET', `/admin/wallets/ledger?developerId=${dev.developerId}`)).code, 4004);
  });
});

describe('/admin/dashboard', () => {
  it('counts wallets and their total, and answers every role', async () => {
    const before = (await admin('GET', '/admin/dashboard')).data;
    const dev = await h.developer('dash');
    await admin('POST', '/admin/wallets/topup', { developerId: dev.developerId, amountFen: 12_345 });
    const board = await admin('GET', '/admin/dashboard');
    assert.equal(board.code, 200, board.msg);
    assert.equal(board.data.wallets.count, before.wallets.count + 1);
    assert.equal(board.data.wallets.totalBalanceFen, before.wallets.totalBalanceFen + 12_345);
    assert.deepEqual(board.data.callbacks.recentFailures, []);
    await addOperator(h, 'helpdesk', 'support');
    assert.equal((await consoleCall(h, await signIn(h, 'helpdesk'), 'GET', '/admin/dashboard')).code, 200);
  });
});
