/** Shared by every `ponte` command group (src/cli/*.ts). */
import { InvalidArgumentError } from 'commander';
import { join, resolve } from 'node:path';
import { loadConfig, type Config } from '../config.ts';
import { BUSY_TIMEOUT_MS, isDatabaseBusy } from '../platform/db/index.ts';
import { parseDuration } from '../platform/duration.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { runningServer, withoutPassword, type ServerRecord } from '../server-record.ts';

export function configFrom(options: { port?: string; dataDir?: string }): Config {
  const env = { ...process.env };
  if (options.port !== undefined) env.PONTE_PORT = options.port;
  if (options.dataDir !== undefined) env.PONTE_DATA_DIR = options.dataDir;
  return loadConfig(env);
}

export interface CliConfig {
  config: Config;
  /** The running server whose database this is, if the database came from its record. */
  server: ServerRecord | null;
  /** Which part of the rule chose the database, for the notice about a new, empty one. */
  chosenBy: string;
}

/**
 * The rule (README "CLI"): a command uses the database its own environment names
 * (PONTE_DATA_DIR or DATABASE_URL); when it names none and a server is running, that server's
 * database and the settings recorded with it; otherwise the default `<checkout>/data`.
 */
export function cliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const own = loadConfig(env);
  if (env.PONTE_DATA_DIR !== undefined || env.DATABASE_URL !== undefined)
    return { config: own, server: null, chosenBy: 'PONTE_DATA_DIR / DATABASE_URL of this shell' };
  const server = runningServer(own.serverFile);
  if (!server) return { config: own, server: null, chosenBy: `the default: no server is running (none recorded in ${own.serverFile})` };
  if (server.masterKeyFromEnv && own.masterKeyHex === undefined) {
    die(`the server running at ${server.url} takes PONTE_MASTER_KEY from its environment; set the same PONTE_MASTER_KEY for this command`);
  }
  const overrides: { -readonly [K in keyof Config]?: Config[K] } = {
    dataDir: server.dataDir,
    databaseUrl: server.databaseUrl,
    dbSchema: server.dbSchema,
    dbSchemaMode: server.dbSchemaMode ?? 'startup',
  };
  if (env.PONTE_CALLBACK_ALLOW_PRIVATE === undefined) overrides.allowPrivateUrls = server.allowPrivateUrls;
  if (env.PONTE_CALLBACK_TIMEOUT_MS === undefined) overrides.callbackTimeoutMs = server.callbackTimeoutMs;
  return { config: loadConfig(env, overrides), server, chosenBy: `the server running at ${server.url}` };
}

function databaseLocation(config: Config): string {
  if (!config.databaseUrl) return join(resolve(config.dataDir), 'ponte.sqlite');
  return `${withoutPassword(config.databaseUrl)} (schema ${config.dbSchema ?? 'public'})`;
}

/** On stderr, so `--json` output stays one object: a command that finds no developer says where it looked. */
async function noteEmptyDatabase(runtime: Runtime, chosenBy: string): Promise<void> {
  const anyDeveloper = await runtime.db.kysely.selectFrom('developers').select('developer_id').limit(1).executeTakeFirst();
  if (!anyDeveloper)
    process.stderr.write(
      `ponte: this database is new and empty (no developers yet): ${databaseLocation(runtime.config)}, chosen by ${chosenBy}\n`,
    );
}

/**
 * Opens the database (migrating it), runs fn, always closes. Writes wait for the write lock
 * (busy_timeout); a database still locked after that is said plainly, not thrown as a stack.
 */
export async function withRuntime<T>(fn: (runtime: Runtime, server: ServerRecord | null) => Promise<T>): Promise<T> {
  const { config, server, chosenBy } = cliConfig();
  try {
    const runtime = await openRuntime(config);
    try {
      await noteEmptyDatabase(runtime, chosenBy);
      return await fn(runtime, server);
    } finally {
      await runtime.close();
    }
  } catch (error) {
    if (isDatabaseBusy(error))
      die(`the database stayed locked by another process for over ${BUSY_TIMEOUT_MS / 1000} s; nothing was written, try again`);
    throw error;
  }
}

/** `--json` prints exactly one JSON object on stdout; otherwise a human line. */
export function print(json: boolean, value: Record<string, unknown>, human: string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${human}\n`);
}

export function die(message: string): never {
  process.stderr.write(`ponte: ${message}\n`);
  process.exit(2);
}

export function durationArg(value: string): number {
  try {
    return parseDuration(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

export function integerArg(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError(`"${value}" is not an integer`);
  return Number(value);
}

/** `--size 40x30x20`: a parcel's sides in cm. */
export function sizeArg(value: string): [number, number, number] {
  const sides = /^(\d+)[x×](\d+)[x×](\d+)$/i.exec(value.trim());
  if (!sides) throw new InvalidArgumentError(`"${value}" is not LxWxH in cm (e.g. 40x30x20)`);
  return [Number(sides[1]), Number(sides[2]), Number(sides[3])];
}
