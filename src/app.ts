import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Clock } from './platform/clock.ts';
import type { SystemCtx } from './platform/context.ts';
import type { Db } from './platform/db/index.ts';
import { gatewayWrites } from './platform/auth/index.ts';
import { createHttpServer, registerRoute, type AnyRoute, type OperationsOf, type RouteServices } from './platform/http/index.ts';
import './wire/services.ts';
import { createCallers } from './modules/accounts/index.ts';
import type { Source } from './sources/source.ts';
import { createSource, warehouseFloorOf } from './sources/manual/index.ts';
import { addressRoutes } from './wire/basis/address.ts';
import { walletRoutes } from './wire/wallet/routes.ts';
import { taobaoGoodsRoutes } from './wire/taobao/goods.ts';
import { alibabaGoodsRoutes } from './wire/alibaba/goods.ts';
import { alibabaDiscoveryRoutes } from './wire/alibaba/discovery.ts';
import { registerMediaRoutes } from './wire/sandbox/media.ts';
import { registerSandboxChat } from './wire/sandbox/chat.ts';
import { taobaoCartRoutes } from './wire/taobao/cart.ts';
import { alibabaCartRoutes } from './wire/alibaba/cart.ts';
import { taobaoOrderRoutes } from './wire/taobao/orders.ts';
import { taobaoRefundRoutes } from './wire/taobao/refunds.ts';
import { alibabaOrderRoutes } from './wire/alibaba/orders.ts';
import { alibabaVoucherRoutes, registerVoucherMedia } from './wire/alibaba/vouchers.ts';
import { alibabaRefundRoutes } from './wire/alibaba/refunds.ts';
import { healthRoute, type HealthState } from './wire/system/health.ts';
import { livezRoute, readyzRoute } from './wire/system/probes.ts';
import { registerMcpRoute } from './mcp/index.ts';
import { createMetrics, instrumentHttp, registerMetricsRoute, watch, type Metrics } from './platform/metrics/index.ts';
import { walletTotals } from './modules/wallet/index.ts';
import { pendingMigrations } from './migrations.ts';
import { sandboxRoutes } from './wire/sandbox/routes.ts';
import { callbackRoutes } from './wire/callbacks/routes.ts';
import { callbackOpenapiExtras } from './wire/callbacks/webhooks.ts';
import { adminRefundRoutes } from './wire/admin/refunds.ts';
import { adminProductFromLinkRoute } from './wire/admin/catalog-links.ts';
import { adminPurchasingRoutes } from './wire/admin/purchasing.ts';
import { adminOrderRoutes } from './wire/admin/orders-admin.ts';
import { adminRefundListRoutes } from './wire/admin/refunds-list.ts';
import { adminCallbackRoutes } from './wire/admin/callbacks-admin.ts';
import { orderHistoryRoutes } from './wire/open/order-history.ts';
import { priceChangeRoutes } from './wire/open/price-change.ts';
import { freightRoutes } from './wire/logistics/freight.ts';
import { adminFreightRoutes } from './wire/logistics/freight-admin.ts';
import { bookingRoutes } from './wire/logistics/booking.ts';
import { shipmentRoutes } from './wire/logistics/shipments.ts';
import { adminWarehouseShipmentRoutes } from './wire/admin/warehouse-shipments.ts';
import { servicePriceRoutes } from './wire/logistics/service-prices.ts';
import { adminWarehouseSettingsRoutes } from './wire/admin/warehouse-settings.ts';
import { SandboxClock } from './sources/sandbox/clock.ts';
import { adminDutyTableRoute, logisticsDutyRoutes } from './wire/logistics/landed-cost.ts';
import { declareRoutes } from './wire/logistics/declare.ts';
import { parcelRoutes } from './wire/logistics/parcels.ts';
import { registerWarehouseMedia } from './wire/logistics/warehouse-media.ts';
import { adminWarehouseParcelRoutes } from './wire/admin/warehouse-parcels.ts';
import { consoleRoutes } from './wire/admin/operators.ts';
import { registerConsolePages } from './wire/console/static.ts';
import { adminDeveloperRoutes } from './wire/admin/developers.ts';
import { adminWalletRoutes } from './wire/admin/wallets-admin.ts';
import { adminDashboardRoute } from './wire/admin/dashboard.ts';
import { adminSandboxSettingsRoutes } from './wire/admin/sandbox-settings.ts';
import { operatorAccountRoutes } from './wire/admin/operator-accounts.ts';
import { consoleGate } from './modules/operators/index.ts';
import { developerGate } from './modules/devconsole/index.ts';
import { adminDeveloperSigninRoute } from './wire/admin/developer-signin.ts';
import { devConsoleRoutes } from './wire/devconsole/routes.ts';

export const VERSION = '0.1.0';

export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
  /** The clock for signature windows; tests pin it, production uses the wall clock. */
  wallClock?: Clock;
  logger: Logger;
  masterKey: Buffer;
  adminToken: string;
  validateResponses?: boolean;
  /** Routes added by the embedding program (tests, plugins) beside the built-in ones. */
  extraRoutes?: AnyRoute[];
  /** The marketplace behind the goods endpoints; the sandbox unless given. */
  source?: Source;
  /**
   * The instance's metrics, shared with the background work that counts into them. Unless given, a
   * fresh set without the process metrics: those attach process-wide observers (event-loop delay,
   * GC) that closing an app cannot remove, and tests build hundreds of apps in one process.
   */
  metrics?: Metrics;
}

/** Every signed route the API serves; the SDK's operation types and the security suite come from this list. */
export const SIGNED_ROUTES = [
  ...addressRoutes,
  ...walletRoutes,
  ...taobaoGoodsRoutes,
  ...alibabaGoodsRoutes,
  ...alibabaDiscoveryRoutes,
  ...taobaoCartRoutes,
  ...alibabaCartRoutes,
  ...taobaoOrderRoutes,
  ...alibabaOrderRoutes,
  ...callbackRoutes,
  ...taobaoRefundRoutes,
  ...alibabaVoucherRoutes,
  ...alibabaRefundRoutes,
  ...freightRoutes,
  ...logisticsDutyRoutes,
  ...bookingRoutes,
  ...shipmentRoutes,
  ...servicePriceRoutes,
  ...declareRoutes,
  ...parcelRoutes,
  ...priceChangeRoutes,
  ...orderHistoryRoutes,
] as const;

/** Request/response types of every signed operation, keyed `'METHOD /path'` (used by the SDK). */
export type Operations = OperationsOf<typeof SIGNED_ROUTES>;

export function systemContext(deps: Pick<AppDeps, 'db' | 'clock' | 'masterKey'>, requestId = 'system'): SystemCtx {
  return { db: deps.db.kysely, dialect: deps.db.dialect, clock: deps.clock, masterKey: deps.masterKey, requestId };
}

/** What every route handler gets as `input.services` (wire/services.ts). */
function routeServices(deps: AppDeps, source: Source, wallClock: Clock, health: Partial<HealthState>): RouteServices {
  return {
    source,
    publicUrl: deps.config.publicUrl,
    allowPrivateUrls: deps.config.allowPrivateUrls,
    callbackTimeoutMs: deps.config.callbackTimeoutMs,
    wallClock,
    // The sandbox controls exist only where business time is a sandbox clock (always, in `ponte start`).
    sandboxClock: deps.clock instanceof SandboxClock ? deps.clock : undefined,
    warehouseFloor: warehouseFloorOf(deps.config, source),
    purchasePolicy: deps.config.purchaseTolerance,
    rateLimit: { perSecond: deps.config.rateLimitPerSecond, burst: deps.config.rateLimitBurst },
    health: {
      startedAtMs: Date.now(),
      version: VERSION,
      components: () => ({}),
      pendingMigrations: () => pendingMigrations(deps.db),
      ...health,
    },
  };
}

/** The routes after /health and the sandbox controls (served only on a sandbox clock), before the embedder's. */
const BUILT_IN_ROUTES: AnyRoute[] = [
  ...SIGNED_ROUTES,
  ...adminRefundRoutes,
  ...adminFreightRoutes,
  ...adminWarehouseSettingsRoutes,
  adminDutyTableRoute,
  ...adminWarehouseShipmentRoutes,
  ...adminWarehouseParcelRoutes,
  ...consoleRoutes,
  adminDeveloperSigninRoute,
  ...devConsoleRoutes,
  ...operatorAccountRoutes,
  adminProductFromLinkRoute,
  ...adminPurchasingRoutes,
  ...adminDeveloperRoutes,
  ...adminWalletRoutes,
  adminDashboardRoute,
  ...adminSandboxSettingsRoutes,
  ...adminOrderRoutes,
  ...adminRefundListRoutes,
  ...adminCallbackRoutes,
];

/** Builds the HTTP app on an opened, migrated database. Listening is the caller's business. */
export async function buildApp(deps: AppDeps, health: Partial<HealthState> = {}): Promise<FastifyInstance> {
  const app = await createHttpServer({
    logger: deps.logger,
    bodyLimitBytes: deps.config.bodyLimitBytes,
    version: VERSION,
    openapiExtras: callbackOpenapiExtras,
    trustedProxies: deps.config.trustedProxies,
  });
  const metrics = deps.metrics ?? createMetrics({ processMetrics: false });
  instrumentHttp(app, metrics);
  watch(metrics, { db: deps.db, clock: deps.clock, walletTotals: () => walletTotals(systemContext(deps)) });
  const limits = { perSecond: deps.config.rateLimitPerSecond, burst: deps.config.rateLimitBurst };
  const wallClock = deps.wallClock ?? { nowMs: () => Date.now() };
  const source = deps.source ?? (await createSource(deps.db, deps.config));
  const services = routeServices(deps, source, wallClock, health);
  const securityCtx = () => ({ ...systemContext(deps), clock: wallClock });
  const httpDeps = {
    system: () => systemContext(deps),
    validateResponses: deps.validateResponses ?? false,
    adminToken: deps.adminToken,
    console: consoleGate(securityCtx, deps.config.publicUrl?.startsWith('https:') ?? false),
    developers: developerGate(securityCtx),
    services,
    gateway: {
      windowMs: deps.config.signatureWindowMs,
      requireNonce: deps.config.requireNonce,
      ...createCallers(deps.db),
      ...gatewayWrites(deps.db, limits),
      wallClockMs: () => wallClock.nowMs(),
    },
  };
  const routes = [
    healthRoute,
    livezRoute,
    readyzRoute,
    ...(services.sandboxClock ? sandboxRoutes : []),
    ...BUILT_IN_ROUTES,
    ...(deps.extraRoutes ?? []),
  ];
  for (const route of routes) registerRoute(app, httpDeps, route);
  registerMetricsRoute(app, httpDeps, metrics);
  registerMcpRoute(app, httpDeps, VERSION);
  registerMediaRoutes(app, source);
  registerVoucherMedia(app, () => systemContext(deps));
  registerWarehouseMedia(app, () => systemContext(deps));
  registerSandboxChat(app);
  await registerConsolePages(app);
  return app;
}
