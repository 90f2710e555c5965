import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemContext } from '../src/app.ts';
import { markArrived } from '../src/modules/orders/index.ts';
import {
  bookShipment,
  DECLARED_ARRIVAL_MS,
  declareParcels,
  DEFAULT_STORAGE_POLICY,
  getParcelSystem,
  paySupplementary,
  requestExtraPhotos,
  startPacking,
  warehouseSandboxTick,
  type BookInput,
} from '../src/modules/warehouse/index.ts';
import type { SystemCtx } from '../src/platform/context.ts';
import { asOrderId } from '../src/platform/ids.ts';
import { onPostgres } from './helpers/db.ts';
import { assertLedger, callerCtx, storedParcel, storedRender, US_RECEIVER } from './helpers/shipment-bed.ts';
import { freshTracking, fundedWarehouseBuyer, shippedOrder, warehouseBed, type WarehouseBed } from './helpers/warehouse-bed.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const parcelState = async (ctx: SystemCtx, parcelId: string) =>
  (await ctx.db.selectFrom('warehouse_parcels').select('state').where('parcel_id', '=', parcelId).executeTakeFirstOrThrow()).state;
const shipment = (ctx: SystemCtx, shipmentId: string) =>
  ctx.db.selectFrom('warehouse_shipments').selectAll().where('shipment_id', '=', shipmentId).executeTakeFirstOrThrow();
const shipmentMoves = async (ctx: SystemCtx, shipmentId: string) =>
  (
    await ctx.db
      .selectFrom('warehouse_shipment_history')
      .select(['action', 'actor'])
      .where('shipment_id', '=', shipmentId)
      .orderBy('id')
      .execute()
  ).map((r) => `${r.action}:${r.actor}`);

describe('the sandbox warehouse on the sandbox clock', () => {
  let bed: WarehouseBed;
  let ctx: SystemCtx;
  before(async () => {
    bed = await warehouseBed();
    ctx = bed.h.ctx;
  });
  after(() => bed.h.close());

  const tick = () => warehouseSandboxTick(ctx, bed.source);

  function booking(renderId: string, parcelId: string): BookInput {
    return {
      renderId,
      receiver: US_RECEIVER,
      lineItems: [{ itemId: 'item-1', skuId: 'sku-1', quantity: 1, serviceId: 'ems-std' }],
      remark: '',
      parcelIds: [parcelId],
    };
  }

  test('a shipped order becomes a parcel, which is received, checked, photographed and STORED once the delivery arrives; a rerun changes nothing', async () => {
    const buyer = await fundedWarehouseBuyer(bed.h);
    const { orderId } = await shippedOrder(bed, buyer);
    assert.equal((await tick()).expected, 1);
    const parcel = await ctx.db.selectFrom('warehouse_parcels').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow();
    assert.equal(parcel.state, 'EXPECTED');
    await tick();
    assert.equal(await parcelState(ctx, parcel.parcel_id), 'EXPECTED', 'not before the seller delivered');
    assert.ok((await markArrived(ctx, asOrderId(orderId))).ok);
    const done = await tick();
    assert.deepEqual([done.received, done.stored], [1, 1]);
    const view = await getParcelSystem(ctx, parcel.parcel_id);
    assert.ok(view.ok);
    assert.equal(view.parcel.state, 'STORED');
    assert.ok((view.parcel.weightGrams ?? 0) > 0 && (view.parcel.lengthCm ?? 0) > 0);
    assert.equal(view.parcel.photos.filter((p) => p.kind === 'qc').length, DEFAULT_STORAGE_POLICY.freeQcPhotos);
    assert.deepEqual(
      view.parcel.history.map((e) => `${e.action}:${e.actor}`),
      ['declare:system', 'receive:sandbox', 'start_qc:sandbox', 'pass_qc:sandbox'],
    );
    const again = await tick();
    assert.deepEqual([again.expected, again.received, again.stored, again.extraPhotos], [0, 0, 0, 0]);
    const reread = await getParcelSystem(ctx, parcel.parcel_id);
    assert.ok(reread.ok);
    assert.equal(reread.parcel.history.length, 4);
    assert.equal(reread.parcel.photos.length, DEFAULT_STORAGE_POLICY.freeQcPhotos);
  });

  test('a declared parcel arrives two days after its rtsTime; paid extra photos are taken on the next tick, once', async () => {
    const buyer = await fundedWarehouseBuyer(bed.h);
    const trackingNumber = freshTracking('YT');
    const rtsAt = ctx.clock.nowMs();
    const declared = await declareParcels(buyer.ctx, {
      orderId: null,
      tmallOrderId: 'TM-2001',
      field: 'logisticInfos',
      entries: [
        {
          line: { itemId: 'elsewhere-1', skuId: 'sku-1', quantity: 2, title: 'goods', imageUrl: '' },
          trackings: [{ trackingNumber, carrier: '圆通', rtsAt, field: 'logisticInfos[0].domesticLogisticInfo[0].logisticNumer' }],
        },
      ],
    });
    assert.ok(declared.ok, JSON.stringify(declared));
    const parcelId = declared.parcels[0]!.parcelId;
    bed.h.clock.advance(DECLARED_ARRIVAL_MS - 60_000);
    await tick();
    assert.equal(await parcelState(ctx, parcelId), 'EXPECTED');
    bed.h.clock.advance(60_000);
    await tick();
    assert.equal(await parcelState(ctx, parcelId), 'STORED');
    const bought = await requestExtraPhotos(buyer.ctx, { parcelId, count: 2 });
    assert.ok(bought.ok, JSON.stringify(bought));
    assert.equal((await tick()).extraPhotos, 2);
    assert.equal((await tick()).extraPhotos, 0);
    const view = await getParcelSystem(ctx, parcelId);
    assert.ok(view.ok);
    assert.equal(view.parcel.photos.filter((p) => p.kind === 'extra').length, 2);
  });

  test('a booked shipment lighter than its estimate is packed, weighed, refunded, dispatched and tracked to DELIVERED', async () => {
    const dev = (await fundedWarehouseBuyer(bed.h, 100_000)).dev;
    const parcelId = await storedParcel(bed.h, dev, { itemId: 'item-1', skuId: 'sku-1' });
    const booked = await bookShipment(callerCtx(bed.h, dev), booking(await storedRender(bed.h, dev, 2000), parcelId));
    assert.ok(booked.ok, JSON.stringify(booked));
    const id = booked.shipmentId;
    await tick();
    assert.equal((await shipment(ctx, id)).state, 'REQUESTED');
    bed.h.clock.advance(2 * HOUR);
    await tick();
    assert.equal((await shipment(ctx, id)).state, 'PACKING');
    bed.h.clock.advance(HOUR);
    await tick();
    const weighed = await shipment(ctx, id);
    assert.equal(weighed.state, 'PAID');
    assert.ok(Number(weighed.actual_fen) < Number(weighed.estimate_fen));
    assert.equal(Number(weighed.refunded_fen), Number(weighed.estimate_fen) - Number(weighed.actual_fen));
    const scale = await ctx.db.selectFrom('warehouse_photos').select(['kind', 'mime']).where('shipment_id', '=', id).execute();
    assert.deepEqual(scale, [{ kind: 'weighing', mime: 'image/jpeg' }], 'the weighing is photographed');
    bed.h.clock.advance(2 * HOUR);
    await tick();
    const dispatched = await shipment(ctx, id);
    assert.equal(dispatched.state, 'DISPATCHED');
    assert.equal(dispatched.carrier, weighed.company_name);
    assert.match(String(dispatched.tracking_number), /^PP\d{9}CN$/);
    bed.h.clock.advance(60 * DAY);
    await tick();
    assert.equal((await shipment(ctx, id)).state, 'DELIVERED');
    assert.equal(await parcelState(ctx, parcelId), 'SHIPPED');
    const moves = await shipmentMoves(ctx, id);
    assert.deepEqual(moves.slice(0, 5), ['book:developer', 'start_packing:sandbox', 'weigh:sandbox', 'settle:sandbox', 'dispatch:sandbox']);
    assert.equal(moves.at(-1), 'deliver:sandbox');
    const before = moves.length;
    bed.h.clock.advance(DAY);
    assert.equal((await tick()).shipmentSteps, 0);
    assert.equal((await shipmentMoves(ctx, id)).length, before);
    // Prepaid the estimate, refunded the difference: the wallet paid the weighed price.
    await assertLedger(bed.h, dev, 100_000 - Number(weighed.actual_fen));
  });

  test('a shipment heavier than its estimate waits in AWAITING_PAYMENT and goes on after paySupplementary', async () => {
    const dev = (await fundedWarehouseBuyer(bed.h, 100_000)).dev;
    const parcelId = await storedParcel(bed.h, dev, { itemId: 'item-1', skuId: 'sku-1' });
    // A 100 g quote for a 900 g parcel: the weighing beats the estimate.
    const booked = await bookShipment(callerCtx(bed.h, dev), booking(await storedRender(bed.h, dev, 100), parcelId));
    assert.ok(booked.ok, JSON.stringify(booked));
    const id = booked.shipmentId;
    // Packed 2 h after booking, weighed 1 h after the packing started.
    bed.h.clock.advance(2 * HOUR);
    await tick();
    bed.h.clock.advance(HOUR);
    await tick();
    const waiting = await shipment(ctx, id);
    assert.equal(waiting.state, 'AWAITING_PAYMENT');
    assert.ok(Number(waiting.supplementary_fen) > 0);
    bed.h.clock.advance(5 * DAY);
    await tick();
    assert.equal((await shipment(ctx, id)).state, 'AWAITING_PAYMENT', 'the sandbox waits for the developer');
    const paid = await paySupplementary(callerCtx(bed.h, dev), id);
    assert.ok(paid.ok, JSON.stringify(paid));
    await tick();
    assert.equal((await shipment(ctx, id)).state, 'PAID');
    bed.h.clock.advance(2 * HOUR);
    await tick();
    assert.equal((await shipment(ctx, id)).state, 'DISPATCHED');
    bed.h.clock.advance(60 * DAY);
    await tick();
    assert.equal((await shipment(ctx, id)).state, 'DELIVERED');
  });

  test('an operator who packs first: the sandbox skips its refused step and clears the due time', async () => {
    const dev = (await fundedWarehouseBuyer(bed.h, 100_000)).dev;
    const parcelId = await storedParcel(bed.h, dev, { itemId: 'item-1', skuId: 'sku-1' });
    const booked = await bookShipment(callerCtx(bed.h, dev), booking(await storedRender(bed.h, dev, 2000), parcelId));
    assert.ok(booked.ok);
    await tick();
    assert.ok((await shipment(ctx, booked.shipmentId)).sandbox_due_at !== null);
    assert.ok((await startPacking(ctx, { shipmentId: booked.shipmentId, actor: 'operator' })).ok);
    bed.h.clock.advance(2 * HOUR);
    await tick();
    const moves = await shipmentMoves(ctx, booked.shipmentId);
    assert.equal(moves.filter((m) => m.startsWith('start_packing')).length, 1);
    assert.equal(moves[1], 'start_packing:operator');
  });

  test('two ticks racing (two pools on PostgreSQL) do every step once', async () => {
    const second = bed.h.testDb.open();
    const other: SystemCtx = systemContext({ db: second, clock: ctx.clock, masterKey: bed.h.masterKey });
    {
      const buyer = await fundedWarehouseBuyer(bed.h);
      const { orderId } = await shippedOrder(bed, buyer);
      const dev = (await fundedWarehouseBuyer(bed.h, 100_000)).dev;
      const parcelId = await storedParcel(bed.h, dev, { itemId: 'item-1', skuId: 'sku-1' });
      const booked = await bookShipment(callerCtx(bed.h, dev), booking(await storedRender(bed.h, dev, 2000), parcelId));
      assert.ok(booked.ok);
      await tick();
      assert.ok((await markArrived(ctx, asOrderId(orderId))).ok);
      for (const advance of [0, 2 * HOUR, HOUR, 2 * HOUR, 60 * DAY]) {
        bed.h.clock.advance(advance);
        await Promise.all([warehouseSandboxTick(ctx, bed.source), warehouseSandboxTick(other, bed.source)]);
      }
      const parcel = await ctx.db.selectFrom('warehouse_parcels').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow();
      const view = await getParcelSystem(ctx, parcel.parcel_id);
      assert.ok(view.ok);
      assert.equal(view.parcel.state, 'STORED');
      assert.equal(view.parcel.history.length, 4);
      assert.equal(view.parcel.photos.length, DEFAULT_STORAGE_POLICY.freeQcPhotos);
      assert.equal((await shipment(ctx, booked.shipmentId)).state, 'DELIVERED');
      const moves = await shipmentMoves(ctx, booked.shipmentId);
      assert.equal(new Set(moves).size, moves.length, `each move once: ${moves.join(', ')}`);
      const tracking = await ctx.db
        .selectFrom('warehouse_shipment_tracking')
        .select('status')
        .where('shipment_id', '=', booked.shipmentId)
        .execute();
      assert.equal(tracking.filter((t) => t.status === 'DELIVERED').length, 1);
    }
    if (onPostgres) assert.notEqual(second, bed.h.db, 'a second pool');
  });
});
