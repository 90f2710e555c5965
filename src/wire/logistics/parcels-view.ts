/**
 * Inbound parcels on the wire [DESIGN: PandaPon documents W3's body only]: Ponte's own names in
 * camelCase, times as epoch ms, money as integer fen (`…Fen`), weights grams, sides cm; photos as
 * public links `/media/warehouse/<32 hex>.jpg` (the unguessable id is the capability).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { PARCEL_STATES, PHOTO_PATH_PREFIX, type ParcelView as ParcelModel, type PhotoMeta } from '../../modules/warehouse/index.ts';
import { baseUrl } from '../goods/common.ts';

export const ParcelId = z.string().trim().min(3).max(22).describe('Parcel id, "WP…"');
export const ParcelStateEnum = z.enum(PARCEL_STATES);
const Ms = z.number().int().nullable();

const ParcelLineView = z.object({
  itemId: z.string(),
  skuId: z.string(),
  quantity: z.number().int(),
  title: z.string(),
  imageUrl: z.string(),
  lineNo: z.number().int().optional().describe('The order line, for a parcel of a Ponte order'),
});

export const PhotoView = z.object({
  photoId: z.string().describe('32 hex'),
  kind: z.enum(['qc', 'extra', 'weighing', 'packing']),
  url: z.string().describe('Public link to the JPEG (no signature: the id is the capability)'),
  width: z.number().int(),
  height: z.number().int(),
  createdAt: z.number().int(),
});

const StorageView = z.object({
  daysStored: z.number().int().nullable().describe('Whole warehouse days since stored (0 on the day); null before STORED'),
  freeUntilDate: z.string().nullable().describe('Last free day, yyyy-MM-dd in Asia/Shanghai'),
  reminderDate: z.string().nullable().describe('Day of the storage reminder'),
  abandonDate: z.string().nullable().describe('Day the parcel is abandoned when still stored'),
  feeFen: z.number().int().describe('Storage fees charged so far'),
  unpaidFen: z.number().int().describe('Storage fees the wallet could not pay yet (settled when booking a shipment)'),
});

const HistoryView = z.object({
  fromState: z.string().nullable(),
  toState: z.string(),
  action: z.string(),
  actor: z.string(),
  at: z.number().int(),
  note: z.string().nullable(),
});

const summaryShape = {
  parcelId: z.string(),
  state: ParcelStateEnum,
  origin: z.enum(['order', 'declared']).describe('order: a Ponte order the seller shipped; declared: W3'),
  orderId: z.string().nullable(),
  tmallOrderId: z.string().nullable(),
  trackingNumber: z.string().describe('The domestic tracking number'),
  carrier: z.string(),
  rtsTime: Ms.describe('When the seller handed it over (W3 rtsTime), ms'),
  receivedAt: Ms,
  storedAt: Ms.describe('Starts the storage clock'),
  weightGrams: z.number().int().nullable(),
  lengthCm: z.number().int().nullable(),
  widthCm: z.number().int().nullable(),
  heightCm: z.number().int().nullable(),
  qcResult: z.enum(['pass', 'issue']).nullable(),
  qcNote: z.string().nullable(),
  problemKind: z.string().nullable().describe('wrong | damaged | missing'),
  refundId: z.string().nullable().describe('The after-sales case of a PROBLEM parcel'),
  extraPhotos: z.number().int().describe('Extra photos bought with requestExtraPhotos'),
  storage: StorageView,
  shipmentId: z.string().nullable().describe('The international shipment ("LO…") it is allocated to'),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
};

export const ParcelDetailView = z.object({
  ...summaryShape,
  lines: z.array(ParcelLineView),
  photos: z.array(PhotoView),
  history: z.array(HistoryView),
});

export const ParcelSummaryView = z.object({ ...summaryShape, lineCount: z.number().int() });

export function photoView(base: string, photo: PhotoMeta): z.input<typeof PhotoView> {
  return { ...photo, url: `${base}${PHOTO_PATH_PREFIX}${photo.photoId}.jpg` };
}

export function parcelDetailView(headers: IncomingHttpHeaders, publicUrl: string | undefined, parcel: ParcelModel) {
  const base = baseUrl(headers, publicUrl);
  return { ...parcel, photos: parcel.photos.map((p) => photoView(base, p)) };
}
