/**
 * Operators set the warehouse's storage policy and value-added service prices without a deploy
 * (aftersales-logistics.md C2.2), and run the daily storage job now (`Authorization: Bearer
 * <admin token>`; the CLI `ponte warehouse policy|prices|storage-run` does the same). GET reads;
 * POST replaces the whole document (the route layer serves GET and POST only): a bad document
 * answers 400 naming its field and nothing changes. A new policy applies to days not charged yet.
 */
import { z } from 'zod';
import {
  runStorageDay,
  ServicePriceList,
  servicePrices,
  setServicePrices,
  setStoragePolicy,
  StoragePolicy,
  storagePolicy,
} from '../../modules/warehouse/index.ts';
import { defineAdminRoute, ok } from '../../platform/http/index.ts';

const readPolicy = defineAdminRoute({
  method: 'GET',
  path: '/admin/warehouse/storage-policy',
  operationId: 'adminWarehouseStoragePolicy',
  summary: 'Read the storage policy (free days, daily fee, reminder, abandonment, disposal, unmatched hold)',
  tags: ['Admin'],
  roles: ['warehouse', 'finance', 'admin'],
  data: StoragePolicy,
  errors: [],
  handler: async (ctx) => ok(await storagePolicy(ctx)),
});

const writePolicy = defineAdminRoute({
  method: 'POST',
  path: '/admin/warehouse/storage-policy',
  operationId: 'adminWarehouseSetStoragePolicy',
  summary: 'Replace the storage policy (freeDays ≤ reminderDay < abandonDay)',
  tags: ['Admin'],
  roles: ['admin'],
  body: StoragePolicy,
  data: StoragePolicy,
  errors: ['BAD_PARAMETER'],
  handler: async (ctx, { body }) => {
    const saved = await setStoragePolicy(ctx, body);
    return saved.ok ? ok(saved.policy) : saved;
  },
});

const readPrices = defineAdminRoute({
  method: 'GET',
  path: '/admin/warehouse/service-prices',
  operationId: 'adminWarehouseServicePrices',
  summary: 'Read the value-added service price list',
  tags: ['Admin'],
  roles: ['warehouse', 'finance', 'admin'],
  data: ServicePriceList,
  errors: [],
  handler: async (ctx) => ok(await servicePrices(ctx)),
});

const writePrices = defineAdminRoute({
  method: 'POST',
  path: '/admin/warehouse/service-prices',
  operationId: 'adminWarehouseSetServicePrices',
  summary: 'Replace the value-added service price list (codes unique; fen; a source per row)',
  tags: ['Admin'],
  roles: ['admin'],
  body: ServicePriceList,
  data: ServicePriceList,
  errors: ['BAD_PARAMETER'],
  handler: async (ctx, { body }) => {
    const saved = await setServicePrices(ctx, body);
    return saved.ok ? ok(saved.prices) : saved;
  },
});

export const StorageRunView = z.object({
  parcels: z.number().int().describe('Parcels looked at'),
  charged: z.number().int().describe('Fee days charged to a wallet'),
  unpaid: z.number().int().describe('Fee days left owed (the wallet was short)'),
  reminded: z.number().int(),
  abandoned: z.number().int(),
  disposed: z.number().int(),
  unmatchedDisposed: z.number().int(),
});

const runNow = defineAdminRoute({
  method: 'POST',
  path: '/admin/warehouse/storage/run',
  operationId: 'adminWarehouseStorageRun',
  summary: 'Run the daily storage job now, for the (sandbox) clock’s warehouse day',
  description: 'Safe to repeat: a (parcel, day) is charged once whatever runs it. Answers what this run did.',
  tags: ['Admin'],
  roles: ['admin'],
  data: StorageRunView,
  errors: [],
  handler: async (ctx) => ok(await runStorageDay(ctx)),
});

export const adminWarehouseSettingsRoutes = [readPolicy, writePolicy, readPrices, writePrices, runNow];
