import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Db } from './connect.ts';
import { ponteClient } from './pg-client.ts';
import { pipelineOn } from './pipeline.ts';
import type { Database } from './schema.ts';

/**
 * How the schema reaches PostgreSQL. 'startup' sends `search_path` as a startup parameter of every
 * connection; 'none' sends nothing and leaves it to the server side, because a pooler in
 * transaction mode (PgBouncer) refuses unknown startup parameters and hands one server connection
 * to many clients: the pooler's connect_query or the role's default (ALTER ROLE … SET search_path)
 * sets it there instead. Either way no statement is added to a transaction.
 */
export type SchemaMode = 'startup' | 'none';

export interface PostgresOptions {
  url: string;
  schema: string | undefined;
  schemaMode: SchemaMode;
  max: number;
  /** A streaming replica for catalog and search reads (docs/scale-out.md). */
  replicaUrl: string | undefined;
}

// PostgreSQL returns int8 as strings; every bigint we store (ms times, fen) fits a JS number,
// and a value that does not is a bug worth failing loudly on.
pg.types.setTypeParser(20, (text: string) => {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`bigint ${text} exceeds Number.MAX_SAFE_INTEGER`);
  return value;
});

function pool(url: string, options: PostgresOptions, max: number, pipeline: boolean): pg.Pool {
  const direct = options.schemaMode === 'startup';
  const startup = direct && options.schema ? { options: `-c search_path=${options.schema}` } : {};
  // Through a transaction pooler (schema mode none) a statement prepared on one server connection
  // is not there on the next: statements stay unnamed.
  return new pg.Pool({
    connectionString: url,
    max,
    ...startup,
    Client: ponteClient(direct),
    ...(pipeline ? { pipeline } : {}),
  } as pg.PoolConfig);
}

function postgresDb(kysely: Kysely<Database>, pools: pg.Pool[], schema: string, catalogReads: Db | null): Db {
  const [main, pipelined] = pools as [pg.Pool, pg.Pool | undefined];
  const db: Db = {
    kysely,
    dialect: 'postgres',
    sqlite: null,
    schema,
    pipeline: pipelined ? pipelineOn(pipelined) : null,
    get catalogReads() {
      return catalogReads ?? db;
    },
    stats: () => ({ pool: { total: main.totalCount, idle: main.idleCount, waiting: main.waitingCount }, checkpoints: null }),
    // Closing twice is allowed (Kysely's destroy is; pg's pool end is not).
    close: async () => {
      await catalogReads?.close();
      if (pipelined && !pipelined.ending) await pipelined.end();
      await kysely.destroy();
    },
  };
  return db;
}

export function connectPostgres(options: PostgresOptions): Db {
  const schema = options.schema ?? 'public';
  const open = (pools: pg.Pool[], catalogReads: Db | null) =>
    postgresDb(new Kysely<Database>({ dialect: new PostgresDialect({ pool: pools[0]! }) }), pools, schema, catalogReads);
  const replica = options.replicaUrl ? open([pool(options.replicaUrl, options, options.max, false)], null) : null;
  const primary = [pool(options.url, options, options.max, false)];
  // Pipelining is for a direct connection only: a transaction pooler (schema mode none) may hand
  // the server connection to another client at the first statement's ReadyForQuery.
  if (options.schemaMode === 'startup') primary.push(pool(options.url, options, PIPELINE_POOL_SIZE, true));
  return open(primary, replica);
}

/** Connections for pipelined statements (db/pipeline.ts): each is held for one round trip. */
const PIPELINE_POOL_SIZE = 4;

/**
 * Refuses a database whose connections do not land in the configured schema: with the schema
 * left to a pooler or a role default, a missing setting would otherwise create and write Ponte's
 * tables in `public`. Checked once at start, on the primary and on the replica.
 */
export async function verifyPostgresSchema(db: Db, mode: SchemaMode): Promise<void> {
  await verifyOne(db, 'database', mode);
  if (db.catalogReads !== db) await verifyOne(db.catalogReads, 'replica', mode);
}

async function verifyOne(db: Db, role: 'database' | 'replica', mode: SchemaMode): Promise<void> {
  const found = await sql<{ schema: string | null }>`SELECT current_schema() AS schema`.execute(db.kysely);
  const current = found.rows[0]?.schema ?? null;
  if (current === db.schema) return;
  const how =
    mode === 'none'
      ? `PONTE_PG_SCHEMA_MODE=none leaves search_path to the pooler or the role: set connect_query='SET search_path=${db.schema}' in PgBouncer's [databases] entry, or ALTER ROLE … SET search_path = ${db.schema}`
      : `the schema may be missing there, or search_path overridden`;
  const named = current === null ? 'none' : `"${current}"`;
  throw new Error(`the ${role} connection's current schema is ${named}, not "${db.schema}" (PONTE_DB_SCHEMA): ${how}`);
}

/** Creates a PostgreSQL schema if missing, on a short-lived connection. */
export async function ensurePostgresSchema(url: string, schema: string): Promise<void> {
  await onOneConnection(url, `CREATE SCHEMA IF NOT EXISTS "${schema}"`);
}

export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  await onOneConnection(url, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

async function onOneConnection(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
