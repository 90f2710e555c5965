/** The operator audit records each admin call's client address by the lock-out's rule (PONTE_TRUSTED_PROXIES). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADMIN_TOKEN, createHarness, type Harness } from './helpers/harness.ts';

/** An admin call from `peer` carrying `X-Forwarded-For: forwardedFor`, then the audit row it left. */
async function auditedFrom(h: Harness, peer: string, forwardedFor: string) {
  const authorization = `Bearer ${ADMIN_TOKEN}`;
  const made = await h.app.inject({
    method: 'POST',
    url: '/admin/developers/create',
    headers: { authorization, 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    remoteAddress: peer,
    payload: JSON.stringify({ name: 'audited' }),
  });
  assert.equal(made.json().code, 200);
  const audit = await h.app.inject({ method: 'GET', url: '/console/api/audit', headers: { authorization } });
  const row = audit.json().data.rows.find((r: { operationId: string }) => r.operationId === 'adminDeveloperCreate');
  assert.ok(row, 'the create call is audited');
  return row.clientAddress as string;
}

test('from a trusted proxy the audit records the forwarded client; from any other peer, the peer', async () => {
  const h = await createHarness({ trustedProxies: ['10.0.0.0/8'] });
  try {
    assert.equal(await auditedFrom(h, '10.0.0.5', '203.0.113.7'), '203.0.113.7');
    assert.equal(await auditedFrom(h, '198.51.100.4', '203.0.113.9'), '198.51.100.4', 'a forged header from an untrusted peer is ignored');
  } finally {
    await h.close();
  }
});

test('with no trusted proxy (the default) the audit records the peer whatever it forwards', async () => {
  const h = await createHarness();
  try {
    assert.equal(await auditedFrom(h, '10.0.0.5', '203.0.113.7'), '10.0.0.5');
  } finally {
    await h.close();
  }
});
