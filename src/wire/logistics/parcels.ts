/**
 * The developer's inbound parcels [DESIGN, Ponte extensions beside W1–W4]: detail, list and paid
 * extra photos, v2 paths with v1 aliases under `/open/pp/logistics/` (so the query signature
 * works, as for the rest of the family). Another developer's or a sibling sub-account's parcel is
 * not found.
 */
import { z } from 'zod';
import {
  getParcel,
  MAX_EXTRA_PHOTOS_PER_REQUEST,
  pageParcels,
  PARCEL_PAGE_MAX,
  requestExtraPhotos,
} from '../../modules/warehouse/index.ts';
import { defineRoute, ok } from '../../platform/http/index.ts';
import { ParcelDetailView, parcelDetailView, ParcelId, ParcelStateEnum, ParcelSummaryView } from './parcels-view.ts';

const PAGE_SIZE_DEFAULT = 20;

export const parcelDetail = defineRoute({
  method: 'POST',
  path: '/v2/open/pp/logistics/parcelDetail',
  aliases: ['/open/pp/logistics/parcelDetail'],
  operationId: 'logisticsParcelDetail',
  summary: 'An inbound parcel: state, lines, QC measurements and photos, storage terms and fees, history',
  tags: ['Warehouse logistics'],
  action: 'read',
  body: z.object({ parcelId: ParcelId }),
  data: ParcelDetailView,
  errors: ['NOT_FOUND'],
  handler: async (ctx, { body, headers, services }) => {
    const found = await getParcel(ctx, body.parcelId);
    return found.ok ? ok(parcelDetailView(headers, services.publicUrl, found.parcel)) : found;
  },
});

export const parcelList = defineRoute({
  method: 'POST',
  path: '/v2/open/pp/logistics/parcelList',
  aliases: ['/open/pp/logistics/parcelList'],
  operationId: 'logisticsParcelList',
  summary: 'The caller’s inbound parcels, newest first, by state, Ponte order or tmallOrderId',
  tags: ['Warehouse logistics'],
  action: 'read',
  body: z
    .object({
      state: ParcelStateEnum.optional(),
      orderId: z.string().trim().min(1).max(40).optional(),
      tmallOrderId: z.string().trim().min(1).max(64).optional(),
      pageNo: z.number().int().min(1).max(10_000).default(1),
      pageSize: z
        .number()
        .int()
        .min(1)
        .max(PARCEL_PAGE_MAX)
        .default(PAGE_SIZE_DEFAULT)
        .describe(`1–${PARCEL_PAGE_MAX}, default ${PAGE_SIZE_DEFAULT}`),
    })
    .default({ pageNo: 1, pageSize: PAGE_SIZE_DEFAULT }),
  data: z.object({ total: z.number().int(), pageNo: z.number().int(), pageSize: z.number().int(), list: z.array(ParcelSummaryView) }),
  errors: ['BAD_PARAMETER'],
  handler: async (ctx, { body }) => {
    const paged = await pageParcels(ctx, {
      ...(body.state ? { state: body.state } : {}),
      ...(body.orderId ? { orderId: body.orderId } : {}),
      ...(body.tmallOrderId ? { tmallOrderId: body.tmallOrderId } : {}),
      page: body.pageNo,
      pageSize: body.pageSize,
    });
    return paged.ok ? ok({ total: paged.total, pageNo: body.pageNo, pageSize: body.pageSize, list: paged.parcels }) : paged;
  },
});

export const requestExtraPhotosRoute = defineRoute({
  method: 'POST',
  path: '/v2/open/pp/logistics/requestExtraPhotos',
  aliases: ['/open/pp/logistics/requestExtraPhotos'],
  operationId: 'logisticsRequestExtraPhotos',
  summary: 'Buy extra QC photos of a parcel (the wallet is charged the extra_photo price × count)',
  description: [
    `\`count\` 1–${MAX_EXTRA_PHOTOS_PER_REQUEST}. The charge (kind warehouse_service) and the parcel’s raised photo allowance are one`,
    'transaction; the warehouse takes the photos next and they appear in parcelDetail. Each call is a new purchase.',
    'A parcel already shipped, returned or disposed of answers 2201; a wallet short of the price answers its balance error.',
  ].join(' '),
  tags: ['Warehouse logistics'],
  action: 'order.pay',
  body: z.object({ parcelId: ParcelId, count: z.number().int().min(1).max(MAX_EXTRA_PHOTOS_PER_REQUEST) }),
  data: z.object({
    parcelId: z.string(),
    count: z.number().int(),
    amountFen: z.number().int().describe('What the wallet was charged'),
    sequence: z.number().int().describe('The purchase’s number on the parcel'),
    extraPhotos: z.number().int().describe('Extra photos bought for the parcel so far'),
    balanceFen: z.number().int().describe('The wallet balance after the charge'),
  }),
  errors: ['BAD_PARAMETER', 'NOT_FOUND', 'PARCEL_STATE_INVALID', 'INSUFFICIENT_BALANCE'],
  handler: async (ctx, { body }) => {
    const done = await requestExtraPhotos(ctx, body);
    return done.ok ? ok(done.request) : done;
  },
});

export const parcelRoutes = [parcelDetail, parcelList, requestExtraPhotosRoute] as const;
