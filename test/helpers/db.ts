import { randomBytes } from 'node:crypto';
import { connect, dropPostgresSchema, ensurePostgresSchema, type Db, type SchemaMode } from '../../src/platform/db/index.ts';
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

/** Another PostgreSQL than the suite's (a pooler, a throwaway cluster with a replica: test/scale-out-*.test.ts). */
export interface PostgresTarget {
  databaseUrl: string;
  schema?: string;
  schemaMode?: SchemaMode;
  replicaUrl?: string;
}

export function freshSchemaName(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}

export async function freshDatabase(target?: PostgresTarget): Promise<TestDb> {
  if (!onPostgres && !target) {
    const db = connect({ sqliteFile: ':memory:' });
    await migrateToLatest(db);
    return { db, env: {}, open: () => db, drop: () => db.close() };
  }
  const url = target?.databaseUrl ?? testDatabaseUrl;
  const schema = target?.schema ?? freshSchemaName();
  const options = { databaseUrl: url, schema, schemaMode: target?.schemaMode, replicaUrl: target?.replicaUrl };
  await ensurePostgresSchema(url, schema);
  const db = connect(options);
  await migrateToLatest(db);
  const others: Db[] = [];
  return {
    db,
    env: { DATABASE_URL: url, PONTE_DB_SCHEMA: schema },
    open: () => {
      const other = connect(options);
      others.push(other);
      return other;
    },
    drop: async () => {
      for (const other of others) await other.close();
      await db.close();
      await dropPostgresSchema(url, schema);
    },
  };
}
