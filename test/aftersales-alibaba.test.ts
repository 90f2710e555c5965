import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { signedHeaders } from '../sdk/src/index.ts';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { sellerAgree, sellerConfirmReceipt, sellerRefuse } from '../src/modules/aftersales/index.ts';
import { markArrived, markShipped } from '../src/modules/orders/index.ts';
import { asOrderId } from '../src/platform/ids.ts';
import { entryIdOf } from '../src/wire/alibaba/orders-view.ts';
import { gmtOf } from '../src/wire/alibaba/refunds-view.ts';
import { refundBed, type PaidState, type RefundBed } from './helpers/aftersales-bed.ts';
import type { Answer, Harness } from './helpers/harness.ts';
import { RETURN_ADDRESS } from './helpers/owner-rows-refunds.ts';

/**
 * The 1688 after-sales routes (AR1–AR6 and the cancel/modify extensions) in process: each one's
 * answer and its refusals, and the voucher upload in both of its forms.
 */
const UPLOAD = '/alibaba/refund/voucher/upload';

let h: Harness;
let bed: RefundBed;
let dev: CreatedDeveloper;
let stranger: CreatedDeveloper;

before(async () => {
  bed = await refundBed();
  h = bed.h;
  ({ dev } = await bed.buyer());
  stranger = await h.developer('stranger');
});
after(() => bed.close());

async function picture(format: 'png' | 'jpeg', width = 64, height = 48): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.6 } } });
  // EXIF that must not survive the re-encoding.
  return (format === 'png' ? image.png() : image.jpeg())
    .withExif({ IFD0: { Copyright: 'secret-owner', Artist: 'gps 30.1,120.2' } })
    .toBuffer();
}

/** A form POSTed as a browser or curl -F sends it, signed like any request (in HMAC mode over `signedBody`, '' by the rule). */
async function postForm(
  url: string,
  form: FormData,
  opts: { who?: CreatedDeveloper; signType?: 'MD5' | 'HMAC-SHA256'; signedBody?: string } = {},
): Promise<Answer> {
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  const payload = Buffer.from(await request.arrayBuffer());
  const who = opts.who ?? dev;
  const headers = {
    ...signedHeaders({ ...who, body: opts.signedBody ?? '', signType: opts.signType, timestamp: String(h.clock.nowMs()) }),
    'content-type': request.headers.get('content-type')!,
    'accept-language': 'en',
  };
  const response = await h.app.inject({ method: 'POST', url, headers, payload });
  return { ...response.json(), headers: response.headers, status: response.statusCode };
}

/** The voucher upload as a multipart form: the picture in `field` (imageData) and a file name. */
function uploadMultipart(
  who: CreatedDeveloper,
  file: Buffer,
  opts: { signType?: 'MD5' | 'HMAC-SHA256'; field?: string; signedBody?: string } = {},
): Promise<Answer> {
  const form = new FormData();
  form.append(opts.field ?? 'imageData', new Blob([new Uint8Array(file)], { type: 'image/png' }), 'voucher.png');
  form.append('fileName', 'voucher.png');
  return postForm(UPLOAD, form, { ...opts, who });
}

async function served(answer: Answer): Promise<{ status: number; type: string; cache: string; bytes: Buffer }> {
  const response = await h.app.inject({ method: 'GET', url: answer.data.imageRelativeUrl });
  return {
    status: response.statusCode,
    type: String(response.headers['content-type']),
    cache: String(response.headers['cache-control']),
    bytes: response.rawPayload,
  };
}

describe('AR3 voucher upload', () => {
  test('multipart, signed in HMAC mode without the body: stored re-encoded and served at the answered link', async () => {
    const png = await picture('png');
    const answer = await uploadMultipart(dev, png, { signType: 'HMAC-SHA256' });
    assert.equal(answer.code, 200, answer.msg);
    assert.match(answer.data.imageRelativeUrl, /^\/media\/vouchers\/[0-9a-f]{32}\.jpg$/);
    assert.equal(answer.data.imageDomain, 'http://localhost:80');
    assert.equal(answer.data.imageUrl, `${answer.data.imageDomain}${answer.data.imageRelativeUrl}`);
    const image = await served(answer);
    assert.equal(image.status, 200);
    assert.equal(image.type, 'image/jpeg');
    assert.match(image.cache, /immutable/);
    const meta = await sharp(image.bytes).metadata();
    assert.equal(meta.format, 'jpeg', 'a PNG is re-encoded');
    assert.deepEqual([meta.width, meta.height], [64, 48]);
    assert.equal(meta.exif, undefined, 'EXIF is dropped');
    assert.equal(meta.hasAlpha, false);
    assert.ok(!image.bytes.includes(Buffer.from('secret-owner')));
  });

  test('multipart in HMAC mode: a signature over the multipart bytes does not match (the body is not signed)', async () => {
    const answer = await uploadMultipart(dev, await picture('png'), { signType: 'HMAC-SHA256', signedBody: 'the multipart bytes' });
    assert.equal(answer.code, 402);
    assert.match(answer.msg, /EMPTY string: a multipart body is not signed/);
  });

  test('multipart in MD5 mode', async () => {
    const answer = await uploadMultipart(dev, await picture('jpeg'));
    assert.equal(answer.code, 200, answer.msg);
    assert.equal((await served(answer)).status, 200);
  });

  test('JSON base64 (signed over the body, HMAC mode); a data: URL prefix is accepted', async () => {
    const jpeg = await picture('jpeg', 30, 20);
    const body = { imageData: `data:image/jpeg;base64,${jpeg.toString('base64')}`, fileName: 'x.jpg' };
    const answer = await h.call(dev, 'POST', `/v2${UPLOAD}`, body, { signType: 'HMAC-SHA256' });
    assert.equal(answer.code, 200, answer.msg);
    const image = await served(answer);
    const meta = await sharp(image.bytes).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height, meta.exif], ['jpeg', 30, 20, undefined]);
  });

  test('a non-image, a GIF, and base64 that is not base64 answer 1001', async () => {
    const text = Buffer.from('%PDF-1.4 not a picture at all');
    assert.equal((await uploadMultipart(dev, text)).code, 1001);
    assert.equal((await h.call(dev, 'POST', UPLOAD, { imageData: text.toString('base64') })).code, 1001);
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00f' } })
      .gif()
      .toBuffer();
    const refused = await h.call(dev, 'POST', UPLOAD, { imageData: gif.toString('base64') }, { headers: { 'accept-language': 'en' } });
    assert.equal(refused.code, 1001);
    assert.match(refused.msg, /gif/);
    assert.equal((await h.call(dev, 'POST', UPLOAD, { imageData: '***' })).code, 1001);
  });

  test('over 1 MB decoded answers 1002 naming the limit, in both forms', async () => {
    // Random pixels do not compress: a real picture above the limit.
    const noise = Buffer.alloc(700 * 700 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2_654_435_761) >>> 24;
    const big = await sharp(noise, { raw: { width: 700, height: 700, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    assert.ok(big.length > 1024 * 1024);
    const viaForm = await uploadMultipart(dev, big, {});
    assert.equal(viaForm.code, 1002, viaForm.msg);
    assert.match(viaForm.msg, /1048576/);
    const viaJson = await h.call(dev, 'POST', UPLOAD, { imageData: big.toString('base64') });
    assert.equal(viaJson.code, 1002, viaJson.msg);
    assert.match(viaJson.msg, /1048576/);
  });

  test('no picture, or the file under another field, answers 400', async () => {
    assert.equal((await h.call(dev, 'POST', UPLOAD, {})).code, 400);
    const wrong = await uploadMultipart(dev, await picture('png'), { field: 'picture' });
    assert.equal(wrong.code, 400);
    assert.match(wrong.msg, /picture/);
  });

  test('two files in one form answer 400', async () => {
    const png = new Uint8Array(await picture('png'));
    const form = new FormData();
    form.append('imageData', new Blob([png], { type: 'image/png' }), 'a.png');
    form.append('imageData', new Blob([png], { type: 'image/png' }), 'b.png');
    const answer = await postForm(UPLOAD, form);
    assert.equal(answer.code, 400);
    assert.match(answer.msg, /one file/);
  });

  test('other routes still refuse a multipart body', async () => {
    const form = new FormData();
    form.append('name', 'x');
    const answer = await postForm('/v2/open/address/addOrUpdate', form);
    assert.equal(answer.code, 400);
    assert.match(answer.msg, /content-type/);
  });

  test('an unknown voucher link answers 404', async () => {
    const response = await h.app.inject({ method: 'GET', url: `/media/vouchers/${'0'.repeat(32)}.jpg` });
    assert.equal(response.json().code, 404);
    assert.equal((await h.app.inject({ method: 'GET', url: '/media/vouchers/../x.jpg' })).json().code, 404);
  });
});

const SELLER = { actor: 'seller' } as const;

interface PaidOrder {
  orderId: string;
  entryIds: string[];
  /** Each entry's paid goods amount and pieces. */
  itemFen: number[];
  quantities: number[];
  shippingFen: number;
}

/** A fresh paid 1688 order of one seller (each line at least 2 pieces, or the offer's minimum), moved on to `state`. */
async function paidOrder(opts: { lines?: number; state?: PaidState } = {}): Promise<PaidOrder> {
  const o = await bed.order(bed.ctxOf(dev), '1688', opts);
  return {
    orderId: o.orderId,
    entryIds: o.lines.map((l) => entryIdOf(o.orderId, l.lineNo)),
    itemFen: o.lines.map((l) => l.paidFen),
    quantities: o.lines.map((l) => l.quantity),
    shippingFen: o.shippingFeeFen,
  };
}

async function ship(o: PaidOrder): Promise<void> {
  assert.ok((await markShipped(h.ctx, asOrderId(o.orderId), { carrier: '中通快递', trackingNumber: `ZT${o.orderId.slice(-10)}` })).ok);
}
async function arrive(o: PaidOrder): Promise<void> {
  await ship(o);
  assert.ok((await markArrived(h.ctx, asOrderId(o.orderId))).ok);
}

function applyBody(o: PaidOrder, fields: Record<string, unknown> = {}) {
  return {
    orderId: o.orderId,
    orderEntryIds: [o.entryIds[0]],
    disputeRequest: 'refund',
    applyPayment: o.itemFen[0],
    applyCarriage: 0,
    applyReasonId: '20028',
    description: '拍错了, 不想要了',
    goodsStatus: 'refundWaitSellerSend',
    ...fields,
  };
}

const apply = (body: object, who = dev, headers: Record<string, string> = {}) =>
  h.call(who, 'POST', '/alibaba/refund/detail/create', body, { headers: { 'accept-language': 'en', ...headers } });
const detailOf = async (refundId: string, extra: object = {}) => {
  const answer = await h.call(dev, 'POST', '/v2/alibaba/refund/detail', { refundId, ...extra });
  assert.equal(answer.code, 200, answer.msg);
  return answer.data;
};
async function uploaded(who = dev): Promise<string> {
  const answer = await h.call(who, 'POST', UPLOAD, { imageData: (await picture('jpeg')).toString('base64') });
  assert.equal(answer.code, 200, answer.msg);
  return answer.data.imageUrl;
}

test('1688 refund times: the upstream sample 20180423171116000+0800 is 2018-04-23 17:11:16 China time', () => {
  assert.equal(gmtOf(Date.UTC(2018, 3, 23, 9, 11, 16)), '20180423171116000+0800');
  assert.equal(gmtOf(Date.UTC(2026, 11, 31, 16, 0, 0, 7)), '20270101000000007+0800');
});

describe('AR6 logistics companies', () => {
  test('the seed list, each with its code, on both paths', async () => {
    for (const path of ['/alibaba/logistics/company/list', '/v2/alibaba/logistics/company/list']) {
      const answer = await h.call(dev, 'GET', path);
      assert.equal(answer.code, 200, answer.msg);
      assert.deepEqual(
        answer.data.map((c: any) => c.companyNo),
        ['SF', 'ZTO', 'YTO', 'STO', 'YUNDA', 'HTKY', 'EMS', 'JD', 'JT'],
      );
      for (const c of answer.data)
        assert.deepEqual(Object.keys(c).sort(), ['companyName', 'companyNo', 'companyPhone', 'id', 'spelling', 'supportPrint']);
    }
  });
});

describe('AR2 reasons', () => {
  test('per goods status: not shipped → no voucher reasons; arrived → voucher and no-freight reasons', async () => {
    const o = await paidOrder();
    const body = { orderId: o.orderId, orderEntryIds: o.entryIds, goodsStatus: 'refundWaitSellerSend' };
    const before = await h.call(dev, 'POST', '/alibaba/refund/reason/list', body, { headers: { 'accept-language': 'en' } });
    assert.equal(before.code, 200, before.msg);
    assert.deepEqual(
      before.data.reasons.map((r: any) => r.id),
      ['20028'],
    );
    assert.equal(before.data.reasons[0].name, 'Ordered by mistake / no longer wanted');
    assert.equal((await h.call(dev, 'POST', '/alibaba/refund/reason/list', body)).data.reasons[0].name, '拍错/不想要');
    await arrive(o);
    const after = await h.call(dev, 'POST', '/v2/alibaba/refund/reason/list', { ...body, goodsStatus: 'refundBuyerReceived' });
    assert.equal(after.code, 200, after.msg);
    const byId = new Map(after.data.reasons.map((r: any) => [r.id, r]));
    assert.equal((byId.get('20030') as any)?.needVoucher, true);
    assert.equal((byId.get('20034') as any)?.noRefundCarriage, true);
    assert.ok(!byId.has('20028'));
  });

  test('a goods status that does not fit the order → 2107; an entry of another order → 400; a stranger → 404', async () => {
    const o = await paidOrder();
    const other = await paidOrder();
    const url = '/alibaba/refund/reason/list';
    const misfit = await h.call(dev, 'POST', url, { orderId: o.orderId, orderEntryIds: o.entryIds, goodsStatus: 'refundBuyerReceived' });
    assert.equal(misfit.code, 2107, misfit.msg);
    const foreign = await h.call(dev, 'POST', url, {
      orderId: o.orderId,
      orderEntryIds: other.entryIds,
      goodsStatus: 'refundWaitSellerSend',
    });
    assert.equal(foreign.code, 400);
    assert.match(foreign.msg, /orderEntryIds\[0\]/);
    const theirs = await h.call(stranger, 'POST', url, {
      orderId: o.orderId,
      orderEntryIds: o.entryIds,
      goodsStatus: 'refundWaitSellerSend',
    });
    assert.equal(theirs.code, 404);
  });
});

describe('AR4 create and AR1 detail', () => {
  test('refund before shipping: TQ id, detail in fen and 1688 times, timeout and operations only when asked', async () => {
    const o = await paidOrder();
    const made = await apply(applyBody(o, { orderId: Number(o.orderId) }));
    assert.equal(made.code, 200, made.msg);
    assert.match(made.data.refundId, /^TQ\d+$/);
    const plain = await detailOf(made.data.refundId);
    assert.equal(plain.status, 'waitselleragree');
    assert.equal(plain.orderId, o.orderId);
    assert.deepEqual(plain.orderEntryIdList, [o.entryIds[0]]);
    assert.deepEqual(plain.orderEntryCountMap, { [o.entryIds[0]!]: o.quantities[0] });
    assert.deepEqual([plain.applyPayment, plain.applyCarriage, plain.refundPayment], [o.itemFen[0], 0, 0]);
    assert.equal(plain.canRefundPayment, o.itemFen[0]);
    assert.deepEqual([plain.applyReasonId, plain.disputeRequest, plain.goodsStatus], ['20028', 'refund', 'refundWaitSellerSend']);
    assert.match(plain.gmtApply, /^\d{17}\+0800$/);
    assert.equal(plain.gmtCompleted, null);
    assert.equal(plain.sellerReceiveAddress, null);
    assert.ok(!('gmtTimeOut' in plain) && !('refundOperationList' in plain));
    const full = await detailOf(made.data.refundId, { needTimeOutInfo: true, needOrderRefundOperation: true });
    assert.equal(full.timeOutOperateType, 'SELLER_RESPOND');
    assert.match(full.gmtTimeOut, /^\d{17}\+0800$/);
    assert.ok(full.remainingTime > 0);
    assert.equal(full.refundOperationList.length, 1);
    const [applied] = full.refundOperationList;
    assert.deepEqual(
      [applied.beforeOperateStatus, applied.afterOperateStatus, applied.operateTypeInt, applied.operatorRoleId, applied.refundAction],
      [null, 'waitselleragree', 1, 1, 'BUYER_APPLY_REFUND'],
    );
  });

  test('a retry with the Idempotency-Key, or on an entry with an open application, returns that application', async () => {
    const o = await paidOrder();
    const first = await apply(applyBody(o), dev, { 'idempotency-key': `k-${o.orderId}` });
    assert.equal(first.code, 200, first.msg);
    const again = await apply(applyBody(o), dev, { 'idempotency-key': `k-${o.orderId}` });
    assert.equal(again.data.refundId, first.data.refundId);
    const open = await apply(applyBody(o));
    assert.equal(open.data.refundId, first.data.refundId);
  });

  test('before the seller ships the amount is the whole entry (2105); above the maximum after shipping → 2102', async () => {
    const o = await paidOrder();
    const part = await apply(applyBody(o, { applyPayment: o.itemFen[0]! - 1 }));
    assert.equal(part.code, 2105, part.msg);
    assert.match(part.msg, new RegExp(String(o.itemFen[0])));
    await ship(o);
    const shipped = { goodsStatus: 'refundWaitBuyerReceive', applyReasonId: '20029' };
    const above = await apply(applyBody(o, { ...shipped, applyPayment: o.itemFen[0]! + 1 }));
    assert.equal(above.code, 2102, above.msg);
    assert.match(above.msg, new RegExp(`${o.itemFen[0]! + 1}.*${o.itemFen[0]}`));
    const carriage = await apply(applyBody(o, { ...shipped, applyCarriage: o.shippingFen + 1 }));
    assert.equal(carriage.code, 2102, carriage.msg);
    const fine = await apply(applyBody(o, { ...shipped, applyPayment: o.itemFen[0]! - 1 }));
    assert.equal(fine.code, 200, fine.msg);
  });

  test('a reason that needs a voucher: none → 2103; an uploaded voucher → created; another’s voucher → 404', async () => {
    const o = await paidOrder({ state: 'arrived_warehouse' });
    const received = { goodsStatus: 'refundBuyerReceived', applyReasonId: '20030', applyPayment: 100 };
    const none = await apply(applyBody(o, received));
    assert.equal(none.code, 2103, none.msg);
    assert.match(none.msg, /20030/);
    const theirs = await apply(applyBody(o, { ...received, vouchers: [await uploaded(stranger)] }));
    assert.equal(theirs.code, 404, theirs.msg);
    const plain = await apply(applyBody(o, { ...received, vouchers: ['http://example.com/a.jpg'] }));
    assert.equal(plain.code, 400, plain.msg);
    const voucher = await uploaded();
    const made = await apply(
      applyBody(o, { ...received, vouchers: [voucher, 'https://cbu01.alicdn.com/img/ibank/2019/901/930/11848039109.jpg'] }),
    );
    assert.equal(made.code, 200, made.msg);
    assert.deepEqual((await detailOf(made.data.refundId)).vouchers[0], voucher);
  });

  test('applyCarriage on a reason that refunds no freight → 2104', async () => {
    const o = await paidOrder({ state: 'arrived_warehouse' });
    const body = applyBody(o, {
      disputeRequest: 'returnRefund',
      goodsStatus: 'refundBuyerReceived',
      applyReasonId: '20034',
      applyCarriage: 1,
    });
    const refused = await apply(body);
    assert.equal(refused.code, 2104, refused.msg);
    assert.match(refused.msg, /20034/);
    assert.equal((await apply({ ...body, applyCarriage: 0 })).code, 200);
  });

  test('part of the pieces: refused outside returnRefund with refundBuyerReceived (2105), accepted there', async () => {
    const o = await paidOrder();
    await ship(o);
    const counts = [{ id: o.entryIds[0], count: 1 }];
    const inTransit = await apply(
      applyBody(o, { goodsStatus: 'refundWaitBuyerReceive', applyReasonId: '20029', applyPayment: 1, orderEntryCountList: counts }),
    );
    assert.equal(inTransit.code, 2105, inTransit.msg);
    assert.ok((await markArrived(h.ctx, asOrderId(o.orderId))).ok);
    const refundOnly = await apply(
      applyBody(o, {
        goodsStatus: 'refundBuyerReceived',
        applyReasonId: '20030',
        applyPayment: 1,
        orderEntryCountList: counts,
        vouchers: [await uploaded()],
      }),
    );
    assert.equal(refundOnly.code, 2105, refundOnly.msg);
    const returned = await apply(
      applyBody(o, {
        disputeRequest: 'returnRefund',
        goodsStatus: 'refundBuyerReceived',
        applyReasonId: '20034',
        applyPayment: 1,
        orderEntryCountList: counts,
      }),
    );
    assert.equal(returned.code, 200, returned.msg);
    assert.deepEqual((await detailOf(returned.data.refundId)).orderEntryCountMap, { [o.entryIds[0]!]: 1 });
  });

  test('another developer’s order or refund → 404; a malformed refund id → 400', async () => {
    const o = await paidOrder();
    assert.equal((await apply(applyBody(o), stranger)).code, 404);
    const made = await apply(applyBody(o));
    const theirs = await h.call(stranger, 'POST', '/alibaba/refund/detail', { refundId: made.data.refundId });
    assert.equal(theirs.code, 404);
    assert.equal((await h.call(dev, 'POST', '/alibaba/refund/detail', { refundId: '12345' })).code, 400);
  });
});

describe('AR5 return goods, cancel and modify', () => {
  test('return: wrong state → 2101, unknown company → 400; after the seller agrees, the parcel moves it to waitsellerreceive', async () => {
    const o = await paidOrder({ state: 'arrived_warehouse' });
    const made = await apply(applyBody(o, { disputeRequest: 'returnRefund', goodsStatus: 'refundBuyerReceived', applyReasonId: '20034' }));
    assert.equal(made.code, 200, made.msg);
    const { refundId } = made.data;
    const parcel = { refundId, logisticsCompanyNo: 'ZTO', freightBill: 'ZTO7788990011', description: '已寄回' };
    const early = await h.call(dev, 'POST', '/alibaba/refund/goods/return', parcel);
    assert.equal(early.code, 2101, early.msg);
    assert.ok((await sellerAgree(h.ctx, refundId, { ...SELLER, address: RETURN_ADDRESS })).ok);
    const unknown = await h.call(dev, 'POST', '/alibaba/refund/goods/return', { ...parcel, logisticsCompanyNo: 'DHL' });
    assert.equal(unknown.code, 400);
    assert.match(unknown.msg, /logisticsCompanyNo/);
    const sent = await h.call(dev, 'POST', '/v2/alibaba/refund/goods/return', { ...parcel, logisticsCompanyNo: 'zto' });
    assert.equal(sent.code, 200, sent.msg);
    assert.equal(sent.data, true);
    const d = await detailOf(refundId, { needOrderRefundOperation: true });
    assert.deepEqual([d.status, d.freightBill, d.buyerLogisticsName], ['waitsellerreceive', 'ZTO7788990011', '中通快递']);
    assert.deepEqual(
      [d.sellerRealName, d.sellerMobile, d.sellerReceiveAddress],
      [RETURN_ADDRESS.receiver, RETURN_ADDRESS.phone, RETURN_ADDRESS.detailAddress],
    );
    const [shipped, agreed] = d.refundOperationList;
    assert.deepEqual(
      [shipped.operateTypeInt, shipped.operatorRoleId, shipped.freightBill, shipped.logisticsCompany?.companyNo],
      [10, 1, 'ZTO7788990011', 'ZTO'],
    );
    assert.deepEqual([agreed.operateTypeInt, agreed.operatorRoleId, agreed.afterOperateStatus], [19, 2, 'waitbuyersend']);
    assert.equal((await h.call(dev, 'POST', '/alibaba/refund/goods/return', parcel)).code, 2101, 'only once');
  });

  test('cancel: an open application closes; a closed one → 2101', async () => {
    const o = await paidOrder();
    const made = await apply(applyBody(o));
    const cancelled = await h.call(dev, 'POST', '/alibaba/refund/cancel', { refundId: made.data.refundId });
    assert.equal(cancelled.code, 200, cancelled.msg);
    assert.deepEqual(cancelled.data, { refundId: made.data.refundId, status: 'refundclose' });
    assert.equal((await h.call(dev, 'POST', '/v2/alibaba/refund/cancel', { refundId: made.data.refundId })).code, 2101);
    const next = await apply(applyBody(o));
    assert.notEqual(next.data.refundId, made.data.refundId, 'a new application once the first is closed');
  });

  test('modify after a refusal: waitbuyermodify → waitselleragree, with the reason and count of refusals', async () => {
    const o = await paidOrder();
    await ship(o);
    const made = await apply(applyBody(o, { goodsStatus: 'refundWaitBuyerReceive', applyReasonId: '20029', applyPayment: 50 }));
    assert.equal(made.code, 200, made.msg);
    const { refundId } = made.data;
    assert.ok((await sellerRefuse(h.ctx, refundId, { ...SELLER, reason: '商品已在途, 请签收后再申请' })).ok);
    const refused = await detailOf(refundId);
    assert.deepEqual([refused.status, refused.rejectReason, refused.rejectTimes], ['waitbuyermodify', '商品已在途, 请签收后再申请', 1]);
    const changed = await h.call(dev, 'POST', '/alibaba/refund/modify', {
      refundId,
      disputeRequest: 'refund',
      applyPayment: 40,
      applyCarriage: 0,
      applyReasonId: '20029',
      description: '仍未收到货',
      goodsStatus: 'refundWaitBuyerReceive',
    });
    assert.equal(changed.code, 200, changed.msg);
    assert.deepEqual(changed.data, { refundId, status: 'waitselleragree' });
    const d = await detailOf(refundId, { needOrderRefundOperation: true });
    assert.deepEqual([d.applyPayment, d.description], [40, '仍未收到货']);
    assert.deepEqual(
      d.refundOperationList.map((op: any) => op.operateTypeInt),
      [2, 4, 1],
    );
    const wrongOrder = await h.call(dev, 'POST', '/alibaba/refund/modify', {
      refundId,
      orderId: (await paidOrder()).orderId,
      disputeRequest: 'refund',
      applyPayment: 40,
      applyCarriage: 0,
      applyReasonId: '20029',
      description: '仍未收到货',
      goodsStatus: 'refundWaitBuyerReceive',
    });
    assert.equal(wrongOrder.code, 400);
    assert.match(wrongOrder.msg, /orderId/);
  });
});

describe('1688 order detail after a refund', () => {
  test('each entry shows its refund; a fully refunded order closes', async () => {
    const o = await paidOrder({ lines: 2 });
    const made = await apply(applyBody(o));
    assert.equal(made.code, 200, made.msg);
    const pending = (await h.call(dev, 'POST', '/v2/alibaba/order/detail', { webSite: '1688', orderId: o.orderId })).data;
    assert.deepEqual(
      pending.productItems.map((i: any) => [i.refundStatus, i.refundAmount]),
      [
        ['waitselleragree', 0],
        [null, 0],
      ],
    );
    assert.equal(pending.baseInfo.refundStatus, 'waitselleragree');
    assert.ok((await sellerAgree(h.ctx, made.data.refundId, SELLER)).ok);
    const refunded = (await h.call(dev, 'POST', '/v2/alibaba/order/detail', { webSite: '1688', orderId: o.orderId })).data;
    assert.deepEqual(
      refunded.productItems.map((i: any) => [i.refundStatus, i.refundAmount]),
      [
        ['refundsuccess', o.itemFen[0]],
        [null, 0],
      ],
    );
    assert.equal(refunded.refundAmount, o.itemFen[0]);
    assert.equal(refunded.baseInfo.refundStatus, 'refundsuccess');
    assert.equal(refunded.status, 'waitsellersend', 'one entry of two refunded: the order goes on');
    const second = await apply(applyBody(o, { orderEntryIds: [o.entryIds[1]], applyPayment: o.itemFen[1] }));
    assert.equal(second.code, 200, second.msg);
    assert.ok((await sellerAgree(h.ctx, second.data.refundId, SELLER)).ok);
    const closed = (await h.call(dev, 'POST', '/v2/alibaba/order/detail', { webSite: '1688', orderId: o.orderId })).data;
    assert.equal(closed.orderState, 'closed');
    assert.equal(closed.refundAmount, o.itemFen[0]! + o.itemFen[1]! + o.shippingFen, 'the unshipped freight is refunded too');
    const listed = (await h.call(dev, 'POST', '/v2/alibaba/order/page', { pageNo: 1, pageSize: 50 })).data.data;
    assert.equal(listed.find((x: any) => x.orderId === o.orderId).refundAmount, closed.refundAmount);
  });

  test('receipt confirmed by the seller refunds once', async () => {
    const o = await paidOrder({ state: 'arrived_warehouse' });
    const made = await apply(applyBody(o, { disputeRequest: 'returnRefund', goodsStatus: 'refundBuyerReceived', applyReasonId: '20034' }));
    const { refundId } = made.data;
    assert.ok((await sellerAgree(h.ctx, refundId, { ...SELLER, address: RETURN_ADDRESS })).ok);
    const parcel = { refundId, logisticsCompanyNo: 'SF', freightBill: 'SF1234567890' };
    assert.equal((await h.call(dev, 'POST', '/alibaba/refund/goods/return', parcel)).code, 200);
    assert.ok((await sellerConfirmReceipt(h.ctx, refundId, SELLER)).ok);
    assert.equal((await sellerConfirmReceipt(h.ctx, refundId, SELLER)).ok, false);
    const d = await detailOf(refundId);
    assert.deepEqual([d.status, d.refundPayment, d.refundCarriage], ['refundsuccess', o.itemFen[0], 0]);
    assert.match(d.gmtCompleted, /^\d{17}\+0800$/);
  });
});
