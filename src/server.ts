import { ensureConsoleBuilt } from './wire/console/build.ts';
import type { FastifyInstance } from 'fastify';
import { buildApp, systemContext } from './app.ts';
import { demoBanner, ensureDemoDeveloper } from './bootstrap.ts';
import { baseUrlOf, type Config } from './config.ts';
import { createNonceStore } from './platform/auth/index.ts';
import type { SystemCtx } from './platform/context.ts';
import { openRuntime, type Runtime } from './runtime.ts';
import { recordOf, removeServerRecord, writeServerRecord } from './server-record.ts';
import { CatalogBuild } from './sources/sandbox/build.ts';
import { createSource, manualPlatforms, warehouseFloorOf } from './sources/manual/index.ts';
import { expirePriceReviews, queuePaidOrders } from './modules/purchasing/index.ts';
import type { Source } from './sources/source.ts';
import { fulfilmentTick } from './modules/fulfilment/index.ts';
import { refundSellersTick } from './modules/aftersales/index.ts';
import { runStorageDay, warehouseDay, warehouseSandboxTick } from './modules/warehouse/index.ts';
import { getMeta, setMeta } from './platform/db/index.ts';
import { createDispatcher } from './modules/callbacks/index.ts';
import { pandaPonMessages } from './wire/callbacks/bodies.ts';
import { createMetrics, type Metrics } from './platform/metrics/index.ts';

export interface RunningServer {
  app: FastifyInstance;
  runtime: Runtime;
  url: string;
  stop(): Promise<void>;
}

/** `ponte start`: migrate, make sure the demo developer exists, listen, run housekeeping. */
export async function startServer(config: Config, options: { quiet?: boolean } = {}): Promise<RunningServer> {
  if (config.consoleBuild) await ensureConsoleBuilt((line) => !options.quiet && process.stderr.write(`${line}\n`));
  const runtime = await openRuntime(config);
  const ctx = systemContext(runtime);
  const demo = await ensureDemoDeveloper(ctx, config);
  const catalog = new CatalogBuild();
  const source = await createSource(runtime.db, runtime.config);
  const metrics = createMetrics();
  const app = await buildApp({ ...runtime, source, metrics }, { components: () => ({ catalog: catalogHealth(catalog) }) });
  const url = await listen(app, config);
  writeServerRecord(config.serverFile, recordOf(config, url));
  if (!options.quiet) process.stderr.write(demoBanner(url, demo));
  const building = buildCatalog(runtime, metrics, catalog, source);
  const sellers = runSellers(runtime, metrics, ctx, source);
  const dispatcher = runDispatcher(runtime, metrics, ctx, source);
  const housekeeping = purgeNoncesEveryMinute(runtime, metrics);
  const storage = runStorageDaily(runtime, metrics, ctx);
  // Background work stops first; app.close() then refuses new connections and waits for the
  // requests in flight, and only after those the database closes.
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.all([housekeeping, storage, sellers, building, dispatcher].map((work) => work.stop()));
      await app.close();
      await runtime.close();
      removeServerRecord(config.serverFile);
    })());
  return { app, runtime, url, stop };
}

/** Work the server runs beside the requests; stop() ends it at once and settles when it is done. */
interface BackgroundWork {
  stop(): Promise<unknown>;
}

function catalogHealth(catalog: CatalogBuild) {
  const s = catalog.status();
  return { ready: s.ready, progress: s.total === 0 ? 1 : s.done / s.total, detail: s.error ?? `${s.done}/${s.total} products` };
}

/** Listens, and answers the URL clients reach (with the port the system chose when config.port is 0). */
async function listen(app: FastifyInstance, config: Config): Promise<string> {
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return baseUrlOf({ ...config, port });
}

/**
 * Generates (or resumes) the sandbox catalog. Stopping interrupts the build (the descriptor workers
 * at once); committed batches stay and the next start resumes from the committed count.
 */
function buildCatalog(runtime: Runtime, metrics: Metrics, catalog: CatalogBuild, source: Source): BackgroundWork {
  const stopBuilding = new AbortController();
  const buildOptions = {
    seed: runtime.config.sandboxSeed,
    products: runtime.config.sandboxProducts,
    masterKey: runtime.masterKey,
    signal: stopBuilding.signal,
  };
  const run = () => catalog.run(runtime.db, { ...buildOptions, afterGenerate: () => source.refreshImageIndex() });
  const building = metrics.runJob('catalog_build', run).then(
    (s) => runtime.logger.info({ products: s.total }, 'sandbox catalog ready'),
    (err: unknown) => {
      if (stopBuilding.signal.aborted)
        runtime.logger.info({ done: catalog.status().done }, 'sandbox catalog build paused; the next start resumes it');
      else runtime.logger.error({ err }, 'sandbox catalog build failed');
    },
  );
  return {
    stop: () => {
      stopBuilding.abort();
      return building;
    },
  };
}

/**
 * The simulated sellers: every second re-read the clock (the CLI may have advanced it), plan, run
 * what is due: order work first (a stock-out opens a line refund), the purchasing queue and its
 * price-review timeout (on the business clock, so a sandbox advance brings it due), then after-sales answers and timers,
 * then the warehouse (shipped orders become expected parcels everywhere; the floor is the sandbox's unless switched off).
 */
function runSellers(runtime: Runtime, metrics: Metrics, ctx: SystemCtx, source: Source): BackgroundWork {
  const floor = warehouseFloorOf(runtime.config, source);
  const manual = manualPlatforms(runtime.config.sources);
  let tick: Promise<void> | null = null;
  const scheduler = setInterval(() => {
    if (tick) return;
    const turn = () =>
      runtime.clock
        .load(ctx)
        .then(() => source.sellerSettings?.refresh())
        .then(() => fulfilmentTick(ctx, source))
        .then(() => queuePaidOrders(ctx, manual))
        .then(() => expirePriceReviews(ctx, runtime.config.priceReviewHours * 3_600_000))
        .then(() => refundSellersTick(ctx, source))
        .then(() => warehouseSandboxTick(ctx, floor));
    tick = metrics
      .runJob('sandbox_sellers', turn)
      .then(
        () => undefined,
        (err: unknown) => runtime.logger.error({ err }, 'sandbox sellers tick failed'),
      )
      .finally(() => (tick = null));
  }, 1000);
  scheduler.unref();
  return {
    stop: async () => {
      clearInterval(scheduler);
      await tick;
    },
  };
}

/** Callback delivery from the outbox; on PostgreSQL every node runs one (claims use SKIP LOCKED). */
function runDispatcher(runtime: Runtime, metrics: Metrics, ctx: SystemCtx, source: Source): BackgroundWork {
  const dispatcher = createDispatcher({
    ctx,
    source,
    renderer: pandaPonMessages,
    allowPrivate: runtime.config.allowPrivateUrls,
    timeoutMs: runtime.config.callbackTimeoutMs,
    schedule: runtime.config.callbackSchedule,
    // The dispatcher's loops poll every 25 ms: their turns are not counted as runs, only their failures.
    onError: (err) => {
      metrics.jobFailures.inc({ job: 'callback_dispatcher' });
      runtime.logger.error({ err }, 'callback dispatcher failed');
    },
    onAttempt: (outcome) => metrics.callbackAttempts.inc({ result: outcome }),
  });
  dispatcher.start();
  return dispatcher;
}

function purgeNoncesEveryMinute(runtime: Runtime, metrics: Metrics): BackgroundWork {
  const nonces = createNonceStore(runtime.db);
  const housekeeping = setInterval(() => {
    metrics
      .runJob('nonce_purge', () => nonces.purgeExpired(Date.now(), runtime.config.signatureWindowMs))
      .catch((err: unknown) => runtime.logger.error({ err }, 'nonce purge failed'));
  }, 60_000);
  housekeeping.unref();
  return {
    stop: async () => clearInterval(housekeeping),
  };
}

/** The meta key holding the last warehouse day whose storage run completed. */
const STORAGE_DAY_KEY = 'warehouse.storage_day';

/**
 * The daily storage job: every minute, when the (sandbox) clock's warehouse day has no completed
 * run yet, run it. Several nodes may run it at once; each (parcel, day) is still charged once.
 */
function runStorageDaily(runtime: Runtime, metrics: Metrics, ctx: SystemCtx): BackgroundWork {
  let run: Promise<void> | null = null;
  const check = () => {
    if (run) return;
    run = metrics
      .runJob('warehouse_storage', async () => {
        await runtime.clock.load(ctx);
        const today = warehouseDay(ctx.clock.nowMs());
        if (Number(await getMeta(ctx, STORAGE_DAY_KEY)) >= today) return;
        const counts = await runStorageDay(ctx);
        await setMeta(ctx, STORAGE_DAY_KEY, String(today));
        runtime.logger.info({ day: today, ...counts }, 'warehouse storage day done');
      })
      .catch((err: unknown) => runtime.logger.error({ err }, 'warehouse storage job failed'))
      .finally(() => (run = null));
  };
  const scheduler = setInterval(check, 60_000);
  scheduler.unref();
  check();
  return {
    stop: async () => {
      clearInterval(scheduler);
      await run;
    },
  };
}

/** How long a graceful stop may take before the process exits anyway (a hung request, a stuck query). */
const STOP_DEADLINE_MS = 10_000;

/**
 * SIGINT and SIGTERM stop the server gracefully and exit 0; a second signal or the deadline exits
 * at once with 1. Under `npm start` npm forwards a SIGTERM only to the `sh -c` it spawned, which
 * dies without passing it on, so there the server also stops when its parent goes away.
 */
export function stopOnSignals(server: RunningServer, options: { underNpm: boolean }): void {
  let stopping = false;
  const shutdown = (reason: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    server.runtime.logger.info({ reason }, 'stopping');
    setTimeout(() => {
      server.runtime.logger.error({ deadlineMs: STOP_DEADLINE_MS }, 'graceful stop took too long; exiting');
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        server.runtime.logger.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => shutdown(signal));
  if (options.underNpm) {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent && !stopping) shutdown('parent process exited');
    }, 250).unref();
  }
}
