/** The sandbox sellers' behaviour rates, read and set from the console (each 0..1; a rate never set is the environment's). */
import { z } from 'zod';
import { SELLER_RATES, type SellerSettingsView } from '../../sources/sandbox/sellers/settings.ts';
import { fail } from '../../platform/errors.ts';
import { actorLabel, defineAdminRoute, ok } from '../../platform/http/index.ts';

const Rate = z.number().min(0).max(1);
const Rates = z.object(Object.fromEntries(SELLER_RATES.map((name) => [name, Rate])) as Record<(typeof SELLER_RATES)[number], typeof Rate>);
const View = Rates.extend({
  source: z.object(
    Object.fromEntries(SELLER_RATES.map((name) => [name, z.enum(['env', 'stored'])])) as Record<
      (typeof SELLER_RATES)[number],
      z.ZodEnum<{ env: 'env'; stored: 'stored' }>
    >,
  ),
});

const view = ({ source, ...rates }: SellerSettingsView) => ({ ...rates, source });
const noSellers = () => fail('NOT_FOUND', { what: 'sandbox sellers (this source has none)' });

const read = defineAdminRoute({
  method: 'GET',
  path: '/admin/sandbox/settings',
  operationId: 'adminSandboxSettings',
  summary: 'The sandbox sellers’ behaviour rates and whether each comes from the environment or was stored',
  tags: ['Admin'],
  data: View,
  errors: ['NOT_FOUND'],
  handler: async (_ctx, { services }) => {
    const settings = services.source.sellerSettings;
    return settings ? ok(view(await settings.refresh())) : noSellers();
  },
});

const save = defineAdminRoute({
  method: 'POST',
  path: '/admin/sandbox/settings',
  operationId: 'adminSandboxSettingsSave',
  summary: 'Store some of the sandbox sellers’ behaviour rates; every node plans with them from its next tick',
  description: 'refundAgreeRate + refundRefuseRate must stay at most 1 (the rest of the applications wait for the timer).',
  tags: ['Admin'],
  body: Rates.partial(),
  data: View,
  errors: ['NOT_FOUND'],
  handler: async (ctx, { body, services }) => {
    const settings = services.source.sellerSettings;
    if (!settings) return noSellers();
    const saved = await settings.save(ctx, body, actorLabel(ctx.actor));
    return saved.ok ? ok(view(saved.settings)) : saved;
  },
});

export const adminSandboxSettingsRoutes = [read, save] as const;
