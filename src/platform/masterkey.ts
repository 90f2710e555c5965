/**
 * Installation secrets are never built-in defaults: each comes from its environment variable
 * (required when several nodes share one PostgreSQL) or is generated once into the data dir,
 * readable by the owner only.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

function loadOrCreate(dataDir: string, fileName: string, pattern: RegExp): string {
  const file = join(dataDir, fileName);
  if (existsSync(file)) {
    const value = readFileSync(file, 'utf8').trim();
    if (!pattern.test(value)) throw new Error(`${file} does not hold a valid value`);
    return value;
  }
  mkdirSync(dataDir, { recursive: true });
  const value = randomBytes(32).toString('hex');
  writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return value;
}

/** The key that seals access secrets at rest (PONTE_MASTER_KEY or <data dir>/master.key). */
export function loadMasterKey(masterKeyHex: string | undefined, dataDir: string): Buffer {
  return Buffer.from(masterKeyHex ?? loadOrCreate(dataDir, 'master.key', /^[0-9a-f]{64}$/i), 'hex');
}

/** The operator's bearer token for admin endpoints (PONTE_ADMIN_TOKEN or <data dir>/admin.token). */
export function loadAdminToken(adminToken: string | undefined, dataDir: string): string {
  return adminToken ?? loadOrCreate(dataDir, 'admin.token', /^[0-9a-f]{64}$/i);
}
