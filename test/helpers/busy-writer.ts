/**
 * A second writer on the database, standing in for a busy server: it tops up one developer's
 * wallet in a loop, each transaction holding the write lock (SQLite) or the wallet row (PostgreSQL)
 * for BUSY_HOLD_MS, then idle for BUSY_GAP_MS; with BUSY_HOLD_UNTIL_STOP=1 the first transaction
 * stays open until SIGTERM. Settings: DATABASE_URL + PONTE_DB_SCHEMA, or
 * PONTE_SQLITE_FILE; BUSY_DEVELOPER. Prints "ready" once it holds its first transaction, and on SIGTERM one JSON line
 * {"units","failures","errors"} before exiting.
 */
import { topUp } from '../../src/modules/wallet/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { inTransaction } from '../../src/platform/context.ts';
import { connect } from '../../src/platform/db/index.ts';

const env = process.env;
const db = env.DATABASE_URL
  ? connect({ databaseUrl: env.DATABASE_URL, schema: env.PONTE_DB_SCHEMA, poolSize: 2 })
  : connect({ sqliteFile: env.PONTE_SQLITE_FILE!, dataDir: env.PONTE_DATA_DIR });
const ctx = { db: db.kysely, dialect: db.dialect, clock: systemClock, masterKey: Buffer.alloc(32), requestId: 'busy-writer' };
const holdMs = Number(env.BUSY_HOLD_MS ?? 8);
const gapMs = Number(env.BUSY_GAP_MS ?? 2);
const stats = { units: 0, failures: 0, errors: [] as string[] };
let running = true;
let announced = false;
let stop: () => void = () => undefined;
const stopped = new Promise<void>((resolve) => (stop = resolve));
// A pending promise alone does not keep the process alive while the transaction is held.
const keepAlive = setInterval(() => undefined, 1000);

async function loop(): Promise<void> {
  while (running) {
    try {
      await inTransaction(ctx, async (tx) => {
        const result = await topUp(tx, { developerId: env.BUSY_DEVELOPER!, amountFen: 1 });
        if (!result.ok) throw new Error(result.error);
        if (!announced) process.stdout.write('ready\n');
        announced = true;
        if (env.BUSY_HOLD_UNTIL_STOP === '1') return stopped;
        // Keep the transaction open, as a batch of a busy server does.
        const until = Date.now() + holdMs;
        while (Date.now() < until);
      });
      stats.units += 1;
    } catch (error) {
      stats.failures += 1;
      if (stats.errors.length < 5) stats.errors.push(String((error as Error).message));
    }
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
}

const done = loop();
process.on('SIGTERM', () => {
  running = false;
  stop();
  clearInterval(keepAlive);
  void done.then(async () => {
    await db.close();
    process.stdout.write(`${JSON.stringify(stats)}\n`);
    process.exit(0);
  });
});
