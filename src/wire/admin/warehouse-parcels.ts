/**
 * The warehouse floor (operators; `Authorization: Bearer <admin token>`; the CLI `ponte warehouse
 * scan|qc|parcel` does the same): scan at the door, QC with photos, the problem branch, extra
 * photos, a parcel's detail and the unmatched scans. Actions are recorded with actor `operator`;
 * a state that does not allow one answers 2201 and changes nothing. Photos travel as base64
 * strings (jpg or png, ≤ 6 per call, ≤ 2 MB each decoded; the server's body limit bounds the request).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import {
  addParcelPhotos,
  flagProblem,
  getParcelSystem,
  linkProblemRefund,
  listUnmatched,
  PROBLEM_KINDS,
  recordQc,
  resolveProblem,
  returnToSeller,
  scanParcel,
  UNMATCHED_STATES,
} from '../../modules/warehouse/index.ts';
import type { SystemCtx } from '../../platform/context.ts';
import { fail } from '../../platform/errors.ts';
import { defineAdminRoute, ok, type RouteServices } from '../../platform/http/index.ts';
import { decodeAll, PHOTO_REFUSALS, Photos } from './photos-input.ts';
import { baseUrl } from '../goods/common.ts';
import { ParcelDetailView, parcelDetailView, ParcelId, photoView, PhotoView } from '../logistics/parcels-view.ts';

const OPERATOR = 'operator';
const Tracking = z.string().trim().min(1).max(40);
const Note = z.string().max(500).optional();
const REFUSALS = ['NOT_FOUND', 'BAD_PARAMETER', 'PARCEL_STATE_INVALID'] as const;

/** The parcel as an action left it, with its photo links. */
async function detail(ctx: SystemCtx, parcelId: string, headers: IncomingHttpHeaders, services: RouteServices) {
  const found = await getParcelSystem(ctx, parcelId);
  return found.ok ? ok(parcelDetailView(headers, services.publicUrl, found.parcel)) : found;
}

const UnmatchedView = z.object({
  scanId: z.string(),
  trackingNumber: z.string(),
  carrier: z.string(),
  state: z.enum(UNMATCHED_STATES),
  weightGrams: z.number().int().nullable(),
  scannedAt: z.number().int(),
  holdUntil: z.number().int().describe('Disposed of after this instant when nobody declares the number'),
  parcelId: z.string().nullable(),
});

const scan = defineAdminRoute({
  method: 'POST',
  path: '/admin/warehouse/parcels/scan',
  operationId: 'adminWarehouseScan',
  summary: 'Scan a parcel at the warehouse door by its domestic tracking number',
  description: [
    'An EXPECTED parcel becomes RECEIVED (its shipped Ponte order becomes arrived_warehouse); an unknown number is kept as an',
    'unmatched scan for the policy’s hold (a later W3 declaration of it makes the parcel RECEIVED). Scanning again answers',
    '`already` (with the parcel, or the unmatched scan) and changes nothing.',
  ].join(' '),
  tags: ['Admin'],
  roles: ['warehouse', 'admin'],
  body: z.object({ trackingNumber: Tracking, carrier: z.string().trim().max(60).optional(), weightGrams: z.number().int().optional() }),
  data: z.object({
    outcome: z.enum(['received', 'already', 'unmatched']),
    parcelId: z.string().nullable(),
    state: z.string().describe('The parcel’s state, or the unmatched scan’s'),
    unmatched: UnmatchedView.nullable(),
  }),
  errors: [...REFUSALS],
  handler: async (ctx, { body }) => {
    const done = await scanParcel(ctx, { ...body, actor: OPERATOR });
    if (!done.ok) return done;
    if ('parcel' in done) return ok({ outcome: done.outcome, parcelId: done.parcel.parcel_id, state: done.parcel.state, unmatched: null });
    return ok({ outcome: done.outcome, parcelId: done.scan.parcelId, state: done.scan.state, unmatched: done.scan });
  },
});

const qc = defineAdminRoute({
  method: 'POST',
  path: '/admin/warehouse/parcels/qc',
  operationId: 'adminWarehouseQc',
  summary: 'Record the QC of a received parcel: measurements, photos, pass (→ STORED) or issue (→ PROBLEM)',
  description:
    'RECEIVED → QC → STORED (the storage clock starts) or → PROBLEM with `problemKind` (and the after-sales `refundId` when known), in one transaction with the photos (at most the free QC photos plus those the developer bought).',
  tags: ['Admin'],
  roles: ['warehouse', 'admin'],
  body: z.object({
    parcelId: ParcelId,
    result: z.enum(['pass', 'issue']),
    weightGrams: z.number().int(),
    lengthCm: z.number().int(),
    widthCm: z.number().int(),
    heightCm: z.number().int(),
    note: Note,
    problemKind: z.enum(PROBLEM_KINDS).optional(),
    refundId: z.string().trim().min(1).max(40).optional(),
    photos: Photos,
  }),
  data: ParcelDetailView,
  errors: [...REFUSALS, ...PHOTO_REFUSALS],
  handler: async (ctx, { body, headers, services }) => {
    const { photos: texts, ...rest } = body;
    const photos = decodeAll(texts, 'photos');
    if (!Array.isArray(photos)) return photos;
    const done = await recordQc(ctx, { ...rest, photos, actor: OPERATOR });
    return done.ok ? detail(ctx, done.parcel.parcel_id, headers, services) : done;
  },
});

const problem = defineAdminRoute({
  method: 'POST',
  path: '/admin/warehouse/parcels/problem',
  operationId: 'adminWarehouseProblem',
  summary: 'Flag a stored parcel as a problem, or link a problem parcel to its refund',
  description: 'With `problemKind`: STORED → PROBLEM. Without it: sets `refundId` on a PROBLEM parcel (no state change).',
  tags: ['Admin'],
  roles: ['warehouse', 'admin'],
  body: z.object({
    parcelId: ParcelId,
    problemKind: z.enum(PROBLEM_KINDS).optional(),
    refundId: z.string().trim().min(1).max(40).optional(),
    note: Note,
  }),
  data: ParcelDetailView,
  errors: [...REFUSALS],
  handler: async (ctx, { body, headers, services }) => {
    const { parcelId, problemKind, refundId, note } = body;
    let done: Awaited<ReturnType<typeof flagProblem>>;
    if (problemKind)
      done = await flagProblem(ctx, {
        parcelId,
        problemKind,
        actor: OPERATOR,
        ...(refundId ? { refundId } : {}),
        ...(note ? { note } : {}),
      });
    else if (refundId) done = await linkProblemRefund(ctx, { parcelId, refundId, actor: OPERATOR });
    else return fail('BAD_PARAMETER', { field: 'problemKind', rule: 'problemKind or refundId is required' });
    return done.ok ? detail(ctx, parcelId, headers, services) : done;
  },
});

const resolve = defineAdminRoute({
  method: 'POST',
  path: '/admin/warehouse/parcels/resolve',
  operationId: 'adminWarehouseResolve',
  summary: 'Resolve a problem parcel: PROBLEM → STORED',
  tags: ['Admin'],
  roles: ['warehouse', 'admin'],
  body: z.object({ parcelId: ParcelId, note: Note }),
  data: ParcelDetailView,
  errors: [...REFUSALS],
  handler: async (ctx, { body, headers, services }) => {
    const done = await resolveProblem(ctx, { parcelId: body.parcelId, actor: OPERATOR, ...(body.note ? { note: body.note } : {}) });
    return done.ok ? detail(ctx, body.parcelId, headers, services) : done;
  },
});

const giveBack = defineAdminRoute({
  method: 'POST',
  path: '/admin/warehouse/parcels/return',
  operationId: 'adminWarehouseReturn',
  summary: 'Send a parcel back to the seller: PROBLEM | STORED → RETURN_TO_SELLER, with the return waybill',
  tags: ['Admin'],
  roles: ['warehouse', 'admin'],
  body: z.object({ parcelId: ParcelId, returnTrackingNumber: Tracking, carrier: z.string().trim().max(60).optional(), note: Note }),
  data: ParcelDetailView,
  errors: [...REFUSALS],
  handler: async (ctx, { body, headers, services }) => {
    const { parcelId, returnTrackingNumber, carrier, note } = body;
    const done = await returnToSeller(ctx, {
      parcelId,
      returnTrackingNumber,
      actor: OPERATOR,
      ...(carrier ? { carrier } : {}),
      ...(note ? { note } : {}),
    });
    return done.ok ? detail(ctx, parcelId, headers, services) : done;
  },
});

const photos = defineAdminRoute({
  method: 'POST',
  path: '/admin/warehouse/parcels/photos',
  operationId: 'adminWarehousePhotos',
  summary: 'Add photos to a parcel (the extra photos a developer bought), within its allowance',
  tags: ['Admin'],
  roles: ['warehouse', 'admin'],
  body: z.object({ parcelId: ParcelId, kind: z.enum(['qc', 'extra']).default('extra'), images: Photos }),
  data: z.object({ photos: z.array(PhotoView) }),
  errors: [...REFUSALS, ...PHOTO_REFUSALS],
  handler: async (ctx, { body, headers, services }) => {
    const images = decodeAll(body.images, 'images');
    if (!Array.isArray(images)) return images;
    const done = await addParcelPhotos(ctx, { parcelId: body.parcelId, kind: body.kind, images });
    if (!done.ok) return done;
    const base = baseUrl(headers, services.publicUrl);
    return ok({ photos: done.photos.map((p) => photoView(base, p)) });
  },
});

const parcelDetail = defineAdminRoute({
  method: 'GET',
  path: '/admin/warehouse/parcels/detail',
  operationId: 'adminWarehouseParcelDetail',
  summary: 'Any parcel with its photos, storage and history (operator)',
  tags: ['Admin'],
  roles: ['warehouse', 'support', 'admin'],
  query: z.object({ parcelId: ParcelId }),
  data: ParcelDetailView,
  errors: ['NOT_FOUND'],
  handler: async (ctx, { query, headers, services }) => detail(ctx, query.parcelId, headers, services),
});

const unmatched = defineAdminRoute({
  method: 'GET',
  path: '/admin/warehouse/unmatched',
  operationId: 'adminWarehouseUnmatched',
  summary: 'Scans no declaration matched yet (newest first)',
  tags: ['Admin'],
  roles: ['warehouse', 'admin'],
  query: z.object({ state: z.enum(UNMATCHED_STATES).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
  data: z.object({ scans: z.array(UnmatchedView) }),
  errors: [],
  handler: async (ctx, { query }) =>
    ok({ scans: await listUnmatched(ctx, { limit: query.limit, ...(query.state ? { state: query.state } : {}) }) }),
});

export const adminWarehouseParcelRoutes = [scan, qc, problem, resolve, giveBack, photos, parcelDetail, unmatched];
