/**
 * Operators load a rate card or an FX snapshot without a deploy (`Authorization: Bearer <admin
 * token>`; the CLI `ponte freight load-card` does the same). The body is the card itself; a bad
 * card answers 400 naming its field, and nothing changes. Stored cards all stay: the one whose
 * period holds today's Shanghai date quotes (the one loaded last among overlapping ones), so a
 * card loaded for the future waits for its day; GET /admin/freight/rate-cards shows which.
 */
import { z } from 'zod';
import { dutyFxNeeds } from '../../modules/duty/index.ts';
import { listRateCards, loadFxSnapshot, loadRateCard } from '../../modules/freight/index.ts';
import { defineAdminRoute, ok } from '../../platform/http/index.ts';

const loadCard = defineAdminRoute({
  method: 'POST',
  path: '/admin/freight/rate-card',
  operationId: 'adminFreightLoadRateCard',
  summary: 'Store a rate card (the format of docs/decisions/014-freight.md); it quotes within [effectiveFrom, effectiveTo)',
  tags: ['Admin'],
  roles: ['admin'],
  body: z.record(z.string(), z.unknown()).describe('The rate card JSON'),
  data: z.object({ version: z.string(), channels: z.number().int() }),
  errors: ['BAD_PARAMETER'],
  handler: async (ctx, { body }) => {
    const loaded = await loadRateCard(ctx, body);
    return loaded.ok ? ok({ version: loaded.version, channels: loaded.channels }) : loaded;
  },
});

const listCards = defineAdminRoute({
  method: 'GET',
  path: '/admin/freight/rate-cards',
  operationId: 'adminFreightListRateCards',
  summary: 'The stored rate cards with their periods (Asia/Shanghai dates), in load order, and the one that quotes now',
  tags: ['Admin'],
  roles: ['finance', 'admin'],
  data: z.object({
    date: z.string().describe("Today's date in Asia/Shanghai, the calendar of the periods"),
    quoting: z.string().nullable().describe('The version that quotes today; null when no card covers it (quotes answer NO_RATE_CARD)'),
    cards: z.array(
      z.object({
        version: z.string(),
        effectiveFrom: z.string(),
        effectiveTo: z.string().nullable().describe('Exclusive; null = open-ended'),
        loadedAt: z.number().int(),
        channels: z.number().int(),
        quotesNow: z.boolean(),
      }),
    ),
  }),
  errors: [],
  handler: async (ctx) => ok(await listRateCards(ctx)),
});

const loadFx = defineAdminRoute({
  method: 'POST',
  path: '/admin/freight/fx-snapshot',
  operationId: 'adminFreightLoadFx',
  summary: 'Store a dated FX snapshot ({asOf, source, perCny}); it applies from its asOf date',
  description:
    'The one FX store: freight quotes and the landed-cost estimate convert with the latest snapshot dated on or before their day. ' +
    'A snapshot lacking a currency the active duty table names is refused naming it (`fx.perCny.BRL`).',
  tags: ['Admin'],
  roles: ['admin'],
  body: z.record(z.string(), z.unknown()).describe('{asOf: "yyyy-MM-dd", source, perCny: {USD: 0.14, …}}'),
  data: z.object({ asOf: z.string() }),
  errors: ['BAD_PARAMETER'],
  handler: async (ctx, { body }) => {
    const loaded = await loadFxSnapshot(ctx, body, dutyFxNeeds);
    return loaded.ok ? ok({ asOf: loaded.asOf }) : loaded;
  },
});

export const adminFreightRoutes = [loadCard, listCards, loadFx];
