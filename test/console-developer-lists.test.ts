/**
 * The developer console's lists with real rows, in a real browser: orders of both marketplaces,
 * after-sales of both, and inbound parcels, made through the signed API; a filter narrows the rows,
 * paging moves through them, the order detail shows its history, and another developer's rows
 * never appear.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import type { Source, SourceProduct } from '../src/sources/source.ts';
import { browserSkip, type ConsoleBed, consoleBed } from './helpers/browser.ts';
import { catalogSource, fundedDeveloper } from './helpers/catalog.ts';
import { ADMIN_TOKEN } from './helpers/harness.ts';
import { ok, ownerRows, type OwnerRows } from './helpers/owned-ids.ts';
import { w3Declaration } from './helpers/owner-rows-warehouse.ts';

const skip = browserSkip();
const PRODUCTS = 300;

async function signIn(bed: ConsoleBed, page: Page, developer: CreatedDeveloper): Promise<void> {
  const response = await fetch(`${bed.baseUrl}/admin/developers/signin-link`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ developerId: developer.developerId }),
  });
  const answer = (await response.json()) as { data: { url: string } };
  await page.goto(`/console/dev/${new URL(answer.data.url).hash}`);
  await page.getByText(`(user ${developer.userId})`).waitFor();
}

/** The table once its page has loaded (after a filter or page change, the old rows are gone). */
async function loaded(page: Page, name: string): Promise<Locator> {
  const table = page.locator(`table[aria-label="${name}"][aria-busy="false"]`);
  await table.waitFor({ state: 'attached' });
  return table;
}

/** The row texts of a loaded table, waiting until the rows are `count`. */
async function rowsOf(page: Page, name: string, count: number): Promise<string[]> {
  const table = await loaded(page, name);
  const rows = table.locator('tbody tr');
  // Evaluated in the page: the rows of the loaded table, counted until they are `count`.
  const selector = JSON.stringify(`table[aria-label="${name}"][aria-busy="false"] tbody tr`);
  await page.waitForFunction(`document.querySelectorAll(${selector}).length === ${count}`);
  return rows.allInnerTexts();
}

/** Today and yesterday as the date inputs take them, in China time (the filters' business days). */
function chinaDays(nowMs: number): { today: string; yesterday: string } {
  const day = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
  return { today: day(nowMs), yesterday: day(nowMs - 86_400_000) };
}

describe('developer console lists with data', { skip }, () => {
  const bed = consoleBed({ allowPrivateUrls: true, rateLimitBurst: 1_000_000 }, { catalogProducts: PRODUCTS });
  let catalog: { source: Source; products: SourceProduct[] };
  let owner: CreatedDeveloper;
  let stranger: CreatedDeveloper;
  let rows: OwnerRows;
  let theirs: OwnerRows;

  before(async () => {
    if (skip) return;
    const { h } = bed();
    catalog = await catalogSource(h, PRODUCTS);
    owner = await fundedDeveloper(h, 100_000_000);
    stranger = await fundedDeveloper(h, 100_000_000);
    rows = ownerRows(h, catalog.source, catalog.products, owner);
    theirs = ownerRows(h, catalog.source, catalog.products, stranger);
  });

  test('orders: two pages of Taobao orders, a status filter, the history, and 1688 orders by status', async () => {
    const { h, newContext, watch } = bed();
    const unpaid: string[] = [];
    for (let i = 0; i < 20; i++) unpaid.push(await rows.taobaoOrder());
    const paid = await rows.taobaoOrder();
    ok(await h.call(owner, 'POST', '/v2/taobao/order/pay', { purchaseOrderId: paid }), 'payment');
    const strangers = await theirs.taobaoOrder();
    const context = await newContext();
    const page = await context.newPage();
    const problems = watch(page);
    await signIn(bed(), page, owner);

    await page.goto('/console/dev/#/orders/taobao');
    const first = await rowsOf(page, 'Taobao orders', 20);
    assert.ok(first[0]?.includes(paid), 'newest first');
    await page.getByText('Page 1 of 2 · 21 rows').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    const second = await rowsOf(page, 'Taobao orders', 1);
    assert.ok(second[0]?.includes(unpaid[0]!), 'the oldest on the second page');
    assert.ok(![...first, ...second].some((r) => r.includes(strangers)), "another developer's order is not listed");

    await page.getByLabel('Status').selectOption('10');
    const filtered = await rowsOf(page, 'Taobao orders', 1);
    assert.ok(filtered[0]?.includes(paid));
    await page.getByText('Page 1 of 1 · 1 rows').waitFor();
    await page.getByRole('link', { name: paid }).click();
    const history = page.getByRole('table', { name: 'History' });
    await history.getByRole('row').filter({ hasText: 'waiting_payment → paid' }).getByText('You (buyer)').waitFor();
    assert.equal(await history.locator('tbody tr').count(), 2, 'created, then paid');

    const alibabaPaid = (await rows.alibabaPaidOrder()).orderId;
    const alibabaUnpaid = await rows.alibabaOrder();
    await theirs.alibabaOrder();
    await page.goto('/console/dev/#/orders/1688');
    const all = await rowsOf(page, '1688 orders', 2);
    assert.ok(all[0]?.includes(alibabaUnpaid) && all[1]?.includes(alibabaPaid), 'only the owner’s two, newest first');
    await page.getByLabel('Status').selectOption('waitsellersend');
    assert.ok((await rowsOf(page, '1688 orders', 1))[0]?.includes(alibabaPaid));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('after-sales: Taobao and 1688 applications, filtered by status, order and day', async () => {
    const { h, newContext, watch } = bed();
    const taobao = [(await rows.taobaoRefund('applied')).refundId, (await rows.taobaoRefund('applied')).refundId];
    const alibaba = [await rows.alibabaRefund(), await rows.alibabaRefund()];
    const strangers = (await theirs.alibabaRefund()).refundId;
    ok(await h.call(owner, 'POST', '/alibaba/refund/cancel', { refundId: alibaba[0]!.refundId }), 'cancel');
    const context = await newContext();
    const page = await context.newPage();
    const problems = watch(page);
    await signIn(bed(), page, owner);

    await page.goto('/console/dev/#/aftersales');
    const listed = await rowsOf(page, 'Taobao after-sales', 2);
    assert.ok(listed[0]?.includes(taobao[1]!) && listed[1]?.includes(taobao[0]!));
    const { today, yesterday } = chinaDays(h.clock.nowMs());
    await page.getByLabel('Created to').fill(yesterday);
    await rowsOf(page, 'Taobao after-sales', 0);
    await page.getByLabel('Created to').fill(today);
    await rowsOf(page, 'Taobao after-sales', 2);

    await page.getByRole('link', { name: '1688' }).click();
    const both = await rowsOf(page, '1688 after-sales', 2);
    assert.ok(!both.some((r) => r.includes(strangers)), "another developer's application is not listed");
    await page.getByLabel('Status').selectOption('refundclose');
    assert.ok((await rowsOf(page, '1688 after-sales', 1))[0]?.includes(alibaba[0]!.refundId));
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Order', { exact: true }).fill(String(alibaba[1]!.body.orderId));
    const one = await rowsOf(page, '1688 after-sales', 1);
    assert.ok(one[0]?.includes(alibaba[1]!.refundId));
    await page.getByRole('link', { name: alibaba[1]!.refundId }).click();
    await page.getByRole('table', { name: 'History' }).getByText('waitselleragree').first().waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('parcels and shipments: filtered by state and by order; none of another developer', async () => {
    const { h, newContext, watch } = bed();
    const plain = await rows.parcel();
    const orderId = await rows.taobaoOrder();
    const declared = await h.call(owner, 'POST', '/v2/open/pp/logistics/updateLogisticInfo', w3Declaration({ orderId }));
    ok(declared, 'W3 with an order');
    const ofOrder = String(declared.data.parcels[0].parcelId);
    const strangers = await theirs.parcel();
    const context = await newContext();
    const page = await context.newPage();
    const problems = watch(page);
    await signIn(bed(), page, owner);

    await page.goto('/console/dev/#/parcels');
    const all = await rowsOf(page, 'Parcels', 2);
    assert.ok(all[0]?.includes(ofOrder) && all[1]?.includes(plain));
    assert.ok(!all.some((r) => r.includes(strangers)));
    const filters = page.getByRole('search').first();
    await filters.getByLabel('State').selectOption('STORED');
    await rowsOf(page, 'Parcels', 0);
    await filters.getByLabel('State').selectOption('EXPECTED');
    await rowsOf(page, 'Parcels', 2);
    await filters.getByLabel('Order', { exact: true }).fill(orderId);
    assert.ok((await rowsOf(page, 'Parcels', 1))[0]?.includes(ofOrder));

    const requested = await rows.shipment('requested');
    await theirs.shipment('requested');
    await page.reload();
    assert.ok((await rowsOf(page, 'Shipments', 1))[0]?.includes(requested), "only the owner's shipment");
    const shipments = page.getByRole('search').nth(1);
    await shipments.getByLabel('State').selectOption('DELIVERED');
    await rowsOf(page, 'Shipments', 0);
    await shipments.getByLabel('State').selectOption('REQUESTED');
    await rowsOf(page, 'Shipments', 1);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
