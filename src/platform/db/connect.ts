import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase as KyselySqliteDatabase,
  type SqliteDialectConfig,
} from 'kysely';
import { BACKSTOP_AUTOCHECKPOINT_PAGES, startCheckpointer, type CheckpointStats } from './checkpointer.ts';
import { createGroupCommit } from './group-commit.ts';
import { connectPostgres, type SchemaMode } from './postgres.ts';
import type { Database } from './schema.ts';
import type { Pipeline } from './pipeline.ts';

export type Dialect = 'sqlite' | 'postgres';

/** A handle to the database: the Kysely instance plus what differs by dialect. */
export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: Dialect;
  /** The raw better-sqlite3 handle on SQLite, for the few measured hot paths; null on PostgreSQL. */
  readonly sqlite: SqliteDatabase.Database | null;
  /** PostgreSQL schema holding Ponte's tables ('public' unless configured). */
  readonly schema: string | null;
  /**
   * Where catalog and search reads go, which tolerate a replica's lag: the replica when
   * PONTE_DATABASE_REPLICA_URL is set, otherwise this database itself.
   */
  readonly catalogReads: Db;
  /** Independent statements in one round trip (pipeline.ts); null on SQLite and through a transaction pooler. */
  readonly pipeline: Pipeline | null;
  /** In-memory numbers for the metrics: the pool on PostgreSQL, the checkpoint thread on a SQLite file. */
  stats(): DbStats;
  close(): Promise<void>;
}

export interface DbStats {
  pool: { total: number; idle: number; waiting: number } | null;
  checkpoints: CheckpointStats | null;
}

export interface ConnectOptions {
  databaseUrl?: string | undefined;
  /** PostgreSQL schema to use (created if missing); tests give every file its own. */
  schema?: string | undefined;
  /** SQLite file path, or ':memory:'. */
  sqliteFile?: string | undefined;
  dataDir?: string | undefined;
  poolSize?: number;
  /** How the PostgreSQL schema is applied (postgres.ts: SchemaMode). */
  schemaMode?: SchemaMode;
  /** PostgreSQL streaming replica for catalog and search reads. */
  replicaUrl?: string | undefined;
}

/** How long a SQLite write waits for another process's write lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

export function connect(options: ConnectOptions): Db {
  if (options.databaseUrl)
    return connectPostgres({
      url: options.databaseUrl,
      schema: options.schema,
      schemaMode: options.schemaMode ?? 'startup',
      max: options.poolSize ?? 10,
      replicaUrl: options.replicaUrl,
    });
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
  const db: Db = {
    kysely,
    dialect: 'sqlite',
    sqlite,
    schema: null,
    pipeline: null,
    get catalogReads() {
      return db;
    },
    stats: () => ({ pool: null, checkpoints: checkpointer?.stats() ?? null }),
    close: async () => {
      await checkpointer?.stop();
      await kysely.destroy();
    },
  };
  return db;
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
