import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { createClient } from '../sdk/src/index.ts';
import { dropPostgresSchema } from '../src/platform/db/index.ts';
import { onPostgres, testDatabaseUrl } from './helpers/db.ts';
import { ponte, startServerProcess, tempDataDir, type ServerProcess } from './helpers/process.ts';

// The whole foundation as a client meets it: a real server process, the real CLI, the SDK over HTTP.
const schema = `t_${randomBytes(6).toString('hex')}`;
const env: Record<string, string> = onPostgres
  ? { DATABASE_URL: testDatabaseUrl, PONTE_DB_SCHEMA: schema, PONTE_DATA_DIR: tempDataDir() }
  : { PONTE_DATA_DIR: tempDataDir() };
let server: ServerProcess;

before(async () => {
  server = await startServerProcess({
    ...env,
    PONTE_DEMO_ACCESS_KEY: 'demo0000000000000000000000000001',
    PONTE_DEMO_ACCESS_SECRET: 'secret00000000000000000000000001',
  });
});
after(async () => {
  await server?.stop(); // unset when the start failed
  if (onPostgres) await dropPostgresSchema(testDatabaseUrl, schema);
});

test('first start prints the demo developer with the pinned keys and a signed curl example', () => {
  const out = server.output();
  assert.match(out, /developer id : \d{16}/);
  assert.match(out, /access key {3}: demo0000000000000000000000000001/);
  assert.match(out, /curl -s -X GET '.*\/v2\/open\/address\/list'/);
});

test('CLI creates a developer and sub-accounts; the SDK calls the API with them over HTTP', async () => {
  const created = JSON.parse(await ponte(['developer', 'create', '--name', 'Journey Shop', '--json'], env));
  assert.deepEqual(Object.keys(created).sort(), ['accessKey', 'accessSecret', 'developerId', 'userId']);
  assert.match(created.developerId, /^\d{16}$/);
  assert.match(created.userId, /^\d{16}$/);
  const main = createClient({ baseUrl: server.baseUrl, ...created, language: 'en' });
  const saved = await main.call('POST', '/v2/open/address/addOrUpdate', {
    body: { name: 'Somchai', province: '浙江省', city: '金华市', district: '义乌市', address: '国际商贸城 5 区', phone: '+66812345678' },
  });
  assert.equal(saved.code, 200, saved.msg);
  assert.equal(saved.developId, created.developerId);
  const hmac = createClient({ baseUrl: server.baseUrl, ...created, signType: 'HMAC-SHA256' });
  const list = await hmac.GET('/v2/open/address/list');
  assert.ok(list.ok, JSON.stringify(list));
  assert.equal(list.data?.[0]?.name, 'Somchai');

  const viewer = JSON.parse(await ponte(['subaccount', 'create', '--developer', created.developerId, '--role', 'viewer', '--json'], env));
  const asViewer = createClient({ baseUrl: server.baseUrl, ...created, userId: viewer.userId });
  assert.deepEqual(await asViewer.GET('/v2/open/address/list').then((r) => r.ok && r.data), [], 'sub-account sees only its own rows');
  const refused = await asViewer.POST('/v2/open/address/addOrUpdate', {
    body: { name: 'x', province: 'x', city: 'x', district: 'x', address: 'x', phone: '13800138000' },
  });
  assert.deepEqual(refused.ok ? 'ok' : [refused.code, refused.name], [406, 'NO_PERMISSION']);
});

test('keys rotate without --grace: the old secret stops at once, the new one works', async () => {
  const created = JSON.parse(await ponte(['developer', 'create', '--name', 'Rotator', '--json'], env));
  const rotated = JSON.parse(await ponte(['keys', 'rotate', '--developer', created.developerId, '--json'], env));
  assert.match(rotated.accessSecret, /^[0-9a-f]{32}$/);
  const old = createClient({ baseUrl: server.baseUrl, ...created });
  assert.equal(await old.GET('/v2/open/address/list').then((r) => r.ok || r.name), 'SIGNATURE_MISMATCH');
  const fresh = createClient({ baseUrl: server.baseUrl, ...created, accessSecret: rotated.accessSecret });
  assert.equal((await fresh.GET('/v2/open/address/list')).ok, true);
  const graced = JSON.parse(await ponte(['keys', 'rotate', '--developer', created.developerId, '--grace', '10m', '--json'], env));
  assert.equal((await fresh.GET('/v2/open/address/list')).ok, true, 'previous secret valid during grace');
  assert.equal(
    (await createClient({ baseUrl: server.baseUrl, ...created, accessSecret: graced.accessSecret }).GET('/v2/open/address/list')).ok,
    true,
  );
});

test('the demo developer answers with its pinned keys; CLI errors exit non-zero', async () => {
  const demoId = /developer id : (\d{16})/.exec(server.output())![1]!;
  const demoUser = /main user id : (\d{16})/.exec(server.output())![1]!;
  const demo = createClient({
    baseUrl: server.baseUrl,
    accessKey: 'demo0000000000000000000000000001',
    accessSecret: 'secret00000000000000000000000001',
    userId: demoUser,
  });
  const answer = await demo.call('GET', '/v2/open/address/list');
  assert.equal(answer.code, 200);
  assert.equal(answer.developId, demoId);
  await assert.rejects(ponte(['subaccount', 'create', '--developer', '42', '--role', 'viewer', '--json'], env), /developer 42 not found/);
  await assert.rejects(ponte(['subaccount', 'create', '--developer', demoId, '--role', 'emperor'], env), /emperor/);
});
