import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { CreatedDeveloper } from '../../src/modules/accounts/index.ts';
import { markShipped } from '../../src/modules/orders/index.ts';
import {
  declareParcels,
  getParcelSystem,
  recordQc,
  scanParcel,
  type DeclareInput,
  type ParcelView,
} from '../../src/modules/warehouse/index.ts';
import { topUp } from '../../src/modules/wallet/index.ts';
import type { Ctx, SystemCtx } from '../../src/platform/context.ts';
import { asOrderId } from '../../src/platform/ids.ts';
import type { Source, SourceProduct } from '../../src/sources/source.ts';
import { orderTestbed } from './catalog.ts';
import { ADMIN_TOKEN, type Harness } from './harness.ts';
import { paidOrder, skuPicker, type Buyer } from './refunds.ts';

/*
 * A small warehouse bed for the inbound, storage and shipment tests: funded developers, shipped
 * sandbox orders, declared parcels, and parcels taken all the way to STORED through the real
 * services (scan and QC), so every row has its history and events.
 */

export interface WarehouseBed {
  h: Harness;
  source: Source;
  products: SourceProduct[];
  pick: ReturnType<typeof skuPicker>;
}

export async function warehouseBed(catalogProducts = 120): Promise<WarehouseBed> {
  const { h, source, products } = await orderTestbed({}, catalogProducts);
  return { h, source, products, pick: skuPicker(products) };
}

/** The context a developer's (or sub-account's) request would carry. */
export function ctxOf(h: Harness, who: CreatedDeveloper, rowsVisible: 'all' | 'own' = 'all'): Ctx {
  return {
    ...h.ctx,
    developerId: who.developerId,
    userId: who.userId,
    rowsVisible,
    role: rowsVisible === 'all' ? 'main' : 'buyer',
    language: 'en',
  };
}

/** A new developer with `amountFen` in its wallet. */
export async function fundedWarehouseBuyer(h: Harness, amountFen = 10_000_000): Promise<Buyer> {
  const dev = await h.developer();
  await topUp(h.ctx, { developerId: dev.developerId, amountFen });
  return { dev, ctx: ctxOf(h, dev) };
}

let trackingSeq = 0;
/** A domestic tracking number no other test of the process used. */
export function freshTracking(prefix = 'SF'): string {
  return `${prefix}${Date.now().toString().slice(-8)}${String(++trackingSeq).padStart(4, '0')}`;
}

/** A paid sandbox order the seller shipped with a fresh tracking number. */
export async function shippedOrder(bed: WarehouseBed, buyer: Buyer): Promise<{ orderId: string; trackingNumber: string }> {
  const order = await paidOrder(buyer, bed.source, bed.pick, 'taobao');
  const trackingNumber = freshTracking();
  const shipped = await markShipped(bed.h.ctx, asOrderId(order.orderId), { carrier: '顺丰速运', trackingNumber });
  assert.ok(shipped.ok, JSON.stringify(shipped));
  return { orderId: order.orderId, trackingNumber };
}

/** A W3 input declaring one line per tracking number, for goods bought elsewhere. */
export function declaration(trackingNumbers: string[], extra: Partial<DeclareInput> = {}): DeclareInput {
  return {
    orderId: null,
    tmallOrderId: 'TM-1001',
    field: 'logisticInfos',
    entries: trackingNumbers.map((trackingNumber, i) => ({
      line: { itemId: `item-${i}`, skuId: `sku-${i}`, quantity: 1, title: `goods ${i}`, imageUrl: '' },
      trackings: [
        { trackingNumber, carrier: '顺丰', rtsAt: 1_754_342_534_000, field: `logisticInfos[${i}].domesticLogisticInfo[0].logisticNumer` },
      ],
    })),
    ...extra,
  };
}

/** One EXPECTED parcel of the caller; its id. */
export async function declaredParcel(ctx: Ctx, trackingNumber = freshTracking()): Promise<string> {
  const done = await declareParcels(ctx, declaration([trackingNumber]));
  assert.ok(done.ok, JSON.stringify(done));
  return done.parcels[0]!.parcelId;
}

/** A small real JPEG (the photo store decodes what it stores). */
export function testJpeg(shade = 128): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: shade, g: 90, b: 40 } } })
    .jpeg()
    .toBuffer();
}

/** A declared parcel scanned and passed QC: STORED, measured, with `photos` QC photos. */
export async function storedParcel(
  system: SystemCtx,
  owner: Ctx,
  options: { trackingNumber?: string; weightGrams?: number; sides?: [number, number, number]; photos?: number } = {},
): Promise<ParcelView> {
  const trackingNumber = options.trackingNumber ?? freshTracking();
  const parcelId = await declaredParcel(owner, trackingNumber);
  const scanned = await scanParcel(system, { trackingNumber, actor: 'operator' });
  assert.ok(scanned.ok && scanned.outcome === 'received', JSON.stringify(scanned));
  const [lengthCm, widthCm, heightCm] = options.sides ?? [30, 20, 10];
  const photos = await Promise.all(Array.from({ length: options.photos ?? 0 }, (_, i) => testJpeg(40 * i)));
  const checked = await recordQc(system, {
    parcelId,
    result: 'pass',
    weightGrams: options.weightGrams ?? 1200,
    lengthCm,
    widthCm,
    heightCm,
    photos,
    actor: 'operator',
  });
  assert.ok(checked.ok, JSON.stringify(checked));
  const view = await getParcelSystem(system, parcelId);
  assert.ok(view.ok);
  return view.parcel;
}

/** An operator request (admin token) against the in-process app. */
export async function adminCall(h: Harness, method: 'GET' | 'POST', url: string, body?: unknown) {
  const response = await h.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
  return response.json() as { code: number; msg: string; data: any };
}

/** How many PARCEL_CHANGE events a parcel has in the outbox. */
export async function parcelEvents(
  ctx: SystemCtx,
  parcelId: string,
): Promise<{ action: string; state: string; fromState: string | null }[]> {
  const rows = await ctx.db
    .selectFrom('outbox_events')
    .select('payload_json')
    .where('aggregate_type', '=', 'warehouse_parcel')
    .where('aggregate_id', '=', parcelId)
    .orderBy('id')
    .execute();
  return rows.map((r) => JSON.parse(r.payload_json));
}
