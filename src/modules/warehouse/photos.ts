/**
 * Warehouse photos: QC pictures of a parcel (a few free ones, more when the developer pays for
 * them) and weighing / packing pictures of a shipment, in one table. Every picture is decoded and
 * re-encoded by the vouchers module's encoder before it is stored, so the public link serves only
 * a plain JPEG Ponte made; the 128-bit random id is the link's only secret, as for vouchers.
 */
import { randomBytes } from 'node:crypto';
import type { Ctx, SystemCtx } from '../../platform/context.ts';
import { scopeOf, SYSTEM_SCOPE } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { atomically } from '../../platform/atomic.ts';
import { reencodeVoucher, type EncodedVoucher } from '../vouchers/index.ts';
import { chargeWallet } from '../wallet/index.ts';
import { lockParcel, parcelEvent, type ParcelRow } from './repo.ts';
import { servicePrices, storagePolicy } from './settings.ts';
import type { ParcelState } from './machines.ts';

/** One warehouse photo, decoded: a phone picture of a parcel, well under what an operator uploads. */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
export const PHOTO_MAX_PER_CALL = 6;
export const PHOTO_ID = /^[0-9a-f]{32}$/;
export const PHOTO_PATH_PREFIX = '/media/warehouse/';
export const MAX_EXTRA_PHOTOS_PER_REQUEST = 10;

export type PhotoKind = 'qc' | 'extra' | 'weighing' | 'packing';

export interface PhotoMeta {
  photoId: string;
  kind: PhotoKind;
  width: number;
  height: number;
  createdAt: number;
}

export interface PhotoOwner {
  developerId: string;
  ownerUserId: string;
}

export type PhotoTarget = { parcelId: string; shipmentId?: never } | { shipmentId: string; parcelId?: never };

/** Re-encodes every image first (no database work), so one bad picture refuses the batch before anything is written. */
export async function encodePhotos(images: readonly Buffer[], field: string): Promise<{ ok: true; encoded: EncodedVoucher[] } | Failure> {
  if (images.length > PHOTO_MAX_PER_CALL) return fail('BAD_PARAMETER', { field, rule: `at most ${PHOTO_MAX_PER_CALL} images per call` });
  const encoded: EncodedVoucher[] = [];
  for (const image of images) {
    const done = await reencodeVoucher(image, { maxBytes: PHOTO_MAX_BYTES, what: '2 MB, the warehouse photo limit' });
    if (!done.ok) return done;
    encoded.push(done.image);
  }
  return { ok: true, encoded };
}

/** Stores pictures of a parcel or a shipment for its owner, on the caller's transaction. */
export async function storePhotos(
  ctx: SystemCtx,
  owner: PhotoOwner,
  target: PhotoTarget & { kind: PhotoKind; images: readonly Buffer[] },
  field = 'images',
): Promise<{ ok: true; photos: PhotoMeta[] } | Failure> {
  const encoded = await encodePhotos(target.images, field);
  if (!encoded.ok) return encoded;
  return { ok: true, photos: await insertPhotos(ctx, owner, target, encoded.encoded) };
}

export async function insertPhotos(
  ctx: SystemCtx,
  owner: PhotoOwner,
  target: PhotoTarget & { kind: PhotoKind },
  encoded: readonly EncodedVoucher[],
): Promise<PhotoMeta[]> {
  const now = ctx.clock.nowMs();
  const rows = encoded.map((image) => ({
    photo_id: randomBytes(16).toString('hex'),
    developer_id: owner.developerId,
    owner_user_id: owner.ownerUserId,
    parcel_id: target.parcelId ?? null,
    shipment_id: target.shipmentId ?? null,
    kind: target.kind,
    mime: image.mime,
    bytes: image.bytes,
    width: image.width,
    height: image.height,
    created_at: now,
  }));
  if (rows.length > 0) await ctx.db.insertInto('warehouse_photos').values(rows).execute();
  return rows.map((r) => ({ photoId: r.photo_id, kind: r.kind, width: r.width, height: r.height, createdAt: now }));
}

/** The photos of a parcel or a shipment, oldest first (metadata only). */
export async function photosOf(ctx: SystemCtx, target: PhotoTarget): Promise<PhotoMeta[]> {
  let read = ctx.db.selectFrom('warehouse_photos').select(['photo_id', 'kind', 'width', 'height', 'created_at']);
  read = target.parcelId !== undefined ? read.where('parcel_id', '=', target.parcelId) : read.where('shipment_id', '=', target.shipmentId);
  const rows = await read.orderBy('created_at').orderBy('photo_id').execute();
  return rows.map((r) => ({ photoId: r.photo_id, kind: r.kind, width: r.width, height: r.height, createdAt: Number(r.created_at) }));
}

/** How many more pictures a parcel may get: the free QC photos plus the paid ones, less those taken. */
export async function photoAllowance(ctx: SystemCtx, row: ParcelRow): Promise<number> {
  const policy = await storagePolicy(ctx);
  const taken = await ctx.db
    .selectFrom('warehouse_photos')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parcel_id', '=', row.parcel_id)
    .executeTakeFirstOrThrow();
  return Math.max(0, policy.freeQcPhotos + Number(row.extra_photos) - Number(taken.n));
}

/** The picture behind a public link, or null (unknown id). */
export async function readWarehousePhoto(ctx: SystemCtx, photoId: string): Promise<{ mime: string; bytes: Buffer } | null> {
  if (!PHOTO_ID.test(photoId)) return null;
  const row = await ctx.db.selectFrom('warehouse_photos').select(['mime', 'bytes']).where('photo_id', '=', photoId).executeTakeFirst();
  return row ? { mime: row.mime, bytes: Buffer.from(row.bytes) } : null;
}

/** A parcel still in (or on its way to) the warehouse can be photographed again. */
const PHOTOGRAPHABLE: readonly ParcelState[] = ['EXPECTED', 'RECEIVED', 'QC', 'STORED', 'PROBLEM', 'ALLOCATED'];

export interface ExtraPhotoRequest {
  parcelId: string;
  count: number;
  amountFen: number;
  /** The request's number on the parcel (its wallet ref is `photos:<parcelId>:<sequence>`). */
  sequence: number;
  extraPhotos: number;
  balanceFen: number;
}

/**
 * The developer buys `count` more photos of a parcel: the wallet is charged (extra_photo price ×
 * count) and the parcel's allowance raised in one transaction; the operator takes them next.
 * The request's sequence number on the parcel names the charge, and the UPDATE is guarded on it,
 * so two racing requests are two charges with two refs, never one ref charged twice.
 */
export async function requestExtraPhotos(
  ctx: Ctx,
  input: { parcelId: string; count: number },
): Promise<{ ok: true; request: ExtraPhotoRequest } | Failure> {
  const { count } = input;
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_EXTRA_PHOTOS_PER_REQUEST)
    return fail('BAD_PARAMETER', { field: 'count', rule: `must be an integer 1–${MAX_EXTRA_PHOTOS_PER_REQUEST}` });
  const price = (await servicePrices(ctx)).find((p) => p.code === 'extra_photo');
  if (!price) return fail('BAD_PARAMETER', { field: 'count', rule: 'extra photos are not offered (no extra_photo price)' });
  return atomically(ctx, async (tx) => {
    const row = await lockParcel(tx, input.parcelId, scopeOf(tx));
    if (!row) return fail('NOT_FOUND', { what: `parcel ${input.parcelId}` });
    if (!PHOTOGRAPHABLE.includes(row.state)) return fail('PARCEL_STATE_INVALID', { state: row.state, action: 'request_photos' });
    const sequence = Number(row.extra_photo_requests) + 1;
    const amountFen = price.priceFen * count;
    const charged = await chargeWallet(tx, {
      developerId: row.developer_id,
      amountFen,
      kind: 'warehouse_service',
      ref: `photos:${row.parcel_id}:${sequence}`,
    });
    if (!charged.ok) return charged;
    const updated = await tx.db
      .updateTable('warehouse_parcels')
      .set((eb) => ({ extra_photo_requests: sequence, extra_photos: eb('extra_photos', '+', count), updated_at: tx.clock.nowMs() }))
      .where('parcel_id', '=', row.parcel_id)
      .where('extra_photo_requests', '=', sequence - 1)
      .returningAll()
      .executeTakeFirst();
    // SQLite runs one writer at a time and PostgreSQL holds the row lock: only a bug gets here.
    if (!updated) throw new Error(`parcel ${row.parcel_id}: extra photo request ${sequence} raced`);
    await parcelEvent(tx, updated, {
      fromState: updated.state,
      action: 'request_photos',
      actor: `user:${tx.userId}`,
      note: `${count} extra photos`,
    });
    const request = {
      parcelId: row.parcel_id,
      count,
      amountFen,
      sequence,
      extraPhotos: Number(updated.extra_photos),
      balanceFen: charged.balanceFen,
    };
    return { ok: true as const, request };
  });
}

/** Operator (or sandbox) pictures of a parcel, within its allowance. */
export async function addParcelPhotos(
  ctx: SystemCtx,
  input: { parcelId: string; kind: 'qc' | 'extra'; images: readonly Buffer[] },
): Promise<{ ok: true; photos: PhotoMeta[] } | Failure> {
  if (input.images.length === 0) return fail('BAD_PARAMETER', { field: 'images', rule: 'needs at least one image' });
  const encoded = await encodePhotos(input.images, 'images');
  if (!encoded.ok) return encoded;
  return atomically(ctx, async (tx) => {
    const row = await lockParcel(tx, input.parcelId, SYSTEM_SCOPE);
    if (!row) return fail('NOT_FOUND', { what: `parcel ${input.parcelId}` });
    if (!PHOTOGRAPHABLE.includes(row.state)) return fail('PARCEL_STATE_INVALID', { state: row.state, action: 'add_photos' });
    const allowance = await photoAllowance(tx, row);
    if (input.images.length > allowance)
      return fail('BAD_PARAMETER', { field: 'images', rule: `at most ${allowance} more photos (free QC photos + paid extra photos)` });
    const photos = await insertPhotos(
      tx,
      { developerId: row.developer_id, ownerUserId: row.owner_user_id },
      { parcelId: row.parcel_id, kind: input.kind },
      encoded.encoded,
    );
    return { ok: true as const, photos };
  });
}
