import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freshDatabase, onPostgres, type TestDb } from './helpers/db.ts';
import { ponte, tempDataDir } from './helpers/process.ts';

const ROOT = new URL('..', import.meta.url).pathname;

/** `ponte` with a password on standard input (--password-stdin). */
function ponteWithStdin(args: string[], env: Record<string, string>, stdin: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [join(ROOT, 'bin/ponte.js'), ...args],
      { env: { ...process.env, ...env }, cwd: ROOT },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
    child.stdin!.end(stdin);
  });
}

describe('ponte operator create / disable / enable / password / list', () => {
  let env: Record<string, string>;
  let testDb: TestDb | null = null;
  before(async () => {
    testDb = onPostgres ? await freshDatabase() : null;
    env = { ...(testDb?.env ?? {}), PONTE_DATA_DIR: tempDataDir() };
  });
  after(async () => {
    await testDb?.drop();
  });

  test('creates from PONTE_OPERATOR_PASSWORD or standard input, refuses a short password and a taken login', async () => {
    const created = JSON.parse(
      await ponte(['operator', 'create', '--login', 'ana', '--role', 'admin', '--name', 'Ana Lima', '--json'], {
        ...env,
        PONTE_OPERATOR_PASSWORD: 'twelve chars!',
      }),
    );
    assert.deepEqual(created, { login: 'ana', name: 'Ana Lima', role: 'admin' });
    await ponteWithStdin(
      ['operator', 'create', '--login', 'wh.1', '--role', 'warehouse', '--password-stdin'],
      env,
      'from standard input\n',
    );
    await assert.rejects(
      ponte(['operator', 'create', '--login', 'short', '--role', 'admin'], { ...env, PONTE_OPERATOR_PASSWORD: 'elevenchars' }),
      /password must be at least 12 characters/,
    );
    await assert.rejects(
      ponte(['operator', 'create', '--login', 'ana', '--role', 'support'], { ...env, PONTE_OPERATOR_PASSWORD: 'twelve chars!' }),
      /login ana is taken/,
    );
    await assert.rejects(ponte(['operator', 'create', '--login', 'x1', '--role', 'root'], env), /Allowed choices are admin, purchaser/);
  });

  test('disable marks the operator; list shows every operator with its role', async () => {
    assert.match(await ponte(['operator', 'disable', 'wh.1'], env), /operator wh\.1 disabled/);
    await assert.rejects(ponte(['operator', 'disable', 'nobody'], env), /operator nobody not found/);
    const listed = JSON.parse(await ponte(['operator', 'list', '--json'], env));
    assert.deepEqual(listed.operators, [
      { login: 'ana', name: 'Ana Lima', role: 'admin', disabled: false },
      { login: 'wh.1', name: 'wh.1', role: 'warehouse', disabled: true },
    ]);
  });

  test('enable lets a disabled operator back; password replaces it, refusing a short one', async () => {
    assert.match(await ponte(['operator', 'enable', 'wh.1'], env), /operator wh\.1 enabled/);
    await assert.rejects(ponte(['operator', 'enable', 'nobody'], env), /operator nobody not found/);
    const listed = JSON.parse(await ponte(['operator', 'list', '--json'], env));
    assert.equal(listed.operators.find((o: { login: string }) => o.login === 'wh.1').disabled, false);
    assert.match(
      await ponteWithStdin(['operator', 'password', 'wh.1', '--password-stdin'], env, 'a brand new passphrase\n'),
      /password changed/,
    );
    await assert.rejects(ponte(['operator', 'password', 'wh.1'], { ...env, PONTE_OPERATOR_PASSWORD: 'short' }), /at least 12 characters/);
  });
});
