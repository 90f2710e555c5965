/**
 * The crash harness's server: the real `src/main.ts` process on one database (a SQLite file in a
 * temp data dir, or a fresh PostgreSQL schema) that is killed with SIGKILL and started again on
 * the same data. Clients ask `ready()` for the address of the server that is up, and wait while
 * none is: a restart listens on a new port, so every request is addressed anew.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { connect, dropPostgresSchema, ensurePostgresSchema, type Db } from '../../src/platform/db/index.ts';
import { ADMIN_TOKEN, CATALOG_SEED } from '../helpers/harness.ts';
import { adminCall, type Envelope } from '../helpers/independent-client.ts';
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/process.ts';

export type CrashDb = 'sqlite' | 'postgres';

export const PRODUCTS = 200;
const MASTER_KEY = Buffer.alloc(32, 11).toString('hex');

/** Settings of every life of the server; the callback ones keep the final drain short. */
function serverEnv(dbEnv: Record<string, string>): Record<string, string> {
  return {
    ...dbEnv,
    PONTE_ADMIN_TOKEN: ADMIN_TOKEN,
    PONTE_MASTER_KEY: MASTER_KEY,
    PONTE_SANDBOX_PRODUCTS: String(PRODUCTS),
    PONTE_SANDBOX_SEED: String(CATALOG_SEED),
    PONTE_CONSOLE_BUILD: 'off',
    PONTE_RATE_LIMIT: '100000',
    PONTE_RATE_BURST: '100000',
    PONTE_CALLBACK_ALLOW_PRIVATE: '1',
    PONTE_CALLBACK_SCHEDULE: '1s,2s,5s,10s,20s,30s',
    // A loaded 2-core machine answers a loopback POST in well over PandaPon's 1 s at times.
    PONTE_CALLBACK_TIMEOUT_MS: '10000',
    // A changed price would only make clients quote again; stock-outs and refund answers stay on.
    PONTE_SANDBOX_PRICE_CHANGE_RATE: '0',
    // The harness scans the parcels itself (admin routes, under a kill); the sandbox floor's QC photos would cost minutes.
    PONTE_SANDBOX_WAREHOUSE: 'off',
  };
}

export interface CrashServer {
  /** The address of the server that is up; waits through a restart. */
  ready(): Promise<string>;
  start(): Promise<void>;
  kill(): Promise<void>;
  /** A connection of the harness's own for the checks (opened once, after the run). */
  open(): Db;
  close(): Promise<void>;
}

async function database(kind: CrashDb): Promise<{ env: Record<string, string>; open(): Db; drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dataDir = tempDataDir();
    return {
      env: { PONTE_DATA_DIR: dataDir },
      open: () => connect({ sqliteFile: join(dataDir, 'ponte.sqlite'), dataDir }),
      drop: async () => undefined,
    };
  }
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `crash_${randomBytes(6).toString('hex')}`;
  await ensurePostgresSchema(url, schema);
  return {
    env: { PONTE_DATA_DIR: tempDataDir(), DATABASE_URL: url, PONTE_DB_SCHEMA: schema },
    open: () => connect({ databaseUrl: url, schema }),
    drop: () => dropPostgresSchema(url, schema),
  };
}

export async function crashServer(kind: CrashDb): Promise<CrashServer> {
  const db = await database(kind);
  const env = serverEnv(db.env);
  let current: ServerProcess | null = null;
  let up: Promise<string> = new Promise(() => undefined);
  let announce: (baseUrl: string) => void = () => undefined;
  const resetUp = () => {
    up = new Promise((resolve) => (announce = resolve));
  };
  resetUp();
  let own: Db | null = null;
  return {
    ready: () => up,
    async start() {
      current = await startServerProcess(env);
      announce(current.baseUrl);
    },
    async kill() {
      resetUp();
      await current?.stop('SIGKILL');
      current = null;
    },
    open() {
      own ??= db.open();
      return own;
    },
    async close() {
      await current?.stop('SIGKILL');
      await own?.close();
      await db.drop();
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An operator call, sent again through restarts until the server answers it. */
export async function admin(server: CrashServer, path: string, body: unknown): Promise<Envelope> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await adminCall(await server.ready(), ADMIN_TOKEN, 'POST', path, body);
    } catch (error) {
      if (attempt > 100) throw error;
      await sleep(100);
    }
  }
}

/** An operator call that must succeed: its data. */
export async function must(server: CrashServer, path: string, body: unknown): Promise<any> {
  const answer = await admin(server, path, body);
  if (answer.code !== 200) throw new Error(`${path}: ${answer.code} ${answer.msg}`);
  return answer.data;
}
