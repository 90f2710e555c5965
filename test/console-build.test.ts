/** The consoles' build is current only for the sources it was built from (their API types are the SDK's: test/sdk-types.test.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { consoleBuildIsCurrent, consoleSourceHash, ensureConsoleBuilt } from '../src/wire/console/build.ts';

test('a build is made once and then found current; its stamp is the hash of the sources', async () => {
  await ensureConsoleBuilt();
  assert.equal(consoleBuildIsCurrent(), true);
  assert.equal(await ensureConsoleBuilt(), 'current');
  assert.match(consoleSourceHash(), /^[0-9a-f]{64}$/);
});
