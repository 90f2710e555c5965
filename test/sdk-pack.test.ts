/**
 * The SDK as a stranger installs it: built, packed, the tarball installed into an empty project
 * (its dependencies packed from this project's node_modules, offline), and a journey run there by plain `node` against a
 * real server process: search → order → pay → refund application → the refund callback verified.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { dropPostgresSchema } from '../src/platform/db/index.ts';
import { onPostgres, testDatabaseUrl } from './helpers/db.ts';
import { type ServerProcess, startServerProcess, tempDataDir } from './helpers/process.ts';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;
const ADMIN = `admin-${randomBytes(12).toString('hex')}`;
const KEYS = { ACCESS_KEY: 'demo0000000000000000000000000001', ACCESS_SECRET: 'secret00000000000000000000000001' };
const schema = `t_${randomBytes(6).toString('hex')}`;
let server: ServerProcess;
let project: string;

before(async () => {
  server = await startServerProcess({
    ...(onPostgres ? { DATABASE_URL: testDatabaseUrl, PONTE_DB_SCHEMA: schema } : {}),
    PONTE_DATA_DIR: tempDataDir(),
    PONTE_SANDBOX_PRODUCTS: '200',
    PONTE_SANDBOX_PRICE_CHANGE_RATE: '0',
    PONTE_SANDBOX_STOCK_OUT_RATE: '0',
    PONTE_CALLBACK_ALLOW_PRIVATE: '1',
    PONTE_ADMIN_TOKEN: ADMIN,
    PONTE_DEMO_ACCESS_KEY: KEYS.ACCESS_KEY,
    PONTE_DEMO_ACCESS_SECRET: KEYS.ACCESS_SECRET,
  });
  project = tempDataDir();
});
after(async () => {
  await server?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
  if (onPostgres) await dropPostgresSchema(testDatabaseUrl, schema);
});

/**
 * The SDK's runtime dependencies and theirs, by package directory. An offline `npm install` of the
 * SDK alone would need each dependency's registry metadata in the npm cache, which `npm ci` never
 * stores; installed as tarballs beside it they need nothing from the registry.
 */
function runtimeDependencies(packageDir: string, found = new Set<string>()): Set<string> {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    const dir = join(ROOT, 'node_modules', name);
    if (!found.has(dir)) runtimeDependencies(dir, found.add(dir));
  }
  return found;
}

async function topUp(developerId: string): Promise<void> {
  const response = await fetch(`${server.baseUrl}/admin/wallets/topup`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ developerId, amountFen: 10_000_000, note: 'sdk pack journey' }),
  });
  assert.equal(((await response.json()) as { code: number }).code, 200);
}

test('the packed SDK installs into an empty project and runs a journey there with plain node', { timeout: 120_000 }, async () => {
  rmSync(join(ROOT, 'sdk/dist'), { recursive: true, force: true });
  await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'sdk/tsconfig.json')]);
  await run('npm', ['pack', '--silent', '--pack-destination', project], { cwd: join(ROOT, 'sdk') });
  const tarball = readdirSync(project).find((name) => name.endsWith('.tgz'));
  assert.equal(tarball, 'ponte-sdk-0.1.0.tgz');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'sdk-journey', private: true, type: 'module' }));
  await run('npm', ['pack', '--silent', ...runtimeDependencies(join(ROOT, 'sdk'))], { cwd: project });
  const tarballs = readdirSync(project).filter((name) => name.endsWith('.tgz'));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', ...tarballs.map((name) => `./${name}`)], { cwd: project });
  copyFileSync(join(ROOT, 'test/helpers/sdk-journey.mjs'), join(project, 'journey.mjs'));

  const developerId = /developer id : (\d+)/.exec(server.output())![1]!;
  const userId = /main user id : (\d+)/.exec(server.output())![1]!;
  await topUp(developerId);
  const { stdout } = await run(process.execPath, ['journey.mjs'], {
    cwd: project,
    env: { PATH: process.env.PATH ?? '', BASE_URL: server.baseUrl, USER_ID: userId, ...KEYS },
  });
  const outcome = JSON.parse(stdout) as {
    orderId: string;
    refundId: string;
    callback?: { id: string; refundId: string; subOrderId: string };
    tampered: string;
  };
  assert.match(outcome.orderId, /^\d+$/);
  assert.deepEqual(outcome.callback && [outcome.callback.refundId, outcome.callback.subOrderId], [
    outcome.refundId,
    `${outcome.orderId}-1`,
  ]);
  assert.equal(outcome.tampered, 'no-matching-signature');
});
