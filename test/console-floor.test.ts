/**
 * The operator floor in a real browser: a manual order bought and shipped from the purchasing
 * queue and scanned in at the warehouse door; a parcel scanned, QC'd with a real photo and sent
 * out on a booked shipment (pack, weigh, dispatch); the menu and the server both keep a warehouse
 * operator out of purchasing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { getOrder } from '../src/modules/orders/index.ts';
import { queuePaidOrders } from '../src/modules/purchasing/index.ts';
import { getProductByNumericId } from '../src/sources/sandbox/store/index.ts';
import { bookShipment, declareParcels, expectOrderParcels, getParcelSystem } from '../src/modules/warehouse/index.ts';
import { browserSkip, consoleBed } from './helpers/browser.ts';
import { operatorPage, postFromPage, stateShown } from './helpers/console-floor.ts';
import { importedLine, MANUAL_TAOBAO, type ManualBed, manualOrders } from './helpers/manual-bed.ts';
import { callerCtx, storedRender, US_RECEIVER } from './helpers/shipment-bed.ts';
import { adminCall, ctxOf, declaration, freshTracking, fundedWarehouseBuyer, testJpeg } from './helpers/warehouse-bed.ts';

const skip = browserSkip();

describe('operator floor console', { skip }, () => {
  // Private URLs allowed: the product pictures come from a server of the test's own on 127.0.0.1.
  const bed = consoleBed({ ...MANUAL_TAOBAO, allowPrivateUrls: true }, { catalogProducts: 120 });
  let manual: ManualBed;
  let pictures: Server;
  let pictureUrl: string;
  before(async () => {
    manual = await manualOrders(bed().h);
    const png = readFileSync(new URL('./fixtures/catalog-import/dress.png', import.meta.url));
    pictures = createServer((_request, response) => response.writeHead(200, { 'content-type': 'image/png' }).end(png));
    await new Promise<void>((ready) => pictures.listen(0, '127.0.0.1', ready));
    pictureUrl = `http://127.0.0.1:${(pictures.address() as AddressInfo).port}/dress.png`;
  });
  after(() => pictures?.close());

  test('a manual order goes from the purchasing queue to the warehouse door', async () => {
    const { h } = bed();
    const order = await manual.paidOrder();
    await queuePaidOrders(h.ctx, ['taobao']);
    const { page, problems } = await operatorPage(bed(), 'purchaser', '#/purchasing');
    await page.getByRole('button', { name: `Work on order ${order.orderId}` }).click();
    await page.getByLabel('Marketplace order number').fill('3921874410023345566');
    await page.getByLabel('Price paid (yuan)').fill('abc');
    await page.getByRole('button', { name: 'Record purchase' }).click();
    await page.getByRole('alert').filter({ hasText: 'amount in yuan' }).waitFor();
    await page.getByLabel('Price paid (yuan)').fill((order.totalAmountFen / 100).toFixed(2));
    await page.getByRole('button', { name: 'Record purchase' }).click();
    await stateShown(page, 'PURCHASED');
    const trackingNumber = freshTracking('YT');
    await page.getByLabel('Carrier').fill('圆通速递');
    await page.getByLabel('Tracking number').fill(trackingNumber);
    await page.getByRole('button', { name: 'Record shipment' }).click();
    await stateShown(page, 'SHIPPED');
    // Shipping twice is the server's refusal, shown with its code and message.
    await page.getByRole('button', { name: 'Record shipment' }).click();
    await page.getByRole('alert').filter({ hasText: 'Error 4021' }).waitFor();
    assert.deepEqual(problems, []);
    // The warehouse job that follows shipped orders makes the expected parcel.
    assert.equal(await expectOrderParcels(h.ctx), 1);

    const floor = await operatorPage(bed(), 'warehouse', '#/warehouse');
    const field = floor.page.getByLabel('Domestic tracking number');
    assert.ok(await field.evaluate((el) => el.ownerDocument.activeElement === el), 'the scan field has the focus for the scanner');
    await floor.page.keyboard.type(trackingNumber);
    await floor.page.keyboard.press('Enter');
    await floor.page.getByText('received (RECEIVED)').waitFor();
    assert.equal(await field.inputValue(), '', 'cleared for the next scan');
    assert.ok(await field.evaluate((el) => el.ownerDocument.activeElement === el), 'and still focused');
    const unknown = freshTracking('ZZ');
    await floor.page.keyboard.type(unknown);
    await floor.page.keyboard.press('Enter');
    await floor.page.getByText('unmatched: no parcel expects this number').waitFor();
    const read = await getOrder(manual.ctx, order.orderId);
    assert.ok(read.ok);
    assert.equal(read.order.state, 'arrived_warehouse');
    const unmatched = await adminCall(h, 'GET', '/admin/warehouse/unmatched');
    assert.ok(unmatched.data.scans.some((s: { trackingNumber: string }) => s.trackingNumber === unknown));
    assert.deepEqual(floor.problems, []);
  });

  test('scan, QC with a photo, then pack, weigh and dispatch a booked shipment', async () => {
    const { h } = bed();
    const buyer = await fundedWarehouseBuyer(h);
    const trackingNumber = freshTracking();
    const declared = declaration([trackingNumber]);
    declared.entries[0]!.line = { ...declared.entries[0]!.line, itemId: 'item-1', skuId: 'sku-1' };
    const done = await declareParcels(ctxOf(h, buyer.dev), declared);
    assert.ok(done.ok, JSON.stringify(done));
    const parcelId = done.parcels[0]!.parcelId;

    const { page, problems } = await operatorPage(bed(), 'warehouse', '#/warehouse/scan');
    await page.keyboard.type(trackingNumber);
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: parcelId }).click();
    await stateShown(page, 'RECEIVED');
    await page.getByLabel('Weight (g)').fill('900');
    await page.getByLabel('Length (cm)').fill('30');
    await page.getByLabel('Width (cm)').fill('20');
    await page.getByLabel('Height (cm)').fill('10');
    await page.getByLabel('QC photos').setInputFiles({ name: 'qc.jpg', mimeType: 'image/jpeg', buffer: await testJpeg() });
    await page.getByRole('button', { name: 'Record QC' }).click();
    await stateShown(page, 'STORED');
    await page.getByRole('img', { name: 'Photos 1' }).waitFor();
    const stored = await getParcelSystem(h.ctx, parcelId);
    assert.ok(stored.ok);
    assert.equal(stored.parcel.state, 'STORED');
    assert.equal(stored.parcel.photos.length, 1);

    const renderId = await storedRender(h, buyer.dev);
    const booked = await bookShipment(callerCtx(h, buyer.dev), {
      renderId,
      receiver: US_RECEIVER,
      lineItems: [{ itemId: 'item-1', skuId: 'sku-1', quantity: 1, serviceId: 'ems-std' }],
      remark: '',
      parcelIds: [parcelId],
    });
    assert.ok(booked.ok, JSON.stringify(booked));
    await page.getByRole('link', { name: 'Shipment', exact: true }).click();
    await page.getByLabel('Shipment id').fill(booked.shipmentId);
    await page.getByRole('button', { name: 'Open' }).click();
    await stateShown(page, 'REQUESTED');
    await page.getByRole('button', { name: 'Start packing' }).click();
    await stateShown(page, 'PACKING');
    await page.getByLabel('Weight (g)').fill('1500');
    await page.getByLabel('Length (cm)').fill('30');
    await page.getByLabel('Width (cm)').fill('20');
    await page.getByLabel('Height (cm)').fill('10');
    await page.getByLabel('Scale photo').setInputFiles({ name: 'scale.jpg', mimeType: 'image/jpeg', buffer: await testJpeg(200) });
    await page.getByRole('button', { name: 'Record weight' }).click();
    await stateShown(page, 'PAID');
    await page.getByLabel('International tracking number').fill('EE123456789CN');
    await page.getByRole('button', { name: 'Dispatch', exact: true }).click();
    await stateShown(page, 'DISPATCHED');
    const shipment = await adminCall(h, 'GET', `/admin/warehouse/shipments/detail?logisticsOrderId=${booked.shipmentId}`);
    assert.equal(shipment.data.state, 'DISPATCHED');
    assert.equal(shipment.data.trackingNumber, 'EE123456789CN');
    assert.equal(shipment.data.weightGrams, 1500);
    assert.ok(
      shipment.data.photos.some((p: { kind: string }) => p.kind === 'weighing'),
      'the scale photo is kept',
    );
    assert.deepEqual(problems, []);
  });

  test('a warehouse operator sees no purchasing screen, and the server refuses its purchase', async () => {
    const { h } = bed();
    const order = await manual.paidOrder();
    await queuePaidOrders(h.ctx, ['taobao']);
    // At phone width, as on the floor: the address of a screen the role may not see opens the role's first screen.
    const { page } = await operatorPage(bed(), 'warehouse', '#/purchasing', true);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Warehouse' }).click();
    assert.equal(await page.getByRole('link', { name: 'Purchasing' }).count(), 0);
    assert.ok(await page.getByLabel('Domestic tracking number').isVisible());
    const answer = await postFromPage(page, '/admin/purchasing/purchase', {
      orderId: order.orderId,
      marketplaceOrderNo: '1',
      paidFen: order.totalAmountFen,
    });
    assert.equal(answer.code, 4004, answer.msg);
    const queued = await adminCall(h, 'GET', '/admin/purchasing/queue?state=QUEUED&pageSize=100');
    assert.ok(
      queued.data.rows.some((t: { orderId: string }) => t.orderId === order.orderId),
      'still queued',
    );
  });

  test('a purchaser adds a product from a pasted link: titles by language, SKUs with properties, prices in yuan', async () => {
    const { h } = bed();
    const line = importedLine('652000000501');
    const { page, problems } = await operatorPage(bed(), 'purchaser', '#/catalog');
    await page.getByLabel('Taobao, Tmall or 1688 link').fill('https://m.tb.cn/h.UrX3n2r');
    await page.getByLabel('Title (Chinese)').fill('真丝连衣裙');
    await page.getByLabel('Title in English (optional)').fill('Silk dress');
    await page.getByLabel('Category id').fill(String(line.categoryId));
    await page.getByLabel('Shop name').fill('真丝小铺');
    await page.getByLabel('Picture URLs, main picture first (one per line)').fill(pictureUrl);
    await page.getByRole('button', { name: 'Add a SKU' }).click();
    const skus: [string, string, string, string][] = [
      ['6520000005010', 'two hundred', '10', '颜色:红色; 尺码：XL'],
      ['6520000005011', '0.07', '3', '颜色:红色；尺码:M'],
    ];
    for (const [i, [id, price, stock, properties]] of skus.entries()) {
      await page.getByLabel(`SKU ${i + 1} id`).fill(id);
      await page.getByLabel(`SKU ${i + 1} price (yuan)`).fill(price);
      await page.getByLabel(`SKU ${i + 1} stock`).fill(stock);
      await page.getByLabel(`SKU ${i + 1} properties (name:value; …)`).fill(properties);
    }
    await page.getByRole('button', { name: 'Add product' }).click();
    // The browser's own check names the field by its label, and claims no server code.
    const refused = page.getByRole('alert').filter({ hasText: 'Check “SKU 1 price (yuan)”: must be an amount in yuan' });
    await refused.waitFor();
    assert.doesNotMatch((await refused.textContent()) ?? '', /Error \d/);
    await page.getByLabel('SKU 1 price (yuan)').fill('299.00');
    await page.getByLabel('SKU 2 properties (name:value; …)').fill('颜色红色');
    await page.getByRole('button', { name: 'Add product' }).click();
    await page.getByRole('alert').filter({ hasText: 'Check “SKU 2 properties (name:value; …)”: “颜色红色” is not name:value' }).waitFor();
    await page.getByLabel('SKU 2 properties (name:value; …)').fill('颜色:红色；尺码:M');
    await page.getByRole('button', { name: 'Add product' }).click();
    // The short link is the server's refusal, naming the field.
    await page.getByRole('alert').filter({ hasText: 'Error 400' }).filter({ hasText: 'link' }).waitFor();
    await page.getByLabel('Taobao, Tmall or 1688 link').fill('https://item.taobao.com/item.htm?id=652000000501&spm=a1z10');
    await page.getByRole('button', { name: 'Add product' }).click();
    await page.getByRole('status').filter({ hasText: 'Added taobao 652000000501' }).waitFor();
    const product = await getProductByNumericId(h.db, '652000000501');
    assert.deepEqual([product?.title.zh, product?.title.en, product?.title.th], ['真丝连衣裙', 'Silk dress', '真丝连衣裙']);
    assert.deepEqual(
      product?.skus.map((s) => [s.priceFen, s.stock]),
      [
        [29_900, 10],
        [7, 3],
      ],
    );
    const [xl, m] = (product?.skus ?? []).map((s) => s.properties.map((p) => [p.propName.zh, p.valueName.zh, p.propId, p.valueId]));
    assert.deepEqual(
      xl?.map((p) => p.slice(0, 2)),
      [
        ['颜色', '红色'],
        ['尺码', 'XL'],
      ],
    );
    // One name is one id: both SKUs share 颜色 = 红色 and the property 尺码, and differ in its value.
    assert.deepEqual(m?.[0], xl?.[0]);
    assert.equal(m?.[1]?.[2], xl?.[1]?.[2]);
    assert.notEqual(m?.[1]?.[3], xl?.[1]?.[3]);
    assert.deepEqual(problems, []);
  });
});
