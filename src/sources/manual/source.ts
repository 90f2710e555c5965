/**
 * The source a deployment runs: per platform, the sandbox's simulated sellers or the manual
 * source, where operators buy at the real marketplace (docs/decisions/018-manual-source.md).
 * Both read goods from the one catalog store; what differs is who acts as the seller.
 */
import type { Config, SourceKind } from '../../config.ts';
import type { Db } from '../../platform/db/index.ts';
import { createSandboxSource } from '../sandbox/source.ts';
import { IMPORT_INDEX_BASE } from '../sandbox/store/import.ts';
import { configureTokenIndex } from '../sandbox/store/index.ts';
import type { Platform, Source, SourceProduct } from '../source.ts';

export type SourceKinds = Config['sources'];

type SourceConfig = Pick<Config, 'sources' | 'sandboxSellers' | 'sandboxWarehouse' | 'searchMemoryBytes'>;

/** The one place a running Ponte (server, app, CLI) gets its source. */
export async function createSource(db: Db, config: SourceConfig): Promise<Source> {
  if (db.sqlite) configureTokenIndex(db.sqlite, { maxBytes: config.searchMemoryBytes });
  return withSources(await createSandboxSource(db, config.sandboxSellers), config.sources);
}

/**
 * Who works the warehouse floor: the sandbox, unless it is switched off or a platform is manual
 * (parcels do not say their platform to the floor, and real goods are weighed by people).
 */
export function warehouseFloorOf(config: SourceConfig, source: Source): Source | null {
  return config.sandboxWarehouse && !anyManual(config.sources) ? source : null;
}

export function anyManual(kinds: SourceKinds): boolean {
  return Object.values(kinds).includes('manual');
}

/** The platforms run by hand, for the purchasing queue. */
export function manualPlatforms(kinds: SourceKinds): Platform[] {
  return (Object.entries(kinds) as [Platform, SourceKind][]).filter(([, kind]) => kind === 'manual').map(([platform]) => platform);
}

/**
 * The sandbox source, with its seller simulation switched off on manual platforms. A manual
 * platform sells only what was imported or added from a link: the generated sandbox goods are
 * not for sale at a real marketplace.
 */
export function withSources(sandbox: Source, kinds: SourceKinds): Source {
  if (!anyManual(kinds)) return sandbox;
  const manual = (platform: Platform) => kinds[platform] === 'manual';
  const forSale = (p: SourceProduct | null) => (p && manual(p.platform) && p.index < IMPORT_INDEX_BASE ? null : p);
  return {
    ...sandbox,
    name: Object.values(kinds).every((kind) => kind === 'manual') ? 'manual' : 'mixed',
    findProduct: async (ref) => forSale(await sandbox.findProduct(ref)),
    // Search lists only what findProduct would sell: the generated goods never show on a manual platform.
    searchProducts: (query) => sandbox.searchProducts(manual(query.platform) ? { ...query, minIndex: IMPORT_INDEX_BASE } : query),
    searchByImage: (descriptor, platform, limit) =>
      sandbox.searchByImage(descriptor, platform, limit, manual(platform) ? IMPORT_INDEX_BASE : 0),
    planBeforePayment: (order) => (manual(order.platform) ? [] : sandbox.planBeforePayment(order)),
    planAfterPayment: (order) => (manual(order.platform) ? [] : sandbox.planAfterPayment(order)),
    planRefundResponse: (refund) => (manual(refund.platform) ? null : sandbox.planRefundResponse(refund)),
  };
}
