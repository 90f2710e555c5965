import type { FastifyInstance } from 'fastify';
import { buildApp, systemContext } from './app.ts';
import { demoBanner, ensureDemoDeveloper } from './bootstrap.ts';
import type { Config } from './config.ts';
import { createNonceStore } from './platform/auth/index.ts';
import { openRuntime, type Runtime } from './runtime.ts';
import { CatalogBuild } from './sources/sandbox/build.ts';
import { createSandboxSource } from './sources/sandbox/source.ts';
import { fulfilmentTick } from './modules/fulfilment/index.ts';
import { createDispatcher } from './modules/callbacks/index.ts';

export interface RunningServer {
  app: FastifyInstance;
  runtime: Runtime;
  url: string;
  stop(): Promise<void>;
}

/** `ponte start`: migrate, make sure the demo developer exists, listen, run housekeeping. */
export async function startServer(config: Config, options: { quiet?: boolean } = {}): Promise<RunningServer> {
  const runtime = await openRuntime(config);
  const ctx = systemContext(runtime);
  const demo = await ensureDemoDeveloper(ctx, config);
  const catalog = new CatalogBuild();
  const source = await createSandboxSource(runtime.db);
  const app = await buildApp({ ...runtime, source }, {
    components: () => {
      const s = catalog.status();
      return { catalog: { ready: s.ready, progress: s.total === 0 ? 1 : s.done / s.total, detail: s.error ?? `${s.done}/${s.total} products` } };
    },
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  if (!options.quiet) process.stderr.write(demoBanner(url, demo));
  const building = catalog.run(runtime.db, { seed: config.sandboxSeed, products: config.sandboxProducts, masterKey: runtime.masterKey, afterGenerate: () => source.refreshImageIndex() }).then(
    (s) => runtime.logger.info({ products: s.total }, 'sandbox catalog ready'),
    (err: unknown) => runtime.logger.error({ err }, 'sandbox catalog build failed'),
  );
  const nonces = createNonceStore(runtime.db);
  // The simulated sellers: re-read the clock (the CLI may have advanced it), plan, run what is due.
  let ticking = false;
  const scheduler = setInterval(() => {
    if (ticking) return;
    ticking = true;
    runtime.clock
      .load(ctx)
      .then(() => fulfilmentTick(ctx, source))
      .catch((err: unknown) => runtime.logger.error({ err }, 'sandbox sellers tick failed'))
      .finally(() => (ticking = false));
  }, 1000);
  scheduler.unref();
  // Callback delivery from the outbox; on PostgreSQL every node runs one (claims use SKIP LOCKED).
  const dispatcher = createDispatcher({
    ctx,
    source,
    allowPrivate: config.allowPrivateUrls,
    timeoutMs: config.callbackTimeoutMs,
    schedule: config.callbackSchedule,
    onError: (err) => runtime.logger.error({ err }, 'callback dispatcher failed'),
  });
  dispatcher.start();
  const housekeeping = setInterval(() => {
    nonces.purgeExpired(Date.now()).catch((err: unknown) => runtime.logger.error({ err }, 'nonce purge failed'));
  }, 60_000);
  housekeeping.unref();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    clearInterval(housekeeping);
    clearInterval(scheduler);
    await dispatcher.stop();
    await building;
    await app.close();
    await runtime.close();
  };
  return { app, runtime, url, stop };
}
