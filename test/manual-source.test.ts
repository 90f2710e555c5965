import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { fulfilmentTick } from '../src/modules/fulfilment/index.ts';
import { createOrders, payOrders } from '../src/modules/orders/index.ts';
import { topUp } from '../src/modules/wallet/index.ts';
import type { Ctx } from '../src/platform/context.ts';
import { createSource, warehouseFloorOf } from '../src/sources/manual/index.ts';
import { dequantize, getProductByNumericId } from '../src/sources/sandbox/store/index.ts';
import { IMPORT_INDEX_BASE } from '../src/sources/sandbox/store/import.ts';
import type { Source } from '../src/sources/source.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { importedLine, importLines } from './helpers/manual-bed.ts';

const RECEIVER = { name: '张三', phone: '13800000000', province: '浙江省', city: '杭州市', district: '余杭区', address: '文一西路 969 号' };

describe('source setting', () => {
  it('is sandbox on both platforms by default and parses per platform', () => {
    assert.deepEqual(loadConfig({}).sources, { taobao: 'sandbox', '1688': 'sandbox' });
    assert.deepEqual(loadConfig({ PONTE_SOURCE_1688: 'manual' }).sources, { taobao: 'sandbox', '1688': 'manual' });
    assert.throws(() => loadConfig({ PONTE_SOURCE_TAOBAO: 'real' }), /PONTE_SOURCE_TAOBAO/);
  });
});

describe('a deployment with manual Taobao and sandbox 1688', () => {
  let h: Harness;
  let source: Source;
  let ctx: Ctx;
  before(async () => {
    h = await createHarness({ sources: { taobao: 'manual', '1688': 'sandbox' } }, { catalogProducts: 120 });
    await importLines(h.db, [importedLine('652000000101')]);
    source = await createSource(h.db, h.config);
    const dev = await h.developer();
    await topUp(h.ctx, { developerId: dev.developerId, amountFen: 10_000_000 });
    ctx = { ...h.ctx, developerId: dev.developerId, userId: dev.userId, rowsVisible: 'all', role: 'main', language: 'en' };
  });
  after(() => h.close());

  it('plans no seller work on the manual platform and leaves the sandbox one as it was', () => {
    assert.equal(source.name, 'mixed');
    assert.deepEqual(source.planAfterPayment({ orderId: '1', platform: 'taobao' }), []);
    assert.deepEqual(source.planBeforePayment({ orderId: '1', platform: 'taobao', totalAmountFen: 100 }), []);
    assert.equal(source.planRefundResponse({ refundId: '1', platform: 'taobao', status: '10', version: 1, kind: 'refund' }), null);
    const sandboxPlans = Array.from({ length: 20 }, (_, i) => source.planAfterPayment({ orderId: String(i), platform: '1688' }));
    assert.ok(
      sandboxPlans.every((plan) => plan.length > 0),
      'every sandbox order is shipped or stocked out',
    );
    assert.ok(source.planRefundResponse({ refundId: '1', platform: '1688', status: 'waitselleragree', version: 1, kind: 'refund' }));
  });

  it('sells imported goods on the manual platform, never generated ones', async () => {
    const imported = await getProductByNumericId(h.db, '652000000101');
    assert.ok(imported);
    assert.equal((await source.findProduct(imported.itemId))?.itemId, imported.itemId);
    const generated = await h.db.kysely
      .selectFrom('sandbox_products' as any)
      .select(['item_id', 'platform'] as any)
      .where('product_index' as any, '<', 1000)
      .execute();
    const taobao = generated.find((r: any) => r.platform === 'taobao') as any;
    const alibaba = generated.find((r: any) => r.platform === '1688') as any;
    assert.equal(await source.findProduct(taobao.item_id), null);
    assert.ok(await source.findProduct(alibaba.item_id));
  });

  it('searches only imported goods on the manual platform, by keyword and over HTTP', async () => {
    const imported = (await getProductByNumericId(h.db, '652000000101'))!;
    const all = await source.searchProducts({ platform: 'taobao', page: 1, pageSize: 50 });
    assert.deepEqual(
      all.rows.map((p) => p.itemId),
      [imported.itemId],
    );
    assert.equal(all.total, 1);
    const word = await source.searchProducts({ platform: 'taobao', text: imported.title.zh.slice(0, 2), page: 1, pageSize: 50 });
    assert.ok(word.rows.every((p) => p.index >= IMPORT_INDEX_BASE) && word.total >= 1, JSON.stringify(word.rows.map((p) => p.index)));
    const sandbox = await source.searchProducts({ platform: '1688', page: 1, pageSize: 50 });
    assert.ok(
      sandbox.rows.some((p) => p.index < IMPORT_INDEX_BASE),
      'the sandbox platform still lists its generated goods',
    );
    const dev = await h.developer();
    const searched = await h.call(dev, 'POST', '/v2/taobao/product/search', { keyword: '', pageNo: 1, pageSize: 20 });
    assert.equal(searched.code, 200, searched.msg);
    assert.equal(JSON.stringify(searched.data).includes(imported.itemId), true);
    const generated = (await h.db.kysely
      .selectFrom('sandbox_products' as any)
      .select('item_id' as any)
      .where('platform' as any, '=', 'taobao')
      .where('product_index' as any, '<', IMPORT_INDEX_BASE)
      .executeTakeFirst()) as any;
    assert.equal(JSON.stringify(searched.data).includes(generated.item_id), false);
  });

  it('fills an image search page on the manual platform with imported goods, however near the generated ones are', async () => {
    await importLines(h.db, [importedLine('652000000102'), importedLine('652000000103')]);
    const vectors = (await h.db.kysely
      .selectFrom('sandbox_image_vectors' as any)
      .innerJoin('sandbox_products as p' as any, 'p.product_index' as any, 'sandbox_image_vectors.product_index' as any)
      .select(['vector', 'p.product_index as index', 'p.platform as platform'] as any)
      .execute()) as any[];
    const importedCount = new Set(vectors.filter((v) => v.index >= IMPORT_INDEX_BASE).map((v) => v.index)).size;
    assert.equal(importedCount, 3, 'every imported product has a descriptor');
    // A generated Taobao product's own picture: its nearest neighbours are generated goods.
    const generated = vectors.find((v) => v.platform === 'taobao' && v.index < IMPORT_INDEX_BASE);
    const query = dequantize(generated.vector);
    const page = await source.searchByImage(query, 'taobao', importedCount);
    assert.equal(page.length, importedCount, JSON.stringify(page.map((p) => p.index)));
    assert.ok(page.every((p) => p.index >= IMPORT_INDEX_BASE && p.platform === 'taobao'));
    const sandbox = await source.searchByImage(query, '1688', 5);
    assert.equal(sandbox.length, 5, 'the sandbox platform still finds its generated goods');
  });

  it('a paid manual order gets no simulated seller tasks', async () => {
    const imported = (await getProductByNumericId(h.db, '652000000101'))!;
    const made = await createOrders(ctx, source, {
      platform: 'taobao',
      lines: [{ itemRef: imported.itemId, skuId: imported.skus[0]!.skuId, quantity: 1 }],
      receiver: RECEIVER,
      requestHash: 'manual-1',
    });
    assert.ok(made.ok, JSON.stringify(made));
    const orderId = made.orders[0]!.orderId;
    const paid = await payOrders(ctx, { orderIds: [orderId] });
    assert.ok(paid.ok && paid.results[0]!.ok, JSON.stringify(paid));
    h.clock.advance(60_000);
    await fulfilmentTick(h.ctx, source);
    const tasks = await h.db.kysely
      .selectFrom('fulfilment_tasks' as any)
      .select('order_id' as any)
      .where('order_id' as any, '=', orderId)
      .execute();
    assert.deepEqual(tasks, []);
  });

  it('has no warehouse floor when a platform is manual', () => {
    assert.equal(warehouseFloorOf(h.config, source), null);
    const sandboxOnly = { ...h.config, sources: { taobao: 'sandbox', '1688': 'sandbox' } as const };
    assert.ok(warehouseFloorOf(sandboxOnly, source));
  });
});
