import type { FastifyInstance } from 'fastify';
import { buildApp, systemContext } from '../../src/app.ts';
import { loadConfig, type SandboxSellerRates } from '../../src/config.ts';
import type { SystemCtx } from '../../src/platform/context.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { describeProducts, sandboxIdSecret } from '../../src/sources/sandbox/build.ts';
import { DEFAULT_BEHAVIOUR } from '../../src/sources/sandbox/sellers/plan.ts';
import { SandboxClock } from '../../src/sources/sandbox/clock.ts';
import { createSandboxSource } from '../../src/sources/sandbox/source.ts';
import { generateCatalog, getProductsByIndexes } from '../../src/sources/sandbox/store/index.ts';
import type { Source, SourceProduct } from '../../src/sources/source.ts';
import { freshDatabase } from './db.ts';
import { ADMIN_TOKEN, CATALOG_SEED } from './harness.ts';

/** A journey's server: a real listening app over a fresh database and a generated catalog. */
export interface JourneyBed {
  app: FastifyInstance;
  ctx: SystemCtx;
  source: Source;
  baseUrl: string;
  products: SourceProduct[];
  close(): Promise<void>;
}

/** `sellers`: the simulated sellers' rates (PONTE_SANDBOX_*_RATE), e.g. 0 to keep them from acting, 1 to make them always act. */
export async function startJourneyBed(options: {
  products: number;
  allowPrivateUrls?: boolean;
  sellers?: Partial<SandboxSellerRates>;
}): Promise<JourneyBed> {
  const testDb = await freshDatabase();
  const secret = sandboxIdSecret(Buffer.alloc(32, 7));
  await generateCatalog(testDb.db, { seed: CATALOG_SEED, products: options.products, secret, describe: describeProducts });
  const sellers = { ...DEFAULT_BEHAVIOUR, ...options.sellers };
  const source = await createSandboxSource(testDb.db, sellers);
  const deps = {
    config: loadConfig({}, { sandboxSellers: sellers, ...(options.allowPrivateUrls ? { allowPrivateUrls: true } : {}) }),
    db: testDb.db,
    clock: new SandboxClock(),
    logger: createLogger('silent'),
    masterKey: Buffer.alloc(32, 7),
    adminToken: ADMIN_TOKEN,
    validateResponses: true,
    source,
  };
  const app = await buildApp(deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const products = await getProductsByIndexes(
    testDb.db,
    Array.from({ length: options.products }, (_, i) => i),
  );
  return {
    app,
    ctx: systemContext(deps),
    source,
    baseUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    products,
    close: async () => {
      await app.close();
      await testDb.drop();
    },
  };
}
