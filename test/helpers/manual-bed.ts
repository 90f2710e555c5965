import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sandboxIdSecret } from '../../src/sources/sandbox/build.ts';
import { importCatalog } from '../../src/sources/sandbox/store/import.ts';
import type { Db } from '../../src/platform/db/index.ts';
import type { CreatedDeveloper } from '../../src/modules/accounts/index.ts';
import { createOrders, payOrders } from '../../src/modules/orders/index.ts';
import { topUp } from '../../src/modules/wallet/index.ts';
import type { Ctx } from '../../src/platform/context.ts';
import type { OrderId } from '../../src/platform/ids.ts';
import { createSource } from '../../src/sources/manual/index.ts';
import { getProductByNumericId } from '../../src/sources/sandbox/store/index.ts';
import type { Source } from '../../src/sources/source.ts';
import { createHarness, type Harness } from './harness.ts';
import { DOMAIN_RECEIVER } from './refunds.ts';

const FIXTURES = new URL('../fixtures/catalog-import/', import.meta.url).pathname;

/** The catalog-import fixture's first Taobao line (a dress, SKU 0 in stock), under a new id, with more stock. */
export function importedLine(id: string, platform: 'taobao' | '1688' = 'taobao'): Record<string, any> {
  const lines = readFileSync(`${FIXTURES}catalog.jsonl`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const line = JSON.parse(lines.find((l) => JSON.parse(l).platform === platform)!);
  line.id = id;
  for (const [i, sku] of line.skus.entries()) {
    sku.skuId = `${id.slice(0, 12)}${i}`;
    sku.stock = 100;
    delete sku.specId;
  }
  return line;
}

/** Imports lines the way `ponte catalog import` does, into a harness database (its master key is 32 × 7). */
export async function importLines(db: Db, lines: Record<string, unknown>[]): Promise<void> {
  const report = await importCatalog(
    db,
    lines.map((l) => JSON.stringify(l)),
    { secret: sandboxIdSecret(Buffer.alloc(32, 7)), baseDir: FIXTURES },
  );
  assert.ok(report.ok && report.skipped.length === 0, JSON.stringify(report));
}

/** A harness whose Taobao is manual (1688 stays sandbox), with two imported Taobao products and a funded developer. */
export async function manualBed(): Promise<ManualBed> {
  return manualOrders(await createHarness(MANUAL_TAOBAO, { catalogProducts: 120 }));
}

/** The harness config of a manual Taobao (1688 stays sandbox). */
export const MANUAL_TAOBAO = { sources: { taobao: 'manual', '1688': 'sandbox' } } as const;

/** The two imported Taobao products, the manual source and a funded developer, over a harness made with MANUAL_TAOBAO. */
export async function manualOrders(h: Harness): Promise<ManualBed> {
  await importLines(h.db, [importedLine('652000000401'), importedLine('652000000402')]);
  const source = await createSource(h.db, h.config);
  const dev = await h.developer();
  await topUp(h.ctx, { developerId: dev.developerId, amountFen: 10_000_000 });
  const ctx: Ctx = { ...h.ctx, developerId: dev.developerId, userId: dev.userId, rowsVisible: 'all', role: 'main', language: 'en' };
  let made = 0;
  return {
    h,
    source,
    dev,
    ctx,
    async paidOrder(productId = '652000000401', skus = 1) {
      const product = (await getProductByNumericId(h.db, productId))!;
      const created = await createOrders(ctx, source, {
        platform: product.platform,
        lines: product.skus.slice(0, skus).map((s) => ({ itemRef: product.itemId, skuId: s.skuId, quantity: 1 })),
        receiver: DOMAIN_RECEIVER,
        requestHash: `manual-${++made}`,
      });
      assert.ok(created.ok, JSON.stringify(created));
      const order = created.orders[0]!;
      const paid = await payOrders(ctx, { orderIds: [order.orderId] });
      assert.ok(paid.ok && paid.results[0]!.ok, JSON.stringify(paid));
      return { orderId: order.orderId, totalAmountFen: order.totalAmountFen };
    },
  };
}

export interface ManualBed {
  h: Harness;
  source: Source;
  dev: CreatedDeveloper;
  ctx: Ctx;
  paidOrder(productId?: string, skus?: number): Promise<{ orderId: OrderId; totalAmountFen: number }>;
}
