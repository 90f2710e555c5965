import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AnyRoute } from '../../src/platform/http/index.ts';
import type { Metrics } from '../../src/platform/metrics/index.ts';
import { buildApp, systemContext } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { SandboxClock } from '../../src/sources/sandbox/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import type { SystemCtx } from '../../src/platform/context.ts';
import type { Db } from '../../src/platform/db/index.ts';
import { createDeveloper, createSubAccount, type CreatedDeveloper } from '../../src/modules/accounts/index.ts';
import type { SubAccountRole } from '../../src/platform/auth/index.ts';
import { signedHeaders, type SignType } from '../../sdk/src/index.ts';
import { freshDatabase, type PostgresTarget, type TestDb } from './db.ts';
import { generateCatalog } from '../../src/sources/sandbox/store/index.ts';
import { describeProducts, sandboxIdSecret } from '../../src/sources/sandbox/build.ts';

/** The seed of the small catalogs tests generate (generateProduct(CATALOG_SEED, i) rebuilds any row). */
export const CATALOG_SEED = 7;

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface Harness {
  app: FastifyInstance;
  db: Db;
  testDb: TestDb;
  clock: ManualClock;
  ctx: SystemCtx;
  config: Config;
  masterKey: Buffer;
  developer(name?: string): Promise<CreatedDeveloper>;
  subAccount(developer: CreatedDeveloper, role: SubAccountRole): Promise<CreatedDeveloper>;
  call(who: CreatedDeveloper, method: 'GET' | 'POST', url: string, body?: unknown, opts?: CallOpts): Promise<Answer>;
  close(): Promise<void>;
}

export interface CallOpts {
  signType?: SignType;
  headers?: Record<string, string>;
  timestamp?: string;
  nonceStr?: string;
  rawBody?: string;
}

export interface Answer {
  requestId: string;
  code: number;
  developId: string;
  msg: string;
  data: any;
  headers: Record<string, unknown>;
  status: number;
}

/** An in-process app on a fresh database with a pinned clock; responses are schema-checked. */
export async function createHarness(
  overrides: Partial<Config> = {},
  options: { logger?: Logger; extraRoutes?: AnyRoute[]; catalogProducts?: number; postgres?: PostgresTarget; metrics?: Metrics } = {},
): Promise<Harness> {
  const testDb = await freshDatabase(options.postgres);
  if (options.catalogProducts) {
    await generateCatalog(testDb.db, {
      seed: CATALOG_SEED,
      products: options.catalogProducts,
      secret: sandboxIdSecret(Buffer.alloc(32, 7)),
      describe: describeProducts,
    });
  }
  const clock = new ManualClock(Date.UTC(2026, 10, 28, 8, 0, 0));
  // Business time = the pinned clock + the sandbox offset (POST /sandbox/clock/advance moves it).
  const sandboxClock = new SandboxClock(() => clock.nowMs());
  const masterKey = Buffer.alloc(32, 7);
  const config = loadConfig({}, overrides);
  const logger = options.logger ?? createLogger('silent');
  const deps = {
    config,
    db: testDb.db,
    clock: sandboxClock,
    wallClock: clock,
    logger,
    masterKey,
    adminToken: ADMIN_TOKEN,
    validateResponses: true,
    extraRoutes: options.extraRoutes ?? [],
    ...(options.metrics ? { metrics: options.metrics } : {}),
  };
  const app = await buildApp(deps);
  const ctx = systemContext(deps);
  let count = 0;
  const harness: Harness = {
    app,
    db: testDb.db,
    testDb,
    clock,
    ctx,
    config,
    masterKey,
    developer: (name = `dev${++count}`) => createDeveloper(ctx, { name }),
    subAccount: async (developer, role) => {
      const sub = await createSubAccount(ctx, developer.developerId, role);
      if (!sub.ok) throw new Error('sub-account creation failed');
      return { ...developer, userId: sub.userId };
    },
    call: async (who, method, url, body, opts = {}) => {
      const payload = opts.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
      const headers = {
        ...signedHeaders({
          ...who,
          body: payload,
          signType: opts.signType,
          timestamp: opts.timestamp ?? String(clock.nowMs()),
          nonceStr: opts.nonceStr,
        }),
        ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      };
      const response = await app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });
      return { ...(response.json() as Omit<Answer, 'headers' | 'status'>), headers: response.headers, status: response.statusCode };
    },
    close: async () => {
      await app.close();
      await testDb.drop();
    },
  };
  return harness;
}
