import assert from 'node:assert/strict';
import { createDeveloper, type CreatedDeveloper } from '../../src/modules/accounts/index.ts';
import { refundQuote, submitRefund, type RefundKind, type RefundPlatform, type RefundView } from '../../src/modules/aftersales/index.ts';
import { createOrders, getOrder, payOrders, type OrderDetail } from '../../src/modules/orders/index.ts';
import { topUp } from '../../src/modules/wallet/index.ts';
import type { Ctx, SystemCtx } from '../../src/platform/context.ts';
import type { Source, SourceProduct } from '../../src/sources/source.ts';

/*
 * Refund applications made through the domain services, for the after-sales tests that are not
 * about the wire. In-process tests order through test/helpers/aftersales-bed.ts; the orders here
 * (paidOrder) are for tests whose database another process shares (the CLI, a killed server),
 * where that bed's in-process harness does not exist.
 */
export const DOMAIN_RECEIVER = {
  name: '张三',
  phone: '13800000000',
  province: '浙江省',
  city: '杭州市',
  district: '余杭区',
  address: '文一西路 969 号',
};

export interface Buyer {
  dev: CreatedDeveloper;
  ctx: Ctx;
}

/** A new developer with `amountFen` in its wallet, and its main user's context over `ctx`'s database. */
export async function fundedBuyer(ctx: SystemCtx, name: string, amountFen = 100_000_000): Promise<Buyer> {
  const dev = await createDeveloper(ctx, { name });
  await topUp(ctx, { developerId: dev.developerId, amountFen });
  return { dev, ctx: { ...ctx, developerId: dev.developerId, userId: dev.userId, rowsVisible: 'all', role: 'main', language: 'en' } };
}

/** Hands out SKUs no other order of the run used, `count` of them from one shop (one order per shop). */
export function skuPicker(products: SourceProduct[]) {
  const used = new Set<string>();
  return (platform: RefundPlatform, count: number) => {
    const byShop = new Map<number, { product: SourceProduct; sku: SourceProduct['skus'][number] }[]>();
    for (const product of products) {
      if (product.platform !== platform) continue;
      const sku = product.skus.find(
        (s) => s.stock >= Math.max(10, product.minOrderQuantity * 3) && !used.has(`${product.itemId}/${s.skuId}`),
      );
      if (!sku) continue;
      const shop = byShop.get(product.shopIndex) ?? [];
      shop.push({ product, sku });
      byShop.set(product.shopIndex, shop);
      if (shop.length === count) {
        for (const p of shop) used.add(`${p.product.itemId}/${p.sku.skuId}`);
        return shop;
      }
    }
    throw new Error(`no ${platform} shop with ${count} fresh SKUs left`);
  };
}

let hashes = 0;

/** A paid order of `lines` lines from one shop. */
export async function paidOrder(
  b: Buyer,
  source: Source,
  pick: ReturnType<typeof skuPicker>,
  platform: RefundPlatform,
  lines = 1,
): Promise<OrderDetail> {
  const picked = pick(platform, lines);
  const made = await createOrders(b.ctx, source, {
    platform,
    lines: picked.map((p) => ({ itemRef: p.product.itemId, skuId: p.sku.skuId, quantity: Math.max(1, p.product.minOrderQuantity) })),
    receiver: DOMAIN_RECEIVER,
    requestHash: `refund-test-${++hashes}`,
  });
  assert.ok(made.ok, JSON.stringify(made));
  assert.equal(made.orders.length, 1);
  const orderId = made.orders[0]!.orderId;
  const paid = await payOrders(b.ctx, { orderIds: [orderId] });
  assert.ok(paid.ok && paid.results[0]!.ok, JSON.stringify(paid));
  const detail = await getOrder(b.ctx, orderId);
  assert.ok(detail.ok);
  return detail.order;
}

/** The goods status a test applies with: refund only before shipping, return and refund once received. */
export function goodsStatusFor(platform: RefundPlatform, kind: RefundKind): string {
  if (platform === 'taobao') return kind === 'refund' ? '1' : '4';
  return kind === 'refund' ? 'refundWaitSellerSend' : 'refundBuyerReceived';
}

/** Applies for the whole refundable amount of one line with the catalogue's first fitting reason. */
export async function applyRefund(
  b: Buyer,
  order: OrderDetail,
  kind: RefundKind,
  options: { lineNo?: number; goodsStatus?: string } = {},
): Promise<RefundView> {
  const platform = order.platform as RefundPlatform;
  const goodsStatus = options.goodsStatus ?? goodsStatusFor(platform, kind);
  const lineNo = options.lineNo ?? 1;
  const quote = await refundQuote(b.ctx, { platform, orderId: order.orderId, lineNos: [lineNo], kind, goodsStatus });
  assert.ok(quote.ok, JSON.stringify(quote));
  const reason = quote.quote.reasons.find((r) => !r.needVoucher) ?? quote.quote.reasons[0];
  assert.ok(reason, `a reason for ${platform} ${kind} ${goodsStatus}`);
  const submitted = await submitRefund(b.ctx, {
    platform,
    orderId: order.orderId,
    lines: [{ lineNo }],
    kind,
    goodsStatus,
    reasonId: reason.reasonId,
    applyFen: quote.quote.maxFen,
    description: 'test application',
    images: reason.needVoucher ? ['https://img.example.com/voucher.jpg'] : [],
  });
  assert.ok(submitted.ok, JSON.stringify(submitted));
  return submitted.refund;
}

/** Wallet transactions crediting a refund (each success credits once: ref `refund:<id>`) and their sum in fen. */
export async function refundCredits(ctx: SystemCtx, refundId: string): Promise<{ count: number; fen: number }> {
  const rows = await ctx.db.selectFrom('ledger_transactions').select('amount_fen').where('ref', '=', `refund:${refundId}`).execute();
  return { count: rows.length, fen: rows.reduce((sum, r) => sum + Number(r.amount_fen), 0) };
}
