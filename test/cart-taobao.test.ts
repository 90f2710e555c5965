import assert from 'node:assert/strict';
import { expectedShipping } from './helpers/pricing.ts';
import { setSkuStock } from './helpers/catalog.ts';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { generateProduct, type ProductRecord } from '../src/sources/sandbox/catalog/index.ts';
import { createSandboxSource } from '../src/sources/sandbox/source.ts';
import type { Source } from '../src/sources/source.ts';
import { CATALOG_SEED, createHarness, type Harness } from './helpers/harness.ts';

const SIZE = 600;
const records: ProductRecord[] = Array.from({ length: SIZE }, (_, i) => generateProduct(CATALOG_SEED, i));
const taobao = records.filter((r) => r.platform === 'taobao');
const offer1688 = records.find((r) => r.platform === '1688')!;
// Orders charge the SKU's list price (the promotion price is shown, not charged, in the sandbox).
const unit = (sku: ProductRecord['skus'][number]) => sku.priceFen;
/** Products with every SKU in stock (≥ 20), so quantities in tests never hit the stock. */
const stocked = taobao.filter((r) => r.skus.every((s) => s.stock >= 20));

let realSource: Source | undefined;

let h: Harness;
before(async () => {
  h = await createHarness({}, { catalogProducts: SIZE });
  realSource = await createSandboxSource(h.db);
});
after(() => h.close());

async function idsOf(record: ProductRecord) {
  const product = await realSource!.findProduct(record.numericId);
  assert.ok(product);
  return { itemId: product.itemId, itemMapId: product.mapId };
}

async function add(who: CreatedDeveloper, record: ProductRecord, skuIndex: number, quantity: number, extra: Record<string, unknown> = {}) {
  const { itemMapId } = await idsOf(record);
  const sku = record.skus[skuIndex]!;
  return h.call(who, 'POST', '/v2/taobao/cart/add', {
    itemMapId,
    skuId: sku.skuId,
    mpId: record.numericId,
    mpSkuId: sku.skuId,
    quantity,
    ...extra,
  });
}

async function list(who: CreatedDeveloper) {
  const answer = await h.call(who, 'GET', '/v2/taobao/cart/list?language=en');
  assert.equal(answer.code, 200, answer.msg);
  const lines = (l: any[]) => l.flatMap((shop) => shop.cartItemInfos);
  return { ...answer.data, enabled: lines(answer.data.enableList), disabled: lines(answer.data.disableList) };
}

const setStock = (record: ProductRecord, skuIndex: number, stock: number) => setSkuStock(h.db, record.index, skuIndex, stock);

describe('Taobao cart: happy paths', () => {
  test('add by itemMapId (TC5 body with JSON-string properties), again on the v1 path by numeric id: one line, quantities summed', async () => {
    const dev = await h.developer();
    const record = stocked[0]!;
    const sku = record.skus[0]!;
    const properties = JSON.stringify([{ valueId: 28324, valueName: '黄色', propId: 1627207, propName: '颜色分类' }]);
    const first = await add(dev, record, 0, 2, {
      userId: dev.userId,
      platform: 1,
      itemTitle: 'ignored',
      price: 1,
      promotionPrice: 1,
      properties,
      shopId: 42,
      skuQuantity: '94',
      priceRanges: [{ startQuantity: 1, price: 1 }],
      quoteType: 0,
    });
    assert.equal(first.code, 200, first.msg);
    assert.deepEqual({ quantity: first.data.quantity, created: first.data.created }, { quantity: 2, created: true });
    const again = await h.call(dev, 'POST', '/open/cart/add', {
      itemId: Number(record.numericId),
      skuId: sku.skuId,
      mpId: record.numericId,
      mpSkuId: sku.skuId,
      quantity: 3,
    });
    assert.equal(again.code, 200, again.msg);
    assert.deepEqual(again.data, { id: first.data.id, quantity: 5, created: false });

    const cart = await list(dev);
    assert.equal(cart.enabled.length, 1);
    assert.deepEqual(cart.disableList, []);
    const line = cart.enabled[0];
    const { itemId, itemMapId } = await idsOf(record);
    assert.deepEqual(
      {
        id: line.id,
        itemId: line.itemId,
        itemMapId: line.itemMapId,
        mpId: line.mpId,
        skuId: line.skuId,
        quantity: line.quantity,
        price: line.price,
        promotionPrice: line.promotionPrice,
        finalPrice: line.finalPrice,
        addPrice: line.addPrice,
        skuQuantity: line.skuQuantity,
        status: line.status,
        title: line.itemTitle,
        trans: line.itemTitleTrans,
      },
      {
        id: first.data.id,
        itemId,
        itemMapId,
        mpId: record.numericId,
        skuId: sku.skuId,
        quantity: 5,
        price: sku.priceFen,
        promotionPrice: sku.promotionPriceFen,
        finalPrice: unit(sku),
        addPrice: unit(sku),
        skuQuantity: sku.stock,
        status: 'active',
        title: record.title.zh,
        trans: record.title.en,
      },
    );
    assert.deepEqual(
      JSON.parse(line.properties).map((p: { valueName: string }) => p.valueName),
      sku.properties.map((p) => p.valueName.zh),
    );
    assert.match(line.itemPic, new RegExp(`/media/p/${itemId}/\\d+\\.jpg$`));
    assert.equal(cart.enableList[0].shopId.length > 0, true);
  });

  test('edit quantity, then list; delete, then the id is gone (404 on a second delete)', async () => {
    const dev = await h.developer();
    const id = (await add(dev, stocked[1]!, 0, 1)).data.id;
    const edited = await h.call(dev, 'POST', '/v2/taobao/cart/edit-quantity', { id, quantity: 7 });
    assert.equal(edited.code, 200, edited.msg);
    assert.equal(edited.data, true);
    assert.equal((await list(dev)).enabled[0].quantity, 7);
    assert.equal((await h.call(dev, 'POST', '/open/cart/edit-quantity', { id, quantity: 4 })).code, 200, 'v1 alias');
    assert.equal((await list(dev)).enabled[0].quantity, 4);
    const deleted = await h.call(dev, 'POST', '/v2/taobao/cart/delete', { ids: [id] });
    assert.equal(deleted.code, 200, deleted.msg);
    assert.equal((await list(dev)).enabled.length, 0);
    assert.equal((await h.call(dev, 'POST', '/open/cart/delete', { ids: [id] })).code, 404);
  });

  test('order preview: per-shop goods and postage by the order rules, purchaseAmount equals what an order charges', async () => {
    const dev = await h.developer();
    // Shop A: one cheap line (goods < ¥99 → ¥8 postage). Shop B: enough pieces to reach ¥99 (free).
    const cheap = stocked.find((r) => unit(r.skus[0]!) < 9_900)!;
    const other = stocked.find((r) => r.shopIndex !== cheap.shopIndex && r.skus.length >= 2)!;
    const bQuantity = Math.ceil(9_900 / unit(other.skus[0]!)) + 1;
    assert.ok(bQuantity <= 20);
    const a = (await add(dev, cheap, 0, 1)).data.id;
    const b1 = (await add(dev, other, 0, bQuantity)).data.id;
    const b2 = (await add(dev, other, 1, 1)).data.id;
    const answer = await h.call(dev, 'POST', '/v2/taobao/cart/preview/order', {
      ids: [a, b1, b2],
      orderAddress: { name: 'a测试aa', state: '浙江省' },
    });
    assert.equal(answer.code, 200, answer.msg);
    const p = answer.data;
    const aGoods = unit(cheap.skus[0]!);
    const bGoods = unit(other.skus[0]!) * bQuantity + unit(other.skus[1]!);
    const aPost = expectedShipping('taobao', aGoods, cheap.weightGrams);
    assert.ok(aPost > 0);
    assert.deepEqual(
      p.shopList.map((s: any) => [s.goodsAmount, s.postFee, s.totalAmount]),
      [
        [aGoods, aPost, aGoods + aPost],
        [bGoods, 0, bGoods],
      ],
    );
    assert.deepEqual(
      p.shopList[1].lines.map((l: any) => [l.id, l.quantity, l.price, l.amount]),
      [
        [b1, bQuantity, unit(other.skus[0]!), unit(other.skus[0]!) * bQuantity],
        [b2, 1, unit(other.skus[1]!), unit(other.skus[1]!)],
      ],
    );
    assert.deepEqual(
      { goods: p.goodsAmount, post: p.postFee, total: p.purchaseAmount, unsupported: p.unsupportedList },
      { goods: aGoods + bGoods, post: aPost, total: aGoods + bGoods + aPost, unsupported: [] },
    );
    assert.equal((await h.call(dev, 'POST', '/open/cart/preview/order', { ids: [a] })).data.purchaseAmount, aGoods + aPost, 'v1 alias');
  });
});

describe('Taobao cart: errors', () => {
  test('unknown item, unknown SKU and a 1688 offer answer 404', async () => {
    const dev = await h.developer();
    const record = stocked[2]!;
    const { itemMapId } = await idsOf(record);
    assert.equal(
      (await h.call(dev, 'POST', '/v2/taobao/cart/add', { itemMapId: 'AAAAAAAAAAAAAAAAAAAAAA', skuId: '1', quantity: 1 })).code,
      404,
    );
    const noSku = await h.call(
      dev,
      'POST',
      '/v2/taobao/cart/add',
      { itemMapId, skuId: '999', quantity: 1 },
      { headers: { 'accept-language': 'en' } },
    );
    assert.equal(noSku.code, 404);
    assert.match(noSku.msg, /sku 999/);
    assert.equal(
      (await h.call(dev, 'POST', '/v2/taobao/cart/add', { itemId: offer1688.numericId, skuId: offer1688.skus[0]!.skuId, quantity: 1 }))
        .code,
      404,
    );
  });

  test('more than the stock → 2003 with available, also when the cart already holds some', async () => {
    const dev = await h.developer();
    const record = taobao.find((r) => r.skus[0]!.stock > 1 && r.skus[0]!.stock < 500)!;
    const stock = record.skus[0]!.stock;
    const over = await add(dev, record, 0, stock + 1, { language: 'en' });
    assert.equal(over.code, 2003);
    assert.deepEqual(over.data, { available: stock });
    assert.match(over.msg, new RegExp(`has ${stock} available`));
    assert.equal((await add(dev, record, 0, stock - 1)).code, 200);
    assert.equal((await add(dev, record, 0, 2)).code, 2003, 'the total counts');
    const id = (await list(dev)).enabled[0].id;
    const edit = await h.call(dev, 'POST', '/v2/taobao/cart/edit-quantity', { id, quantity: stock + 5 });
    assert.equal(edit.code, 2003);
    assert.equal(edit.data.available, stock);
    const soldOut = taobao.flatMap((r) => r.skus.map((s, i) => ({ r, i, s }))).find((x) => x.s.stock === 0)!;
    assert.equal((await add(dev, soldOut.r, soldOut.i, 1)).code, 2003);
  });

  test('bad bodies answer 400 naming the field', async () => {
    const dev = await h.developer();
    const record = stocked[3]!;
    const { itemMapId } = await idsOf(record);
    const skuId = record.skus[0]!.skuId;
    const cases: [unknown, RegExp][] = [
      [{ itemMapId, skuId }, /quantity is required/],
      [{ itemMapId, skuId, quantity: 0 }, /quantity must be ≥ 1/],
      [{ itemMapId, skuId, quantity: 1.5 }, /quantity/],
      [{ skuId, quantity: 1 }, /itemMapId is required/],
      [{ itemMapId, quantity: 1 }, /skuId is required/],
      [{ itemMapId, skuId, quantity: 1, properties: '[{' }, /properties must be valid JSON/],
    ];
    for (const [body, message] of cases) {
      const answer = await h.call(dev, 'POST', '/v2/taobao/cart/add', body, { headers: { 'accept-language': 'en' } });
      assert.equal(answer.code, 400, JSON.stringify(body));
      assert.match(answer.msg, message);
    }
    const ids = await h.call(dev, 'POST', '/v2/taobao/cart/delete', { ids: [] }, { headers: { 'accept-language': 'en' } });
    assert.equal(ids.code, 400);
    assert.match(ids.msg, /ids/);
    assert.equal((await h.call(dev, 'POST', '/v2/taobao/cart/edit-quantity', { id: 'x', quantity: 1 })).code, 400);
  });
});

describe('Taobao cart: security and availability', () => {
  test('a viewer sub-account can list the cart', async () => {
    const dev = await h.developer();
    const viewer = await h.subAccount(dev, 'viewer');
    assert.equal((await h.call(viewer, 'GET', '/v2/taobao/cart/list')).code, 200);
  });

  test('sibling sub-accounts see only their own lines; the main user sees both', async () => {
    const dev = await h.developer();
    const buyer1 = await h.subAccount(dev, 'buyer');
    const buyer2 = await h.subAccount(dev, 'buyer');
    const id1 = (await add(buyer1, stocked[5]!, 0, 1)).data.id;
    const id2 = (await add(buyer2, stocked[5]!, 0, 2)).data.id;
    assert.notEqual(id1, id2, 'the same SKU is a separate line per user');
    assert.deepEqual(
      (await list(buyer1)).enabled.map((l: any) => l.id),
      [id1],
    );
    assert.deepEqual(
      (await list(buyer2)).enabled.map((l: any) => l.id),
      [id2],
    );
    assert.equal((await h.call(buyer2, 'POST', '/v2/taobao/cart/edit-quantity', { id: id1, quantity: 3 })).code, 404);
    assert.equal((await h.call(buyer2, 'POST', '/v2/taobao/cart/delete', { ids: [id1] })).code, 404);
    assert.equal((await h.call(buyer2, 'POST', '/v2/taobao/cart/preview/order', { ids: [id1] })).code, 404);
    assert.deepEqual((await list(dev)).enabled.map((l: any) => l.id).sort(), [id1, id2].sort());
  });

  test('developer B cannot edit or delete A’s line, and nothing is removed', async () => {
    const devA = await h.developer();
    const devB = await h.developer();
    const id = (await add(devA, stocked[6]!, 0, 1)).data.id;
    const own = (await add(devB, stocked[6]!, 0, 1)).data.id;
    assert.equal((await h.call(devB, 'POST', '/v2/taobao/cart/edit-quantity', { id, quantity: 2 })).code, 404);
    assert.equal((await h.call(devB, 'POST', '/v2/taobao/cart/delete', { ids: [own, id] })).code, 404);
    assert.equal((await list(devB)).enabled.length, 1, 'all or none: B’s own line survived');
    assert.equal((await list(devA)).enabled[0].quantity, 1);
  });

  test('lines whose stock dropped below the quantity, or to 0, or whose item vanished move to disableList and preview as unsupported', async () => {
    const dev = await h.developer();
    const [low, zero, gone] = [stocked[7]!, stocked[8]!, stocked[9]!];
    const idLow = (await add(dev, low, 0, 10)).data.id;
    const idZero = (await add(dev, zero, 0, 1)).data.id;
    const idGone = (await add(dev, gone, 0, 1)).data.id;
    await setStock(low, 0, 3);
    await setStock(zero, 0, 0);
    await (h.db.kysely as unknown as Kysely<any>).deleteFrom('sandbox_products').where('product_index', '=', gone.index).execute();
    const cart = await list(dev);
    assert.deepEqual(cart.enableList, []);
    const byId = new Map<number, any>(cart.disabled.map((l: any) => [l.id, l]));
    assert.deepEqual(byId.get(idLow).reasons, ['INSUFFICIENT_STOCK']);
    assert.equal(byId.get(idLow).skuQuantity, 3);
    assert.equal(byId.get(idLow).status, 'inactive');
    assert.deepEqual(byId.get(idZero).reasons, ['OUT_OF_STOCK']);
    assert.deepEqual(byId.get(idGone).reasons, ['PRODUCT_UNAVAILABLE']);
    assert.equal(byId.get(idGone).itemTitle, '');
    const preview = (await h.call(dev, 'POST', '/v2/taobao/cart/preview/order', { ids: [idLow, idZero, idGone] })).data;
    assert.deepEqual(preview.shopList, []);
    assert.equal(preview.purchaseAmount, 0);
    assert.deepEqual(
      preview.unsupportedList.map((u: any) => [u.id, u.reasons]),
      [
        [idLow, ['INSUFFICIENT_STOCK']],
        [idZero, ['OUT_OF_STOCK']],
        [idGone, ['PRODUCT_UNAVAILABLE']],
      ],
    );
    assert.equal((await h.call(dev, 'POST', '/v2/taobao/cart/edit-quantity', { id: idGone, quantity: 2 })).code, 2007);
    assert.equal(
      (await h.call(dev, 'POST', '/v2/taobao/cart/edit-quantity', { id: idLow, quantity: 3 })).code,
      200,
      'lowering to the stock re-enables',
    );
    assert.deepEqual(
      (await list(dev)).enabled.map((l: any) => l.id),
      [idLow],
    );
  });
});
