/** Each quickstart's vector block, run as a reader would run it, prints the README's test vectors. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { tempDataDir } from './helpers/process.ts';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;
const EXPECTED = 'MD5 51670AEBF2E50CC744BF09F049D36632\nHMAC-SHA256 C4F6F4E206038B5B5B6EC27A0AD134CEEC2747E66B6701261F6C62FC4C0A8EB7\n';
const README_EXPECTS = ['51670AEBF2E50CC744BF09F049D36632', 'C4F6F4E206038B5B5B6EC27A0AD134CEEC2747E66B6701261F6C62FC4C0A8EB7'];

/** The fenced blocks of one language in a quickstart, in order. */
function blocks(file: string, language: string): string[] {
  const text = readFileSync(join(ROOT, 'docs', file), 'utf8');
  return [...text.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1]!);
}

test('the README still publishes the vectors the quickstarts print', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const signature of README_EXPECTS) assert.ok(readme.includes(signature), signature);
});

test('curl quickstart: md5sum and openssl give the vectors', async () => {
  const env = { PATH: process.env.PATH ?? '', NONCE: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', TS: '1715669977082', LC_ALL: 'C.UTF-8' };
  const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', blocks('quickstart-curl.md', 'bash')[0]!], { env });
  assert.equal(stdout, EXPECTED);
});

test('Python quickstart: the standard library gives the vectors', async () => {
  const { stdout } = await run('python3', ['-c', blocks('quickstart-python.md', 'python')[0]!]);
  assert.equal(stdout, EXPECTED);
});

test('TypeScript quickstart: the SDK gives the vectors', async () => {
  const source = blocks('quickstart-typescript.md', 'ts')
    .at(-1)!
    .replace("'@ponte/sdk'", `'${join(ROOT, 'sdk/src/index.ts')}'`);
  const file = join(tempDataDir(), 'vectors.ts');
  writeFileSync(file, source);
  const { stdout } = await run(process.execPath, [file]);
  assert.equal(stdout, EXPECTED);
});
