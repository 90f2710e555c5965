// A buyer's journey with the packed @ponte/sdk, run by plain `node` in a project that installed
// only the tarball: search → order → pay → refund application → the refund callback verified.
// Prints one JSON line for the test to read.
import http from 'node:http';
import { createClient, receiveWebhook } from '@ponte/sdk';

const { BASE_URL, ACCESS_KEY, ACCESS_SECRET, USER_ID } = process.env;
const sdk = createClient({
  baseUrl: BASE_URL,
  accessKey: ACCESS_KEY,
  accessSecret: ACCESS_SECRET,
  userId: USER_ID,
  signType: 'HMAC-SHA256',
  language: 'en',
});
const data = (result) => {
  if (!result.ok) throw new Error(`${result.name} ${result.code}: ${result.msg}`);
  return result.data;
};

const deliveries = [];
const receiver = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    deliveries.push({ headers: req.headers, body: Buffer.concat(chunks) });
    res.writeHead(200).end('success');
  });
});
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const { secret } = data(await sdk.POST('/v2/open/callback/set', { body: { url: `http://127.0.0.1:${receiver.address().port}/hook` } }));

const page = data(await sdk.POST('/v2/taobao/product/search', { body: { keyword: '', pageSize: 20 } }));
let line;
for (const { itemId } of page.data) {
  const product = data(await sdk.GET('/v2/taobao/product/get', { params: { query: { itemId } } }));
  const sku = product.skuList.find((s) => s.quantity >= 2);
  if (sku) line = { itemId, skuId: sku.skuId, quantity: 1 };
  if (line) break;
}
const order = {
  orderLineList: JSON.stringify([line]),
  receiver: JSON.stringify({
    name: '王五',
    mobile_phone: '13900000000',
    country: '中国',
    state: '浙江省',
    city: '金华市',
    district: '义乌市',
    address: '稠州北路 1 号',
    zip: '322000',
  }),
};
const quote = await sdk.POST('/v2/taobao/order/create', { body: { ...order, purchaseAmount: 0 } });
if (quote.ok || quote.name !== 'PRICE_CHANGED') throw new Error(`expected the amount due, got ${JSON.stringify(quote)}`);
const created = data(await sdk.POST('/v2/taobao/order/create', { body: { ...order, purchaseAmount: quote.data.purchaseAmount } }));
const orderId = created.purchaseOrderId;
data(await sdk.POST('/v2/taobao/order/pay', { body: { purchaseOrderId: orderId } }));

const subOrderId = `${orderId}-1`;
const ask = { subOrderId, refundType: 1, goodsStatus: 1 };
const template = data(await sdk.POST('/v2/taobao/order/refund/render', { body: ask })).refundOrderTemplate;
const refund = data(
  await sdk.POST('/v2/taobao/order/refund/submit', {
    body: { ...ask, reasonId: template.refundReasons[0].reasonId, refundFee: template.maxRefundFee.refundFee, refundDesc: 'wrong size' },
  }),
);

const deadline = Date.now() + 20_000;
let received;
while (!received && Date.now() < deadline) {
  for (const d of deliveries) {
    const r = receiveWebhook({ headers: d.headers, body: d.body, secrets: [secret] });
    if (r.ok && r.message.messageType === 'TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND') received = r;
  }
  if (!received) await new Promise((resolve) => setTimeout(resolve, 100));
}
receiver.close();
const tampered =
  deliveries[0] &&
  receiveWebhook({ headers: deliveries[0].headers, body: Buffer.concat([deliveries[0].body, Buffer.from(' ')]), secrets: [secret] });
console.log(
  JSON.stringify({
    orderId,
    refundId: refund.refundId,
    callback: received && {
      id: received.id,
      refundId: received.message.messageBody.refund_id,
      subOrderId: received.message.messageBody.sub_purchase_order_id,
    },
    tampered: tampered?.ok === false ? tampered.reason : 'accepted',
  }),
);
