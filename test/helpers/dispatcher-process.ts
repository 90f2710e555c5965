/**
 * A dispatcher as its own process, for the kill -9 test (the server wires the dispatcher itself;
 * this script only opens the database and runs the loop). Settings come from the environment:
 * DATABASE_URL + PONTE_DB_SCHEMA, or PONTE_SQLITE_FILE; PONTE_MASTER_KEY (hex); CB_LEASE_MS;
 * CB_CONCURRENCY. Prints "ready" once the loop runs.
 */
import { createDispatcher } from '../../src/modules/callbacks/index.ts';
import { pandaPonMessages } from '../../src/wire/callbacks/bodies.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { connect } from '../../src/platform/db/index.ts';
import { createSandboxSource } from '../../src/sources/sandbox/source.ts';

const env = process.env;
const db = env.DATABASE_URL
  ? connect({ databaseUrl: env.DATABASE_URL, schema: env.PONTE_DB_SCHEMA, poolSize: 4 })
  : connect({ sqliteFile: env.PONTE_SQLITE_FILE ?? ':memory:', dataDir: env.PONTE_DATA_DIR });
const ctx = {
  db: db.kysely,
  dialect: db.dialect,
  clock: systemClock,
  masterKey: Buffer.from(env.PONTE_MASTER_KEY ?? '', 'hex'),
  requestId: 'dispatcher-process',
};
const dispatcher = createDispatcher({
  ctx,
  source: await createSandboxSource(db),
  renderer: pandaPonMessages,
  allowPrivate: true,
  leaseMs: Number(env.CB_LEASE_MS ?? 30_000),
  concurrency: Number(env.CB_CONCURRENCY ?? 32),
  timeoutMs: Number(env.CB_TIMEOUT_MS ?? 1000),
});
dispatcher.start(Number(env.CB_INTERVAL_MS ?? 20));
process.stdout.write('ready\n');
const shutdown = async () => {
  await dispatcher.stop();
  await db.close();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
