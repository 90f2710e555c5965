import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import {
  alibabaDetail,
  assertCreditedOnce,
  balanceOf,
  type Journey,
  ok,
  refundCallbacks,
  startJourney,
  WAREHOUSE,
} from './helpers/aftersales-journey.ts';
import { fileForm } from './helpers/independent-client.ts';

/**
 * A 1688 return and refund as an outside integrator meets it: the independent client (built from
 * the README's rule, no project code) signs every call over real HTTP, the voucher goes up as
 * multipart whose body the HMAC signature does not cover, the seller is the operator at
 * `/admin/refunds/*`, the order reaches the warehouse on the advanced sandbox clock, and the wallet
 * ledger and the refund callbacks (verified at a real receiver) are read back at the end. The
 * sandbox sellers are told never to act, so only the journey's own steps move the refund.
 */
let j: Journey;

before(async () => {
  j = await startJourney({ products: 160 });
});
after(() => j.close());

test('1688: arrival, reasons, voucher upload, return and refund, goods returned, the seller receives → credited once', async () => {
  const b = await j.buyer();
  const { orderId, entryId, itemFen, paidFen } = await j.alibabaOrder(b);
  // The sellers ship within 2–6 h and the parcel is signed for at the warehouse 30 h later.
  await j.advance('40h');
  assert.equal((await alibabaDetail(b, orderId)).orderState, 'arrived_warehouse');

  const { reasons } = await ok(
    b.client.post('/alibaba/refund/reason/list', { orderId, orderEntryIds: [entryId], goodsStatus: 'refundBuyerReceived' }),
  );
  const damaged = reasons.find((r: any) => r.needVoucher && !r.noRefundCarriage);
  assert.ok(damaged, JSON.stringify(reasons));

  const photo = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#a33' } })
    .png()
    .withExif({ IFD0: { Artist: 'phone GPS 29.3,120.1' } })
    .toBuffer();
  const uploaded = await ok(b.client.upload('/alibaba/refund/voucher/upload', fileForm(photo, 'broken.png', 'image/png')));
  const voucher = `${uploaded.imageDomain}${uploaded.imageRelativeUrl}`;
  assert.equal(uploaded.imageUrl, voucher);
  const picture = await fetch(voucher);
  assert.deepEqual([picture.status, picture.headers.get('content-type')], [200, 'image/jpeg']);
  assert.equal((await sharp(Buffer.from(await picture.arrayBuffer())).metadata()).exif, undefined, 're-encoded without EXIF');

  const application = {
    orderId,
    orderEntryIds: [entryId],
    disputeRequest: 'returnRefund',
    applyPayment: itemFen,
    applyCarriage: 0,
    applyReasonId: damaged.id,
    description: '外箱破损, 商品摔坏',
    goodsStatus: 'refundBuyerReceived',
    vouchers: [voucher],
  };
  const key = `refund-${orderId}`;
  const { refundId } = await ok(b.client.post('/alibaba/refund/detail/create', application, { idempotencyKey: key }));
  assert.match(refundId, /^TQ\d+$/);
  const retried = await ok(b.client.post('/v2/alibaba/refund/detail/create', application, { idempotencyKey: key }));
  assert.equal(retried.refundId, refundId, 'a retried create answers the same application');

  await j.admin('/admin/refunds/agree', { refundId, address: WAREHOUSE });
  const agreed = await ok(b.client.post('/alibaba/refund/detail', { refundId, needOrderRefundOperation: true, needTimeOutInfo: true }));
  assert.equal(agreed.status, 'waitbuyersend');
  assert.deepEqual(
    [agreed.sellerRealName, agreed.sellerMobile, agreed.sellerReceiveAddress],
    [WAREHOUSE.receiver, WAREHOUSE.phone, WAREHOUSE.detailAddress],
  );
  assert.equal(agreed.timeOutOperateType, 'BUYER_RETURN_SHIP');
  assert.deepEqual(agreed.vouchers, [voucher]);

  const companies = await ok(b.client.get('/alibaba/logistics/company/list'));
  const { companyNo } = companies.find((c: any) => c.companyNo === 'YTO');
  assert.equal(
    await ok(b.client.post('/alibaba/refund/goods/return', { refundId, logisticsCompanyNo: companyNo, freightBill: 'YT9876543210' })),
    true,
  );
  const before = await balanceOf(b);
  await j.admin('/admin/refunds/receive', { refundId });
  assert.equal((await j.adminAnswer('/admin/refunds/receive', { refundId })).code, 2101, 'a second receipt is refused');

  const done = await ok(b.client.post('/v2/alibaba/refund/detail', { refundId, needOrderRefundOperation: true }));
  assert.deepEqual([done.status, done.refundPayment, done.freightBill], ['refundsuccess', itemFen, 'YT9876543210']);
  assert.deepEqual(
    done.refundOperationList.map((op: any) => op.refundAction),
    ['SELLER_RECEIVE_GOODS', 'BUYER_SEND_GOODS', 'SELLER_AGREE_REFUND_PROCOTOL', 'BUYER_APPLY_REFUND'],
  );
  await assertCreditedOnce(b, `refund:${refundId}`, itemFen, before);
  assert.equal(before + itemFen, 100_000_000 - paidFen + itemFen, 'top-up − charge + refund');

  const order = await alibabaDetail(b, orderId);
  assert.deepEqual([order.productItems[0].refundStatus, order.productItems[0].refundAmount], ['refundsuccess', itemFen]);
  assert.equal(order.baseInfo.refundStatus, 'refundsuccess');
  assert.equal(order.refundAmount, itemFen);

  await j.deliver();
  const trail = refundCallbacks(b, refundId);
  assert.deepEqual(
    trail.map((c) => `${c.status}/${c.operator}/${c.action}`),
    [
      'waitselleragree/buyer/BUYER_APPLY_REFUND',
      'waitbuyersend/seller/SELLER_AGREE_REFUND_PROCOTOL',
      'waitsellerreceive/buyer/BUYER_SEND_GOODS',
      'refundsuccess/seller/SELLER_RECEIVE_GOODS',
    ],
  );
  assert.deepEqual(trail.at(-1)!.body.orderEntryIds, [entryId]);
  assert.deepEqual([trail.at(-1)!.body.orderId, trail.at(-1)!.body.refundPayment], [orderId, itemFen]);
});
