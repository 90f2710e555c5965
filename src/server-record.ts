/**
 * While `ponte start` / `npm start` runs it records where its database is in a well-known file
 * (PONTE_SERVER_FILE, default `<checkout>/data/server.json`), so a `ponte` command typed in
 * another shell finds the same database without repeating the server's environment. No secrets
 * are written: only locations, the settings a CLI command must share, and the server's address
 * (a password in DATABASE_URL is left out; the CLI takes it from PGPASSWORD or its own DATABASE_URL).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { Config } from './config.ts';

const ServerRecord = z.object({
  pid: z.number().int(),
  url: z.string(),
  dataDir: z.string(),
  databaseUrl: z.string().optional(),
  dbSchema: z.string().optional(),
  /** Through a transaction pooler the CLI must leave the schema to it too. */
  dbSchemaMode: z.enum(['startup', 'none']).optional(),
  allowPrivateUrls: z.boolean(),
  callbackTimeoutMs: z.number().int(),
  /** The CLI cannot read a key the server took from its environment; it must be given the same. */
  masterKeyFromEnv: z.boolean(),
});
export type ServerRecord = z.infer<typeof ServerRecord>;

export function withoutPassword(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.password = '';
  return url.toString();
}

export function recordOf(config: Config, url: string): ServerRecord {
  return {
    pid: process.pid,
    url,
    dataDir: resolve(config.dataDir),
    ...(config.databaseUrl ? { databaseUrl: withoutPassword(config.databaseUrl) } : {}),
    ...(config.dbSchema ? { dbSchema: config.dbSchema } : {}),
    ...(config.dbSchemaMode === 'none' ? { dbSchemaMode: config.dbSchemaMode } : {}),
    allowPrivateUrls: config.allowPrivateUrls,
    callbackTimeoutMs: config.callbackTimeoutMs,
    masterKeyFromEnv: config.masterKeyHex !== undefined,
  };
}

export function writeServerRecord(file: string, record: ServerRecord): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

/** Removes the record if it is still this process's (a later server may have replaced it). */
export function removeServerRecord(file: string): void {
  if (readServerRecord(file)?.pid === process.pid) rmSync(file, { force: true });
}

function readServerRecord(file: string): ServerRecord | null {
  try {
    const parsed = ServerRecord.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The record of a server that is running now; a record left by a killed server is ignored. */
export function runningServer(file: string): ServerRecord | null {
  const record = readServerRecord(file);
  return record && alive(record.pid) ? record : null;
}
