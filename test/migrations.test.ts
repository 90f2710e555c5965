import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { pendingMigrations } from '../src/migrations.ts';
import { freshDatabase, freshSchemaName, onPostgres, testDatabaseUrl, type TestDb } from './helpers/db.ts';

describe('migrations on a PostgreSQL shared with other schemas', { skip: !onPostgres && 'PostgreSQL only' }, () => {
  let testDb: TestDb | null = null;
  after(async () => testDb?.drop());

  test('a schema dropped meanwhile by someone else does not fail the migrator', async () => {
    testDb = await freshDatabase();
    const other = new pg.Client({ connectionString: testDatabaseUrl });
    await other.connect();
    let churning = true;
    // Another tenant of the database creating and dropping its own schemas, as test files and other apps do.
    const churn = (async () => {
      let rounds = 0;
      while (churning) {
        const schema = freshSchemaName();
        await other.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (id serial PRIMARY KEY, a text, b text, c text)`);
        await other.query(`DROP SCHEMA ${schema} CASCADE`);
        rounds += 1;
      }
      return rounds;
    })();
    try {
      for (let read = 0; read < 200; read += 1) assert.deepEqual(await pendingMigrations(testDb.db), []);
    } finally {
      churning = false;
      assert.ok((await churn) > 0);
      await other.end();
    }
  });
});
