import assert from 'node:assert/strict';
import http from 'node:http';
import { connect } from 'node:net';
import { after, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { dropPostgresSchema } from '../src/platform/db/index.ts';
import { createClient, type PonteClient } from '../sdk/src/index.ts';
import { onPostgres, testDatabaseUrl } from './helpers/db.ts';
import { startServerProcess, tempDataDir, type ServerProcess } from './helpers/process.ts';

// SIGTERM and SIGINT stop the server: background work stops, requests in flight complete, the
// port closes and the process exits 0 promptly — started directly and through `npm start`.
const schemas: string[] = [];
function serverEnv(extra: Record<string, string> = {}): Record<string, string> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  schemas.push(schema);
  return {
    PONTE_DATA_DIR: tempDataDir(),
    PONTE_SANDBOX_PRODUCTS: '40',
    PONTE_CALLBACK_ALLOW_PRIVATE: '1',
    PONTE_CALLBACK_TIMEOUT_MS: '30000',
    PONTE_DEMO_ACCESS_KEY: 'demo0000000000000000000000000001',
    PONTE_DEMO_ACCESS_SECRET: 'secret00000000000000000000000001',
    ...(onPostgres ? { DATABASE_URL: testDatabaseUrl, PONTE_DB_SCHEMA: schema } : {}),
    ...extra,
  };
}
after(async () => {
  if (onPostgres) for (const schema of schemas) await dropPostgresSchema(testDatabaseUrl, schema);
});

function portAccepts(baseUrl: string): Promise<boolean> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resolves when the port refuses connections, or rejects after `withinMs`. */
async function portCloses(baseUrl: string, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (await portAccepts(baseUrl)) {
    if (Date.now() > deadline) throw new Error(`${baseUrl} still accepts connections after ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function exitOf(server: ServerProcess): Promise<{ code: number | null; signal: string | null }> {
  const { exitCode, signalCode } = server.child;
  if (exitCode !== null || signalCode !== null) return Promise.resolve({ code: exitCode, signal: signalCode });
  return new Promise((resolve) => server.child.once('exit', (code, signal) => resolve({ code, signal })));
}

function demoClient(server: ServerProcess): PonteClient {
  const userId = server.output().match(/main user id : (\d+)/)?.[1];
  assert.ok(userId, server.output());
  return createClient({
    baseUrl: server.baseUrl,
    accessKey: 'demo0000000000000000000000000001',
    accessSecret: 'secret00000000000000000000000001',
    userId,
  });
}

/** A callback receiver that holds the verification POST until released: a request kept in flight. */
async function heldReceiver(): Promise<{ url: string; arrived: Promise<void>; release(): void; close(): Promise<void> }> {
  let arrive!: () => void;
  let release!: () => void;
  const arrived = new Promise<void>((r) => (arrive = r));
  const released = new Promise<void>((r) => (release = r));
  const receiver = http.createServer((req, res) => {
    req.resume();
    arrive();
    void released.then(() => res.writeHead(200).end('success'));
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const { port } = receiver.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hook`, arrived, release, close: () => new Promise((r) => receiver.close(() => r())) };
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} lets the request in flight finish, then closes the port and exits 0`, async () => {
    const server = await startServerProcess(serverEnv());
    const receiver = await heldReceiver();
    try {
      const answer = demoClient(server).call<{ url: string }>('POST', '/v2/open/callback/set', { body: { url: receiver.url } });
      await receiver.arrived;
      const exited = exitOf(server);
      server.child.kill(signal);
      receiver.release();
      const envelope = await answer;
      assert.equal(envelope.code, 200, JSON.stringify(envelope));
      assert.equal(envelope.data?.url, receiver.url);
      const started = Date.now();
      assert.deepEqual(await exited, { code: 0, signal: null }, server.output());
      assert.ok(Date.now() - started < 5000, 'exits promptly');
      assert.equal(await portAccepts(server.baseUrl), false);
    } finally {
      receiver.release();
      await server.stop();
      await receiver.close();
    }
  });
}

test('SIGTERM during the catalog build stops the build and exits 0 (not after the whole build)', { timeout: 60_000 }, async () => {
  const server = await startServerProcess(serverEnv({ PONTE_SANDBOX_PRODUCTS: '2000000', PONTE_LOG_LEVEL: 'info' }), {
    until: 'listening',
  });
  try {
    const exited = exitOf(server);
    const started = Date.now();
    server.child.kill('SIGTERM');
    assert.deepEqual(await exited, { code: 0, signal: null }, server.output());
    // Exit code 0 already says the stop beat its 10 s deadline; 2,000,000 products take far longer.
    assert.ok(Date.now() - started < 9000, `exited after ${Date.now() - started} ms`);
    assert.match(server.output(), /sandbox catalog build paused/);
  } finally {
    await server.stop();
  }
});

test('SIGTERM to `npm start` stops the node server it runs', async () => {
  const server = await startServerProcess(serverEnv(), { viaNpm: true });
  try {
    const exited = exitOf(server);
    server.child.kill('SIGTERM');
    await exited;
    await portCloses(server.baseUrl, 5000);
  } finally {
    await server.stop();
  }
});
