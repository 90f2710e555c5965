import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freshDatabase, onPostgres, type TestDb } from './helpers/db.ts';
import { ponte, tempDataDir } from './helpers/process.ts';

describe('ponte developer signin-link', () => {
  let env: Record<string, string>;
  let testDb: TestDb | null = null;
  before(async () => {
    testDb = onPostgres ? await freshDatabase() : null;
    env = { ...(testDb?.env ?? {}), PONTE_DATA_DIR: tempDataDir(), PONTE_PUBLIC_URL: 'https://ponte.example/' };
  });
  after(async () => {
    await testDb?.drop();
  });

  test('prints a 15-minute link under the public URL; an unknown developer is refused', async () => {
    const developer = JSON.parse(await ponte(['developer', 'create', '--name', 'Acme', '--json'], env));
    const before = Date.now();
    const link = JSON.parse(await ponte(['developer', 'signin-link', '--developer', developer.developerId, '--json'], env));
    assert.deepEqual(Object.keys(link).sort(), ['expiresAt', 'token', 'url']);
    assert.equal(link.url, `https://ponte.example/console/dev/#/signin/${link.token}`);
    assert.equal(Buffer.from(link.token, 'base64url').length, 32);
    assert.ok(link.expiresAt >= before + 15 * 60_000 && link.expiresAt <= Date.now() + 15 * 60_000, 'wall clock + 15 min');
    const again = JSON.parse(await ponte(['developer', 'signin-link', '--developer', developer.developerId, '--json'], env));
    assert.notEqual(again.token, link.token);
    await assert.rejects(ponte(['developer', 'signin-link', '--developer', '999999'], env), /developer 999999 not found/);
  });
});
