/**
 * Steps of the warehouse journeys, as an outside client and an operator take them, on top of the
 * after-sales journey (test/helpers/aftersales-journey.ts): every call over real HTTP through the
 * independent client or the admin routes. The warehouse turn of the server's sellers loop is run
 * on demand in process (as the journey runs the callback dispatcher), so each step sees its work.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { warehouseSandboxTick } from '../../src/modules/warehouse/index.ts';
import { type Buyer, type Journey, ok, wallet } from './aftersales-journey.ts';
import type { Answer, IndependentClient } from './independent-client.ts';
import { US_RECEIVER } from './fixtures-buyers.ts';

export const PARCEL_STATUS = 'PARCEL_STATUS_CHANGE';
export const LOGISTICS_ORDER_STATUS = 'LOGISTICS_ORDER_STATUS_CHANGE';
export const LOGISTICS = '/v2/open/pp/logistics/';

/** One turn of the server's warehouse work (the sellers loop runs it every second). */
export const warehouseTurn = (j: Journey) => warehouseSandboxTick(j.bed.ctx, j.bed.source);

/**
 * A POST in the warehouse family's query form, built from the README's rule alone: the signing
 * values and `sign` in the query, MD5 mode `UPPER(HEX(MD5(sorted query + "&secret=" + secret)))`.
 */
export async function postQuerySigned(client: IndependentClient, path: string, body: unknown): Promise<Answer> {
  const params: [string, string][] = [
    ['access-key', client.who.accessKey],
    ['user-id', client.who.userId],
    ['timestamp', String(Date.now())],
    ['nonce-str', createHash('sha256').update(`${path}${Math.random()}`).digest('hex').slice(0, 24)],
  ];
  const canonical = [...params]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const sign = createHash('md5').update(`${canonical}&secret=${client.who.accessSecret}`, 'utf8').digest('hex').toUpperCase();
  const text = JSON.stringify(body);
  const response = await fetch(`${client.baseUrl}${path}?${new URLSearchParams([...params, ['sign', sign]])}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: text,
  });
  const answer = await response.text();
  return { status: response.status, headers: response.headers, text: answer, envelope: JSON.parse(answer) };
}

/**
 * A paid Taobao order's journey to the warehouse: the sandbox seller ships it and the delivery
 * arrives (the clock moved two days), the warehouse receives, checks and photographs it. Answers
 * the parcel as parcelDetail shows it; the list is read in the query form, a photo downloaded.
 */
export async function storedOrderParcel(j: Journey, b: Buyer): Promise<{ orderId: string; parcel: any }> {
  const { orderId } = await j.taobaoOrder(b);
  await j.advance('2d');
  await warehouseTurn(j);
  const listed = await ok(postQuerySigned(b.client, `${LOGISTICS}parcelList`, { orderId, pageNo: 1, pageSize: 10 }));
  assert.equal(listed.total, 1, 'the order travels as one parcel');
  assert.equal(listed.list[0].state, 'STORED');
  const parcel = await ok(b.client.post(`${LOGISTICS}parcelDetail`, { parcelId: listed.list[0].parcelId }));
  assert.equal(parcel.orderId, orderId);
  assert.ok(parcel.weightGrams > 0 && parcel.lengthCm > 0, 'measured at QC');
  assert.ok(parcel.photos.length > 0, 'photographed at QC');
  const photo = await fetch(parcel.photos[0].url);
  assert.equal(photo.status, 200);
  assert.equal(photo.headers.get('content-type'), 'image/jpeg');
  const bytes = Buffer.from(await photo.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xff, 0xd8, 0xff], 'a JPEG');
  return { orderId, parcel };
}

/** W2 for the parcel's lines, then W4 booking that parcel on the channel: the booking answer and the quoted option. */
export async function renderAndBook(b: Buyer, parcel: any, serviceId = 'ems-std'): Promise<{ booked: any; option: any }> {
  const renderItems = parcel.lines.map((l: any) => ({
    itemId: l.itemId,
    skuId: l.skuId,
    quantity: l.quantity,
    freightInfo: { serviceId: '', companyName: '', serviceCategory: '' },
    currency: 'CNY',
    price: '1.00',
  }));
  const render = await ok(b.client.post(`${LOGISTICS}orderRenderFreight`, { receiverAddress: US_RECEIVER, renderItems }));
  const option = render.options.find((o: any) => o.serviceId === serviceId);
  assert.ok(option, `${serviceId} quotes the parcel`);
  const lineItems = renderItems.map((l: any) => ({
    ...l,
    freightInfo: { serviceId, companyName: option.companyName ?? '', serviceCategory: option.serviceCategory ?? '' },
  }));
  const booked = await ok(
    b.client.post(`${LOGISTICS}orderBookingFreight`, {
      renderId: render.renderId,
      receiverAddress: US_RECEIVER,
      lineItems,
      remark: 'journey',
      parcelIds: [parcel.parcelId],
    }),
  );
  assert.equal(booked.state, 'REQUESTED');
  assert.equal(booked.estimateFen, option.priceFen);
  return { booked, option };
}

export const shipmentDetail = (b: Buyer, logisticsOrderId: string) => ok(b.client.post(`${LOGISTICS}shipmentDetail`, { logisticsOrderId }));
export const parcelDetail = (b: Buyer, parcelId: string) => ok(b.client.post(`${LOGISTICS}parcelDetail`, { parcelId }));

/**
 * The callbacks of one parcel or shipment are its history, one message per change in the same
 * order (from → to, action), each signature already verified by the journey's receiver.
 */
export function assertCallbacksFollowHistory(b: Buyer, messageType: string, idField: string, id: string, history: any[]): void {
  const trail = b
    .callbacks()
    .filter((c) => c.messageType === messageType && c.body[idField] === id)
    .map((c) => `${c.body.beforeStatus}→${c.body.status} ${c.body.action}`);
  assert.deepEqual(
    trail,
    history.map((e) => `${e.fromState}→${e.toState} ${e.action}`),
    `${messageType} for ${id}`,
  );
}

/** The ledger adds up to the balance and the shipment's freight lines charged `freightFen` net of its refunds. */
export async function assertShipmentMoney(b: Buyer, logisticsOrderId: string, freightFen: number): Promise<void> {
  const { balance, lines } = await wallet(b);
  assert.equal(
    lines.reduce((sum, l) => sum + l.amount, 0),
    balance,
    'the ledger adds up to the balance',
  );
  const mine = lines.filter((l) => l.ref?.startsWith(`shipment:${logisticsOrderId}:`));
  assert.equal(-mine.reduce((sum, l) => sum + l.amount, 0), freightFen, JSON.stringify(mine));
}
