import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type Migration,
  type MigrationProvider,
  type SqliteDatabase as KyselySqliteDatabase,
  type SqliteDialectConfig,
} from 'kysely';
import pg from 'pg';
import { BACKSTOP_AUTOCHECKPOINT_PAGES, startCheckpointer } from './checkpointer.ts';
import { createGroupCommit } from './group-commit.ts';
import { namedStatements } from './prepared.ts';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

/** A handle to the database: the Kysely instance plus what differs by dialect. */
export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: Dialect;
  /** The raw better-sqlite3 handle on SQLite, for the few measured hot paths; null on PostgreSQL. */
  readonly sqlite: SqliteDatabase.Database | null;
  /** PostgreSQL schema holding Ponte's tables ('public' unless configured). */
  readonly schema: string | null;
  close(): Promise<void>;
}

export interface ConnectOptions {
  databaseUrl?: string | undefined;
  /** PostgreSQL schema to use (created if missing); tests give every file its own. */
  schema?: string | undefined;
  /** SQLite file path, or ':memory:'. */
  sqliteFile?: string | undefined;
  dataDir?: string | undefined;
  poolSize?: number;
}

// PostgreSQL returns int8 as strings; every bigint we store (ms times, fen) fits a JS number,
// and a value that does not is a bug worth failing loudly on.
pg.types.setTypeParser(20, (text: string) => {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`bigint ${text} exceeds Number.MAX_SAFE_INTEGER`);
  return value;
});

/** How long a SQLite write waits for another process's write lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

export function connect(options: ConnectOptions): Db {
  if (options.databaseUrl) return connectPostgres(options.databaseUrl, options.schema, options.poolSize ?? 10);
  const file = options.sqliteFile ?? join(options.dataDir ?? './data', 'ponte.sqlite');
  if (file !== ':memory:') mkdirSync(options.dataDir ?? './data', { recursive: true });
  return connectSqlite(file);
}

function connectSqlite(file: string): Db {
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.pragma('foreign_keys = ON');
  // The default 2 MB page cache re-read catalog rows and index pages from the OS on the order
  // path (pread per page); 64 MB keeps the working set in process (measured in bench:orders).
  sqlite.pragma('cache_size = -65536');
  // A statement that may fail after a partial change (an INSERT into a table with several unique
  // indexes, an upsert) inside a savepoint keeps a statement journal; in a temp file that cost an
  // outbox insert 24 µs instead of 6 (measured).
  sqlite.pragma('temp_store = MEMORY');
  const checkpointer = file === ':memory:' ? null : startCheckpointer(file);
  if (checkpointer) sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
  const kysely = new Kysely<Database>({ dialect: new WriterSqliteDialect({ database: withStatementCache(sqlite) }) });
  createGroupCommit(kysely, sqlite);
  return {
    kysely,
    dialect: 'sqlite',
    sqlite,
    schema: null,
    close: async () => {
      await checkpointer?.stop();
      await kysely.destroy();
    },
  };
}

/**
 * Every transaction on SQLite begins IMMEDIATE, taking the write lock up front (waiting out
 * busy_timeout while another process holds it). A deferred transaction that reads first holds a
 * snapshot; when another process commits before its first write, SQLite cannot upgrade it and
 * answers SQLITE_BUSY at once, without waiting (a CLI top-up beside a busy server failed so).
 * Ponte's transactions all write, and reads outside a transaction are not affected.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class WriterSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/**
 * Kysely's SQLite driver calls prepare() for every query; preparing costs more than running a
 * point query, so statements are cached by SQL text (the SQL Kysely compiles is parameterised).
 * Kysely needs only prepare() and close() of the database; a plain object is cheaper on every
 * query than a Proxy around the handle (1.6 % of the order path's CPU).
 */
function withStatementCache(sqlite: SqliteDatabase.Database): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      let statement = cache.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (cache.size >= 1000) cache.clear();
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * Kysely hands pg the SQL text and its values, which pg runs as an unnamed statement: PostgreSQL
 * parses and plans it on every execution. The order path's fixed-shape statements (prepared.ts)
 * go out named instead, parsed once per connection; pg remembers which names each connection
 * has prepared. Any other query runs as before.
 */
class NamingClient extends pg.Client {
  override query(config: any, values?: any, callback?: any): any {
    const name = typeof config === 'string' ? namedStatements.get(config) : undefined;
    if (name && Array.isArray(values)) return super.query({ name, text: config, values }, callback);
    return super.query(config, values, callback);
  }
}

function connectPostgres(url: string, schema: string | undefined, max: number): Db {
  const pool = new pg.Pool({
    Client: NamingClient,
    connectionString: url,
    max,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, dialect: 'postgres', sqlite: null, schema: schema ?? 'public', close: () => kysely.destroy() };
}

/** Creates a PostgreSQL schema if missing, on a short-lived connection. */
export async function ensurePostgresSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Applies the given migrations (the composition root lists every module's, in order). */
export async function migrateWith(db: Db, migrations: Record<string, Migration>): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  // Without an explicit schema Kysely may find another schema's migration table and skip creating its own.
  const migrator = new Migrator({ db: db.kysely, provider, ...(db.schema ? { migrationTableSchema: db.schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
