/**
 * Operators load a rate card or an FX snapshot without a deploy (`Authorization: Bearer <admin
 * token>`; the CLI `ponte freight load-card` does the same). The body is the card itself; a bad
 * card answers 400 naming its field, and nothing changes. The card loaded last is the active one.
 */
import { z } from 'zod';
import { loadFxSnapshot, loadRateCard } from '../../modules/freight/index.ts';
import { defineAdminRoute, ok } from '../../platform/http/index.ts';

const loadCard = defineAdminRoute({
  method: 'POST',
  path: '/admin/freight/rate-card',
  operationId: 'adminFreightLoadRateCard',
  summary: 'Load a rate card (the format of docs/decisions/014-freight.md) and make it active',
  tags: ['Admin'],
  body: z.record(z.string(), z.unknown()).describe('The rate card JSON'),
  data: z.object({ version: z.string(), channels: z.number().int() }),
  errors: ['BAD_PARAMETER'],
  handler: async (ctx, { body }) => {
    const loaded = await loadRateCard(ctx, body);
    return loaded.ok ? ok({ version: loaded.version, channels: loaded.channels }) : loaded;
  },
});

const loadFx = defineAdminRoute({
  method: 'POST',
  path: '/admin/freight/fx-snapshot',
  operationId: 'adminFreightLoadFx',
  summary: 'Load a dated FX snapshot ({asOf, source, perCny}) and make it active',
  tags: ['Admin'],
  body: z.record(z.string(), z.unknown()).describe('{asOf: "yyyy-MM-dd", source, perCny: {USD: 0.14, …}}'),
  data: z.object({ asOf: z.string() }),
  errors: ['BAD_PARAMETER'],
  handler: async (ctx, { body }) => {
    const loaded = await loadFxSnapshot(ctx, body);
    return loaded.ok ? ok({ asOf: loaded.asOf }) : loaded;
  },
});

export const adminFreightRoutes = [loadCard, loadFx];
