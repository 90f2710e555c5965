import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeQuerySign } from '../src/platform/auth/index.ts';
import type { Buyer } from './helpers/refunds.ts';
import {
  adminCall,
  freshTracking,
  fundedWarehouseBuyer,
  shippedOrder,
  testJpeg,
  warehouseBed,
  type WarehouseBed,
} from './helpers/warehouse-bed.ts';

const W3 = '/v2/open/pp/logistics/updateLogisticInfo';
const DETAIL = '/v2/open/pp/logistics/parcelDetail';
const LIST = '/v2/open/pp/logistics/parcelList';
const EXTRA = '/v2/open/pp/logistics/requestExtraPhotos';

/** The body of the reference's W3 example, with fresh numbers. */
function w3Body(numbers: string[][], extra: Record<string, unknown> = {}) {
  return {
    tmallOrderId: '12345667',
    logisticInfos: numbers.map((domestic, i) => ({
      lineItem: { itemId: `20480206171147${i}`, skuId: `41318573272${i}`, quantity: 1, title: `这是商品${i}`, imageUrl: 'url' },
      logisticNumer: `FARJP240800001${i}YQ`,
      domesticLogisticInfo: domestic.map((n) => ({ logisticNumer: n, logisticCompanyName: '顺丰', rtsTime: '1754342534' })),
    })),
    ...extra,
  };
}

describe('warehouse inbound over HTTP', () => {
  let bed: WarehouseBed;
  let a: Buyer;
  let b: Buyer;
  before(async () => {
    bed = await warehouseBed(80);
    a = await fundedWarehouseBuyer(bed.h);
    b = await fundedWarehouseBuyer(bed.h);
  });
  after(() => bed.h.close());

  test('W3 (v2 and the v1 alias): parcels per domestic number; replay unchanged; field-named 400; 2203; another developer’s orderId 404', async () => {
    const [t1, t2, t3] = [freshTracking(), freshTracking(), freshTracking('YT')];
    const made = await bed.h.call(a.dev, 'POST', W3, w3Body([[t1, t2], [t3]]));
    assert.equal(made.code, 200, made.msg);
    assert.deepEqual(
      made.data.parcels.map((p: { trackingNumber: string; state: string; outcome: string }) => [p.trackingNumber, p.state, p.outcome]),
      [
        [t1, 'EXPECTED', 'created'],
        [t2, 'EXPECTED', 'created'],
        [t3, 'EXPECTED', 'created'],
      ],
    );
    const replay = await bed.h.call(a.dev, 'POST', '/open/pp/logistics/updateLogisticInfo', w3Body([[t1, t2], [t3]]));
    assert.equal(replay.code, 200, replay.msg);
    assert.ok(replay.data.parcels.every((p: { outcome: string }) => p.outcome === 'unchanged'));

    const bad = await bed.h.call(a.dev, 'POST', W3, w3Body([[freshTracking()], ['SF 1']]));
    assert.equal(bad.code, 400);
    assert.match(bad.msg, /logisticInfos\[1\]\.domesticLogisticInfo\[0\]\.logisticNumer/);
    const taken = await bed.h.call(b.dev, 'POST', W3, w3Body([[t1]]));
    assert.equal(taken.code, 2203);
    assert.match(taken.msg, new RegExp(t1));
    const { orderId } = await shippedOrder(bed, a);
    const foreign = await bed.h.call(b.dev, 'POST', W3, w3Body([[freshTracking()]], { orderId }));
    assert.equal(foreign.code, 404);
    const own = await bed.h.call(a.dev, 'POST', W3, w3Body([[freshTracking()]], { orderId, tmallOrderId: null }));
    assert.equal(own.code, 200, own.msg);
  });

  test('operator scan, QC with base64 photos; the developer reads the parcel with public photo links; the media link serves the JPEG', async () => {
    const t = freshTracking();
    const made = await bed.h.call(a.dev, 'POST', W3, w3Body([[t]]));
    const parcelId = made.data.parcels[0].parcelId as string;
    const scanned = await adminCall(bed.h, 'POST', '/admin/warehouse/parcels/scan', { trackingNumber: t, weightGrams: 800 });
    assert.equal(scanned.code, 200, scanned.msg);
    assert.deepEqual([scanned.data.outcome, scanned.data.parcelId, scanned.data.state], ['received', parcelId, 'RECEIVED']);
    const photos = await Promise.all([10, 200].map(async (shade) => (await testJpeg(shade)).toString('base64')));
    const qc = { parcelId, result: 'pass', weightGrams: 820, lengthCm: 25, widthCm: 20, heightCm: 8, photos };
    const checked = await adminCall(bed.h, 'POST', '/admin/warehouse/parcels/qc', qc);
    assert.equal(checked.code, 200, checked.msg);
    assert.equal(checked.data.state, 'STORED');

    const detail = await bed.h.call(a.dev, 'POST', DETAIL, { parcelId });
    assert.equal(detail.code, 200, detail.msg);
    assert.equal(detail.data.photos.length, 2);
    assert.equal(detail.data.weightGrams, 820);
    const url = new URL(detail.data.photos[0].url);
    assert.match(url.pathname, /^\/media\/warehouse\/[0-9a-f]{32}\.jpg$/);
    const picture = await bed.h.app.inject({ method: 'GET', url: url.pathname });
    assert.equal(picture.statusCode, 200);
    assert.equal(picture.headers['content-type'], 'image/jpeg');
    assert.equal(picture.rawPayload.subarray(0, 2).toString('hex'), 'ffd8');
    const unknown = await bed.h.app.inject({ method: 'GET', url: `/media/warehouse/${'0'.repeat(32)}.jpg` });
    assert.equal(unknown.json().code, 404);

    const again = await adminCall(bed.h, 'POST', '/admin/warehouse/parcels/qc', qc);
    assert.equal(again.code, 2201);
    const garbage = await adminCall(bed.h, 'POST', '/admin/warehouse/parcels/qc', { ...qc, photos: ['!!!'] });
    assert.equal(garbage.code, 1001);
    const operatorView = await adminCall(bed.h, 'GET', `/admin/warehouse/parcels/detail?parcelId=${parcelId}`);
    assert.equal(operatorView.code, 200);
    assert.deepEqual(
      operatorView.data.history.map((h: { action: string }) => h.action),
      ['declare', 'receive', 'start_qc', 'pass_qc'],
    );
  });

  test('reads and extra photos are the caller’s own: another developer gets 404; the list filters and pages', async () => {
    const t = freshTracking();
    const made = await bed.h.call(a.dev, 'POST', W3, w3Body([[t]]));
    const parcelId = made.data.parcels[0].parcelId as string;
    assert.equal((await bed.h.call(b.dev, 'POST', DETAIL, { parcelId })).code, 404);
    assert.equal((await bed.h.call(b.dev, 'POST', EXTRA, { parcelId, count: 1 })).code, 404);
    const bought = await bed.h.call(a.dev, 'POST', EXTRA, { parcelId, count: 3 });
    assert.equal(bought.code, 200, bought.msg);
    assert.deepEqual([bought.data.count, bought.data.amountFen, bought.data.sequence], [3, 492, 1]);
    const tooMany = await bed.h.call(a.dev, 'POST', EXTRA, { parcelId, count: 11 });
    assert.equal(tooMany.code, 400);

    const listed = await bed.h.call(a.dev, 'POST', LIST, { state: 'EXPECTED', pageNo: 1, pageSize: 2 });
    assert.equal(listed.code, 200, listed.msg);
    assert.equal(listed.data.list.length, 2);
    assert.ok(listed.data.total >= 2);
    assert.ok(listed.data.list.every((p: { state: string }) => p.state === 'EXPECTED'));
    const v1 = await bed.h.call(b.dev, 'POST', '/open/pp/logistics/parcelList', {});
    assert.equal(v1.code, 200, v1.msg);
    assert.equal(
      v1.data.list.some((p: { parcelId: string }) => p.parcelId === parcelId),
      false,
    );
  });

  test('operators: unmatched scans are listed; problem, resolve and return move a parcel; refused moves answer 2201', async () => {
    const stray = freshTracking('JD');
    const kept = await adminCall(bed.h, 'POST', '/admin/warehouse/parcels/scan', { trackingNumber: stray });
    assert.equal(kept.data.outcome, 'unmatched');
    const list = await adminCall(bed.h, 'GET', '/admin/warehouse/unmatched?state=UNMATCHED');
    assert.ok(list.data.scans.some((s: { trackingNumber: string }) => s.trackingNumber === stray));

    const t = freshTracking();
    const made = await bed.h.call(a.dev, 'POST', W3, w3Body([[t]]));
    const parcelId = made.data.parcels[0].parcelId as string;
    assert.equal((await adminCall(bed.h, 'POST', '/admin/warehouse/parcels/resolve', { parcelId })).code, 2201);
    await adminCall(bed.h, 'POST', '/admin/warehouse/parcels/scan', { trackingNumber: t });
    const qc = { parcelId, result: 'pass', weightGrams: 500, lengthCm: 20, widthCm: 15, heightCm: 5 };
    assert.equal((await adminCall(bed.h, 'POST', '/admin/warehouse/parcels/qc', qc)).code, 200);
    const flagged = await adminCall(bed.h, 'POST', '/admin/warehouse/parcels/problem', { parcelId, problemKind: 'wrong' });
    assert.equal(flagged.data.state, 'PROBLEM');
    const linked = await adminCall(bed.h, 'POST', '/admin/warehouse/parcels/problem', { parcelId, refundId: 'TQ77' });
    assert.equal(linked.data.refundId, 'TQ77');
    const back = await adminCall(bed.h, 'POST', '/admin/warehouse/parcels/return', { parcelId, returnTrackingNumber: 'SF5566778899' });
    assert.equal(back.data.state, 'RETURN_TO_SELLER');
    assert.match(back.data.history.at(-1).note, /SF5566778899/);
    const unauthorised = await bed.h.app.inject({ method: 'GET', url: `/admin/warehouse/parcels/detail?parcelId=${parcelId}` });
    assert.notEqual(unauthorised.json().code, 200);
  });

  test('racing declarations of one number by two developers make one parcel; racing scans receive it once', async () => {
    const t = freshTracking();
    const answers = await Promise.all([a, b, a, b].map((who) => bed.h.call(who.dev, 'POST', W3, w3Body([[t]]))));
    const codes = answers.map((x) => x.code).sort();
    const winner = answers.find((x) => x.code === 200)!;
    const winnerIsA = answers[0]!.code === 200;
    assert.deepEqual(codes, [200, 200, 2203, 2203], JSON.stringify(answers.map((x) => x.msg)));
    assert.equal(answers[winnerIsA ? 2 : 3]!.code, 200, 'the winner’s second call is a replay');
    const rows = await bed.h.ctx.db.selectFrom('warehouse_parcels').select('parcel_id').where('tracking_number', '=', t).execute();
    assert.deepEqual(
      rows.map((r) => r.parcel_id),
      [winner.data.parcels[0].parcelId],
    );
    const scans = await Promise.all([1, 2, 3].map(() => adminCall(bed.h, 'POST', '/admin/warehouse/parcels/scan', { trackingNumber: t })));
    assert.deepEqual(scans.map((x) => x.data.outcome).sort(), ['already', 'already', 'received']);
  });

  test('W3 in the form the reference documents: the v1 path with the query timestamp + sign', async () => {
    const body = JSON.stringify(w3Body([[freshTracking()]]));
    const pairs: Array<[string, string]> = [
      ['access-key', a.dev.accessKey],
      ['user-id', a.dev.userId],
      ['timestamp', String(bed.h.clock.nowMs())],
      ['nonce-str', 'w3-query-nonce-0001'],
    ];
    const sign = computeQuerySign(pairs, a.dev.accessSecret, 'MD5', body);
    const url = `/open/pp/logistics/updateLogisticInfo?${new URLSearchParams([...pairs, ['sign', sign]])}`;
    const answer = (await bed.h.app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/json' } })).json();
    assert.equal(answer.code, 200, answer.msg);
    assert.equal(answer.data.parcels[0].state, 'EXPECTED');
  });
});
