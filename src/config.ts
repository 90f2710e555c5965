/**
 * The environment is read once, here, validated with zod and frozen; everything else receives the
 * parsed config. Secrets have no defaults: the master key is generated into the data dir instead.
 */
import { fileURLToPath } from 'node:url';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { parseDuration } from './platform/duration.ts';
import type { SchemaMode } from './platform/db/index.ts';

/** An IPv4/IPv6 address, or one with a /prefix within its family's length. */
function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/** Defaults are anchored in the checkout, not the current directory, so every shell finds the same files. */
const CHECKOUT = fileURLToPath(new URL('..', import.meta.url));

/** A share in [0, 1] (sandbox seller behaviour). */
const rate = (fallback: number) => z.coerce.number().min(0).max(1).default(fallback);

const Env = z.object({
  PONTE_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  PONTE_HOST: z.string().min(1).default('127.0.0.1'),
  PONTE_DATA_DIR: z.string().min(1).default(join(CHECKOUT, 'data')),
  PONTE_SERVER_FILE: z
    .string()
    .min(1)
    .default(join(CHECKOUT, 'data', 'server.json')),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  PONTE_DB_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .optional(),
  PONTE_PG_SCHEMA_MODE: z.enum(['startup', 'none']).default('startup'),
  PONTE_DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  PONTE_ADMIN_TOKEN: z.string().min(24, 'at least 24 characters').optional(),
  PONTE_MASTER_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)')
    .optional(),
  PONTE_DEMO_ACCESS_KEY: z
    .string()
    .regex(/^[0-9a-zA-Z]{16,64}$/)
    .optional(),
  PONTE_DEMO_ACCESS_SECRET: z
    .string()
    .regex(/^[0-9a-zA-Z]{16,128}$/)
    .optional(),
  PONTE_RATE_LIMIT: z.coerce.number().int().min(1).default(100),
  PONTE_RATE_BURST: z.coerce.number().int().min(1).default(200),
  PONTE_SIGNATURE_WINDOW: z.string().default('600s'),
  PONTE_REQUIRE_NONCE: z.enum(['0', '1']).default('1'),
  PONTE_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .default(8 * 1024 * 1024),
  PONTE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PONTE_PUBLIC_URL: z.string().url().optional(),
  PONTE_CALLBACK_ALLOW_PRIVATE: z.enum(['0', '1']).default('0'),
  PONTE_CALLBACK_SCHEDULE: z.string().min(1).default('30m,30m,30m,30m,30m'),
  PONTE_CALLBACK_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(1000),
  PONTE_SANDBOX_PRODUCTS: z.coerce.number().int().min(0).max(10_000_000).default(5000),
  PONTE_SEARCH_MEMORY_MIB: z.coerce.number().int().min(0).max(1_048_576).default(512),
  PONTE_SANDBOX_SEED: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .default(1),
  PONTE_SANDBOX_PRICE_CHANGE_RATE: rate(0.1),
  PONTE_SANDBOX_STOCK_OUT_RATE: rate(0.05),
  PONTE_SANDBOX_REFUND_AGREE_RATE: rate(0.8),
  PONTE_SANDBOX_REFUND_REFUSE_RATE: rate(0.1),
  PONTE_SANDBOX_RECEIPT_REFUSE_RATE: rate(0.05),
  PONTE_SANDBOX_WAREHOUSE: z.enum(['on', 'off']).default('on'),
  PONTE_CONSOLE_BUILD: z.enum(['on', 'off']).default('on'),
  PONTE_SOURCE_TAOBAO: z.enum(['sandbox', 'manual']).default('sandbox'),
  PONTE_SOURCE_1688: z.enum(['sandbox', 'manual']).default('sandbox'),
  PONTE_PURCHASE_TOLERANCE_PERCENT: z.coerce.number().min(0).max(100).default(2),
  PONTE_PURCHASE_TOLERANCE_FEN: z.coerce.number().int().min(0).max(100_000_000).default(500),
  PONTE_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((text) =>
      text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    )
    .refine((list) => list.every(isAddressOrRange), 'must be a comma list of IP addresses or CIDR ranges'),
  PONTE_PRICE_REVIEW_HOURS: z.coerce.number().positive().max(8_760).default(48),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Where a running server records its database and address for the CLI (src/server-record.ts). */
  readonly serverFile: string;
  readonly databaseUrl: string | undefined;
  readonly dbSchema: string | undefined;
  /** How the schema reaches PostgreSQL: a startup parameter, or left to a pooler / the role (src/platform/db/postgres.ts). */
  readonly dbSchemaMode: SchemaMode;
  /** A streaming replica serving catalog and search reads (docs/scale-out.md). */
  readonly databaseReplicaUrl: string | undefined;
  readonly masterKeyHex: string | undefined;
  readonly adminToken: string | undefined;
  readonly demoAccessKey: string | undefined;
  readonly demoAccessSecret: string | undefined;
  readonly rateLimitPerSecond: number;
  readonly rateLimitBurst: number;
  readonly signatureWindowMs: number;
  readonly requireNonce: boolean;
  readonly bodyLimitBytes: number;
  readonly logLevel: string;
  readonly publicUrl: string | undefined;
  /** Allow loopback/private addresses for callback URLs and image addresses (tests, local sandboxes). */
  readonly allowPrivateUrls: boolean;
  /** Retry delays after a failed delivery (PandaPon: every 30 min, 5 times). */
  readonly callbackSchedule: string;
  /** A delivery succeeds only with HTTP 200 within this time (PandaPon: 1000 ms). */
  readonly callbackTimeoutMs: number;
  readonly sandboxProducts: number;
  /** Memory each process may give keyword search's in-memory token index (SQLite; 0: none, docs/decisions/025). */
  readonly searchMemoryBytes: number;
  readonly sandboxSeed: number;
  /** The sandbox warehouse works the floor (receive, QC, pack, weigh, dispatch, track); off leaves it to operators. */
  readonly sandboxWarehouse: boolean;
  /** Build the web consoles at start when their build is missing or stale (off: serve what console/dist holds). */
  readonly consoleBuild: boolean;
  /** How the simulated sellers behave (src/sources/sandbox/sellers: SellerBehaviour). */
  readonly sandboxSellers: SandboxSellerRates;
  /** Per platform, who sells: the simulated sandbox sellers, or operators buying at the real marketplace (docs/decisions/018-manual-source.md). */
  readonly sources: Readonly<Record<'taobao' | '1688', SourceKind>>;
  /** A manual purchase may cost this much more than the charge, absorbed by the operator: the larger of the two. */
  readonly purchaseTolerance: PurchaseTolerance;
  /** A purchase task left in price review this long (business clock) is rejected by the system: closed and refunded. */
  readonly priceReviewHours: number;
  /**
   * Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges; none by default):
   * from one of them the client address, which the lock-out and the audit record, is the header's.
   */
  readonly trustedProxies: readonly string[];
}

export type SourceKind = 'sandbox' | 'manual';

export interface PurchaseTolerance {
  readonly tolerancePercent: number;
  readonly toleranceFen: number;
}

export interface SandboxSellerRates {
  readonly priceChangeRate: number;
  readonly stockOutRate: number;
  readonly refundAgreeRate: number;
  readonly refundRefuseRate: number;
  readonly receiptRefuseRate: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.PONTE_DATABASE_REPLICA_URL && !e.DATABASE_URL)
    throw new Error('invalid environment:\n  PONTE_DATABASE_REPLICA_URL needs DATABASE_URL (replicas are PostgreSQL only)');
  if (e.PONTE_SANDBOX_REFUND_AGREE_RATE + e.PONTE_SANDBOX_REFUND_REFUSE_RATE > 1)
    throw new Error(
      'invalid environment:\n  PONTE_SANDBOX_REFUND_AGREE_RATE + PONTE_SANDBOX_REFUND_REFUSE_RATE must be at most 1 (the rest waits for the timer)',
    );
  return Object.freeze({
    port: e.PONTE_PORT,
    host: e.PONTE_HOST,
    dataDir: e.PONTE_DATA_DIR,
    serverFile: e.PONTE_SERVER_FILE,
    databaseUrl: e.DATABASE_URL,
    dbSchema: e.PONTE_DB_SCHEMA,
    dbSchemaMode: e.PONTE_PG_SCHEMA_MODE,
    databaseReplicaUrl: e.PONTE_DATABASE_REPLICA_URL,
    masterKeyHex: e.PONTE_MASTER_KEY,
    adminToken: e.PONTE_ADMIN_TOKEN,
    demoAccessKey: e.PONTE_DEMO_ACCESS_KEY,
    demoAccessSecret: e.PONTE_DEMO_ACCESS_SECRET,
    rateLimitPerSecond: e.PONTE_RATE_LIMIT,
    rateLimitBurst: e.PONTE_RATE_BURST,
    signatureWindowMs: parseDuration(e.PONTE_SIGNATURE_WINDOW),
    requireNonce: e.PONTE_REQUIRE_NONCE === '1',
    bodyLimitBytes: e.PONTE_BODY_LIMIT,
    logLevel: e.PONTE_LOG_LEVEL,
    publicUrl: e.PONTE_PUBLIC_URL,
    allowPrivateUrls: e.PONTE_CALLBACK_ALLOW_PRIVATE === '1',
    callbackSchedule: e.PONTE_CALLBACK_SCHEDULE,
    callbackTimeoutMs: e.PONTE_CALLBACK_TIMEOUT_MS,
    sandboxProducts: e.PONTE_SANDBOX_PRODUCTS,
    searchMemoryBytes: e.PONTE_SEARCH_MEMORY_MIB * 2 ** 20,
    sandboxSeed: e.PONTE_SANDBOX_SEED,
    sandboxWarehouse: e.PONTE_SANDBOX_WAREHOUSE === 'on',
    consoleBuild: e.PONTE_CONSOLE_BUILD === 'on',
    sandboxSellers: Object.freeze({
      priceChangeRate: e.PONTE_SANDBOX_PRICE_CHANGE_RATE,
      stockOutRate: e.PONTE_SANDBOX_STOCK_OUT_RATE,
      refundAgreeRate: e.PONTE_SANDBOX_REFUND_AGREE_RATE,
      refundRefuseRate: e.PONTE_SANDBOX_REFUND_REFUSE_RATE,
      receiptRefuseRate: e.PONTE_SANDBOX_RECEIPT_REFUSE_RATE,
    }),
    sources: Object.freeze({ taobao: e.PONTE_SOURCE_TAOBAO, '1688': e.PONTE_SOURCE_1688 }),
    purchaseTolerance: Object.freeze({
      tolerancePercent: e.PONTE_PURCHASE_TOLERANCE_PERCENT,
      toleranceFen: e.PONTE_PURCHASE_TOLERANCE_FEN,
    }),
    priceReviewHours: e.PONTE_PRICE_REVIEW_HOURS,
    trustedProxies: Object.freeze(e.PONTE_TRUSTED_PROXIES),
    ...overrides,
  });
}

/** Where clients reach a server with this config: PONTE_PUBLIC_URL, else host and port. */
export function baseUrlOf(config: Pick<Config, 'publicUrl' | 'host' | 'port'>): string {
  return config.publicUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
}
