import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { connect, ensurePostgresSchema, type Db } from './platform/db/index.ts';
import { migrateToLatest } from './migrations.ts';
import { createLogger } from './platform/logger.ts';
import { loadAdminToken, loadMasterKey } from './platform/masterkey.ts';

/** What both the server and the CLI need: an opened, migrated database and the master key. */
export interface Runtime {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  masterKey: Buffer;
  adminToken: string;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, options: { logger?: Logger; clock?: Clock } = {}): Promise<Runtime> {
  if (config.databaseUrl && config.dbSchema) await ensurePostgresSchema(config.databaseUrl, config.dbSchema);
  const db = connect({ databaseUrl: config.databaseUrl, schema: config.dbSchema, dataDir: config.dataDir });
  await migrateToLatest(db);
  const masterKey = loadMasterKey(config.masterKeyHex, config.dataDir);
  return {
    config,
    db,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? createLogger(config.logLevel),
    masterKey,
    adminToken: loadAdminToken(config.adminToken, config.dataDir),
    close: () => db.close(),
  };
}
