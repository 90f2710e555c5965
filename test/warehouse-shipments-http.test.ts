import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { RENDER_LIFETIME_MS } from '../src/modules/freight/index.ts';
import { fundedDeveloper } from './helpers/catalog.ts';
import { ADMIN_TOKEN, createHarness, type Harness } from './helpers/harness.ts';
import { bookingBody } from './helpers/owner-rows-shipments.ts';

const V2 = '/v2/open/pp/logistics/';

describe('outbound shipments over HTTP', () => {
  let h: Harness;
  let dev: CreatedDeveloper;
  before(async () => {
    h = await createHarness();
    dev = await fundedDeveloper(h, 1_000_000);
  });
  after(() => h.close());

  const admin = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const response = await h.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { payload: JSON.stringify(body) } : {}),
    });
    return response.json() as { code: number; msg: string; data: any };
  };

  test('W4 books (v2 and the v1 alias), replays, and the journey runs to DELIVERED through the admin routes', async () => {
    const body = await bookingBody(h, dev);
    const booked = await h.call(dev, 'POST', `${V2}orderBookingFreight`, body);
    assert.equal(booked.code, 200, booked.msg);
    const id = booked.data.logisticsOrderId;
    assert.match(id, /^LO\d+$/);
    assert.equal(booked.data.state, 'REQUESTED');
    const replay = await h.call(dev, 'POST', '/open/pp/logistics/orderBookingFreight', body);
    assert.deepEqual(replay.data, booked.data, 'the v1 alias replays the same booking');
    const other = await h.call(dev, 'POST', `${V2}orderBookingFreight`, { ...body, remark: 'another body' });
    assert.notEqual(other.code, 200);

    const list = await h.call(dev, 'POST', `${V2}shipmentList`, { state: 'REQUESTED' });
    assert.equal(list.code, 200, list.msg);
    assert.ok(list.data.list.some((s: { logisticsOrderId: string }) => s.logisticsOrderId === id));

    const steps: [string, Record<string, unknown>, string][] = [
      ['pack', {}, 'PACKING'],
      ['weigh', { weightGrams: 500, lengthCm: 20, widthCm: 15, heightCm: 10 }, 'PAID'],
      ['dispatch', { carrier: 'China EMS', trackingNumber: 'EE123456789CN' }, 'DISPATCHED'],
      ['track', { status: 'IN_TRANSIT', description: 'departed Shenzhen hub' }, 'IN_TRANSIT'],
      ['track', { status: 'DELIVERED', description: 'signed for' }, 'DELIVERED'],
    ];
    for (const [step, extra, state] of steps) {
      const answer = await admin('POST', `/admin/warehouse/shipments/${step}`, { logisticsOrderId: id, ...extra });
      assert.equal(answer.code, 200, `${step}: ${answer.msg}`);
      assert.equal(answer.data.state, state);
    }
    const detail = await h.call(dev, 'POST', `${V2}shipmentDetail`, { logisticsOrderId: id });
    assert.equal(detail.code, 200, detail.msg);
    assert.equal(detail.data.actualFen, 15_000);
    assert.equal(detail.data.refundedFen, detail.data.estimateFen - 15_000);
    assert.equal(detail.data.tracking.length, 3);
    const operator = await admin('GET', `/admin/warehouse/shipments/detail?logisticsOrderId=${id}`);
    assert.deepEqual(operator.data, detail.data);
    const late = await admin('POST', '/admin/warehouse/shipments/track', { logisticsOrderId: id, status: 'LOST', description: 'gone' });
    assert.equal(late.code, 2202);
  });

  test('error codes on the wire: 2204 excluded channel, 2205 expired quote, 2202 cancel after packing, 404 for a stranger', async () => {
    const body = await bookingBody(h, dev);
    const excluded = await h.call(dev, 'POST', `${V2}orderBookingFreight`, {
      ...body,
      lineItems: [{ itemId: 'item-1', skuId: 'sku-1', quantity: 1, freightInfo: { serviceId: 'nswex-gb-express' } }],
    });
    assert.equal(excluded.code, 2204, excluded.msg);
    assert.match(excluded.msg, /COUNTRY_NOT_SERVED/);
    const missing = await h.call(dev, 'POST', `${V2}orderBookingFreight`, {
      ...body,
      lineItems: [{ itemId: 'a', skuId: 'b', quantity: 1, freightInfo: {} }],
    });
    assert.equal(missing.code, 400);
    assert.match(missing.msg, /lineItems\[0\]\.freightInfo\.serviceId/);

    const booked = await h.call(dev, 'POST', `${V2}orderBookingFreight`, body);
    const id = booked.data.logisticsOrderId;
    const stranger = await fundedDeveloper(h, 1_000_000);
    assert.equal((await h.call(stranger, 'POST', `${V2}shipmentDetail`, { logisticsOrderId: id })).code, 404);
    assert.equal((await h.call(stranger, 'POST', `${V2}cancelShipment`, { logisticsOrderId: id })).code, 404);
    assert.equal((await admin('POST', '/admin/warehouse/shipments/pack', { logisticsOrderId: id })).code, 200);
    const cancel = await h.call(dev, 'POST', `${V2}cancelShipment`, { logisticsOrderId: id });
    assert.equal(cancel.code, 2202, cancel.msg);
    const pay = await h.call(dev, 'POST', `${V2}paySupplementary`, { logisticsOrderId: id });
    assert.equal(pay.code, 2202, pay.msg);

    const late = await bookingBody(h, dev);
    h.clock.advance(RENDER_LIFETIME_MS);
    const expired = await h.call(dev, 'POST', `${V2}orderBookingFreight`, late);
    assert.equal(expired.code, 2205, expired.msg);
  });

  test('cancel before packing answers the shipment CANCELLED with everything refunded; unsigned admin calls are refused', async () => {
    const booked = await h.call(dev, 'POST', `${V2}orderBookingFreight`, await bookingBody(h, dev));
    const cancel = await h.call(dev, 'POST', `${V2}cancelShipment`, { logisticsOrderId: booked.data.logisticsOrderId });
    assert.equal(cancel.code, 200, cancel.msg);
    assert.equal(cancel.data.state, 'CANCELLED');
    assert.equal(cancel.data.refundedFen, booked.data.estimateFen + booked.data.servicesFen);
    assert.equal(cancel.data.parcels.length, 0, 'the parcels left the shipment');
    const response = await h.app.inject({ method: 'POST', url: '/admin/warehouse/shipments/pack', payload: { logisticsOrderId: 'LO1' } });
    assert.notEqual(response.json().code, 200);
  });
});
