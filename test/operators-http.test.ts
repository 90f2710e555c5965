import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { defineAdminRoute } from '../src/platform/http/index.ts';
import { createHarness, ADMIN_TOKEN, type Harness } from './helpers/harness.ts';
import { addOperator, consoleCall, envelopeOf, signIn, type ConsoleSession } from './helpers/operators.ts';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';

const GATE_CODES = new Set([411, 4002, 4003, 4004]);

async function bearer(h: Harness, method: string, url: string, body?: unknown) {
  const response = await h.app.inject({
    method: method as 'GET' | 'POST',
    url,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return envelopeOf(response);
}

/** Every admin operation the OpenAPI document lists, with the roles its description names. */
async function adminOperations(h: Harness): Promise<Array<{ method: string; path: string; operationId: string; roles: string[] }>> {
  const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  const found = [];
  for (const [path, methods] of Object.entries<Record<string, { operationId: string; description: string; security: unknown[] }>>(
    doc.paths,
  )) {
    for (const [method, op] of Object.entries(methods)) {
      const named = /of an operator with role (.*)\./.exec(op.description);
      if (!named) continue;
      const roles = [...named[1]!.matchAll(/`(\w+)`/g)].map((m) => m[1]!);
      found.push({ method: method.toUpperCase(), path: path.replace(/\{\w+\}/g, '1'), operationId: op.operationId, roles });
    }
  }
  return found;
}

describe('admin routes with a console session', () => {
  let h: Harness;
  let dev: CreatedDeveloper;
  const sessions: Record<string, ConsoleSession> = {};
  before(async () => {
    h = await createHarness();
    dev = await h.developer();
    for (const role of ['admin', 'purchaser', 'warehouse', 'finance', 'support'] as const) {
      await addOperator(h, `op.${role}`, role);
      sessions[role] = await signIn(h, `op.${role}`);
    }
  });
  after(() => h.close());

  test('every POST with the cookie needs the session’s x-csrf-token; a GET does not', async () => {
    const finance = sessions.finance!;
    const topup = { developerId: dev.developerId, amountFen: 100 };
    assert.equal((await consoleCall(h, finance, 'POST', '/admin/wallets/topup', topup, { csrf: false })).code, 4003);
    assert.equal((await consoleCall(h, finance, 'POST', '/admin/wallets/topup', topup, { csrf: sessions.admin!.csrfToken })).code, 4003);
    assert.equal((await consoleCall(h, finance, 'POST', '/console/api/logout', undefined, { csrf: false })).code, 4003);
    assert.equal(
      (await consoleCall(h, finance, 'GET', `/admin/wallets?developerId=${dev.developerId}`, undefined, { csrf: false })).code,
      200,
    );
    const paid = await consoleCall(h, finance, 'POST', '/admin/wallets/topup', topup);
    assert.equal(paid.code, 200);
    assert.equal(paid.data.balance, 100, 'only the call with the token moved money');
  });

  test('roles are checked on the server: a warehouse login cannot top up a wallet, support can agree refunds', async () => {
    const topup = { developerId: dev.developerId, amountFen: 100 };
    const refused = await consoleCall(h, sessions.warehouse!, 'POST', '/admin/wallets/topup', topup);
    assert.equal(refused.code, 4004);
    assert.match(refused.msg, /warehouse/);
    assert.equal((await bearer(h, 'GET', `/admin/wallets?developerId=${dev.developerId}`)).data.balance, 100, 'nothing moved');
    assert.equal((await consoleCall(h, sessions.warehouse!, 'POST', '/admin/refunds/agree', { refundId: 'RF1' })).code, 4004);
    assert.equal((await consoleCall(h, sessions.support!, 'POST', '/admin/refunds/agree', { refundId: '999999' })).code, 404);
    assert.equal((await consoleCall(h, sessions.support!, 'POST', '/admin/warehouse/parcels/scan', { trackingNumber: 'SF1' })).code, 4004);
    assert.equal((await consoleCall(h, sessions.finance!, 'GET', '/console/api/audit')).code, 4004, 'the audit is admin only');
  });

  test('each admin route admits exactly its declared roles; the bearer token passes every one', async () => {
    const operations = await adminOperations(h);
    assert.ok(operations.length >= 35, `${operations.length} admin operations`);
    for (const op of operations) {
      if (op.operationId === 'consoleLogout') continue;
      const viaToken = await bearer(h, op.method, op.path, op.method === 'POST' ? {} : undefined);
      assert.ok(!GATE_CODES.has(viaToken.code), `${op.operationId} with the bearer token: ${viaToken.code}`);
      for (const [role, session] of Object.entries(sessions)) {
        const answer = await consoleCall(h, session, op.method as 'GET' | 'POST', op.path, op.method === 'POST' ? {} : undefined);
        const admitted = op.roles.includes(role);
        assert.equal(answer.code === 4004, !admitted, `${op.operationId} as ${role}: ${answer.code}`);
        assert.ok(answer.code !== 4002 && answer.code !== 4003, `${op.operationId} as ${role}: ${answer.code}`);
      }
    }
  });

  test('without a token or a cookie an admin route answers 411; a wrong bearer token is not rescued by a cookie', async () => {
    const none = (await h.app.inject({ method: 'GET', url: '/console/api/me' })).json();
    assert.equal(none.code, 411);
    const both = await h.app.inject({
      method: 'GET',
      url: '/console/api/me',
      headers: { authorization: 'Bearer wrong', cookie: sessions.admin!.cookie },
    });
    assert.equal(both.json().code, 411);
    assert.deepEqual((await bearer(h, 'GET', '/console/api/me')).data, { operator: null, csrfToken: null });
  });

  test('every admin call is audited: operator or token, operation, the answer code, the body without secrets or pictures', async () => {
    const support = await signIn(h, 'op.support');
    const picture = 'A'.repeat(5000);
    const hostile = {
      refundId: '424242',
      note: 'hello',
      password: 'hunter2hunter2',
      secretKey: 'abc',
      photos: [picture],
      imageBase64: 'QUJD',
    };
    assert.equal((await consoleCall(h, support, 'POST', '/admin/refunds/message', hostile)).code, 400);
    assert.equal((await bearer(h, 'POST', '/admin/wallets/topup', { developerId: dev.developerId, amountFen: 7, note: 'cash' })).code, 200);

    const page = await consoleCall(h, sessions.admin!, 'GET', '/console/api/audit?operator=op.support');
    assert.equal(page.code, 200);
    const row = page.data.rows[0];
    assert.equal(row.login, 'op.support');
    assert.equal(row.role, 'support');
    assert.equal(row.operationId, 'adminRefundMessage');
    assert.equal(row.method, 'POST');
    assert.equal(row.path, '/admin/refunds/message');
    assert.equal(row.code, 400);
    assert.match(row.actor, /^[0-9a-f]{32}$/);
    assert.deepEqual(JSON.parse(row.body), {
      refundId: '424242',
      note: 'hello',
      password: '[redacted]',
      secretKey: '[redacted]',
      photos: ['[5000 characters]'],
      imageBase64: '[4 characters]',
    });
    assert.ok(page.data.rows.every((r: { login: string }) => r.login === 'op.support'));
    assert.ok(
      page.data.rows.some((r: { code: number }) => r.code === 4004),
      'refusals by role are audited too',
    );

    const tokenRows = (await bearer(h, 'GET', '/console/api/audit?operator=token')).data.rows;
    const topup = tokenRows.find((r: { operationId: string }) => r.operationId === 'adminWalletTopUp');
    assert.deepEqual(
      { actor: topup.actor, login: topup.login, code: topup.code, body: JSON.parse(topup.body) },
      { actor: 'token', login: null, code: 200, body: { developerId: dev.developerId, amountFen: 7, note: 'cash' } },
    );
    const all = (await bearer(h, 'GET', '/console/api/audit')).data;
    assert.equal(all.pageSize, 50);
    assert.ok(all.total > 50, `${all.total} rows`);
    const second = (await bearer(h, 'GET', '/console/api/audit?page=2')).data;
    // The first page's own call is audited in between, which moves the second page back by one row.
    assert.ok(second.rows.length > 0 && second.rows[0].id === all.rows.at(-1).id, 'pages go back in time');
  });
});

describe('the audit write is in the request flow', () => {
  test('a handler that throws is audited with code 500', async () => {
    const broken = defineAdminRoute({
      method: 'POST',
      path: '/admin/test/broken',
      operationId: 'adminTestBroken',
      summary: 'throws',
      tags: ['Admin'],
      data: z.object({}),
      errors: [],
      handler: async () => {
        throw new Error('a bug');
      },
    });
    const h = await createHarness({}, { extraRoutes: [broken] });
    try {
      await addOperator(h, 'ana', 'admin');
      const session = await signIn(h, 'ana');
      assert.equal((await consoleCall(h, session, 'POST', '/admin/test/broken', { password: 'never kept' })).code, 500);
      const [row] = (await bearer(h, 'GET', '/console/api/audit?operator=ana')).data.rows;
      assert.deepEqual([row.operationId, row.code, row.body], ['adminTestBroken', 500, '{"password":"[redacted]"}']);
    } finally {
      await h.close();
    }
  });

  test('when the audit row cannot be written, the admin call answers 500, not success', async () => {
    const h = await createHarness();
    try {
      const dev = await h.developer();
      await h.db.kysely.schema.dropTable('operator_audit').execute();
      const answer = await bearer(h, 'POST', '/admin/wallets/topup', { developerId: dev.developerId, amountFen: 5 });
      assert.equal(answer.code, 500);
    } finally {
      await h.close();
    }
  });
});
