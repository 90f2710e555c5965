import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Journey, ok, startJourney } from './helpers/aftersales-journey.ts';
import {
  assertCallbacksFollowHistory,
  assertShipmentMoney,
  LOGISTICS,
  LOGISTICS_ORDER_STATUS,
  PARCEL_STATUS,
  parcelDetail,
  renderAndBook,
  shipmentDetail,
  storedOrderParcel,
  warehouseTurn,
} from './helpers/warehouse-journey.ts';

/**
 * The warehouse as an outside client meets it: the independent client over real HTTP (one list
 * read in the family's query-signature form), business time moved by `POST /sandbox/clock/advance`,
 * the operator on the admin routes, callbacks verified at a real receiver. A Taobao order goes from
 * search to the shopper's door: shipped by the sandbox seller, received, checked and photographed
 * by the sandbox warehouse, quoted (W2), booked (W4), weighed by an operator, then dispatched and
 * delivered on the sandbox clock.
 */
describe('the warehouse journey: a Taobao order to the receiver abroad', () => {
  let j: Journey;
  before(async () => {
    j = await startJourney({ products: 200 });
  });
  after(() => j.close());

  test('heavier than the estimate: a supplementary charge, paid, then dispatched and delivered; every change a callback', async () => {
    const b = await j.buyer();
    const found = await ok(b.client.post('/v2/taobao/product/search', { keyword: '', pageNo: 1, pageSize: 5 }));
    assert.ok(found, 'the catalog answers a search');
    const { parcel } = await storedOrderParcel(j, b);
    const { booked } = await renderAndBook(b, parcel);
    const id = booked.logisticsOrderId;

    await j.admin('/admin/warehouse/shipments/pack', { logisticsOrderId: id });
    const heavier = await j.admin('/admin/warehouse/shipments/weigh', {
      logisticsOrderId: id,
      weightGrams: parcel.weightGrams + 3000,
      lengthCm: parcel.lengthCm + 10,
      widthCm: parcel.widthCm + 5,
      heightCm: parcel.heightCm + 5,
    });
    assert.equal(heavier.state, 'AWAITING_PAYMENT');
    assert.equal(heavier.supplementaryFen, heavier.actualFen - heavier.estimateFen);
    assert.ok(heavier.supplementaryFen > 0);
    await j.advance('1d');
    await warehouseTurn(j);
    assert.equal((await shipmentDetail(b, id)).state, 'AWAITING_PAYMENT', 'the warehouse waits for the developer');

    const paid = await ok(b.client.post(`${LOGISTICS}paySupplementary`, { logisticsOrderId: id }));
    assert.equal(paid.state, 'PAID');
    await j.advance('2h');
    await warehouseTurn(j);
    const dispatched = await shipmentDetail(b, id);
    assert.equal(dispatched.state, 'DISPATCHED');
    assert.match(dispatched.trackingNumber, /^PP\d{9}CN$/);
    await j.advance('60d');
    await warehouseTurn(j);
    const delivered = await shipmentDetail(b, id);
    assert.equal(delivered.state, 'DELIVERED');
    assert.equal(delivered.tracking.at(-1).status, 'DELIVERED');
    assert.equal((await parcelDetail(b, parcel.parcelId)).state, 'SHIPPED');

    await j.deliver();
    assertCallbacksFollowHistory(b, PARCEL_STATUS, 'parcelId', parcel.parcelId, (await parcelDetail(b, parcel.parcelId)).history);
    assertCallbacksFollowHistory(b, LOGISTICS_ORDER_STATUS, 'logisticsOrderId', id, delivered.history);
    assert.deepEqual(
      delivered.history.slice(0, 6).map((e: any) => `${e.action}:${e.actor}`),
      ['book:developer', 'start_packing:operator', 'weigh:operator', 'require_payment:operator', 'pay:developer', 'dispatch:sandbox'],
    );
    await assertShipmentMoney(b, id, heavier.estimateFen + heavier.supplementaryFen);
  });

  test('lighter than the estimate: the difference is refunded and the shipment is PAID without waiting', async () => {
    const b = await j.buyer();
    const { parcel } = await storedOrderParcel(j, b);
    const { booked } = await renderAndBook(b, parcel);
    const id = booked.logisticsOrderId;
    await j.admin('/admin/warehouse/shipments/pack', { logisticsOrderId: id });
    const lighter = await j.admin('/admin/warehouse/shipments/weigh', {
      logisticsOrderId: id,
      weightGrams: Math.max(1, Math.floor(parcel.weightGrams / 4)),
      lengthCm: 10,
      widthCm: 8,
      heightCm: 5,
    });
    assert.equal(lighter.state, 'PAID');
    assert.ok(lighter.actualFen < lighter.estimateFen, `${lighter.actualFen} < ${lighter.estimateFen}`);
    assert.equal(lighter.refundedFen, lighter.estimateFen - lighter.actualFen);
    await j.advance('2h');
    await warehouseTurn(j);
    await j.advance('60d');
    await warehouseTurn(j);
    const delivered = await shipmentDetail(b, id);
    assert.equal(delivered.state, 'DELIVERED');
    await j.deliver();
    assertCallbacksFollowHistory(b, LOGISTICS_ORDER_STATUS, 'logisticsOrderId', id, delivered.history);
    await assertShipmentMoney(b, id, lighter.actualFen);
  });
});
