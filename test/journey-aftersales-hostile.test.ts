import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { type Buyer, type Journey, ok, refused, startJourney, wallet } from './helpers/aftersales-journey.ts';
import { BAD_AMOUNTS, badField, pngBomb, withRaw } from './helpers/hostile-inputs.ts';
import { fileForm } from './helpers/independent-client.ts';

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
let paidFen: number;
let ali: { orderId: string; entryId: string; itemFen: number; reasonId: string };

before(async () => {
  j = await startJourney({ products: 300 });
  a = await j.buyer();
  other = await j.buyer();
  const tb = await j.taobaoOrder(a);
  sub = `${tb.orderId}-1`;
  paidFen = tb.paidFen;
  const vo = await ok(a.client.post('/v2/taobao/order/refund/render', { subOrderId: sub, refundType: 1, goodsStatus: 1 }));
  reasonId = vo.refundOrderTemplate.refundReasons[0].reasonId;
  maxFen = vo.refundOrderTemplate.maxRefundFee.refundFee;
  const order = await j.alibabaOrder(a);
  const body = { orderId: order.orderId, orderEntryIds: [order.entryId], goodsStatus: 'refundWaitSellerSend' };
  const { reasons } = await ok(a.client.post('/alibaba/refund/reason/list', body));
  ali = { ...order, reasonId: reasons.find((r: any) => !r.needVoucher).id };
});
after(() => j.close());

type Sent = { raw?: string; idempotencyKey?: string };
/** A TA7 body with fields replaced. */
const tbBody = (over: Record<string, unknown> = {}, subOrderId = sub) => ({
  subOrderId,
  refundType: 1,
  goodsStatus: 1,
  reasonId,
  refundFee: 1,
  ...over,
});
const submit = (body: unknown, o: Sent = {}) => a.client.post('/v2/taobao/order/refund/submit', body, o);
const create = (body: unknown, o: Sent = {}) => a.client.post('/alibaba/refund/detail/create', body, o);
const query = (refundId: string, who = a) => who.client.get('/v2/taobao/order/refund/query', { query: { refundId } });
const cancel = (refundId: string, who = a) => who.client.get('/v2/taobao/order/refund/cancel/{refundId}', { params: { refundId } });
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

describe('amounts', () => {
  test('refundFee (TA7) of a string, float, negative, 0, 2^53, 2^53 + 1, 1e400 or huge answers 400 naming it; above the maximum 2102', async () => {
    for (const text of [...BAD_AMOUNTS, '0']) await badField(submit(undefined, { raw: withRaw(tbBody(), 'refundFee', text) }), 'refundFee');
    await refused(submit(tbBody({ refundFee: maxFen + 1 })), 2102, new RegExp(`${maxFen + 1}.*${maxFen}`));
    assert.equal((await ok(a.client.post('/v2/taobao/order/refund/list', { subOrderId: sub }))).total, 0, 'nothing was applied for');
  });

  test('applyPayment / applyCarriage (AR4) of the same kinds answer 400 naming them; 2^53 − 1 answers 2102 with the numbers', async () => {
    for (const member of ['applyPayment', 'applyCarriage'])
      for (const text of BAD_AMOUNTS) await badField(create(undefined, { raw: withRaw(aliBody(), member, text) }), member);
    const most = Number.MAX_SAFE_INTEGER;
    await refused(create(aliBody({ applyPayment: most })), 2102, new RegExp(`${most}.*${ali.itemFen}`));
    await refused(create(aliBody({ applyCarriage: most })), 2102, new RegExp(`${most}`));
  });
});

describe('images and descriptions', () => {
  const many = Array.from({ length: 1000 }, (_, i) => `https://img.example/${i}.jpg`);
  const long = `https://img.example/${'a'.repeat(10_000)}.jpg`;
  test('refundImages / vouchers of 1000 entries (array or comma string) or a 10 kB URL answer 400 naming the field', async () => {
    for (const refundImages of [many, many.slice(0, 300).join(','), 'a,'.repeat(1000), [long], long, [''], 42])
      await badField(submit(tbBody({ refundImages })), 'refundImages');
    for (const vouchers of [many, [long], ['not a url'], ['http://img.example/x.jpg']])
      await badField(create(aliBody({ vouchers })), 'vouchers');
  });

  test('1688 description of 0, 1 or 151 characters or with NUL answers 400 naming it; Taobao takes up to 500 and refuses NUL', async () => {
    for (const description of ['', 'a', ' a ', 'x'.repeat(151), 'ab\u0000cd', '\u0000\u0000'])
      await badField(create(aliBody({ description })), 'description');
    for (const refundDesc of ['x'.repeat(501), 'ab\u0000cd']) await badField(submit(tbBody({ refundDesc })), 'refundDesc');
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
    for (const bad of ['abc', 'TQ', `TQ${'1'.repeat(40)}`, '12 34', '']) await badField(query(bad), 'refundId');
    await badField(a.client.post('/v2/taobao/order/refund/message/list', undefined, { raw: '{"refundId":9007199254740993}' }), 'refundId');
    for (const bad of ['abc', '123', '', 'TQabc']) await badField(a.client.post('/alibaba/refund/detail', { refundId: bad }), 'refundId');
    const entries = [[], ['abc'], [`${ali.entryId}9`], [ali.entryId, ali.entryId], Array.from({ length: 101 }, () => ali.entryId)];
    for (const orderEntryIds of entries) await badField(create(aliBody({ orderEntryIds })), 'orderEntryIds');
    await badField(cancel('abc'), 'refundId');
    // Refused by the router before any route runs: still the envelope, not Fastify's own 414 / 400 body.
    await badField(cancel('1'.repeat(10_000)), 'path');
    await badField(a.client.get('/v2/taobao/order/refund/cancel/%E0%A4%A'), 'path');
  });

  test('another developer’s ids and the other platform’s orders answer 404', async () => {
    const theirs = `${(await j.taobaoOrder(other)).orderId}-1`;
    const made = await ok(other.client.post('/v2/taobao/order/refund/submit', tbBody({}, theirs)));
    const o = await j.alibabaOrder(other);
    const theirAli = aliBody({ orderId: o.orderId, orderEntryIds: [o.entryId], applyPayment: o.itemFen });
    const { refundId: theirTq } = await ok(other.client.post('/alibaba/refund/detail/create', theirAli));
    await refused(a.client.post('/v2/taobao/order/refund/render', { subOrderId: theirs, refundType: 1, goodsStatus: 1 }), 404);
    await refused(submit(tbBody({}, theirs)), 404);
    await refused(query(made.refundId), 404);
    await refused(cancel(made.refundId), 404);
    await refused(a.client.post('/alibaba/refund/detail', { refundId: theirTq }), 404);
    await refused(a.client.post('/alibaba/refund/cancel', { refundId: theirTq }), 404);
    await refused(create(theirAli), 404);
    // Another developer's voucher picture cannot be cited (its link is a capability, not a grant).
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#a00' } })
      .jpeg()
      .toBuffer();
    const theirVoucher = await ok(other.client.upload('/alibaba/refund/voucher/upload', fileForm(jpeg, 'v.jpg', 'image/jpeg')));
    await refused(create(aliBody({ vouchers: [theirVoucher.imageUrl] })), 404, /voucher/);
    // The other platform: a 1688 order as a Taobao sub-order, a Taobao order on the 1688 routes.
    await refused(a.client.post('/v2/taobao/order/refund/render', { subOrderId: `${ali.orderId}-1`, refundType: 1, goodsStatus: 1 }), 404);
    const taobaoOrderId = sub.split('-')[0]!;
    const asAli = { orderId: taobaoOrderId, orderEntryIds: [`${taobaoOrderId}01`], goodsStatus: 'refundWaitSellerSend' };
    await refused(a.client.post('/alibaba/refund/reason/list', asAli), 404);
    // A refund id of the other platform has the other form: refused by its format before any lookup.
    await badField(a.client.post('/alibaba/refund/detail', { refundId: made.refundId }), 'refundId');
    await badField(query(theirTq), 'refundId');
    assert.equal((await ok(query(made.refundId, other))).refundOrderAggregate.refundOrder.refundStatus, 10, 'untouched');
  });
});

describe('repeats and races', () => {
  test('10 concurrent submits on one line make one application; cancel twice; 5 racing agrees; modify after success; credited once', async () => {
    const body = tbBody({ refundFee: maxFen });
    const answers = (await Promise.all(Array.from({ length: 10 }, () => submit(body)))).map((x) => x.envelope);
    for (const envelope of answers) assert.equal(envelope.code, 200, envelope.msg);
    const ids = new Set(answers.map((x) => x.data.refundId));
    assert.equal(ids.size, 1, 'one refund id');
    assert.equal(answers.filter((x) => !x.data.replayed).length, 1, 'one applied, the rest were answered that application');
    const [refundId] = [...ids] as [string];
    await ok(cancel(refundId));
    await refused(cancel(refundId), 2101, /-20/);
    const again = await ok(submit(body));
    assert.notEqual(again.refundId, refundId, 'a cancelled line may be applied for again');
    const before = (await wallet(a)).balance;
    const agrees = await Promise.all(Array.from({ length: 5 }, () => j.adminAnswer('/admin/refunds/agree', { refundId: again.refundId })));
    assert.deepEqual(agrees.map((x) => x.code).sort(), [200, 2101, 2101, 2101, 2101], 'one agree wins');
    await refused(a.client.post('/v2/taobao/order/refund/modify', { ...body, refundId: again.refundId, refundFee: 1 }), 2101, /100/);
    await refused(cancel(again.refundId), 2101);
    await refused(submit(body), 2108);
    const { balance, lines } = await wallet(a);
    assert.equal(lines.filter((l) => l.ref === `refund:${again.refundId}`).length, 1, 'credited once');
    assert.equal(lines.filter((l) => l.ref === `refund:${refundId}`).length, 0, 'the cancelled one credits nothing');
    assert.equal(balance - before, paidFen, 'the only line refunded before shipping: the whole charge, freight included, once');
  });

  test('1688: cancel twice, modify after cancel; an Idempotency-Key of 10 kB on either platform', async () => {
    const big = 'k'.repeat(10_000);
    await badField(create(aliBody(), { idempotencyKey: big }), 'Idempotency-Key');
    await badField(submit(tbBody(), { idempotencyKey: big }), 'Idempotency-Key');
    const { refundId } = await ok(create(aliBody()));
    await ok(a.client.post('/alibaba/refund/cancel', { refundId }));
    await refused(a.client.post('/alibaba/refund/cancel', { refundId }), 2101, /refundclose/);
    await refused(a.client.post('/alibaba/refund/modify', { ...aliBody(), refundId }), 2101);
  });
});

describe('voucher uploads', () => {
  const upload = (form: FormData) => a.client.upload('/alibaba/refund/voucher/upload', form);
  const picture = (format: 'gif' | 'jpeg') =>
    sharp({ create: { width: 8, height: 8, channels: 3, background: '#0a0' } })
      [format]()
      .toBuffer();
  test('1 MB + 1 byte, a PNG bomb, a GIF, text named .jpg, an empty file, bad base64: 1001 / 1002, never 500', async () => {
    await refused(upload(fileForm(Buffer.alloc(1024 * 1024 + 1, 0xff), 'big.jpg', 'image/jpeg')), 1002);
    const bomb = pngBomb();
    assert.ok(bomb.length < 2000, `${bomb.length} bytes`);
    await refused(upload(fileForm(bomb, 'bomb.png', 'image/png')), 1002, /pixels/);
    await refused(upload(fileForm(await picture('gif'), 'x.gif', 'image/gif')), 1001, /gif/);
    await refused(upload(fileForm(Buffer.from('hello, I am text'), 'photo.jpg', 'image/jpeg')), 1001);
    await refused(upload(fileForm(Buffer.alloc(0), 'empty.jpg', 'image/jpeg')), 1001);
    await refused(a.client.post('/alibaba/refund/voucher/upload', { imageData: 'not base64 !!' }), 1001);
  });

  test('an empty form, two files, a file under another name: 400 naming the field; a good file still goes through', async () => {
    const jpeg = await picture('jpeg');
    await badField(upload(new FormData()), 'imageData');
    const two = fileForm(jpeg, 'a.jpg', 'image/jpeg');
    two.append('imageData', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'b.jpg');
    await badField(upload(two), 'imageData');
    await badField(upload(fileForm(jpeg, 'a.jpg', 'image/jpeg', 'picture')), 'imageData');
    assert.match((await ok(upload(fileForm(jpeg, 'a.jpg', 'image/jpeg')))).imageRelativeUrl, /^\/media\/vouchers\/[0-9a-f]{32}\.jpg$/);
  });
});

describe('quantities, messages and return parcels', () => {
  // The order of the races above is wholly refunded (closed): these take a fresh one.
  let fresh: string;
  before(async () => {
    fresh = `${(await j.taobaoOrder(a)).orderId}-1`;
  });

  test('refundQuantity and orderEntryCountList out of range answer 400 naming them (beyond the line too)', async () => {
    const render = (refundQuantity: unknown) =>
      a.client.post('/v2/taobao/order/refund/render', { subOrderId: fresh, refundType: 1, goodsStatus: 1, refundQuantity });
    for (const q of [0, -1, 1.5, '1', 2 ** 53, null, 3]) await badField(render(q), 'refundQuantity');
    await badField(submit(tbBody({ refundQuantity: 999_999 }, fresh)), 'refundQuantity');
    const counts = (count: unknown) => aliBody({ orderEntryCountList: [{ id: ali.entryId, count }] });
    for (const count of [0, -1, 1.5, 2 ** 53, 999_999]) await badField(create(counts(count)), 'orderEntryCountList');
    await badField(create(aliBody({ orderEntryCountList: [{ id: '1', count: 1 }] })), 'orderEntryCountList');
  });

  test('messages and return parcels with NUL, oversize or unknown values; parcels before a return is agreed: 2101', async () => {
    const { refundId } = await ok(submit(tbBody({}, fresh)));
    const message = (over: Record<string, unknown>) =>
      a.client.post('/v2/taobao/order/refund/submit/message', { refundId, refundMessage: 'hi', ...over });
    for (const refundMessage of ['', '   ', 'x'.repeat(600), 'x'.repeat(1001), 'a\u0000b', 7])
      await badField(message({ refundMessage }), 'refundMessage');
    await badField(message({ refundImages: Array.from({ length: 1000 }, (_, i) => `https://img.example/${i}.jpg`) }), 'refundImages');
    await ok(message({ refundImages: 'https://img.example/1.jpg, https://img.example/2.jpg' }));
    const parcel = { refundId, logisticsCompanyCode: 'SF', logisticsNo: 'SF1234567890' };
    const ship = (over: Record<string, unknown>) => a.client.post('/v2/taobao/order/refund/logistics/submit', { ...parcel, ...over });
    await refused(ship({}), 2101);
    for (const logisticsNo of ['', 'a\u0000bcd', 'x'.repeat(41), '../../etc', '<script>'])
      await badField(ship({ logisticsNo }), 'logisticsNo');
    await badField(ship({ logisticsCompanyCode: 'NOPE' }), 'logisticsCompanyCode');
    // TA4 names its pictures `images` and its text `returnGoodsDesc` (not TA7's refundImages / refundDesc).
    await refused(ship({ images: [`https://img.example/${'a'.repeat(600)}.jpg`] }), 400, /: images(\[0\])? /);
    await refused(ship({ returnGoodsDesc: 'x'.repeat(501) }), 400, /: returnGoodsDesc /);
    await refused(a.client.get('/v2/taobao/order/refund/logistics/render', { query: { refundId } }), 2101);
    await ok(cancel(refundId));
    const { refundId: tq } = await ok(create(aliBody()));
    const back = (over: Record<string, unknown>) =>
      a.client.post('/alibaba/refund/goods/return', { refundId: tq, logisticsCompanyNo: 'YTO', freightBill: 'YT1234567890', ...over });
    await refused(back({}), 2101);
    await badField(back({ logisticsCompanyNo: 'NOPE' }), 'logisticsCompanyNo');
    await badField(back({ freightBill: 'YT\u00001234' }), 'freightBill');
    // Settled by the operator: nothing may change it afterwards, and it credits once.
    await j.admin('/admin/refunds/agree', { refundId: tq });
    await refused(a.client.post('/alibaba/refund/modify', { ...aliBody({ applyPayment: 1 }), refundId: tq }), 2101, /refundsuccess/);
    await refused(a.client.post('/alibaba/refund/cancel', { refundId: tq }), 2101);
    await refused(back({}), 2101);
    const credits = (await wallet(a)).lines.filter((l) => l.ref === `refund:${tq}`);
    assert.deepEqual(
      credits.map((l) => l.amount),
      [ali.itemFen],
    );
  });
});
