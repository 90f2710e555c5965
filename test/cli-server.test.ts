import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { dropPostgresSchema } from '../src/platform/db/index.ts';
import { onPostgres, testDatabaseUrl } from './helpers/db.ts';
import { startServerProcess, tempDataDir, type ServerProcess } from './helpers/process.ts';
import { startReceiver, type Receiver } from './helpers/callback-receiver.ts';

// A newcomer's two shells: `npm start` with its settings in one, `npx ponte …` with none in the other.
const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;
const serverFile = join(tempDataDir(), 'server.json');
const schemas = [`t_${randomBytes(6).toString('hex')}`, `t_${randomBytes(6).toString('hex')}`];
let server: ServerProcess;
let receiver: Receiver;
let demoId: string;

before(async () => {
  server = await startServerProcess({
    PONTE_DATA_DIR: tempDataDir(),
    PONTE_CALLBACK_ALLOW_PRIVATE: '1',
    PONTE_SANDBOX_PRODUCTS: '40',
    PONTE_SERVER_FILE: serverFile,
    ...(onPostgres ? { DATABASE_URL: testDatabaseUrl, PONTE_DB_SCHEMA: schemas[0]! } : {}),
  });
  demoId = server.output().match(/developer id : (\d+)/)![1]!;
  receiver = await startReceiver();
});
after(async () => {
  await server.stop();
  await receiver.close();
  if (onPostgres) for (const schema of schemas) await dropPostgresSchema(testDatabaseUrl, schema);
});

/** The CLI in a shell that has none of the server's settings, only the record's location. */
async function cli(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  const shell: Record<string, string | undefined> = { ...process.env, PONTE_SERVER_FILE: serverFile, ...env };
  if (!('PONTE_DATA_DIR' in env)) delete shell.PONTE_DATA_DIR;
  if (!('DATABASE_URL' in env)) delete shell.DATABASE_URL;
  for (const name of ['PONTE_DB_SCHEMA', 'PONTE_CALLBACK_ALLOW_PRIVATE', 'PONTE_PORT', 'PONTE_TEST_DB'])
    if (!(name in env)) delete shell[name];
  return run(process.execPath, [join(ROOT, 'bin/ponte.js'), ...args], { env: shell, cwd: ROOT });
}

test("a CLI command without the server's environment uses the running server's database and settings", async () => {
  const viewer = await cli(['subaccount', 'create', '--developer', demoId, '--role', 'viewer', '--json']);
  assert.match(JSON.parse(viewer.stdout).userId, /^[1-9]\d{0,15}$/);
  assert.equal(viewer.stderr, '', "the server's database is not new");
  // PONTE_CALLBACK_ALLOW_PRIVATE=1 came with the server's record: a loopback URL is accepted.
  const callback = JSON.parse((await cli(['callback', 'set', '--developer', demoId, '--url', receiver.url, '--json'])).stdout);
  assert.equal(callback.url, receiver.url);
});

test('a new, empty database is named on stderr while --json stdout stays one object', async () => {
  const dataDir = tempDataDir();
  const env = { PONTE_DATA_DIR: dataDir, ...(onPostgres ? { DATABASE_URL: testDatabaseUrl, PONTE_DB_SCHEMA: schemas[1]! } : {}) };
  const first = await cli(['developer', 'create', '--name', 'first', '--json'], env);
  assert.match(JSON.parse(first.stdout).developerId, /^[1-9]\d{0,15}$/);
  assert.match(first.stderr, /new and empty/);
  assert.ok(first.stderr.includes(onPostgres ? `schema ${schemas[1]}` : join(dataDir, 'ponte.sqlite')), first.stderr);
  const second = await cli(['developer', 'create', '--name', 'second', '--json'], env);
  assert.equal(second.stderr, '', 'said once, while it is empty');
});

async function runTwice(snippet: string): Promise<void> {
  for (const attempt of [1, 2]) {
    const { stdout } = await run('sh', ['-c', snippet]);
    const envelope = JSON.parse(stdout);
    assert.equal(envelope.code, 200, `paste ${attempt}: ${stdout}`);
  }
}

test("`ponte curl` targets the running server's port and signs afresh on every run", async () => {
  const { stdout } = await cli(['curl', '--developer', demoId, 'GET', '/v2/open/address/list']);
  assert.ok(stdout.includes(`${server.baseUrl}/v2/open/address/list`), stdout);
  await runTwice(stdout);
  const post = await cli([
    'curl',
    '--developer',
    demoId,
    '--body',
    `{"keyword":"it's a dress","language":"en"}`,
    'POST',
    '/v2/taobao/product/search',
  ]);
  await runTwice(post.stdout);
});

test("the start banner's snippet answers on every paste", async () => {
  const banner = server.output();
  const snippet = banner.slice(banner.indexOf('\nts=') + 1).split('\n\n')[0]!;
  assert.doesNotMatch(banner, /valid for 10 minutes/);
  await runTwice(snippet);
});
