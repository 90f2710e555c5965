import assert from 'node:assert/strict';
import { crc32, deflateSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { type Buyer, type Journey, ok, refused, startJourney, wallet } from './helpers/aftersales-journey.ts';
import { type Answer, fileForm } from './helpers/independent-client.ts';

/**
 * What an outside checker throws at the after-sales routes, over HTTP with the independent
 * client: amounts of the wrong type or size, oversized image lists, malformed and foreign ids,
 * descriptions at and past their limits, NUL bytes, racing submits, repeated cancels and edits,
 * and hostile voucher files. Each must answer the envelope with a code that names the field or the
 * rule (never 500), and the wallet must never be credited twice.
 */
let j: Journey;
let a: Buyer;
let other: Buyer;
let sub: string;
let reasonId: string;
let maxFen: number;
let ali: { orderId: string; entryId: string; itemFen: number; reasonId: string };

before(async () => {
  j = await startJourney({ products: 300 });
  a = await j.buyer();
  other = await j.buyer();
  const tb = await j.taobaoOrder(a);
  sub = `${tb.orderId}-1`;
  const vo = await ok(a.client.post('/v2/taobao/order/refund/render', { subOrderId: sub, refundType: 1, goodsStatus: 1 }));
  reasonId = vo.refundOrderTemplate.refundReasons[0].reasonId;
  maxFen = vo.refundOrderTemplate.maxRefundFee.refundFee;
  const order = await j.alibabaOrder(a);
  const body = { orderId: order.orderId, orderEntryIds: [order.entryId], goodsStatus: 'refundWaitSellerSend' };
  const { reasons } = await ok(a.client.post('/alibaba/refund/reason/list', body));
  ali = { ...order, reasonId: reasons.find((r: any) => !r.needVoucher).id };
});
after(() => j.close());

/** A 400 that names `field` in its message. */
async function badField(call: Promise<Answer>, field: string): Promise<void> {
  const msg = await refused(call, 400);
  assert.ok(msg.includes(field), `"${msg}" names ${field}`);
}

/** TA7's body as text with one member's JSON text replaced (so 2^53 + 1 and 1e400 go out as written). */
function taobaoText(member: string, jsonText: string): string {
  const base: Record<string, unknown> = { subOrderId: sub, refundType: 1, goodsStatus: 1, reasonId, refundFee: maxFen, refundDesc: 'x' };
  const parts = Object.entries(base).map(([k, v]) => `${JSON.stringify(k)}:${k === member ? jsonText : JSON.stringify(v)}`);
  if (!(member in base)) parts.push(`${JSON.stringify(member)}:${jsonText}`);
  return `{${parts.join(',')}}`;
}

const aliBody = (over: Record<string, unknown> = {}) => ({
  orderId: ali.orderId,
  orderEntryIds: [ali.entryId],
  disputeRequest: 'refund',
  applyPayment: ali.itemFen,
  applyCarriage: 0,
  applyReasonId: ali.reasonId,
  description: '不想要了',
  goodsStatus: 'refundWaitSellerSend',
  ...over,
});
const aliText = (member: string, jsonText: string) =>
  JSON.stringify(aliBody({ [member]: 0 })).replace(`"${member}":0`, `"${member}":${jsonText}`);

const BAD_AMOUNTS = [
  '"100"',
  '1.5',
  '-1',
  '9007199254740992',
  '9007199254740993',
  '1e400',
  '123456789012345678901234567890',
  'null',
  '[1]',
];

describe('amounts', () => {
  test('refundFee (TA7) of a string, float, negative, 2^53, 2^53 + 1, Infinity or a huge number answers 400 naming it', async () => {
    for (const text of BAD_AMOUNTS)
      await badField(a.client.post('/v2/taobao/order/refund/submit', undefined, { raw: taobaoText('refundFee', text) }), 'refundFee');
    await badField(a.client.post('/v2/taobao/order/refund/submit', undefined, { raw: taobaoText('refundFee', '0') }), 'refundFee');
    await refused(
      a.client.post('/v2/taobao/order/refund/submit', undefined, { raw: taobaoText('refundFee', String(maxFen + 1)) }),
      2102,
      new RegExp(`${maxFen + 1}.*${maxFen}`),
    );
    assert.equal((await ok(a.client.post('/v2/taobao/order/refund/list', { subOrderId: sub }))).total, 0, 'nothing was applied for');
  });

  test('applyPayment / applyCarriage (AR4) of the same kinds answer 400 naming them; beyond the order 2102 or 2105 with the numbers', async () => {
    for (const member of ['applyPayment', 'applyCarriage'])
      for (const text of BAD_AMOUNTS)
        await badField(a.client.post('/alibaba/refund/detail/create', undefined, { raw: aliText(member, text) }), member);
    const most = String(Number.MAX_SAFE_INTEGER);
    await refused(
      a.client.post('/alibaba/refund/detail/create', undefined, { raw: aliText('applyPayment', most) }),
      2102,
      new RegExp(`${most}.*${ali.itemFen}`),
    );
    const carriage = await a.client.post('/alibaba/refund/detail/create', undefined, { raw: aliText('applyCarriage', most) });
    assert.equal(carriage.envelope.code, 2102, carriage.envelope.msg);
    assert.match(carriage.envelope.msg, new RegExp(most));
  });
});

describe('images and descriptions', () => {
  const url = (n: number) => `https://img.example/${n}.jpg`;
  test('refundImages of 1000 entries (array or comma string) or of a 10 kB URL answers 400 naming refundImages', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => url(i));
    const long = `https://img.example/${'a'.repeat(10_000)}.jpg`;
    for (const refundImages of [many, many.slice(0, 300).join(','), 'a,'.repeat(1000), [long], long, [''], 42])
      await badField(
        a.client.post('/v2/taobao/order/refund/submit', {
          subOrderId: sub,
          refundType: 1,
          goodsStatus: 1,
          reasonId,
          refundFee: 1,
          refundImages,
        }),
        'refundImages',
      );
    for (const vouchers of [many, [long], ['not a url'], ['http://img.example/x.jpg']])
      await badField(a.client.post('/alibaba/refund/detail/create', aliBody({ vouchers })), 'vouchers');
  });

  test('1688 description of 0, 1 or 151 characters or with NUL answers 400 naming it; Taobao takes 0–500 and refuses NUL', async () => {
    for (const description of ['', 'a', ' a ', 'x'.repeat(151), 'ab\u0000cd', '\u0000\u0000'])
      await badField(a.client.post('/alibaba/refund/detail/create', aliBody({ description })), 'description');
    for (const refundDesc of ['x'.repeat(501), 'ab\u0000cd'])
      await badField(
        a.client.post('/v2/taobao/order/refund/submit', {
          subOrderId: sub,
          refundType: 1,
          goodsStatus: 1,
          reasonId,
          refundFee: 1,
          refundDesc,
        }),
        'refundDesc',
      );
    await badField(
      a.client.post('/v2/taobao/order/refund/render', { subOrderId: `${sub}\u0000`, refundType: 1, goodsStatus: 1 }),
      'subOrderId',
    );
  });
});

describe('ids', () => {
  test('malformed subOrderId / refundId / orderEntryIds answer 400 naming the field', async () => {
    const render = (subOrderId: unknown) => a.client.post('/v2/taobao/order/refund/render', { subOrderId, refundType: 1, goodsStatus: 1 });
    for (const bad of ['abc', '', '-1', '1-0', '1-1000', `${'9'.repeat(30)}-1`, sub.replace('-', '--'), 12345, null, [sub], { id: sub }])
      await badField(render(bad), 'subOrderId');
    for (const bad of ['abc', 'TQ', `TQ${'1'.repeat(40)}`, '12 34', ''])
      await badField(a.client.get('/v2/taobao/order/refund/query', { query: { refundId: bad } }), 'refundId');
    await badField(a.client.post('/v2/taobao/order/refund/message/list', undefined, { raw: '{"refundId":9007199254740993}' }), 'refundId');
    for (const bad of ['abc', '123', '', 'TQabc']) await badField(a.client.post('/alibaba/refund/detail', { refundId: bad }), 'refundId');
    for (const orderEntryIds of [
      [],
      ['abc'],
      [`${ali.entryId}9`],
      [ali.entryId, ali.entryId],
      Array.from({ length: 101 }, () => ali.entryId),
    ])
      await badField(a.client.post('/alibaba/refund/detail/create', aliBody({ orderEntryIds })), 'orderEntryIds');
    await refused(a.client.get('/open/order/refund/cancel/{refundId}', { params: { refundId: 'abc' } }), 400);
  });

  test('another developer’s ids and the other platform’s orders answer 404', async () => {
    const theirs = await j.taobaoOrder(other);
    const theirSub = `${theirs.orderId}-1`;
    const made = await ok(
      other.client.post('/v2/taobao/order/refund/submit', { subOrderId: theirSub, refundType: 1, goodsStatus: 1, reasonId, refundFee: 1 }),
    );
    const theirAli = await j.alibabaOrder(other);
    const { refundId: theirTq } = await ok(
      other.client.post('/alibaba/refund/detail/create', {
        ...aliBody(),
        orderId: theirAli.orderId,
        orderEntryIds: [theirAli.entryId],
        applyPayment: theirAli.itemFen,
      }),
    );
    await refused(a.client.post('/v2/taobao/order/refund/render', { subOrderId: theirSub, refundType: 1, goodsStatus: 1 }), 404);
    await refused(a.client.get('/v2/taobao/order/refund/query', { query: { refundId: made.refundId } }), 404);
    await refused(a.client.get('/v2/taobao/order/refund/cancel/{refundId}', { params: { refundId: made.refundId } }), 404);
    await refused(a.client.post('/alibaba/refund/detail', { refundId: theirTq }), 404);
    await refused(a.client.post('/alibaba/refund/cancel', { refundId: theirTq }), 404);
    // The other platform: a 1688 order as a Taobao sub-order, a Taobao order on the 1688 routes.
    await refused(a.client.post('/v2/taobao/order/refund/render', { subOrderId: `${ali.orderId}-1`, refundType: 1, goodsStatus: 1 }), 404);
    await refused(
      a.client.post('/alibaba/refund/reason/list', {
        orderId: sub.split('-')[0],
        orderEntryIds: [`${sub.split('-')[0]}01`],
        goodsStatus: 'refundWaitSellerSend',
      }),
      404,
    );
    // A refund id of the other platform has the other form, refused by its format before any lookup.
    await badField(a.client.post('/alibaba/refund/detail', { refundId: made.refundId }), 'refundId');
    await badField(a.client.get('/v2/taobao/order/refund/query', { query: { refundId: theirTq } }), 'refundId');
    assert.equal(
      (await ok(other.client.get('/v2/taobao/order/refund/query', { query: { refundId: made.refundId } }))).refundOrderAggregate.refundOrder
        .refundStatus,
      10,
      'untouched',
    );
  });
});

describe('repeats and races', () => {
  test('10 concurrent submits on one line make one application; cancel twice; modify after success; credited once', async () => {
    const body = { subOrderId: sub, refundType: 1, goodsStatus: 1, reasonId, refundFee: maxFen };
    const answers = await Promise.all(Array.from({ length: 10 }, () => a.client.post('/v2/taobao/order/refund/submit', body)));
    for (const { envelope } of answers) assert.equal(envelope.code, 200, envelope.msg);
    const ids = new Set(answers.map((x) => x.envelope.data.refundId));
    assert.equal(ids.size, 1, 'one refund id');
    assert.equal(
      answers.filter((x) => !x.envelope.data.replayed).length,
      1,
      'one of them applied, the rest were answered the same application',
    );
    const [refundId] = [...ids] as [string];
    await ok(a.client.get('/v2/taobao/order/refund/cancel/{refundId}', { params: { refundId } }));
    await refused(a.client.get('/v2/taobao/order/refund/cancel/{refundId}', { params: { refundId } }), 2101, /-20/);
    const again = await ok(a.client.post('/v2/taobao/order/refund/submit', body));
    assert.notEqual(again.refundId, refundId, 'a cancelled line may be applied for again');
    const before = (await wallet(a)).balance;
    const agrees = await Promise.all(Array.from({ length: 5 }, () => j.adminAnswer('/admin/refunds/agree', { refundId: again.refundId })));
    assert.deepEqual(agrees.map((x) => x.code).sort(), [200, 2101, 2101, 2101, 2101], 'one agree wins');
    await refused(a.client.post('/v2/taobao/order/refund/modify', { ...body, refundId: again.refundId, refundFee: 1 }), 2101, /100/);
    await refused(a.client.get('/v2/taobao/order/refund/cancel/{refundId}', { params: { refundId: again.refundId } }), 2101);
    await refused(a.client.post('/v2/taobao/order/refund/submit', body), 2108);
    const { balance, lines } = await wallet(a);
    assert.equal(lines.filter((l) => l.ref === `refund:${again.refundId}`).length, 1, 'credited once');
    assert.equal(lines.filter((l) => l.ref === `refund:${refundId}`).length, 0, 'the cancelled one credits nothing');
    assert.ok(balance - before >= maxFen && balance - before <= maxFen + 100_000, `${before} → ${balance}`);
  });

  test('1688: cancel twice, modify after cancel, an Idempotency-Key of 10 kB', async () => {
    const big = 'k'.repeat(10_000);
    await badField(a.client.post('/alibaba/refund/detail/create', aliBody(), { idempotencyKey: big }), 'Idempotency-Key');
    const tb = { subOrderId: sub, refundType: 1, goodsStatus: 1, reasonId, refundFee: 1 };
    await badField(a.client.post('/v2/taobao/order/refund/submit', tb, { idempotencyKey: big }), 'Idempotency-Key');
    const { refundId } = await ok(a.client.post('/alibaba/refund/detail/create', aliBody()));
    await ok(a.client.post('/alibaba/refund/cancel', { refundId }));
    await refused(a.client.post('/alibaba/refund/cancel', { refundId }), 2101, /refundclose/);
    await refused(a.client.post('/alibaba/refund/modify', { ...aliBody(), refundId }), 2101);
  });
});

/** A PNG whose header claims 60000 × 60000 pixels, in a few hundred bytes. */
function pngBomb(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(60_000, 0);
  ihdr.writeUInt32BE(60_000, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale
  const rows = deflateSync(Buffer.alloc(7501 * 4));
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', rows),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('voucher uploads', () => {
  const upload = (form: FormData) => a.client.upload('/alibaba/refund/voucher/upload', form);
  test('1 MB + 1 byte, a PNG bomb, a GIF, text named .jpg, an empty file: 1001 / 1002, never 500', async () => {
    await refused(upload(fileForm(Buffer.alloc(1024 * 1024 + 1, 0xff), 'big.jpg', 'image/jpeg')), 1002);
    const bomb = pngBomb();
    assert.ok(bomb.length < 2000, `${bomb.length} bytes`);
    await refused(upload(fileForm(bomb, 'bomb.png', 'image/png')), 1002, /pixels/);
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#0a0' } })
      .gif()
      .toBuffer();
    await refused(upload(fileForm(gif, 'x.gif', 'image/gif')), 1001, /gif/);
    await refused(upload(fileForm(Buffer.from('hello, I am text'), 'photo.jpg', 'image/jpeg')), 1001);
    await refused(upload(fileForm(Buffer.alloc(0), 'empty.jpg', 'image/jpeg')), 1001);
    await refused(a.client.post('/alibaba/refund/voucher/upload', { imageData: 'not base64 !!' }), 1001);
  });

  test('an empty form, two files, a file under another name: 400 naming the field', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00a' } })
      .jpeg()
      .toBuffer();
    await badField(upload(new FormData()), 'imageData');
    const two = fileForm(jpeg, 'a.jpg', 'image/jpeg');
    two.append('imageData', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'b.jpg');
    await badField(upload(two), 'imageData');
    await badField(upload(fileForm(jpeg, 'a.jpg', 'image/jpeg', 'picture')), 'imageData');
    const stored = await ok(upload(fileForm(jpeg, 'a.jpg', 'image/jpeg')));
    assert.match(stored.imageRelativeUrl, /^\/media\/vouchers\/[0-9a-f]{32}\.jpg$/, 'a good file still goes through');
  });
});

describe('quantities, messages and return parcels', () => {
  // The order of the races above is wholly refunded (closed): these take a fresh one.
  let sub: string;
  before(async () => {
    sub = `${(await j.taobaoOrder(a)).orderId}-1`;
  });
  test('refundQuantity and orderEntryCountList out of range answer a refusal naming them', async () => {
    const render = (refundQuantity: unknown) =>
      a.client.post('/v2/taobao/order/refund/render', { subOrderId: sub, refundType: 1, goodsStatus: 1, refundQuantity });
    for (const q of [0, -1, 1.5, '1', 2 ** 53, 1e400]) await badField(render(q), 'refundQuantity');
    // More pieces than the line has: refused by the quantity rule, under the wire's own field name.
    await badField(render(3), 'refundQuantity');
    const beyond = { subOrderId: sub, refundType: 1, goodsStatus: 1, reasonId, refundFee: 1, refundQuantity: 999_999 };
    await badField(a.client.post('/v2/taobao/order/refund/submit', beyond), 'refundQuantity');
    const counts = (count: unknown) => aliBody({ disputeRequest: 'refund', orderEntryCountList: [{ id: ali.entryId, count }] });
    for (const count of [0, -1, 1.5, 2 ** 53]) await badField(a.client.post('/alibaba/refund/detail/create', counts(count)), 'count');
    await badField(a.client.post('/alibaba/refund/detail/create', counts(999_999)), 'orderEntryCountList[].count');
    await badField(
      a.client.post('/alibaba/refund/detail/create', aliBody({ orderEntryCountList: [{ id: '1', count: 1 }] })),
      'orderEntryCountList',
    );
  });

  test('messages and return parcels with NUL, oversize or foreign values', async () => {
    const { refundId } = await ok(
      a.client.post('/v2/taobao/order/refund/submit', { subOrderId: sub, refundType: 1, goodsStatus: 1, reasonId, refundFee: 1 }),
    );
    const message = (over: Record<string, unknown>) =>
      a.client.post('/v2/taobao/order/refund/submit/message', { refundId, refundMessage: 'hi', ...over });
    for (const refundMessage of ['', '   ', 'x'.repeat(1001), 'a\u0000b', 7]) await badField(message({ refundMessage }), 'refundMessage');
    await badField(message({ refundImages: Array.from({ length: 1000 }, (_, i) => `https://img.example/${i}.jpg`) }), 'refundImages');
    await ok(message({ refundImages: 'https://img.example/1.jpg, https://img.example/2.jpg' }));
    // Not agreed to a return yet: the parcel is refused by state, a malformed one by its field.
    const parcel = { refundId, logisticsCompanyCode: 'SF', logisticsNo: 'SF1234567890' };
    await refused(a.client.post('/v2/taobao/order/refund/logistics/submit', parcel), 2101);
    for (const logisticsNo of ['', 'a\u0000bcd', 'x'.repeat(41), '../../etc', '<script>'])
      await badField(a.client.post('/v2/taobao/order/refund/logistics/submit', { ...parcel, logisticsNo }), 'logisticsNo');
    await badField(
      a.client.post('/v2/taobao/order/refund/logistics/submit', { ...parcel, logisticsCompanyCode: 'NOPE' }),
      'logisticsCompanyCode',
    );
    await refused(a.client.get('/v2/taobao/order/refund/logistics/render', { query: { refundId } }), 2101);
    await ok(a.client.get('/v2/taobao/order/refund/cancel/{refundId}', { params: { refundId } }));
    const { refundId: tq } = await ok(a.client.post('/alibaba/refund/detail/create', aliBody()));
    const back = { refundId: tq, logisticsCompanyNo: 'YTO', freightBill: 'YT1234567890' };
    await refused(a.client.post('/alibaba/refund/goods/return', back), 2101);
    await badField(a.client.post('/alibaba/refund/goods/return', { ...back, logisticsCompanyNo: 'NOPE' }), 'logisticsCompanyNo');
    await badField(a.client.post('/alibaba/refund/goods/return', { ...back, freightBill: 'YT\u00001234' }), 'freightBill');
    await ok(a.client.post('/alibaba/refund/cancel', { refundId: tq }));
  });
});
