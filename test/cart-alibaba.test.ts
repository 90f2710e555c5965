import assert from 'node:assert/strict';
import { expectedShipping } from './helpers/pricing.ts';
import { setSkuStock } from './helpers/catalog.ts';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { fenToYuan } from '../src/platform/money.ts';
import { generateProduct, type ProductRecord } from '../src/sources/sandbox/catalog/index.ts';
import { createSandboxSource } from '../src/sources/sandbox/source.ts';
import type { Source } from '../src/sources/source.ts';
import { CATALOG_SEED, createHarness, type Harness } from './helpers/harness.ts';

const SIZE = 600;
const records: ProductRecord[] = Array.from({ length: SIZE }, (_, i) => generateProduct(CATALOG_SEED, i));
const offers = records.filter((r) => r.platform === '1688');
const taobaoItem = records.find((r) => r.platform === 'taobao')!;
/** Offers with three price tiers, a minimum of 1 and plenty of stock on their first two SKUs. */
const tiered = offers.filter(
  (r) =>
    r.priceRanges.length === 3 && r.minOrderQuantity === 1 && r.skus.length >= 2 && r.skus[0]!.stock >= 1000 && r.skus[1]!.stock >= 1000,
);
const withMinimum = offers.find((r) => r.minOrderQuantity >= 3 && r.skus[0]!.stock >= 1000)!;

/** The tier rule, spelled out independently: the last tier reached scales the SKU price. */
function tierUnit(r: ProductRecord, skuIndex: number, quantity: number): number {
  const tiers = r.priceRanges;
  const tier = [...tiers].reverse().find((t) => t.startQuantity <= quantity) ?? tiers[0]!;
  return Math.round((r.skus[skuIndex]!.priceFen * tier.priceFen) / tiers[0]!.priceFen);
}

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
  return { offerId: product.itemId, offerMapId: product.mapId };
}

async function add(who: CreatedDeveloper, record: ProductRecord, skuIndex: number, quantity: number) {
  const { offerMapId } = await idsOf(record);
  return h.call(who, 'POST', '/v2/alibaba/cart/add', { offerMapId, specId: record.skus[skuIndex]!.specId, quantity });
}

async function list(who: CreatedDeveloper) {
  const answer = await h.call(who, 'GET', '/v2/alibaba/cart/list?language=en');
  assert.equal(answer.code, 200, answer.msg);
  const lines = (l: any[]) => l.flatMap((shop) => shop.cartItemInfos);
  return { ...answer.data, enabled: lines(answer.data.enableList), disabled: lines(answer.data.disableList) };
}

const setStock = (record: ProductRecord, skuIndex: number, stock: number) => setSkuStock(h.db, record.index, skuIndex, stock);

describe('1688 cart: happy paths', () => {
  test('add by offerMapId+specId and by offerId+skuId (v1 alias) land on one line; AC1 list grouped by seller', async () => {
    const dev = await h.developer();
    const record = tiered[0]!;
    const sku = record.skus[0]!;
    const first = await add(dev, record, 0, 2);
    assert.equal(first.code, 200, first.msg);
    assert.equal(first.data.created, true);
    const { offerId, offerMapId } = await idsOf(record);
    const again = await h.call(dev, 'POST', '/alibaba/cart/add', { offerId: record.numericId, skuId: sku.skuId, quantity: 3 });
    assert.deepEqual(again.data, { id: first.data.id, quantity: 5, created: false });

    const cart = await list(dev);
    assert.deepEqual(cart.disableList, []);
    assert.equal(cart.enableList.length, 1);
    const seller = realSource!.shop('1688', record.shopIndex)!;
    assert.deepEqual(
      { sellerOpenId: cart.enableList[0].sellerOpenId, companyName: cart.enableList[0].companyName },
      { sellerOpenId: seller.sellerOpenId, companyName: seller.companyName },
    );
    const line = cart.enabled[0];
    assert.deepEqual(
      {
        id: line.id,
        offerId: line.offerId,
        offerMapId: line.offerMapId,
        specId: line.specId,
        skuId: line.skuId,
        quantity: line.quantity,
        price: line.price,
        amountOnSale: line.amountOnSale,
        subject: line.subject,
        subjectTrans: line.subjectTrans,
        itemTitle: line.itemTitle,
        reasons: line.reasons,
      },
      {
        id: first.data.id,
        offerId,
        offerMapId,
        specId: sku.specId,
        skuId: sku.skuId,
        quantity: 5,
        price: fenToYuan(tierUnit(record, 0, 5)),
        amountOnSale: sku.stock,
        subject: record.title.zh,
        subjectTrans: record.title.en,
        itemTitle: record.title.zh,
        reasons: [],
      },
    );
    assert.equal(line.imageUrl, line.itemPic);
    assert.deepEqual(
      JSON.parse(line.properties).map((p: { value: string }) => p.value),
      sku.properties.map((p) => p.valueName.zh),
    );
  });

  test('edit quantity (AC4, v1 path too) moves the line across price tiers; delete by cartIds', async () => {
    const dev = await h.developer();
    const record = tiered[1]!;
    const id = (await add(dev, record, 0, 1)).data.id;
    const tier2 = record.priceRanges[1]!;
    const edited = await h.call(dev, 'POST', '/alibaba/cart/edit-quantity', {
      id,
      quantity: tier2.startQuantity,
      productNo: 'P1',
      container: 'C1',
      updateTime: { mutable: false },
    });
    assert.equal(edited.code, 200, edited.msg);
    assert.equal(edited.data, true);
    const line = (await list(dev)).enabled[0];
    assert.equal(line.quantity, tier2.startQuantity);
    assert.equal(line.price, fenToYuan(tier2.priceFen), 'the cheapest SKU pays exactly the tier price');
    assert.equal((await h.call(dev, 'POST', '/v2/alibaba/cart/edit-quantity', { id, quantity: 1 })).code, 200);
    assert.equal((await h.call(dev, 'POST', '/v2/alibaba/cart/delete', { cartIds: [id] })).code, 200);
    assert.equal((await list(dev)).enabled.length, 0);
    assert.equal((await h.call(dev, 'POST', '/alibaba/cart/delete', { cartIds: [id] })).code, 404);
  });

  test('preview (AC5): per seller, tier prices, the order shipping rule, sums in fen', async () => {
    const dev = await h.developer();
    // Seller A: the cheapest SKU at tier 3 and a dearer SKU at tier 1. Seller B: one piece of a cheap offer.
    const a =
      tiered.find(
        (r) =>
          r.priceRanges[2]!.startQuantity <= 1000 &&
          r.priceRanges[2]!.priceFen * r.priceRanges[2]!.startQuantity >= 9_900 &&
          r.skus[0]!.stock >= r.priceRanges[2]!.startQuantity &&
          r.skus[1]!.priceFen !== r.skus[0]!.priceFen,
      ) ?? tiered.find((r) => r.priceRanges[2]!.startQuantity <= 1000 && r.skus[0]!.stock >= r.priceRanges[2]!.startQuantity)!;
    const b = offers.find(
      (r) => r.shopIndex !== a.shopIndex && r.minOrderQuantity === 1 && r.skus[0]!.priceFen < 9_900 && r.skus[0]!.stock > 0,
    )!;
    const qA = a.priceRanges[2]!.startQuantity;
    const a1 = (await add(dev, a, 0, qA)).data.id;
    const a2 = (await add(dev, a, 1, 1)).data.id;
    const b1 = (await add(dev, b, 0, 1)).data.id;
    const answer = await h.call(dev, 'POST', '/v2/alibaba/cart/preview/order', {
      cartIds: [a1, a2, b1],
      addressParam: { fullName: 'zhang', provinceText: '浙江省', cityText: '杭州市' },
    });
    assert.equal(answer.code, 200, answer.msg);
    const p = answer.data;
    const aLines = [
      [a1, qA, tierUnit(a, 0, qA)],
      [a2, 1, tierUnit(a, 1, 1)],
    ] as const;
    const aGoods = aLines.reduce((s, [, q, u]) => s + q * u, 0);
    const bGoods = tierUnit(b, 0, 1);
    const aShip = expectedShipping('1688', aGoods, a.weightGrams * (qA + 1));
    const bShip = expectedShipping('1688', bGoods, b.weightGrams);
    assert.equal(tierUnit(a, 0, qA), a.priceRanges[2]!.priceFen);
    assert.deepEqual(
      p.orderPreviewResuslt.map((g: any) => [g.sellerOpenId, g.sumPaymentNoCarriage, g.sumCarriage, g.sumPayment]),
      [
        [realSource!.shop('1688', a.shopIndex)!.sellerOpenId, aGoods, aShip, aGoods + aShip],
        [realSource!.shop('1688', b.shopIndex)!.sellerOpenId, bGoods, bShip, bGoods + bShip],
      ],
    );
    assert.deepEqual(
      p.orderPreviewResuslt[0].cargoList.map((c: any) => [c.cartId, c.quantity, c.finalUnitPrice, c.amount]),
      aLines.map(([id, q, u]) => [id, q, fenToYuan(u), fenToYuan(q * u)]),
    );
    assert.deepEqual(
      { total: p.totalSumPayment, carriage: p.totalSumCarriage, unsupported: p.unsupportedList, success: p.success },
      { total: aGoods + aShip + bGoods + bShip, carriage: aShip + bShip, unsupported: [], success: true },
    );
  });
});

describe('1688 cart: errors', () => {
  test('unknown offer, unknown spec and a Taobao item answer 404', async () => {
    const dev = await h.developer();
    const { offerMapId } = await idsOf(tiered[2]!);
    assert.equal(
      (await h.call(dev, 'POST', '/v2/alibaba/cart/add', { offerMapId: 'AAAAAAAAAAAAAAAAAAAAAA', specId: 'x', quantity: 1 })).code,
      404,
    );
    assert.equal((await h.call(dev, 'POST', '/v2/alibaba/cart/add', { offerMapId, specId: 'nope', quantity: 1 })).code, 404);
    assert.equal(
      (await h.call(dev, 'POST', '/v2/alibaba/cart/add', { offerId: taobaoItem.numericId, skuId: taobaoItem.skus[0]!.skuId, quantity: 1 }))
        .code,
      404,
    );
  });

  test('below the minimum order quantity → 2004 with minimum (add and edit); above stock → 2003 with available', async () => {
    const dev = await h.developer();
    const min = withMinimum.minOrderQuantity;
    const below = await h.call(dev, 'POST', '/v2/alibaba/cart/add', {
      offerMapId: (await idsOf(withMinimum)).offerMapId,
      specId: withMinimum.skus[0]!.specId,
      quantity: min - 1,
      language: 'en',
    });
    assert.equal(below.code, 2004);
    assert.deepEqual(below.data, { minimum: min });
    assert.match(below.msg, new RegExp(`at least ${min}`));
    const id = (await add(dev, withMinimum, 0, min)).data.id;
    assert.equal((await h.call(dev, 'POST', '/v2/alibaba/cart/edit-quantity', { id, quantity: min - 1 })).code, 2004);
    const stock = withMinimum.skus[0]!.stock;
    const over = await h.call(dev, 'POST', '/v2/alibaba/cart/edit-quantity', { id, quantity: stock + 1 });
    assert.equal(over.code, 2003);
    assert.deepEqual(over.data, { available: stock });
    assert.equal((await add(dev, withMinimum, 0, stock)).code, 2003, 'the line already holds the minimum');
  });

  test('bad bodies answer 400 naming the field', async () => {
    const dev = await h.developer();
    const { offerMapId } = await idsOf(tiered[2]!);
    const specId = tiered[2]!.skus[0]!.specId;
    const cases: [string, unknown, RegExp][] = [
      ['/v2/alibaba/cart/add', { offerMapId, specId }, /quantity is required/],
      ['/v2/alibaba/cart/add', { specId, quantity: 1 }, /offerMapId is required/],
      ['/v2/alibaba/cart/add', { offerMapId, quantity: 1 }, /specId is required/],
      ['/v2/alibaba/cart/add', { offerMapId, specId, quantity: -1 }, /quantity/],
      ['/v2/alibaba/cart/edit-quantity', { quantity: 1 }, /id is required/],
      ['/v2/alibaba/cart/delete', { cartIds: 'x' }, /cartIds/],
      ['/v2/alibaba/cart/preview/order', {}, /cartIds is required/],
    ];
    for (const [url, body, message] of cases) {
      const answer = await h.call(dev, 'POST', url, body, { headers: { 'accept-language': 'en' } });
      assert.equal(answer.code, 400, `${url} ${JSON.stringify(body)}`);
      assert.match(answer.msg, message);
    }
  });
});

describe('1688 cart: security and availability', () => {
  test('a viewer can list; sibling sub-accounts see only their own lines', async () => {
    const dev = await h.developer();
    const viewer = await h.subAccount(dev, 'viewer');
    const buyer1 = await h.subAccount(dev, 'buyer');
    const buyer2 = await h.subAccount(dev, 'buyer');
    assert.equal((await h.call(viewer, 'GET', '/v2/alibaba/cart/list')).code, 200);
    const id1 = (await add(buyer1, tiered[3]!, 0, 1)).data.id;
    const id2 = (await add(buyer2, tiered[3]!, 1, 1)).data.id;
    assert.deepEqual(
      (await list(buyer1)).enabled.map((l: any) => l.id),
      [id1],
    );
    assert.deepEqual(
      (await list(buyer2)).enabled.map((l: any) => l.id),
      [id2],
    );
    assert.deepEqual((await list(viewer)).enabled, []);
    assert.equal((await h.call(buyer2, 'POST', '/v2/alibaba/cart/edit-quantity', { id: id1, quantity: 2 })).code, 404);
    assert.equal((await h.call(buyer2, 'POST', '/v2/alibaba/cart/delete', { cartIds: [id1] })).code, 404);
    assert.deepEqual((await list(dev)).enabled.map((l: any) => l.id).sort(), [id1, id2].sort());
  });

  test('developer B editing or deleting A’s line → 404, and the line is unchanged', async () => {
    const devA = await h.developer();
    const devB = await h.developer();
    const id = (await add(devA, tiered[4]!, 0, 1)).data.id;
    assert.equal((await h.call(devB, 'POST', '/v2/alibaba/cart/edit-quantity', { id, quantity: 2 })).code, 404);
    assert.equal((await h.call(devB, 'POST', '/v2/alibaba/cart/delete', { cartIds: [id] })).code, 404);
    assert.equal((await list(devA)).enabled[0].quantity, 1);
  });

  test('stock below the quantity, stock 0, and a raised minimum move lines to disableList; preview lists them as unsupported', async () => {
    const dev = await h.developer();
    const [low, zero, moq] = [tiered[5]!, tiered[6]!, tiered[7]!];
    const idLow = (await add(dev, low, 0, 50)).data.id;
    const idZero = (await add(dev, zero, 0, 1)).data.id;
    const idMoq = (await add(dev, moq, 0, 1)).data.id;
    await setStock(low, 0, 20);
    await setStock(zero, 0, 0);
    await (h.db.kysely as unknown as Kysely<any>)
      .updateTable('sandbox_products')
      .set({ min_order_quantity: 5 })
      .where('product_index', '=', moq.index)
      .execute();
    const cart = await list(dev);
    assert.deepEqual(cart.enableList, []);
    const byId = new Map<number, any>(cart.disabled.map((l: any) => [l.id, l]));
    assert.deepEqual(byId.get(idLow).reasons, ['INSUFFICIENT_STOCK']);
    assert.equal(byId.get(idLow).amountOnSale, 20);
    assert.deepEqual(byId.get(idZero).reasons, ['OUT_OF_STOCK']);
    assert.deepEqual(byId.get(idMoq).reasons, ['BELOW_MIN_ORDER_QUANTITY']);
    assert.equal(byId.get(idMoq).minOrderQuantity, 5);
    const preview = (await h.call(dev, 'POST', '/v2/alibaba/cart/preview/order', { cartIds: [idLow, idZero, idMoq] })).data;
    assert.deepEqual(preview.orderPreviewResuslt, []);
    assert.equal(preview.totalSumPayment, 0);
    assert.deepEqual(
      preview.unsupportedList.map((u: any) => u.cartId),
      [idLow, idZero, idMoq],
    );
    assert.equal(preview.unsupportedCrossBorderPayOfferList.length, 3);
  });
});
