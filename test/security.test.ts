import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { roleAllows, SUB_ACCOUNT_ROLES, type Action, type SubAccountRole } from '../src/platform/auth/index.ts';
import { topUp } from '../src/modules/wallet/index.ts';
import type { Source, SourceProduct } from '../src/sources/source.ts';
import { orderTestbed } from './helpers/catalog.ts';
import { startReceiver, type Receiver } from './helpers/callback-receiver.ts';
import type { Answer, CallOpts, Harness } from './helpers/harness.ts';
import { OWNED_IDS, ownerRows, type OwnerRows, type Params } from './helpers/owned-ids.ts';
import { fillPath, signedOperations, type SignedOperation } from './helpers/routes.ts';

/**
 * One suite over every signed operation the app registers (shared role tests, after Unkey): each
 * is refused unsigned (401), with a wrong signature (402), a stale timestamp (403), a replayed
 * nonce (405), by every sub-account role without its action (406), and finds nothing of another
 * developer's (404). The list comes from the app, so a new route is covered with nothing to add,
 * except its line in OWNED_IDS, which this suite demands.
 */
const operations = signedOperations();

/** The sub-account roles that lack the action (none for an action every role has). */
function rolesWithout(action: Action): SubAccountRole[] {
  return SUB_ACCOUNT_ROLES.filter((role) => !roleAllows(role, action));
}

function request(op: SignedOperation, params: Params = {}): { url: string; body: unknown } {
  const { path, rest } = fillPath(op.path, params);
  if (op.input === 'body') return { url: path, body: rest };
  const query = new URLSearchParams(Object.entries(rest).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return { url: query ? `${path}?${query}` : path, body: op.method === 'POST' ? {} : undefined };
}

let h: Harness;
let source: Source;
let products: SourceProduct[];
let receiver: Receiver;
let owner: CreatedDeveloper;
let stranger: CreatedDeveloper;
let rows: OwnerRows;
const roles = new Map<SubAccountRole, CreatedDeveloper>();

function call(who: CreatedDeveloper, op: SignedOperation, params?: Params, opts?: CallOpts) {
  const { url, body } = request(op, params);
  return h.call(who, op.method, url, body, opts);
}

before(async () => {
  // The wall clock is pinned, so the rate limit never refills: a burst large enough for the whole suite.
  ({ h, source, products } = await orderTestbed({ rateLimitBurst: 1_000_000, allowPrivateUrls: true }, 300));
  receiver = await startReceiver();
  owner = await h.developer('owner');
  stranger = await h.developer('stranger');
  await topUp(h.ctx, { developerId: owner.developerId, amountFen: 1_000_000_000 });
  for (const role of SUB_ACCOUNT_ROLES) roles.set(role, await h.subAccount(owner, role));
  rows = ownerRows(h, source, products, owner, receiver);
});
after(async () => {
  await receiver.close();
  await h.close();
});

describe('the signed operations', () => {
  test('are exactly the signed operations of /openapi.json', async (t) => {
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const documented: string[] = [];
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        if ((op.security ?? []).some((s: object) => 'accessKey' in s)) documented.push(`${method.toUpperCase()} ${path} ${op.operationId}`);
      }
    }
    const registered = operations.map((op) => `${op.method} ${op.path} ${op.operationId}`);
    assert.deepEqual(registered.toSorted(), documented.toSorted());
    assert.equal(operations.length, documented.length);
    t.diagnostic(`security suite covers ${operations.length} signed operations`);
  });

  test('each says which of its inputs are owned ids, or that it takes none', () => {
    const ids = new Set(operations.map((op) => op.operationId));
    assert.deepEqual(
      operations.map((op) => op.operationId).filter((id) => !(id in OWNED_IDS)),
      [],
      'add these operations to OWNED_IDS in test/helpers/owned-ids.ts',
    );
    assert.deepEqual(
      Object.keys(OWNED_IDS).filter((id) => !ids.has(id)),
      [],
      'OWNED_IDS names operations the app no longer serves',
    );
  });

  test('operations whose action every sub-account role has (no 406 case)', (t) => {
    const everyRole = operations.filter((op) => rolesWithout(op.action).length === 0);
    for (const op of everyRole) assert.equal(op.action, 'read', `${op.operationId}: only reads are open to every role`);
    t.diagnostic(`every role may: ${everyRole.map((op) => op.operationId).join(', ')}`);
  });
});

for (const op of operations) {
  describe(`${op.operationId}: ${op.method} ${op.path} (${op.action})`, () => {
    test('unsigned → 401', async () => {
      const { url, body } = request(op);
      const answer = await h.app.inject({ method: op.method, url, ...(body === undefined ? {} : { payload: body as object }) });
      assert.equal(answer.statusCode, 200);
      assert.equal(answer.json().code, 401);
    });

    test('wrong signature → 402', async () => {
      assert.equal((await call({ ...owner, accessSecret: '0'.repeat(32) }, op)).code, 402);
    });

    test('stale timestamp → 403', async () => {
      const stale = String(h.clock.nowMs() - h.config.signatureWindowMs - 1000);
      assert.equal((await call(owner, op, {}, { timestamp: stale })).code, 403);
    });

    test('replayed nonce → 405', async () => {
      // A developer of its own, so whatever the first request does touches no other case's rows.
      const replayer = await h.developer();
      const nonceStr = `replay-${op.operationId}`.padEnd(16, '0').slice(0, 64);
      const first = await call(replayer, op, {}, { nonceStr });
      assert.notEqual(first.code, 405, first.msg);
      assert.equal((await call(replayer, op, {}, { nonceStr })).code, 405);
    });

    for (const role of rolesWithout(op.action)) {
      test(`role ${role} without ${op.action} → 406`, async () => {
        const answer = await call(roles.get(role)!, op);
        assert.equal(answer.code, 406, answer.msg);
      });
    }

    const ownedIds = OWNED_IDS[op.operationId];
    if (ownedIds && 'params' in ownedIds) {
      test("another developer's ids → 404; the owner's same call → 200", async () => {
        const params = await ownedIds.params(rows);
        const found = ownedIds.found ?? ((answer: Answer) => answer.code);
        const foreign = await call(stranger, op, params);
        assert.equal(found(foreign), 404, `${JSON.stringify(params)}: ${foreign.msg}`);
        const own = await call(owner, op, params);
        // The owner's same call succeeds: the input is well formed, the rows real, and the stranger changed nothing.
        assert.equal(found(own), 200, `the owner's call: ${own.code} ${own.msg}`);
      });
    }
  });
}
