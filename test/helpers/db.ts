import { randomBytes } from 'node:crypto';
import { connect, dropPostgresSchema, ensurePostgresSchema, type Db } from '../../src/platform/db/index.ts';
import { migrateToLatest } from '../../src/migrations.ts';

/**
 * Each test file gets a fresh database: SQLite in memory, or (PONTE_TEST_DB=postgres) a new
 * schema on the local PostgreSQL that is dropped afterwards, so runs never see each other's rows.
 */
export const onPostgres = process.env.PONTE_TEST_DB === 'postgres';
export const testDatabaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDb {
  db: Db;
  /** Settings another process or connection needs to reach the same database. */
  env: Record<string, string>;
  open(): Db;
  drop(): Promise<void>;
}

export async function freshDatabase(): Promise<TestDb> {
  if (!onPostgres) {
    const db = connect({ sqliteFile: ':memory:' });
    await migrateToLatest(db);
    return { db, env: {}, open: () => db, drop: () => db.close() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await ensurePostgresSchema(testDatabaseUrl, schema);
  const db = connect({ databaseUrl: testDatabaseUrl, schema });
  await migrateToLatest(db);
  const others: Db[] = [];
  return {
    db,
    env: { DATABASE_URL: testDatabaseUrl, PONTE_DB_SCHEMA: schema },
    open: () => {
      const other = connect({ databaseUrl: testDatabaseUrl, schema });
      others.push(other);
      return other;
    },
    drop: async () => {
      for (const other of others) await other.close();
      await db.close();
      await dropPostgresSchema(testDatabaseUrl, schema);
    },
  };
}
