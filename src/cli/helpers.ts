import { InvalidArgumentError } from 'commander';
import { loadConfig, type Config } from '../config.ts';
import { BUSY_TIMEOUT_MS, isDatabaseBusy } from '../platform/db/index.ts';
import { parseDuration } from '../platform/duration.ts';
import { openRuntime, type Runtime } from '../runtime.ts';

/** Shared by every `ponte` command group (src/cli/*.ts). */
export function configFrom(options: { port?: string; dataDir?: string }): Config {
  const env = { ...process.env };
  if (options.port !== undefined) env.PONTE_PORT = options.port;
  if (options.dataDir !== undefined) env.PONTE_DATA_DIR = options.dataDir;
  return loadConfig(env);
}

/**
 * Opens the database (migrating it), runs fn, always closes. Writes wait for the write lock
 * (busy_timeout); a database still locked after that is said plainly, not thrown as a stack.
 */
export async function withRuntime<T>(fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  try {
    const runtime = await openRuntime(configFrom({}));
    try {
      return await fn(runtime);
    } finally {
      await runtime.close();
    }
  } catch (error) {
    if (isDatabaseBusy(error)) die(`the database stayed locked by another process for over ${BUSY_TIMEOUT_MS / 1000} s; nothing was written, try again`);
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
