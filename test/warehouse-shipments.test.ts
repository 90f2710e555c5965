import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { RENDER_LIFETIME_MS } from '../src/modules/freight/index.ts';
import { getBalance, topUp } from '../src/modules/wallet/index.ts';
import {
  bookShipment,
  cancelShipment,
  dispatchShipment,
  getShipment,
  pageShipments,
  paySupplementary,
  startPacking,
  trackShipment,
  weighShipment,
  type BookInput,
  type TrackingStatus,
} from '../src/modules/warehouse/index.ts';
import { fundedDeveloper } from './helpers/catalog.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { assertLedger, callerCtx, storedParcel, storedRender, US_RECEIVER } from './helpers/shipment-bed.ts';

// The sample card's US prices for one parcel: 2 kg on ems-std 28500 fen (the quote), 0.5 kg 15000, 5 kg 55500.
const QUOTED_FEN = 28_500;
const LIGHT = { weightGrams: 500, lengthCm: 20, widthCm: 15, heightCm: 10 };
const HEAVY = { weightGrams: 5000, lengthCm: 40, widthCm: 30, heightCm: 20 };

function input(renderId: string, extra: Partial<BookInput> = {}): BookInput {
  return {
    renderId,
    receiver: US_RECEIVER,
    lineItems: [{ itemId: 'item-1', skuId: 'sku-1', quantity: 1, serviceId: 'ems-std' }],
    remark: '',
    ...extra,
  };
}

const parcelRow = (h: Harness, parcelId: string) =>
  h.ctx.db.selectFrom('warehouse_parcels').select(['state', 'shipment_id']).where('parcel_id', '=', parcelId).executeTakeFirstOrThrow();

describe('outbound shipments', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  async function bookOne(dev: CreatedDeveloper, extra: Partial<BookInput> = {}) {
    const parcelId = await storedParcel(h, dev, { itemId: 'item-1', skuId: 'sku-1' });
    const renderId = await storedRender(h, dev);
    const booked = await bookShipment(callerCtx(h, dev), input(renderId, { parcelIds: [parcelId], ...extra }));
    assert.equal(booked.ok, true, JSON.stringify(booked));
    if (!booked.ok) throw new Error('unreachable');
    return { parcelId, renderId, shipmentId: booked.shipmentId, booked };
  }

  test('booking charges the quote, allocates the parcels; the same body again answers the same shipment, another body is refused', async () => {
    const dev = await fundedDeveloper(h, 100_000);
    const parcelId = await storedParcel(h, dev, { itemId: 'item-1', skuId: 'sku-1' });
    await storedParcel(h, dev, { itemId: 'item-9', skuId: 'sku-9' });
    const renderId = await storedRender(h, dev);
    const ctx = callerCtx(h, dev);
    const booked = await bookShipment(ctx, input(renderId));
    assert.equal(booked.ok, true, JSON.stringify(booked));
    if (!booked.ok) return;
    assert.match(booked.shipmentId, /^LO\d+$/);
    assert.equal(booked.state, 'REQUESTED');
    assert.equal(booked.estimateFen, QUOTED_FEN);
    assert.deepEqual(booked.parcelIds, [parcelId], 'by default only the parcel holding the booked item travels');
    assert.deepEqual(await parcelRow(h, parcelId), { state: 'ALLOCATED', shipment_id: booked.shipmentId });
    assert.equal(await getBalance(h.ctx, dev.developerId), 100_000 - QUOTED_FEN);

    const again = await bookShipment(ctx, input(renderId));
    assert.equal(again.ok && again.shipmentId, booked.shipmentId);
    assert.equal(again.ok && again.replayed, true);
    const other = await bookShipment(ctx, input(renderId, { remark: 'fragile' }));
    assert.equal(!other.ok && other.error, 'IDEMPOTENCY_KEY_REUSED');
    await assertLedger(h, dev, 100_000 - QUOTED_FEN);

    const view = await getShipment(ctx, booked.shipmentId);
    assert.equal(view.ok && view.shipment.history[0]?.action, 'book');
    assert.equal(view.ok && view.shipment.receiverAddress.country, 'US');
    const page = await pageShipments(ctx, { page: 1, pageSize: 10 });
    assert.equal(page.ok && page.total, 1);
  });

  test('two racing bookings of one quote make one shipment and one charge', async () => {
    const dev = await fundedDeveloper(h, 100_000);
    const parcelId = await storedParcel(h, dev, { itemId: 'item-1', skuId: 'sku-1' });
    const body = input(await storedRender(h, dev), { parcelIds: [parcelId] });
    const [a, b] = await Promise.all([bookShipment(callerCtx(h, dev), body), bookShipment(callerCtx(h, dev), body)]);
    assert.ok(a.ok && b.ok, JSON.stringify([a, b]));
    assert.equal(a.shipmentId, b.shipmentId);
    assert.equal([a.replayed, b.replayed].filter(Boolean).length, 1);
    await assertLedger(h, dev, 100_000 - QUOTED_FEN);
  });

  test('services are charged with the booking; an unknown service code names its field and charges nothing', async () => {
    const dev = await fundedDeveloper(h, 100_000);
    await storedParcel(h, dev, { itemId: 'item-1', skuId: 'sku-1' });
    const refused = await bookShipment(
      callerCtx(h, dev),
      input(await storedRender(h, dev), { services: [{ code: 'gold_leaf', quantity: 1 }] }),
    );
    assert.equal(!refused.ok && refused.error, 'BAD_PARAMETER');
    assert.equal(!refused.ok && refused.params?.field, 'services[0].code');
    const { booked } = await bookOne(dev, { services: [{ code: 'reinforcement', quantity: 1 }] });
    assert.equal(booked.servicesFen, 806, 'bubble wrap, one parcel');
    await assertLedger(h, dev, 100_000 - QUOTED_FEN - 806);
  });

  test('refusals: expired quote 2205, unknown or foreign quote and parcels 404, excluded channel 2204, wrong country, lines disagreeing', async () => {
    const dev = await fundedDeveloper(h, 100_000);
    const stranger = await fundedDeveloper(h, 100_000);
    const ctx = callerCtx(h, dev);
    const parcelId = await storedParcel(h, dev, { itemId: 'item-1', skuId: 'sku-1' });
    const renderId = await storedRender(h, dev);
    const expect = async (body: BookInput, error: string, who = ctx) => {
      const answer = await bookShipment(who, body);
      assert.equal(!answer.ok && answer.error, error, JSON.stringify(answer));
      return answer;
    };
    await expect(input('FF123'), 'NOT_FOUND');
    await expect(input(renderId), 'NOT_FOUND', callerCtx(h, stranger));
    await expect(input(await storedRender(h, stranger), { parcelIds: [parcelId] }), 'NOT_FOUND', callerCtx(h, stranger));
    await expect(input(renderId, { parcelIds: [await storedParcel(h, stranger, { itemId: 'item-1', skuId: 'sku-1' })] }), 'NOT_FOUND');
    const excluded = await expect(
      input(renderId, { lineItems: [{ itemId: 'item-1', skuId: 'sku-1', quantity: 1, serviceId: 'nswex-gb-express' }] }),
      'SHIPMENT_CHANNEL_REFUSED',
    );
    assert.match(String(!excluded.ok && excluded.params?.reason), /COUNTRY_NOT_SERVED/);
    const country = await expect(input(renderId, { receiver: { ...US_RECEIVER, country: 'DE' } }), 'BAD_PARAMETER');
    assert.equal(!country.ok && country.params?.field, 'receiverAddress.country');
    const lines = [
      { itemId: 'item-1', skuId: 'sku-1', quantity: 1, serviceId: 'ems-std' },
      { itemId: 'item-2', skuId: 'sku-2', quantity: 1, serviceId: 'epacket' },
    ];
    const disagree = await expect(input(renderId, { lineItems: lines }), 'BAD_PARAMETER');
    assert.equal(!disagree.ok && disagree.params?.field, 'lineItems[1].freightInfo.serviceId');
    h.clock.advance(RENDER_LIFETIME_MS);
    await expect(input(renderId), 'RENDER_EXPIRED');
    assert.deepEqual(await parcelRow(h, parcelId), { state: 'STORED', shipment_id: null });
    await assertLedger(h, dev, 100_000);
  });

  test('a wallet that cannot pay leaves nothing: no shipment, the parcel STORED, no ledger line', async () => {
    const dev = await fundedDeveloper(h, 1_000);
    const parcelId = await storedParcel(h, dev, { itemId: 'item-1', skuId: 'sku-1' });
    const refused = await bookShipment(callerCtx(h, dev), input(await storedRender(h, dev)));
    assert.equal(!refused.ok && refused.error, 'INSUFFICIENT_BALANCE');
    const rows = await h.ctx.db
      .selectFrom('warehouse_shipments')
      .select('shipment_id')
      .where('developer_id', '=', dev.developerId)
      .execute();
    assert.equal(rows.length, 0);
    assert.deepEqual(await parcelRow(h, parcelId), { state: 'STORED', shipment_id: null });
    await assertLedger(h, dev, 1_000);
  });

  test('owed storage is paid with the booking; a wallet that cannot pay both refuses and changes nothing', async () => {
    const poor = await fundedDeveloper(h, 1_000);
    const owing = await storedParcel(h, poor, { itemId: 'item-1', skuId: 'sku-1', unpaidFen: 30 });
    const refused = await bookShipment(callerCtx(h, poor), input(await storedRender(h, poor)));
    assert.equal(!refused.ok && refused.error, 'INSUFFICIENT_BALANCE');
    assert.deepEqual(await parcelRow(h, owing), { state: 'STORED', shipment_id: null });
    await assertLedger(h, poor, 1_000);

    const dev = await fundedDeveloper(h, 100_000);
    const parcelId = await storedParcel(h, dev, { itemId: 'item-1', skuId: 'sku-1', unpaidFen: 30 });
    const booked = await bookShipment(callerCtx(h, dev), input(await storedRender(h, dev)));
    assert.equal(booked.ok, true, JSON.stringify(booked));
    if (!booked.ok) return;
    const parcel = await h.ctx.db
      .selectFrom('warehouse_parcels')
      .select(['storage_fee_fen', 'storage_unpaid_fen'])
      .where('parcel_id', '=', parcelId)
      .executeTakeFirstOrThrow();
    assert.deepEqual([Number(parcel.storage_fee_fen), Number(parcel.storage_unpaid_fen)], [30, 0]);
    await assertLedger(h, dev, 100_000 - 30 - booked.estimateFen - booked.servicesFen);
  });

  test('sub-accounts: a sibling cannot see, book or cancel what another booked; the main user sees both', async () => {
    const main = await fundedDeveloper(h, 100_000);
    const a = await h.subAccount(main, 'buyer');
    const b = await h.subAccount(main, 'buyer');
    const parcelId = await storedParcel(h, a, { itemId: 'item-1', skuId: 'sku-1' });
    const renderId = await storedRender(h, a);
    const booked = await bookShipment(callerCtx(h, a, true), input(renderId, { parcelIds: [parcelId] }));
    assert.equal(booked.ok, true, JSON.stringify(booked));
    if (!booked.ok) return;
    const sibling = callerCtx(h, b, true);
    assert.equal((await getShipment(sibling, booked.shipmentId)).ok, false);
    assert.equal((await cancelShipment(sibling, booked.shipmentId)).ok, false);
    const theirs = await bookShipment(sibling, input(await storedRender(h, b), { parcelIds: [parcelId] }));
    assert.equal(!theirs.ok && theirs.error, 'NOT_FOUND');
    const theirRender = await bookShipment(sibling, input(renderId));
    assert.equal(!theirRender.ok && theirRender.error, 'NOT_FOUND');
    const page = await pageShipments(sibling, { page: 1, pageSize: 10 });
    assert.equal(page.ok && page.total, 0);
    assert.equal((await getShipment(callerCtx(h, main), booked.shipmentId)).ok, true);
  });

  test('weighed lighter: the difference is refunded and the shipment PAID; parcels PACKED, cancel refused 2202', async () => {
    const dev = await fundedDeveloper(h, 100_000);
    const { shipmentId, parcelId } = await bookOne(dev);
    assert.equal((await startPacking(h.ctx, { shipmentId, actor: 'operator' })).ok, true);
    const weighed = await weighShipment(h.ctx, { shipmentId, ...LIGHT, actor: 'operator' });
    assert.equal(weighed.ok && weighed.shipment.state, 'PAID', JSON.stringify(weighed));
    const view = await getShipment(callerCtx(h, dev), shipmentId);
    assert.ok(view.ok);
    assert.equal(view.shipment.actualFen, 15_000);
    assert.equal(view.shipment.refundedFen, QUOTED_FEN - 15_000);
    assert.deepEqual(
      view.shipment.history.map((x) => x.action),
      ['book', 'start_packing', 'weigh', 'settle'],
    );
    assert.equal((await parcelRow(h, parcelId)).state, 'PACKED');
    const cancel = await cancelShipment(callerCtx(h, dev), shipmentId);
    assert.equal(!cancel.ok && cancel.error, 'SHIPMENT_STATE_INVALID');
    await assertLedger(h, dev, 100_000 - 15_000);
  });

  test('weighed heavier: AWAITING_PAYMENT until the wallet pays the difference; paying twice charges once', async () => {
    const dev = await fundedDeveloper(h, 40_000);
    const { shipmentId } = await bookOne(dev);
    await startPacking(h.ctx, { shipmentId, actor: 'operator' });
    const weighed = await weighShipment(h.ctx, { shipmentId, ...HEAVY, actor: 'operator' });
    assert.equal(weighed.ok && weighed.shipment.state, 'AWAITING_PAYMENT');
    assert.equal(weighed.ok && Number(weighed.shipment.supplementary_fen), 55_500 - QUOTED_FEN);
    const ctx = callerCtx(h, dev);
    const short = await paySupplementary(ctx, shipmentId);
    assert.equal(!short.ok && short.error, 'INSUFFICIENT_BALANCE');
    const waiting = await getShipment(ctx, shipmentId);
    assert.equal(waiting.ok && waiting.shipment.state, 'AWAITING_PAYMENT');
    await topUp(h.ctx, { developerId: dev.developerId, amountFen: 50_000 });
    const paid = await paySupplementary(ctx, shipmentId);
    assert.equal(paid.ok && paid.shipment.state, 'PAID');
    const twice = await paySupplementary(ctx, shipmentId);
    assert.equal(twice.ok && twice.shipment.state, 'PAID');
    await assertLedger(h, dev, 90_000 - 55_500);
  });

  test('a channel refusing the real parcel answers 2204 and the shipment stays PACKING', async () => {
    const dev = await fundedDeveloper(h, 100_000);
    const { shipmentId } = await bookOne(dev);
    await startPacking(h.ctx, { shipmentId, actor: 'operator' });
    const refused = await weighShipment(h.ctx, {
      shipmentId,
      weightGrams: 30_000,
      lengthCm: 60,
      widthCm: 50,
      heightCm: 40,
      actor: 'operator',
    });
    assert.equal(!refused.ok && refused.error, 'SHIPMENT_CHANNEL_REFUSED');
    assert.match(String(!refused.ok && refused.params?.reason), /OVER_WEIGHT_LIMIT/);
    const bad = await weighShipment(h.ctx, { shipmentId, ...LIGHT, heightCm: 0, actor: 'operator' });
    assert.equal(!bad.ok && bad.params?.field, 'heightCm');
    const view = await getShipment(callerCtx(h, dev), shipmentId);
    assert.equal(view.ok && view.shipment.state, 'PACKING');
  });

  test('cancel before packing refunds the freight and the services; the parcels are STORED again', async () => {
    const dev = await fundedDeveloper(h, 100_000);
    const { shipmentId, parcelId } = await bookOne(dev, { services: [{ code: 'reinforcement', quantity: 1 }] });
    const cancelled = await cancelShipment(callerCtx(h, dev), shipmentId);
    assert.equal(cancelled.ok && cancelled.shipment.state, 'CANCELLED');
    assert.equal(cancelled.ok && Number(cancelled.shipment.refunded_fen), QUOTED_FEN + 806);
    assert.deepEqual(await parcelRow(h, parcelId), { state: 'STORED', shipment_id: null });
    await assertLedger(h, dev, 100_000);
  });

  async function paidShipment() {
    const dev = await fundedDeveloper(h, 100_000);
    const { shipmentId, parcelId } = await bookOne(dev);
    await startPacking(h.ctx, { shipmentId, actor: 'operator' });
    await weighShipment(h.ctx, { shipmentId, ...LIGHT, actor: 'operator' });
    return { dev, shipmentId, parcelId };
  }
  const track = (shipmentId: string, status: TrackingStatus) =>
    trackShipment(h.ctx, { shipmentId, status, description: `now ${status}`, actor: 'carrier' });

  test('dispatch → in transit → held by customs → released → delivered; each update is a tracking line', async () => {
    const { dev, shipmentId, parcelId } = await paidShipment();
    const early = await track(shipmentId, 'DELIVERED');
    assert.equal(!early.ok && early.error, 'SHIPMENT_STATE_INVALID');
    const badTracking = await dispatchShipment(h.ctx, { shipmentId, carrier: 'EMS', trackingNumber: 'x', actor: 'operator' });
    assert.equal(!badTracking.ok && badTracking.params?.field, 'trackingNumber');
    const dispatched = await dispatchShipment(h.ctx, {
      shipmentId,
      carrier: 'China EMS',
      trackingNumber: 'EE123456789CN',
      actor: 'operator',
    });
    assert.equal(dispatched.ok && dispatched.shipment.state, 'DISPATCHED');
    assert.equal((await parcelRow(h, parcelId)).state, 'SHIPPED');
    for (const status of ['IN_TRANSIT', 'IN_TRANSIT', 'CUSTOMS_HELD', 'RELEASED', 'DELIVERED'] as const) {
      const moved = await track(shipmentId, status);
      assert.equal(moved.ok, true, `${status}: ${JSON.stringify(moved)}`);
    }
    const view = await getShipment(callerCtx(h, dev), shipmentId);
    assert.ok(view.ok);
    assert.equal(view.shipment.state, 'DELIVERED');
    assert.equal(view.shipment.trackingNumber, 'EE123456789CN');
    assert.deepEqual(
      view.shipment.tracking.map((t) => t.status),
      ['DISPATCHED', 'IN_TRANSIT', 'IN_TRANSIT', 'CUSTOMS_HELD', 'RELEASED', 'DELIVERED'],
    );
    const after = await track(shipmentId, 'LOST');
    assert.equal(!after.ok && after.error, 'SHIPMENT_STATE_INVALID');
  });

  test('a dispatched shipment can be lost; RELEASED without a hold is refused', async () => {
    const { shipmentId } = await paidShipment();
    await dispatchShipment(h.ctx, { shipmentId, carrier: 'China EMS', trackingNumber: 'EE000000001CN', actor: 'operator' });
    await track(shipmentId, 'IN_TRANSIT');
    const released = await track(shipmentId, 'RELEASED');
    assert.equal(!released.ok && released.error, 'SHIPMENT_STATE_INVALID');
    const lost = await track(shipmentId, 'LOST');
    assert.equal(lost.ok && lost.shipment.state, 'LOST');
  });
});
