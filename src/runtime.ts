import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { SandboxClock } from './sources/sandbox/clock.ts';
import { connect, ensurePostgresSchema, verifyPostgresSchema, type Db } from './platform/db/index.ts';
import { migrateToLatest } from './migrations.ts';
import { createLogger } from './platform/logger.ts';
import { loadAdminToken, loadMasterKey } from './platform/masterkey.ts';

/** What both the server and the CLI need: an opened, migrated database and the master key. */
export interface Runtime {
  config: Config;
  db: Db;
  /** Business time: the wall clock plus the sandbox offset (moved by `ponte sandbox advance`). */
  clock: SandboxClock;
  logger: Logger;
  masterKey: Buffer;
  adminToken: string;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, options: { logger?: Logger } = {}): Promise<Runtime> {
  if (config.databaseUrl && config.dbSchema) await ensurePostgresSchema(config.databaseUrl, config.dbSchema);
  const db = connect({
    databaseUrl: config.databaseUrl,
    schema: config.dbSchema,
    schemaMode: config.dbSchemaMode,
    replicaUrl: config.databaseReplicaUrl,
    dataDir: config.dataDir,
  });
  if (db.dialect === 'postgres') await verifyOrClose(db, config);
  await migrateToLatest(db);
  const masterKey = loadMasterKey(config.masterKeyHex, config.dataDir);
  const clock = new SandboxClock();
  await clock.load({ db: db.kysely });
  return {
    config,
    db,
    clock,
    logger: options.logger ?? createLogger(config.logLevel),
    masterKey,
    adminToken: loadAdminToken(config.adminToken, config.dataDir),
    close: () => db.close(),
  };
}

async function verifyOrClose(db: Db, config: Config): Promise<void> {
  try {
    await verifyPostgresSchema(db, config.dbSchemaMode);
  } catch (error) {
    await db.close();
    throw error;
  }
}
