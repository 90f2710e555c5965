/**
 * A bed for after-sales tests: an in-process app over a generated catalog, funded developers and
 * paid orders of one seller with several lines, moved on to shipped / arrived / completed by the
 * orders module's own seller functions.
 */
import type { CreatedDeveloper } from '../../src/modules/accounts/index.ts';
import {
  completeOrder,
  createOrders,
  getOrder,
  markArrived,
  markShipped,
  payOrders,
  type OrderDetail,
  type OrderState,
} from '../../src/modules/orders/index.ts';
import { topUp } from '../../src/modules/wallet/index.ts';
import type { Ctx } from '../../src/platform/context.ts';
import type { Source, SourceProduct } from '../../src/sources/source.ts';
import { orderTestbed } from './catalog.ts';
import type { Harness } from './harness.ts';

const RECEIVER = { name: '张三', phone: '13800000000', province: '浙江省', city: '杭州市', district: '余杭区', address: '文一西路 969 号' };

export type PaidState = Extract<OrderState, 'waiting_payment' | 'paid' | 'shipped' | 'arrived_warehouse' | 'completed'>;

export interface RefundBed {
  h: Harness;
  source: Source;
  ctxOf(who: CreatedDeveloper, sub?: boolean): Ctx;
  /** A new developer with a funded wallet, and its main-user context. */
  buyer(amountFen?: number): Promise<{ dev: CreatedDeveloper; ctx: Ctx }>;
  /** A paid order of one seller with `lines` lines of `quantity` pieces (1688: at least the MOQ), moved on to `state`. */
  order(ctx: Ctx, platform: 'taobao' | '1688', opts?: { lines?: number; quantity?: number; state?: PaidState }): Promise<OrderDetail>;
  close(): Promise<void>;
}

export async function refundBed(): Promise<RefundBed> {
  const { h, source, products } = await orderTestbed({}, 400);
  const used = new Set<string>();
  let seq = 0;
  const ctxOf = (who: CreatedDeveloper, sub = false): Ctx => ({
    ...h.ctx,
    developerId: who.developerId,
    userId: who.userId,
    rowsVisible: sub ? 'own' : 'all',
    role: sub ? 'buyer' : 'main',
    language: 'en',
  });

  function pickLines(platform: 'taobao' | '1688', count: number, quantity: number) {
    const byShop = new Map<number, { product: SourceProduct; sku: SourceProduct['skus'][number]; quantity: number }[]>();
    for (const product of products) {
      if (product.platform !== platform) continue;
      const q = platform === '1688' ? Math.max(quantity, product.minOrderQuantity) : quantity;
      const sku = product.skus.find((s) => s.stock >= q && !used.has(`${product.itemId}/${s.skuId}`));
      if (!sku) continue;
      const group = byShop.get(product.shopIndex) ?? [];
      if (group.some((g) => g.product.itemId === product.itemId)) continue;
      group.push({ product, sku, quantity: q });
      byShop.set(product.shopIndex, group);
      if (group.length === count) {
        for (const g of group) used.add(`${g.product.itemId}/${g.sku.skuId}`);
        return group;
      }
    }
    throw new Error(`no ${platform} shop has ${count} fresh products`);
  }

  return {
    h,
    source,
    ctxOf,
    async buyer(amountFen = 100_000_000) {
      const dev = await h.developer();
      await topUp(h.ctx, { developerId: dev.developerId, amountFen });
      return { dev, ctx: ctxOf(dev) };
    },
    async order(ctx, platform, opts = {}) {
      const picked = pickLines(platform, opts.lines ?? 1, opts.quantity ?? 2);
      const made = await createOrders(ctx, source, {
        platform,
        receiver: RECEIVER,
        requestHash: `refund-bed-${++seq}`,
        lines: picked.map((p) => ({ itemRef: p.product.itemId, skuId: p.sku.skuId, quantity: p.quantity })),
      });
      if (!made.ok) throw new Error(`order: ${JSON.stringify(made)}`);
      const orderId = made.orders[0]!.orderId;
      const state = opts.state ?? 'paid';
      if (state !== 'waiting_payment') {
        const paid = await payOrders(ctx, { orderIds: [orderId] });
        if (!paid.ok || !paid.results[0]?.ok) throw new Error(`pay: ${JSON.stringify(paid)}`);
      }
      if (state !== 'paid' && state !== 'waiting_payment')
        await must(markShipped(h.ctx, orderId, { carrier: 'YTO', trackingNumber: `YT${seq}` }));
      if (state === 'arrived_warehouse' || state === 'completed') await must(markArrived(h.ctx, orderId));
      if (state === 'completed') await must(completeOrder(h.ctx, orderId));
      const read = await getOrder(ctx, orderId);
      if (!read.ok) throw new Error('order not readable');
      return read.order;
    },
    close: () => h.close(),
  };
}

async function must(result: Promise<{ ok: boolean }>): Promise<void> {
  const r = await result;
  if (!r.ok) throw new Error(JSON.stringify(r));
}
