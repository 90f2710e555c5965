/** The SDK package's types match /openapi.json, and the package stands alone. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { generatedSdkTypes, SDK_TYPES_FILE } from '../scripts/sdk-api-types.ts';
import { CREATE_OPERATIONS } from '../sdk/src/index.ts';
import { createHarness } from './helpers/harness.ts';

test('sdk/src/openapi-types.ts is generated from the current /openapi.json (npm run sdk:types)', async () => {
  assert.equal(readFileSync(SDK_TYPES_FILE, 'utf8'), await generatedSdkTypes(), 'stale: run npm run sdk:types');
});

test('the SDK sources import nothing outside the package but node: modules and openapi-fetch', () => {
  const dir = new URL('../sdk/src/', import.meta.url);
  for (const file of readdirSync(dir)) {
    const imports = [...readFileSync(new URL(file, dir), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
    for (const name of imports) assert.match(name, /^(\.\/[\w-]+\.ts|node:\w+|openapi-fetch)$/, `${file} imports ${name}`);
  }
});

test('the SDK adds an Idempotency-Key on exactly the operations that document one', async () => {
  const h = await createHarness();
  try {
    const document = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(document.paths)
      .filter(([, operations]) => JSON.stringify(operations.post ?? '').includes('Idempotency-Key'))
      .map(([path]) => path);
    assert.deepEqual([...CREATE_OPERATIONS].sort(), documented.sort());
  } finally {
    await h.close();
  }
});
