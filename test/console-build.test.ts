/** The consoles' build is current only for the sources it was built from, and their API types match /openapi.json. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { API_TYPES_FILE, generatedApiTypes } from '../scripts/console-api-types.ts';
import { consoleBuildIsCurrent, consoleSourceHash, ensureConsoleBuilt } from '../src/wire/console/build.ts';

test('console/src/api-types.ts is generated from the current /openapi.json (npm run console:types)', async () => {
  assert.equal(readFileSync(API_TYPES_FILE, 'utf8'), await generatedApiTypes(), 'stale: run npm run console:types');
});

test('a build is made once and then found current; its stamp is the hash of the sources', async () => {
  await ensureConsoleBuilt();
  assert.equal(consoleBuildIsCurrent(), true);
  assert.equal(await ensureConsoleBuilt(), 'current');
  assert.match(consoleSourceHash(), /^[0-9a-f]{64}$/);
});
