import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LOCKOUT } from '../src/modules/operators/index.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { addOperator, PASSWORD } from './helpers/operators.ts';

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
