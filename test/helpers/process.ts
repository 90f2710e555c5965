import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'ponte-test-'));
}

/** Runs the real `ponte` CLI (bin/ponte.js) and returns stdout. */
export async function ponte(args: string[], env: Record<string, string>): Promise<string> {
  const { stdout } = await run(process.execPath, [join(ROOT, 'bin/ponte.js'), ...args], { env: { ...process.env, ...env }, cwd: ROOT });
  return stdout;
}

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `npm start`'s entry point as a real process (or `npm start` itself with `viaNpm`) and
 * waits until /health answers ready (or, with `until: 'listening'`, answers at all).
 */
export async function startServerProcess(
  env: Record<string, string>,
  options: { until?: 'ready' | 'listening'; viaNpm?: boolean } = {},
): Promise<ServerProcess> {
  const port = await freePort();
  // Benches set PONTE_PROFILE_DIR to get a V8 CPU profile of the server (written when it exits).
  const profile = process.env.PONTE_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PONTE_PROFILE_DIR}`] : [];
  const [command, args] = options.viaNpm ? ['npm', ['start', '--silent']] : [process.execPath, [...profile, join(ROOT, 'src/main.ts')]];
  const child = spawn(command, args, {
    // Test servers record themselves beside their data, not in the checkout's data/server.json.
    env: {
      ...process.env,
      PONTE_PORT: String(port),
      PONTE_LOG_LEVEL: 'warn',
      PONTE_SERVER_FILE: join(tempDataDir(), 'server.json'),
      ...env,
    },
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const health = await fetch(`${baseUrl}/health`);
      if (health.ok && (options.until === 'listening' || ((await health.json()) as { data: { status: string } }).data.status === 'ready'))
        break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      // A server left running would keep the test process (and the whole run) alive after the failure.
      child.kill('SIGKILL');
      throw new Error(`server not ready in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    baseUrl,
    output: () => output,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
