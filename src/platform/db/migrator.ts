import { type Kysely, Migrator, sql, type DatabaseIntrospector, type Migration, type MigrationProvider, type TableMetadata } from 'kysely';
import type { Db } from './connect.ts';
import type { Database } from './schema.ts';

/**
 * Kysely's migrator asks its introspector whether the migration tables exist, and the PostgreSQL
 * introspector answers by reading every column of every table in every schema of the database,
 * calling has_schema_privilege and pg_get_serial_sequence on each schema's name. A schema dropped
 * by someone else meanwhile makes that read fail ("schema … does not exist") and the start with
 * it; on a database shared with other schemas it is also slow. The migrator only needs to know
 * about Ponte's own schema, so on PostgreSQL it gets an introspector that looks there alone.
 */
function ownSchemaIntrospector(kysely: Kysely<Database>, schema: string): DatabaseIntrospector {
  const getTables = async (): Promise<TableMetadata[]> => {
    const found = await sql<{ name: string }>`SELECT tablename AS name FROM pg_catalog.pg_tables WHERE schemaname = ${schema}`.execute(
      kysely,
    );
    return found.rows.map((row) => ({ name: row.name, schema, isView: false, columns: [] }));
  };
  return {
    getSchemas: async () => {
      const found = await sql<{ name: string }>`SELECT nspname AS name FROM pg_catalog.pg_namespace WHERE nspname = ${schema}`.execute(
        kysely,
      );
      return found.rows;
    },
    getTables,
    getMetadata: async () => ({ tables: await getTables() }),
  };
}

/** The same Kysely instance, except for what its `introspection` answers. */
function withIntrospector(kysely: Kysely<Database>, introspector: DatabaseIntrospector): Kysely<Database> {
  return new Proxy(kysely, {
    get(target, property) {
      if (property === 'introspection') return introspector;
      // Kysely keeps its state in private fields, which only the real instance can read.
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function migratorOf(db: Db, migrations: Record<string, Migration>): Migrator {
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  if (db.dialect !== 'postgres' || !db.schema) return new Migrator({ db: db.kysely, provider });
  // Without an explicit schema Kysely may find another schema's migration table and skip creating its own.
  const kysely = withIntrospector(db.kysely, ownSchemaIntrospector(db.kysely, db.schema));
  return new Migrator({ db: kysely, provider, migrationTableSchema: db.schema });
}

/** Applies the given migrations (the composition root lists every module's, in order). */
export async function migrateWith(db: Db, migrations: Record<string, Migration>): Promise<string[]> {
  const migrator = migratorOf(db, migrations);
  // Kysely's migrator holds a session-level advisory lock around its transaction even when nothing
  // is pending; through PgBouncer in transaction mode its unlock may reach another server
  // connection and leave the lock held. Nodes that start on an up-to-date schema take no lock.
  if ((await migrator.getMigrations()).every((m) => m.executedAt !== undefined)) return [];
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The names of the given migrations the database has not applied (a read; it throws when the database is unreachable). */
export async function pendingMigrationsOf(db: Db, migrations: Record<string, Migration>): Promise<string[]> {
  const infos = await migratorOf(db, migrations).getMigrations();
  return infos.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
