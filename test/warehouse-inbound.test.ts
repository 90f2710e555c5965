import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getOrder } from '../src/modules/orders/index.ts';
import {
  addParcelPhotos,
  declareParcels,
  expectOrderParcels,
  getParcel,
  pageParcels,
  photosOf,
  readWarehousePhoto,
  recordQc,
  requestExtraPhotos,
  resolveProblem,
  returnToSeller,
  scanParcel,
  storePhotos,
} from '../src/modules/warehouse/index.ts';
import { getBalance, ledgerCheck } from '../src/modules/wallet/index.ts';
import { asOrderId } from '../src/platform/ids.ts';
import type { Buyer } from './helpers/refunds.ts';
import {
  ctxOf,
  declaration,
  declaredParcel,
  freshTracking,
  fundedWarehouseBuyer,
  parcelEvents,
  shippedOrder,
  storedParcel,
  testJpeg,
  warehouseBed,
  type WarehouseBed,
} from './helpers/warehouse-bed.ts';

const QC = { weightGrams: 900, lengthCm: 30, widthCm: 20, heightCm: 10, actor: 'operator' } as const;

describe('warehouse inbound (domain)', () => {
  let bed: WarehouseBed;
  let a: Buyer;
  let b: Buyer;
  before(async () => {
    bed = await warehouseBed();
    a = await fundedWarehouseBuyer(bed.h);
    b = await fundedWarehouseBuyer(bed.h);
  });
  after(() => bed.h.close());

  test('W3: each distinct domestic number is one EXPECTED parcel holding its lines, with its initial history and one event', async () => {
    const [t1, t2] = [freshTracking(), freshTracking()];
    const input = declaration([t1, t2]);
    // The first line also travels in the second parcel: lines group on the tracking number.
    input.entries[0]!.trackings.push({
      ...input.entries[1]!.trackings[0]!,
      field: 'logisticInfos[0].domesticLogisticInfo[1].logisticNumer',
    });
    const done = await declareParcels(a.ctx, input);
    assert.ok(done.ok, JSON.stringify(done));
    assert.deepEqual(
      done.parcels.map((p) => [p.trackingNumber, p.state, p.outcome]),
      [
        [t1, 'EXPECTED', 'created'],
        [t2, 'EXPECTED', 'created'],
      ],
    );
    const second = await getParcel(a.ctx, done.parcels[1]!.parcelId);
    assert.ok(second.ok);
    assert.deepEqual(
      second.parcel.lines.map((l) => l.itemId),
      ['item-0', 'item-1'],
    );
    assert.equal(second.parcel.rtsTime, 1_754_342_534_000);
    assert.deepEqual(
      second.parcel.history.map((h) => [h.fromState, h.toState, h.action]),
      [[null, 'EXPECTED', 'declare']],
    );
    assert.deepEqual(
      (await parcelEvents(bed.h.ctx, second.parcel.parcelId)).map((e) => [e.fromState, e.state, e.action]),
      [[null, 'EXPECTED', 'declare']],
    );
  });

  test('W3 replay changes nothing and emits nothing; new content updates while EXPECTED, is refused once received', async () => {
    const t = freshTracking();
    const first = await declareParcels(a.ctx, declaration([t]));
    assert.ok(first.ok);
    const parcelId = first.parcels[0]!.parcelId;
    const replay = await declareParcels(a.ctx, declaration([t]));
    assert.ok(replay.ok);
    assert.deepEqual(replay.parcels, [{ parcelId, trackingNumber: t, state: 'EXPECTED', outcome: 'unchanged' }]);
    assert.equal((await parcelEvents(bed.h.ctx, parcelId)).length, 1);

    const changed = declaration([t]);
    changed.entries[0]!.line.quantity = 3;
    const updated = await declareParcels(a.ctx, changed);
    assert.ok(updated.ok);
    assert.equal(updated.parcels[0]!.outcome, 'updated');
    const view = await getParcel(a.ctx, parcelId);
    assert.ok(view.ok);
    assert.equal(view.parcel.lines[0]!.quantity, 3);
    assert.equal((await parcelEvents(bed.h.ctx, parcelId)).length, 2);

    assert.ok((await scanParcel(bed.h.ctx, { trackingNumber: t, actor: 'operator' })).ok);
    const late = declaration([t]);
    late.entries[0]!.line.quantity = 5;
    const refused = await declareParcels(a.ctx, late);
    assert.deepEqual(refused, { ok: false, error: 'PARCEL_STATE_INVALID', params: { state: 'RECEIVED', action: 'declare' } });
    // The identical declaration after receipt is still a replay.
    assert.equal((await declareParcels(a.ctx, changed)).ok, true);
  });

  test('W3 limits: at most 60 numbers, each 4–40 of [A-Za-z0-9-], orderId or tmallOrderId; a refusal leaves nothing', async () => {
    const many = Array.from({ length: 61 }, () => freshTracking());
    const tooMany = await declareParcels(a.ctx, declaration(many));
    assert.equal(tooMany.ok, false);
    assert.deepEqual(!tooMany.ok && tooMany.params?.field, 'logisticInfos');
    const ok60 = await declareParcels(a.ctx, declaration(many.slice(0, 60)));
    assert.ok(ok60.ok && ok60.parcels.length === 60);

    const bad = await declareParcels(a.ctx, declaration([freshTracking(), 'SF 12']));
    assert.deepEqual(!bad.ok && bad.params?.field, 'logisticInfos[1].domesticLogisticInfo[0].logisticNumer');
    const neither = await declareParcels(a.ctx, declaration([freshTracking()], { tmallOrderId: null }));
    assert.deepEqual(!neither.ok && neither.params?.field, 'orderId');
  });

  test('W3: a number another developer declared is taken (nothing of the call is kept); another developer’s orderId is not found', async () => {
    const mine = freshTracking();
    assert.ok((await declareParcels(a.ctx, declaration([mine]))).ok);
    const fresh = freshTracking();
    const taken = await declareParcels(b.ctx, declaration([fresh, mine]));
    assert.deepEqual(taken, { ok: false, error: 'TRACKING_NUMBER_TAKEN', params: { trackingNumber: mine } });
    const page = await pageParcels(b.ctx, { page: 1, pageSize: 50 });
    assert.ok(page.ok);
    assert.equal(
      page.parcels.some((p) => p.trackingNumber === fresh),
      false,
    );

    const { orderId } = await shippedOrder(bed, a);
    const foreign = await declareParcels(b.ctx, declaration([freshTracking()], { orderId }));
    assert.deepEqual(foreign, { ok: false, error: 'NOT_FOUND', params: { what: `order ${orderId}` } });
  });

  test('sub-accounts: a sibling neither reads nor re-declares the other’s parcel; the main user reads both', async () => {
    const one = await bed.h.subAccount(a.dev, 'buyer');
    const two = await bed.h.subAccount(a.dev, 'buyer');
    const t = freshTracking();
    const parcelId = await declaredParcel(ctxOf(bed.h, one, 'own'), t);
    assert.deepEqual(await getParcel(ctxOf(bed.h, two, 'own'), parcelId), {
      ok: false,
      error: 'NOT_FOUND',
      params: { what: `parcel ${parcelId}` },
    });
    assert.equal((await getParcel(a.ctx, parcelId)).ok, true);
    const again = await declareParcels(ctxOf(bed.h, two, 'own'), declaration([t]));
    assert.deepEqual(!again.ok && again.error, 'TRACKING_NUMBER_TAKEN');
    const siblings = await pageParcels(ctxOf(bed.h, two, 'own'), { page: 1, pageSize: 50 });
    assert.ok(siblings.ok && siblings.total === 0);
  });

  test('follower: a shipped order becomes one EXPECTED parcel of its owner with the order lines; reruns and a lost cursor make no second', async () => {
    const { orderId, trackingNumber } = await shippedOrder(bed, a);
    const created = await expectOrderParcels(bed.h.ctx);
    assert.ok(created >= 1);
    const page = await pageParcels(a.ctx, { orderId, page: 1, pageSize: 10 });
    assert.ok(page.ok && page.total === 1);
    const parcel = page.parcels[0]!;
    assert.equal(parcel.origin, 'order');
    assert.equal(parcel.trackingNumber, trackingNumber);
    assert.equal(parcel.state, 'EXPECTED');
    assert.equal(parcel.lineCount, 1);
    assert.equal(await expectOrderParcels(bed.h.ctx), 0);
    // A crash before the cursor was saved: the rerun reads the same events and creates nothing.
    await bed.h.ctx.db.deleteFrom('meta').where('key', '=', 'warehouse_order_parcels_cursor').execute();
    assert.equal(await expectOrderParcels(bed.h.ctx), 0);
    bed.h.clock.advance(10 * 60_000);
    assert.equal(await expectOrderParcels(bed.h.ctx), 0);
    const after = await pageParcels(a.ctx, { orderId, page: 1, pageSize: 10 });
    assert.ok(after.ok && after.total === 1);
  });

  test('scan: an expected parcel is received and its shipped order arrives; again is a replay; an unknown number is kept unmatched', async () => {
    const { orderId, trackingNumber } = await shippedOrder(bed, a);
    await expectOrderParcels(bed.h.ctx);
    const scanned = await scanParcel(bed.h.ctx, { trackingNumber, weightGrams: 1500, actor: 'operator' });
    assert.ok(scanned.ok && scanned.outcome === 'received');
    assert.equal(scanned.parcel.weight_grams, 1500);
    const order = await getOrder(a.ctx, asOrderId(orderId));
    assert.ok(order.ok);
    assert.equal(order.order.state, 'arrived_warehouse');
    const again = await scanParcel(bed.h.ctx, { trackingNumber, actor: 'operator' });
    assert.ok(again.ok && again.outcome === 'already');

    const stray = freshTracking('YT');
    const unmatched = await scanParcel(bed.h.ctx, { trackingNumber: stray, carrier: '圆通', actor: 'operator' });
    assert.ok(unmatched.ok && unmatched.outcome === 'unmatched');
    assert.ok(unmatched.scan.holdUntil > bed.h.ctx.clock.nowMs() + 30 * 86_400_000);
    const twice = await scanParcel(bed.h.ctx, { trackingNumber: stray, actor: 'operator' });
    assert.ok(twice.ok && twice.outcome === 'already' && 'scan' in twice && twice.scan.scanId === unmatched.scan.scanId);
    assert.deepEqual(!(await scanParcel(bed.h.ctx, { trackingNumber: 'x', actor: 'operator' })).ok, true);

    // Declared later: the parcel is created RECEIVED, the scan MATCHED.
    const declared = await declareParcels(b.ctx, declaration([stray]));
    assert.ok(declared.ok);
    assert.equal(declared.parcels[0]!.state, 'RECEIVED');
    const view = await getParcel(b.ctx, declared.parcels[0]!.parcelId);
    assert.ok(view.ok);
    assert.equal(view.parcel.carrier, '顺丰');
    assert.deepEqual(
      view.parcel.history.map((h) => [h.fromState, h.toState]),
      [[null, 'RECEIVED']],
    );
    const scan = await bed.h.ctx.db
      .selectFrom('warehouse_unmatched_scans')
      .selectAll()
      .where('tracking_number', '=', stray)
      .executeTakeFirstOrThrow();
    assert.equal(scan.state, 'MATCHED');
    assert.equal(scan.parcel_id, view.parcel.parcelId);
  });

  test('QC pass: STORED with measurements, photos readable by their id, the storage clock started; more photos than free are refused', async () => {
    const stored = await storedParcel(bed.h.ctx, a.ctx, { photos: 3 });
    assert.equal(stored.state, 'STORED');
    assert.equal(stored.storedAt, bed.h.ctx.clock.nowMs());
    assert.deepEqual([stored.weightGrams, stored.lengthCm, stored.widthCm, stored.heightCm], [1200, 30, 20, 10]);
    assert.equal(stored.photos.length, 3);
    assert.equal(stored.storage.daysStored, 0);
    assert.equal(stored.storage.feeFen, 0);
    assert.ok(stored.storage.freeUntilDate && stored.storage.abandonDate && stored.storage.freeUntilDate < stored.storage.abandonDate);
    assert.deepEqual(
      stored.history.map((h) => h.action),
      ['declare', 'receive', 'start_qc', 'pass_qc'],
    );
    const picture = await readWarehousePhoto(bed.h.ctx, stored.photos[0]!.photoId);
    assert.equal(picture?.mime, 'image/jpeg');
    assert.equal(picture?.bytes.subarray(0, 2).toString('hex'), 'ffd8');

    const t = freshTracking();
    const parcelId = await declaredParcel(a.ctx, t);
    await scanParcel(bed.h.ctx, { trackingNumber: t, actor: 'operator' });
    const four = await Promise.all([1, 2, 3, 4].map((i) => testJpeg(i * 30)));
    const refused = await recordQc(bed.h.ctx, { ...QC, parcelId, result: 'pass', photos: four });
    assert.deepEqual(!refused.ok && refused.params?.field, 'photos');
    const view = await getParcel(a.ctx, parcelId);
    assert.ok(view.ok && view.parcel.state === 'RECEIVED' && view.parcel.photos.length === 0, 'a refused QC leaves nothing');
    const heavy = await recordQc(bed.h.ctx, { ...QC, parcelId, result: 'pass', weightGrams: 100_001, photos: [] });
    assert.deepEqual(!heavy.ok && heavy.params?.field, 'weightGrams');
    const wide = await recordQc(bed.h.ctx, { ...QC, parcelId, result: 'pass', widthCm: 301, photos: [] });
    assert.deepEqual(!wide.ok && wide.params?.field, 'widthCm');
  });

  test('QC issue: PROBLEM with its kind and refund; then resolve → STORED or return to the seller; refused moves answer 2201', async () => {
    const t = freshTracking();
    const parcelId = await declaredParcel(a.ctx, t);
    const early = await recordQc(bed.h.ctx, { ...QC, parcelId, result: 'pass', photos: [] });
    assert.deepEqual(early, { ok: false, error: 'PARCEL_STATE_INVALID', params: { state: 'EXPECTED', action: 'start_qc' } });
    await scanParcel(bed.h.ctx, { trackingNumber: t, actor: 'operator' });
    const issue = await recordQc(bed.h.ctx, {
      ...QC,
      parcelId,
      result: 'issue',
      problemKind: 'damaged',
      refundId: 'TQ1234',
      note: 'box crushed',
      photos: [],
    });
    assert.ok(issue.ok);
    assert.equal(issue.parcel.state, 'PROBLEM');
    assert.equal(issue.parcel.problem_kind, 'damaged');
    assert.equal(issue.parcel.refund_id, 'TQ1234');
    assert.equal(issue.parcel.stored_at, null);
    const resolved = await resolveProblem(bed.h.ctx, { parcelId, actor: 'operator' });
    assert.ok(resolved.ok && resolved.parcel.state === 'STORED' && resolved.parcel.stored_at !== null);
    const twice = await resolveProblem(bed.h.ctx, { parcelId, actor: 'operator' });
    assert.deepEqual(twice, { ok: false, error: 'PARCEL_STATE_INVALID', params: { state: 'STORED', action: 'resolve_problem' } });
    const back = await returnToSeller(bed.h.ctx, { parcelId, returnTrackingNumber: 'SF99887766', actor: 'operator' });
    assert.ok(back.ok && back.parcel.state === 'RETURN_TO_SELLER');
    const qcAgain = await recordQc(bed.h.ctx, { ...QC, parcelId, result: 'pass', photos: [] });
    assert.deepEqual(!qcAgain.ok && qcAgain.error, 'PARCEL_STATE_INVALID');
  });

  test('extra photos: charged once per request (ref photos:<parcel>:<n>), the allowance grows by the count; ledger sum = balance', async () => {
    const buyer = await fundedWarehouseBuyer(bed.h, 1_000);
    const stored = await storedParcel(bed.h.ctx, buyer.ctx, { photos: 3 });
    const before = await getBalance(bed.h.ctx, buyer.dev.developerId);
    const bought = await requestExtraPhotos(buyer.ctx, { parcelId: stored.parcelId, count: 2 });
    assert.ok(bought.ok, JSON.stringify(bought));
    assert.deepEqual([bought.request.amountFen, bought.request.sequence, bought.request.extraPhotos], [328, 1, 2]);
    assert.equal(await getBalance(bed.h.ctx, buyer.dev.developerId), before - 328);
    const refs = await bed.h.ctx.db
      .selectFrom('ledger_transactions')
      .select('ref')
      .where('developer_id', '=', buyer.dev.developerId)
      .where('kind', '=', 'warehouse_service')
      .execute();
    assert.deepEqual(
      refs.map((r) => r.ref),
      [`photos:${stored.parcelId}:1`],
    );
    const check = await ledgerCheck(bed.h.ctx, buyer.dev.developerId);
    assert.equal(check.entriesSumFen, check.balanceFen);

    const two = await Promise.all([1, 2].map((i) => testJpeg(i * 50)));
    assert.ok((await addParcelPhotos(bed.h.ctx, { parcelId: stored.parcelId, kind: 'extra', images: two })).ok);
    const third = await addParcelPhotos(bed.h.ctx, { parcelId: stored.parcelId, kind: 'extra', images: [two[0]!] });
    assert.deepEqual(!third.ok && third.params?.field, 'images');

    const broke = await requestExtraPhotos(buyer.ctx, { parcelId: stored.parcelId, count: 10 });
    assert.deepEqual(!broke.ok && broke.error, 'INSUFFICIENT_BALANCE');
    const view = await getParcel(buyer.ctx, stored.parcelId);
    assert.ok(view.ok && view.parcel.extraPhotos === 2, 'a refused charge buys nothing');
    assert.deepEqual(await requestExtraPhotos(b.ctx, { parcelId: stored.parcelId, count: 1 }), {
      ok: false,
      error: 'NOT_FOUND',
      params: { what: `parcel ${stored.parcelId}` },
    });
    const zero = await requestExtraPhotos(buyer.ctx, { parcelId: stored.parcelId, count: 0 });
    assert.deepEqual(!zero.ok && zero.params?.field, 'count');
  });

  test('reads are scoped: another developer’s parcel is not found and not listed; lists filter by state', async () => {
    const stored = await storedParcel(bed.h.ctx, a.ctx);
    assert.deepEqual(await getParcel(b.ctx, stored.parcelId), {
      ok: false,
      error: 'NOT_FOUND',
      params: { what: `parcel ${stored.parcelId}` },
    });
    const theirs = await pageParcels(b.ctx, { state: 'STORED', page: 1, pageSize: 50 });
    assert.ok(theirs.ok);
    assert.equal(
      theirs.parcels.some((p) => p.parcelId === stored.parcelId),
      false,
    );
    const mine = await pageParcels(a.ctx, { state: 'STORED', page: 1, pageSize: 50 });
    assert.ok(mine.ok && mine.parcels.some((p) => p.parcelId === stored.parcelId));
    assert.ok(mine.parcels.every((p) => p.state === 'STORED'));
    const tooBig = await pageParcels(a.ctx, { page: 1, pageSize: 51 });
    assert.deepEqual(!tooBig.ok && tooBig.params?.field, 'pageSize');
  });

  test('storePhotos: shipment pictures in the same store (re-encoded JPEG), a non-image refused before anything is written', async () => {
    const owner = { developerId: a.dev.developerId, ownerUserId: a.dev.userId };
    const stored = await storePhotos(bed.h.ctx, owner, { shipmentId: 'LO1', kind: 'weighing', images: [await testJpeg(7)] });
    assert.ok(stored.ok && stored.photos.length === 1 && stored.photos[0]!.kind === 'weighing');
    assert.deepEqual(await photosOf(bed.h.ctx, { shipmentId: 'LO1' }), stored.photos);
    const junk = await storePhotos(bed.h.ctx, owner, {
      shipmentId: 'LO2',
      kind: 'packing',
      images: [await testJpeg(), Buffer.from('not a picture')],
    });
    assert.deepEqual(!junk.ok && junk.error, 'IMAGE_INVALID');
    assert.deepEqual(await photosOf(bed.h.ctx, { shipmentId: 'LO2' }), []);
  });
});
