import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { PonteClient, signedHeaders, type Envelope } from '../sdk/index.ts';
import { createDeveloper, type CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { sellerAgree, sellerConfirmReceipt } from '../src/modules/aftersales/index.ts';
import { markArrived, markShipped } from '../src/modules/orders/index.ts';
import { ledgerCheck } from '../src/modules/wallet/index.ts';
import { asOrderId } from '../src/platform/ids.ts';
import { ADMIN_TOKEN } from './helpers/harness.ts';
import { startJourneyBed, type JourneyBed } from './helpers/journey-bed.ts';
import { RETURN_ADDRESS } from './helpers/owner-rows-refunds.ts';

/**
 * A 1688 return and refund over real HTTP, as a client would: signed requests from the SDK, the
 * voucher as a multipart upload signed in HMAC mode without its body, the seller's side played by
 * the aftersales module (as the sandbox sellers and the operator do), and the wallet checked at
 * the end: credited once, by exactly the refund.
 */
const ADDRESS = {
  fullName: '王五',
  mobile: '13900000000',
  postCode: '322000',
  provinceText: '浙江省',
  cityText: '金华市',
  areaText: '义乌市',
  address: '稠州北路 1 号 仓库',
};
const TOP_UP_FEN = 10_000_000;

let bed: JourneyBed;

before(async () => {
  bed = await startJourneyBed({ products: 120 });
});
after(async () => {
  await bed.close();
});

/** The data of a successful answer (the journey reads it loosely, as a client parsing JSON would). */
async function ok(call: Promise<Envelope<unknown>>): Promise<any> {
  const answer = await call;
  assert.equal(answer.code, 200, answer.msg);
  return answer.data;
}

async function customer(): Promise<{ dev: CreatedDeveloper; client: PonteClient }> {
  const dev = await createDeveloper(bed.ctx, { name: 'journey-1688-refund' });
  const response = await fetch(`${bed.baseUrl}/admin/wallets/topup`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ developerId: dev.developerId, amountFen: TOP_UP_FEN, note: 'journey' }),
  });
  assert.equal(((await response.json()) as { code: number }).code, 200);
  const client = new PonteClient({
    baseUrl: bed.baseUrl,
    accessKey: dev.accessKey,
    accessSecret: dev.accessSecret,
    userId: dev.userId,
    language: 'en',
  });
  return { dev, client };
}

/** What `curl -F imageData=@photo.png` sends: the signature covers the empty string (HMAC mode). */
async function uploadVoucher(dev: CreatedDeveloper, photo: Buffer): Promise<Envelope<{ imageDomain: string; imageRelativeUrl: string }>> {
  const form = new FormData();
  form.append('imageData', new Blob([new Uint8Array(photo)], { type: 'image/png' }), 'broken.png');
  const headers = signedHeaders({ ...dev, body: '', signType: 'HMAC-SHA256' });
  const response = await fetch(`${bed.baseUrl}/alibaba/refund/voucher/upload`, { method: 'POST', headers, body: form });
  return (await response.json()) as Envelope<{ imageDomain: string; imageRelativeUrl: string }>;
}

test('1688: order, arrival, reasons, voucher upload, return and refund, seller receives → wallet credited once', async () => {
  const { dev, client } = await customer();
  const product = bed.products.find((p) => p.platform === '1688' && p.skus.some((s) => s.stock >= p.minOrderQuantity * 3))!;
  const sku = product.skus.find((s) => s.stock >= product.minOrderQuantity * 3)!;
  const cargoParamList = [{ offerMapId: product.mapId, specId: sku.specId, quantity: product.minOrderQuantity }];
  const [order] = await ok(
    client.call('POST', '/v2/alibaba/order/create', { body: { flow: 'general', addressParam: ADDRESS, cargoParamList } }),
  );
  const orderId: string = order.orderId;
  const paid = await ok(client.call('GET', '/v2/alibaba/order/pay/url', { query: { orderId } }));
  assert.equal(paid.protocolPaySuccess, true);
  assert.ok((await markShipped(bed.ctx, asOrderId(orderId), { carrier: '中通快递', trackingNumber: 'ZT1000000001' })).ok);
  assert.ok((await markArrived(bed.ctx, asOrderId(orderId))).ok);

  const entryId: string = order.productItems[0].subItemID;
  const itemFen = Math.round(order.productItems[0].itemAmount * 100);
  const { reasons } = await ok(
    client.call('POST', '/alibaba/refund/reason/list', { body: { orderId, orderEntryIds: [entryId], goodsStatus: 'refundBuyerReceived' } }),
  );
  const damaged = reasons.find((r: any) => r.needVoucher && !r.noRefundCarriage);
  assert.ok(damaged, JSON.stringify(reasons));

  const photo = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#a33' } })
    .png()
    .withExif({ IFD0: { Artist: 'phone GPS 29.3,120.1' } })
    .toBuffer();
  const uploaded = await uploadVoucher(dev, photo);
  assert.equal(uploaded.code, 200, uploaded.msg);
  const voucher = `${uploaded.data!.imageDomain}${uploaded.data!.imageRelativeUrl}`;
  const picture = await fetch(voucher);
  assert.equal(picture.status, 200);
  assert.equal(picture.headers.get('content-type'), 'image/jpeg');
  assert.equal((await sharp(Buffer.from(await picture.arrayBuffer())).metadata()).exif, undefined);

  const created = await ok(
    client.call('POST', '/alibaba/refund/detail/create', {
      body: {
        orderId,
        orderEntryIds: [entryId],
        disputeRequest: 'returnRefund',
        applyPayment: itemFen,
        applyCarriage: 0,
        applyReasonId: damaged.id,
        description: '外箱破损, 商品摔坏',
        goodsStatus: 'refundBuyerReceived',
        vouchers: [voucher],
      },
      headers: { 'Idempotency-Key': `refund-${orderId}` },
    }),
  );
  const refundId: string = created.refundId;
  assert.match(refundId, /^TQ\d+$/);

  assert.ok((await sellerAgree(bed.ctx, refundId, { actor: 'seller', address: RETURN_ADDRESS })).ok);
  const agreed = await ok(
    client.call('POST', '/alibaba/refund/detail', { body: { refundId, needOrderRefundOperation: true, needTimeOutInfo: true } }),
  );
  assert.equal(agreed.status, 'waitbuyersend');
  assert.deepEqual(
    [agreed.sellerRealName, agreed.sellerMobile, agreed.sellerReceiveAddress],
    [RETURN_ADDRESS.receiver, RETURN_ADDRESS.phone, RETURN_ADDRESS.detailAddress],
  );
  assert.equal(agreed.timeOutOperateType, 'BUYER_RETURN_SHIP');
  assert.deepEqual(
    agreed.refundOperationList.map((op: any) => [op.afterOperateStatus, op.operatorRoleId]),
    [
      ['waitbuyersend', 2],
      ['waitselleragree', 1],
    ],
  );
  assert.deepEqual(agreed.vouchers, [voucher]);

  const { companyNo } = (await ok(client.call('GET', '/alibaba/logistics/company/list'))).find((c: any) => c.companyNo === 'YTO');
  assert.equal(
    await ok(
      client.call('POST', '/alibaba/refund/goods/return', {
        body: { refundId, logisticsCompanyNo: companyNo, freightBill: 'YT9876543210' },
      }),
    ),
    true,
  );
  const before = await ok(client.call('GET', '/v2/open/wallet/balance'));
  assert.ok((await sellerConfirmReceipt(bed.ctx, refundId, { actor: 'seller' })).ok);
  assert.equal((await sellerConfirmReceipt(bed.ctx, refundId, { actor: 'seller' })).ok, false, 'a second receipt is refused');

  const done = await ok(client.call('POST', '/v2/alibaba/refund/detail', { body: { refundId, needOrderRefundOperation: true } }));
  assert.deepEqual([done.status, done.refundPayment, done.freightBill], ['refundsuccess', itemFen, 'YT9876543210']);
  assert.deepEqual(
    done.refundOperationList.map((op: any) => op.refundAction),
    ['SELLER_RECEIVE_GOODS', 'BUYER_SEND_GOODS', 'SELLER_AGREE_REFUND_PROCOTOL', 'BUYER_APPLY_REFUND'],
  );
  const afterBalance = await ok(client.call('GET', '/v2/open/wallet/balance'));
  assert.equal(afterBalance.balance - before.balance, itemFen, 'credited by exactly the refund');
  const ledger = await ok(client.call('POST', '/v2/open/wallet/ledger/page', { body: { pageNo: 1, pageSize: 50 } }));
  assert.equal(ledger.data.filter((l: any) => l.ref === `refund:${refundId}`).length, 1, 'one ledger line for the refund');
  const check = await ledgerCheck(bed.ctx, dev.developerId);
  assert.equal(check.balanceFen, TOP_UP_FEN - paid.payAmount + itemFen);

  const detail = await ok(client.call('POST', '/v2/alibaba/order/detail', { body: { webSite: '1688', orderId } }));
  assert.deepEqual([detail.productItems[0].refundStatus, detail.productItems[0].refundAmount], ['refundsuccess', itemFen]);
  assert.equal(detail.baseInfo.refundStatus, 'refundsuccess');
});
