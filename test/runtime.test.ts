import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { tempDataDir } from './helpers/process.ts';

// The project carries its own Node.js (the "node" package); every entry point must run on it,
// and an older Node must stop with directions instead of crashing inside a native addon.
const ROOT = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const ENTRY_POINTS = [['bin/ponte.js', 'migrate'], ['src/main.ts']] as const;

function run(node: string, args: readonly string[], dataDir: string) {
  return spawnSync(node, args, {
    cwd: ROOT,
    env: { ...process.env, PONTE_DATA_DIR: dataDir, PONTE_PORT: '0', PONTE_LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

/** A `node` on PATH older than 24 (the machines' system Node is 20), if there is one. */
function olderNodeOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'node');
    try {
      accessSync(candidate, constants.X_OK);
    } catch {
      continue;
    }
    const version = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    if (Number(version.split('.')[0]) < 24) return candidate;
  }
  return undefined;
}

describe('runtime', () => {
  it('runs the suite on the Node.js that package.json pins', () => {
    assert.equal(process.versions.node, pkg.dependencies.node);
  });

  for (const entry of ENTRY_POINTS) {
    it(`${entry[0]} on an older Node stops before it touches anything and says how to run Ponte`, () => {
      const dataDir = tempDataDir();
      const pretendOld = 'data:text/javascript,Object.defineProperty(process,"version",{value:"v20.20.2"})';
      const result = run(process.execPath, ['--import', pretendOld, join(ROOT, entry[0]), ...entry.slice(1)], dataDir);
      assert.equal(result.status, 1, `exit ${result.status}, signal ${result.signal}\n${result.stdout}${result.stderr}`);
      assert.match(result.stderr, /Ponte needs Node\.js 24 or newer; this is Node\.js v20\.20\.2/);
      assert.match(result.stderr, /npm start .*npx ponte <command>/);
      assert.equal(result.stdout, '');
      assert.deepEqual(readdirSync(dataDir), [], 'no database was opened');
    });
  }

  it('bin/ponte.js on a real older Node stops with the same directions', (t) => {
    const older = olderNodeOnPath();
    if (!older) return t.skip('no Node older than 24 on PATH');
    const result = run(older, [join(ROOT, 'bin/ponte.js'), 'migrate'], tempDataDir());
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /Ponte needs Node\.js 24 or newer/);
    assert.match(result.stderr, /npx ponte <command>/);
  });
});
