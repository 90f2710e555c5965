import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './process.ts';

/**
 * Throwaway PostgreSQL clusters (a primary, a streaming replica) and a PgBouncer, from Debian's
 * packages, in a temp dir on free ports. PostgreSQL refuses to run as root, so as root every
 * program runs as the `postgres` OS user.
 */
const PG_BIN = (() => {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb')));
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? join(base, newest, 'bin') : null;
})();
const PGBOUNCER = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((p) => existsSync(p)) ?? null;
const AS_ROOT = process.getuid?.() === 0;
const POSTGRES_IDS = AS_ROOT ? osUser('postgres') : null;

function osUser(name: string): { uid: number; gid: number } | null {
  const found = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  if (found.status !== 0) return null;
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' }).stdout.trim();
  return { uid: Number(found.stdout.trim()), gid: Number(gid) };
}

/** Why clusters cannot be made here, or null when they can. */
export function clusterUnavailable(): string | null {
  if (!PG_BIN) return 'no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (Debian postgresql package)';
  if (AS_ROOT && !POSTGRES_IDS) return 'running as root without a postgres OS user to run PostgreSQL as';
  return null;
}

export function pgbouncerUnavailable(): string | null {
  return PGBOUNCER ? null : 'pgbouncer is not installed (apt-get install pgbouncer; .ci/run installs it)';
}

function run(program: string, args: string[]): void {
  const [command, ...rest] = AS_ROOT ? ['runuser', '-u', 'postgres', '--', program, ...args] : [program, ...args];
  execFileSync(command!, rest, { stdio: 'pipe', timeout: 60_000 });
}

/** A temp dir the postgres user owns. */
export function clusterRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'ponte-pg-'));
  if (POSTGRES_IDS) chownSync(root, POSTGRES_IDS.uid, POSTGRES_IDS.gid);
  return root;
}

export interface Cluster {
  port: number;
  url(database?: string): string;
  stop(): void;
}

function cluster(dir: string, port: number): Cluster {
  return {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop: () => run(join(PG_BIN!, 'pg_ctl'), ['stop', '-D', dir, '-m', 'immediate']),
  };
}

async function start(dir: string): Promise<Cluster> {
  const port = await freePort();
  // pg_stat_statements lets a test count which server ran which statements.
  const settings = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c shared_preload_libraries=pg_stat_statements -c fsync=off`;
  run(join(PG_BIN!, 'pg_ctl'), ['start', '-w', '-D', dir, '-l', join(dir, 'server.log'), '-o', settings]);
  return cluster(dir, port);
}

export async function startPrimary(root: string): Promise<Cluster> {
  const dir = join(root, 'primary');
  run(join(PG_BIN!, 'initdb'), ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const primary = await start(dir);
  await query(primary.url(), 'CREATE EXTENSION pg_stat_statements');
  return primary;
}

/** A hot standby streaming from the primary (pg_basebackup -R writes the standby settings). */
export async function startReplica(root: string, primary: Cluster): Promise<Cluster> {
  const dir = join(root, 'replica');
  run(join(PG_BIN!, 'pg_basebackup'), [
    '-D',
    dir,
    '-h',
    '127.0.0.1',
    '-p',
    String(primary.port),
    '-U',
    'postgres',
    '-R',
    '-X',
    'stream',
    '--no-sync',
  ]);
  return start(dir);
}

export async function query<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export interface Bouncer {
  /** The pooled database, named `ponte`. */
  url: string;
  stop(): Promise<void>;
}

/**
 * PgBouncer in transaction mode in front of one database; its connect_query sets the schema on
 * each server connection it opens, since a client's startup `options` cannot pass it.
 */
export async function startPgBouncer(root: string, upstream: Cluster, schema: string): Promise<Bouncer> {
  const dir = join(root, 'bouncer');
  mkdirSync(dir);
  const port = await freePort();
  const ini = join(dir, 'pgbouncer.ini');
  writeFileSync(join(dir, 'users.txt'), '"postgres" ""\n');
  writeFileSync(
    ini,
    [
      '[databases]',
      `ponte = host=127.0.0.1 port=${upstream.port} dbname=postgres user=postgres connect_query='SET search_path = ${schema}'`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      'default_pool_size = 4',
      'max_client_conn = 200',
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      '',
    ].join('\n'),
  );
  if (POSTGRES_IDS) for (const file of [dir, ini, join(dir, 'users.txt')]) chownSync(file, POSTGRES_IDS.uid, POSTGRES_IDS.gid);
  // -u drops root for the postgres user; as another user pgbouncer runs as that user.
  const child = spawn(PGBOUNCER!, [...(AS_ROOT ? ['-u', 'postgres'] : []), ini], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await untilListening(port);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/ponte`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function untilListening(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listens on port ${port} after 5 s`);
}

/** Waits until the replica has replayed everything the primary has written so far. */
export async function caughtUp(primary: Cluster, replica: Cluster): Promise<void> {
  const [current] = await query<{ lsn: string }>(primary.url(), 'SELECT pg_current_wal_lsn()::text AS lsn');
  const lsn = current?.lsn;
  for (let attempt = 0; attempt < 200; attempt++) {
    const [row] = await query<{ done: boolean }>(replica.url(), 'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn]);
    if (row?.done) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the replica did not replay up to ${lsn} in 10 s`);
}

export function removeRoot(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
