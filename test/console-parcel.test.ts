/**
 * The parcel screen's later steps in a real browser: a stored parcel sent back to its seller under
 * a return waybill, and the extra photos a developer ordered taken by the floor. Each form shows
 * only in the states its transition starts from.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { getParcelSystem, requestExtraPhotos } from '../src/modules/warehouse/index.ts';
import { browserSkip, consoleBed } from './helpers/browser.ts';
import { operatorPage, stateShown } from './helpers/console-floor.ts';
import { fundedWarehouseBuyer, storedParcel, testJpeg } from './helpers/warehouse-bed.ts';

const skip = browserSkip();

describe('operator parcel screen', { skip }, () => {
  const bed = consoleBed();

  test('a stored parcel goes back to its seller; the ended parcel offers neither form', async () => {
    const { h } = bed();
    const buyer = await fundedWarehouseBuyer(h);
    const parcel = await storedParcel(h.ctx, buyer.ctx);
    const { page, problems } = await operatorPage(bed(), 'warehouse', `#/warehouse/parcel/${parcel.parcelId}`);
    await stateShown(page, 'STORED');
    await page.getByLabel('Return tracking number').fill('x');
    await page.getByRole('button', { name: 'Send back to the seller' }).click();
    // The server's refusal names the field it refused.
    await page.getByRole('alert').filter({ hasText: 'Error 400' }).filter({ hasText: 'returnTrackingNumber' }).waitFor();
    await page.getByLabel('Return tracking number').fill('SF1234567890');
    await page.getByLabel('Return carrier').fill('顺丰速运');
    await page.getByLabel('Return note').fill('wrong colour');
    await page.getByRole('button', { name: 'Send back to the seller' }).click();
    await stateShown(page, 'RETURN_TO_SELLER');
    assert.equal(await page.getByRole('button', { name: 'Send back to the seller' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Add the photos' }).count(), 0);
    const read = await getParcelSystem(h.ctx, parcel.parcelId);
    assert.ok(read.ok);
    assert.equal(read.parcel.state, 'RETURN_TO_SELLER');
    const last = read.parcel.history.at(-1);
    assert.equal(last?.action, 'return_to_seller');
    assert.equal(last?.note, 'returned 顺丰速运 SF1234567890: wrong colour');
    assert.deepEqual(problems, []);
  });

  test('the extra photos a developer ordered are taken on the parcel screen, within the allowance', async () => {
    const { h } = bed();
    const buyer = await fundedWarehouseBuyer(h);
    // The three free QC photos are taken, so only the bought ones remain.
    const parcel = await storedParcel(h.ctx, buyer.ctx, { photos: 3 });
    const bought = await requestExtraPhotos(buyer.ctx, { parcelId: parcel.parcelId, count: 1 });
    assert.ok(bought.ok, JSON.stringify(bought));
    const { page, problems } = await operatorPage(bed(), 'warehouse', `#/warehouse/parcel/${parcel.parcelId}`);
    await page.getByText('Extra photos the developer ordered: 1').waitFor();
    const two = [await testJpeg(10), await testJpeg(220)].map((buffer, i) => ({ name: `extra${i}.jpg`, mimeType: 'image/jpeg', buffer }));
    await page.getByLabel('Extra photos to add').setInputFiles(two);
    await page.getByRole('button', { name: 'Add the photos' }).click();
    await page.getByRole('alert').filter({ hasText: 'at most 1 more photos' }).waitFor();
    await page.getByLabel('Extra photos to add').setInputFiles(two.slice(0, 1));
    await page.getByRole('button', { name: 'Add the photos' }).click();
    await page.getByRole('img', { name: 'Photos 4' }).waitFor();
    const read = await getParcelSystem(h.ctx, parcel.parcelId);
    assert.ok(read.ok);
    // The harness's clock is pinned, so the photos share one instant: compare them as a set.
    assert.deepEqual(read.parcel.photos.map((p) => p.kind).sort(), ['extra', 'qc', 'qc', 'qc']);
    assert.deepEqual(problems, []);
  });
});
