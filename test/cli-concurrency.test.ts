import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ledgerCheck } from '../src/modules/wallet/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { BUSY_TIMEOUT_MS, connect, type Db } from '../src/platform/db/index.ts';
import { freshDatabase, onPostgres, type TestDb } from './helpers/db.ts';
import { ponte, tempDataDir } from './helpers/process.ts';

function startWriter(env: Record<string, string>): { output: () => string; ready: Promise<void>; stop: () => Promise<void> } {
  const writer = spawn(process.execPath, [new URL('./helpers/busy-writer.ts', import.meta.url).pathname], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  writer.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => writer.once('exit', () => resolve()));
  const ready = (async () => {
    while (!output.includes('ready\n')) await new Promise((resolve) => setTimeout(resolve, 20));
  })();
  return {
    output: () => output,
    ready,
    stop: async () => {
      writer.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The CLI writes while another process (a busy server) writes too. On SQLite a transaction that
 * reads before it writes could not take the write lock once the other process had committed, and
 * failed at once with SQLITE_BUSY instead of waiting out the busy timeout.
 */
const TOPUPS = 4;
const AMOUNT_FEN = 1000;

describe('CLI writes beside a concurrent writer', () => {
  let env: Record<string, string>;
  let testDb: TestDb | null = null;
  let db: Db | null = null;

  before(async () => {
    const dataDir = tempDataDir();
    if (onPostgres) testDb = await freshDatabase();
    env = { ...(testDb?.env ?? {}), PONTE_DATA_DIR: dataDir };
  });
  after(async () => {
    if (db && !onPostgres) await db.close();
    await testDb?.drop();
  });

  test('`ponte wallet topup` waits its turn: every top-up succeeds and the ledger holds both writers’ money', async () => {
    const dev = JSON.parse(await ponte(['developer', 'create', '--name', 'busy', '--json'], env)) as { developerId: string };
    const sqliteFile = join(env.PONTE_DATA_DIR!, 'ponte.sqlite');
    const writer = startWriter({
      ...env,
      PONTE_SQLITE_FILE: sqliteFile,
      BUSY_DEVELOPER: dev.developerId,
      BUSY_HOLD_MS: '8',
      BUSY_GAP_MS: '2',
    });
    await writer.ready;

    const answers: string[] = [];
    for (let i = 0; i < TOPUPS; i += 1) {
      try {
        answers.push(await ponte(['wallet', 'topup', '--developer', dev.developerId, '--amount', String(AMOUNT_FEN), '--json'], env));
      } catch (error) {
        answers.push(`failed: ${(error as { stderr?: string }).stderr ?? String(error)}`);
      }
    }
    await writer.stop();
    const stats = JSON.parse(writer.output().trim().split('\n').at(-1)!) as { units: number; failures: number; errors: string[] };

    assert.deepEqual(
      answers.filter((a) => a.startsWith('failed')),
      [],
    );
    for (const answer of answers) assert.ok(Number.isSafeInteger(JSON.parse(answer).balance), answer);
    assert.deepEqual({ failures: stats.failures, errors: stats.errors }, { failures: 0, errors: [] });
    assert.ok(stats.units > 0);

    db = onPostgres ? testDb!.open() : connect({ sqliteFile, dataDir: env.PONTE_DATA_DIR });
    const check = await ledgerCheck(
      { db: db.kysely, dialect: db.dialect, clock: systemClock, masterKey: Buffer.alloc(32), requestId: 't' },
      dev.developerId,
    );
    assert.equal(check.balanceFen, TOPUPS * AMOUNT_FEN + stats.units);
    assert.equal(check.entriesSumFen, check.balanceFen);
    assert.equal(check.entries, TOPUPS + stats.units);
  });

  test('a write lock held past the busy timeout is said plainly: exit 2, one line, nothing written', async (t) => {
    if (onPostgres) return t.skip('PostgreSQL waits on the row lock; SQLite has the busy timeout');
    const dev = JSON.parse(await ponte(['developer', 'create', '--name', 'locked', '--json'], env)) as { developerId: string };
    const sqliteFile = join(env.PONTE_DATA_DIR!, 'ponte.sqlite');
    const writer = startWriter({ ...env, PONTE_SQLITE_FILE: sqliteFile, BUSY_DEVELOPER: dev.developerId, BUSY_HOLD_UNTIL_STOP: '1' });
    await writer.ready;
    const refused = await ponte(['wallet', 'topup', '--developer', dev.developerId, '--amount', '5', '--json'], env).then(
      () => null,
      (error: { code?: number; stderr?: string }) => error,
    );
    await writer.stop();
    assert.ok(refused, 'the top-up should have been refused');
    assert.equal(refused.code, 2);
    assert.equal(
      refused.stderr,
      `ponte: the database stayed locked by another process for over ${BUSY_TIMEOUT_MS / 1000} s; nothing was written, try again\n`,
    );
    const show = JSON.parse(await ponte(['wallet', 'show', '--developer', dev.developerId, '--json'], env)) as {
      balance: number;
      entries: number;
    };
    assert.equal(show.balance, show.entries, 'only the writer’s 1-fen top-ups are in the ledger');
  });
});
