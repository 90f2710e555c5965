import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { dropPostgresSchema } from '../src/platform/db/index.ts';
import { onPostgres, testDatabaseUrl } from './helpers/db.ts';
import { ponte, tempDataDir } from './helpers/process.ts';

// The operator's commands as an operator types them, against SQLite or PostgreSQL alike.
const schema = `t_${randomBytes(6).toString('hex')}`;
const env: Record<string, string> = {
  PONTE_DATA_DIR: tempDataDir(),
  PONTE_LOG_LEVEL: 'warn',
  ...(onPostgres ? { DATABASE_URL: testDatabaseUrl, PONTE_DB_SCHEMA: schema } : {}),
};
after(async () => {
  if (onPostgres) await dropPostgresSchema(testDatabaseUrl, schema);
});

test('wallet topup and show print exactly one JSON object each', async () => {
  const dev = JSON.parse(await ponte(['developer', 'create', '--name', 'CLI shop', '--json'], env));
  assert.deepEqual(
    JSON.parse(
      await ponte(['wallet', 'topup', '--developer', dev.developerId, '--amount', '150000', '--note', 'first top-up', '--json'], env),
    ),
    { balance: 150000 },
  );
  await ponte(['wallet', 'topup', '--developer', dev.developerId, '--amount', '50', '--json'], env);
  assert.deepEqual(JSON.parse(await ponte(['wallet', 'show', '--developer', dev.developerId, '--json'], env)), {
    balance: 150050,
    entries: 2,
  });
  await assert.rejects(ponte(['wallet', 'topup', '--developer', dev.developerId, '--amount', '0', '--json'], env));
});

test('sandbox generate is resumable and sandbox advance moves the clock', async () => {
  const first = JSON.parse(await ponte(['sandbox', 'generate', '--products', '120', '--json'], env));
  assert.equal(first.products, 120);
  const again = JSON.parse(await ponte(['sandbox', 'generate', '--products', '150', '--json'], env));
  assert.equal(again.products, 150, 'resumed from 120 to 150');
  await assert.rejects(ponte(['sandbox', 'generate', '--products', '150', '--seed', '99', '--json'], env), /seed/);
  const advanced = JSON.parse(await ponte(['sandbox', 'advance', '2h', '--json'], env));
  assert.equal(advanced.offsetMs, 2 * 3_600_000);
  assert.equal(JSON.parse(await ponte(['sandbox', 'advance', '30m', '--json'], env)).offsetMs, 2.5 * 3_600_000);
});

test('catalog import reports bad lines by number and imports the rest', async () => {
  const fixture = new URL('./fixtures/catalog-import/catalog.jsonl', import.meta.url).pathname;
  const result = JSON.parse(await ponte(['catalog', 'import', fixture, '--json'], env));
  assert.equal(result.imported, 3);
  assert.ok(result.skipped.length >= 5);
  const reimport = JSON.parse(await ponte(['catalog', 'import', fixture, '--json'], env));
  assert.equal(reimport.imported, 0);
  assert.equal(reimport.updated, 3);
});
