/**
 * W3 `updateLogisticInfo` (pandapon-api.md §8.13): the developer declares the domestic parcels
 * the warehouse should expect, v2 path with the v1 `/open/pp/logistics/…` alias (query
 * `timestamp` + `sign`, or the usual signed headers). Each distinct
 * `domesticLogisticInfo[].logisticNumer` is one parcel holding the lines declared with it.
 */
import { z } from 'zod';
import {
  declareParcels,
  MAX_DECLARED_TRACKING_NUMBERS,
  PARCEL_STATES,
  TRACKING_NUMBER,
  TRACKING_RULE,
} from '../../modules/warehouse/index.ts';
import { defineRoute, ok } from '../../platform/http/index.ts';

const Text = (max: number) => z.string().trim().max(max).nullish();

const LineItem = z.object({
  itemId: z.string().trim().min(1).max(64).describe('Item / offer id as ordered'),
  skuId: z.string().trim().max(64).nullish(),
  quantity: z.number().int().min(1).max(100_000),
  title: Text(300),
  imageUrl: Text(1000),
});

const InnerLogisticInfoTO = z.object({
  logisticNumer: z
    .string()
    .trim()
    .regex(TRACKING_NUMBER, TRACKING_RULE)
    .describe('(sic) The domestic tracking number the seller shipped with'),
  logisticCompanyName: Text(60).describe('Domestic carrier, e.g. 顺丰'),
  rtsTime: z
    .string()
    .trim()
    .regex(/^\d{1,12}$/, 'unix seconds as a string')
    .nullish()
    .describe('When the seller handed the parcel over, unix seconds as a string, e.g. "1754342534"'),
});

const LogisticInfo = z.object({
  lineItem: LineItem,
  logisticNumer: Text(64).describe('(sic) The forwarder-side number of the line as PandaPon sends it; informational'),
  domesticLogisticInfo: z.array(InnerLogisticInfoTO).min(1).max(MAX_DECLARED_TRACKING_NUMBERS),
});

const DeclaredView = z.object({
  parcelId: z.string().describe('"WP…"'),
  trackingNumber: z.string(),
  state: z.enum(PARCEL_STATES).describe('EXPECTED, or RECEIVED when the warehouse had already scanned the number'),
  outcome: z.enum(['created', 'updated', 'unchanged']),
});

export const updateLogisticInfo = defineRoute({
  method: 'POST',
  path: '/v2/open/pp/logistics/updateLogisticInfo',
  aliases: ['/open/pp/logistics/updateLogisticInfo'],
  operationId: 'logisticsUpdateLogisticInfo',
  summary: 'Update domestic logistics info: declare the parcels to expect (W3)',
  description: [
    '`orderId` (a Ponte order of the caller; another developer’s is 404) or `tmallOrderId` (bought elsewhere), at least one.',
    `Each distinct domestic \`logisticNumer\` (4–40 of A–Z a–z 0–9 -; at most ${MAX_DECLARED_TRACKING_NUMBERS} per call) becomes one`,
    'parcel of the caller with the lines declared under it, EXPECTED (RECEIVED when the warehouse scanned the number before).',
    'Declaring a number again updates its lines and carrier while EXPECTED; the same content again changes nothing.',
    'A number another account declared answers 2203; a parcel already received cannot change its declaration (2201).',
    'All or nothing: a refusal leaves no parcel of the call.',
  ].join(' '),
  tags: ['Warehouse logistics'],
  action: 'order.write',
  body: z.object({
    orderId: Text(40).describe('A Ponte order id of the caller'),
    tmallOrderId: Text(64).describe('The order id on the developer’s own platform, for goods bought elsewhere'),
    logisticInfos: z.array(LogisticInfo).min(1).max(200),
  }),
  data: z.object({ parcels: z.array(DeclaredView) }),
  errors: ['BAD_PARAMETER', 'NOT_FOUND', 'TRACKING_NUMBER_TAKEN', 'PARCEL_STATE_INVALID'],
  handler: async (ctx, { body }) => {
    const entries = body.logisticInfos.map((info, i) => ({
      line: {
        itemId: info.lineItem.itemId,
        skuId: info.lineItem.skuId ?? '',
        quantity: info.lineItem.quantity,
        title: info.lineItem.title ?? '',
        imageUrl: info.lineItem.imageUrl ?? '',
      },
      trackings: info.domesticLogisticInfo.map((d, j) => ({
        trackingNumber: d.logisticNumer,
        carrier: d.logisticCompanyName ?? '',
        rtsAt: d.rtsTime ? Number(d.rtsTime) * 1000 : null,
        field: `logisticInfos[${i}].domesticLogisticInfo[${j}].logisticNumer`,
      })),
    }));
    const done = await declareParcels(ctx, {
      orderId: body.orderId || null,
      tmallOrderId: body.tmallOrderId || null,
      entries,
      field: 'logisticInfos',
    });
    return done.ok ? ok({ parcels: done.parcels }) : done;
  },
});

export const declareRoutes = [updateLogisticInfo] as const;
