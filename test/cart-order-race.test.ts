import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import type { SourceProduct } from '../src/sources/source.ts';
import { fundedDeveloper, orderTestbed } from './helpers/catalog.ts';
import type { Harness } from './helpers/harness.ts';
import { TAOBAO_RECEIVER as RECEIVER, ALIBABA_ADDRESS as ADDRESS } from './helpers/fixtures-buyers.ts';

/**
 * Ordering from the cart is one command in one transaction (take the lines, create the orders,
 * remove the lines): concurrent calls on the same lines order them once. The others answer 404
 * naming the line, or — sharing an Idempotency-Key — the first call's orders.
 */
const RACERS = 4;

let h: Harness;
let products: SourceProduct[];
const used = new Set<number>();
before(async () => {
  ({ h, products } = await orderTestbed({}, 300));
});
after(() => h.close());

/** Two fresh SKUs of the platform (from two products), with stock for several times the quantity. */
function picks(platform: 'taobao' | '1688') {
  const out: { product: SourceProduct; sku: SourceProduct['skus'][number]; quantity: number }[] = [];
  for (const product of products) {
    if (product.platform !== platform || used.has(product.index)) continue;
    const quantity = platform === '1688' ? product.minOrderQuantity : 1;
    const sku = product.skus.find((s) => s.stock >= quantity * (RACERS + 1));
    if (!sku) continue;
    used.add(product.index);
    out.push({ product, sku, quantity });
    if (out.length === 2) return out;
  }
  throw new Error(`no ${platform} products fit`);
}

const PLATFORMS = {
  taobao: {
    add: (p: ReturnType<typeof picks>[number]) => ({
      url: '/v2/taobao/cart/add',
      body: { itemMapId: p.product.mapId, skuId: p.sku.skuId, quantity: p.quantity },
    }),
    create: (ids: number[]) => ({ url: '/v2/taobao/cart/create/order', body: { ids, orderAddress: RECEIVER } }),
    orderIds: (data: any): string[] => data.purchaseOrderIds,
  },
  '1688': {
    add: (p: ReturnType<typeof picks>[number]) => ({
      url: '/v2/alibaba/cart/add',
      body: { offerMapId: p.product.mapId, specId: p.sku.specId, quantity: p.quantity },
    }),
    create: (ids: number[]) => ({ url: '/v2/alibaba/cart/create/order', body: { flow: 'general', addressParam: ADDRESS, cartIds: ids } }),
    orderIds: (data: any): string[] => data.map((o: { orderId: string }) => String(o.orderId)),
  },
} as const;

async function fill(dev: CreatedDeveloper, platform: keyof typeof PLATFORMS) {
  const chosen = picks(platform);
  const ids: number[] = [];
  for (const p of chosen) {
    const { url, body } = PLATFORMS[platform].add(p);
    const added = await h.call(dev, 'POST', url, body);
    assert.equal(added.code, 200, added.msg);
    ids.push(added.data.id);
  }
  return { chosen, ids };
}

async function ordersOf(dev: CreatedDeveloper) {
  return h.ctx.db.selectFrom('purchase_orders').select(['order_id', 'batch_id']).where('developer_id', '=', dev.developerId).execute();
}

async function reservedOf(chosen: ReturnType<typeof picks>) {
  const rows = await h.ctx.db
    .selectFrom('sku_reservations')
    .select(['item_id', 'sku_id', 'reserved'])
    .where(
      'item_id',
      'in',
      chosen.map((p) => p.product.itemId),
    )
    .execute();
  return chosen.map((p) => Number(rows.find((r) => r.item_id === p.product.itemId && r.sku_id === p.sku.skuId)?.reserved ?? 0));
}

for (const platform of ['taobao', '1688'] as const) {
  describe(`${platform} cart → order under concurrency`, () => {
    test(`${RACERS} concurrent calls on the same lines without Idempotency-Key: one orders them, the others answer 404, no line ordered twice`, async () => {
      const dev = await fundedDeveloper(h, 10_000_000);
      const { chosen, ids } = await fill(dev, platform);
      const { url, body } = PLATFORMS[platform].create(ids);
      const answers = await Promise.all(
        Array.from({ length: RACERS }, () => h.call(dev, 'POST', url, body, { headers: { 'accept-language': 'en' } })),
      );
      const won = answers.filter((a) => a.code === 200);
      assert.equal(won.length, 1, JSON.stringify(answers.map((a) => [a.code, a.msg])));
      for (const lost of answers.filter((a) => a.code !== 200)) {
        assert.equal(lost.code, 404);
        assert.match(lost.msg, /not found: .*cart line \d+/);
      }
      const orders = await ordersOf(dev);
      assert.deepEqual(orders.map((o) => o.order_id).sort(), PLATFORMS[platform].orderIds(won[0]!.data).sort());
      assert.equal(new Set(orders.map((o) => o.batch_id)).size, 1);
      assert.deepEqual(
        await reservedOf(chosen),
        chosen.map((p) => p.quantity),
        'stock held once',
      );
      const left = await h.ctx.db.selectFrom('cart_lines').select('id').where('id', 'in', ids).execute();
      assert.deepEqual(left, []);
    });

    test(`${RACERS} concurrent calls sharing an Idempotency-Key: one set of orders, every caller gets it`, async () => {
      const dev = await fundedDeveloper(h, 10_000_000);
      const { chosen, ids } = await fill(dev, platform);
      const { url, body } = PLATFORMS[platform].create(ids);
      const answers = await Promise.all(
        Array.from({ length: RACERS }, () => h.call(dev, 'POST', url, body, { headers: { 'idempotency-key': `race-${platform}` } })),
      );
      assert.deepEqual(
        answers.map((a) => a.code),
        Array(RACERS).fill(200),
        JSON.stringify(answers.map((a) => a.msg)),
      );
      const first = PLATFORMS[platform].orderIds(answers[0]!.data).sort();
      for (const answer of answers) assert.deepEqual(PLATFORMS[platform].orderIds(answer.data).sort(), first);
      assert.deepEqual((await ordersOf(dev)).map((o) => o.order_id).sort(), first);
      assert.deepEqual(
        await reservedOf(chosen),
        chosen.map((p) => p.quantity),
      );
    });
  });
}
