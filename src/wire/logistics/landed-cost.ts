/**
 * The landed-cost estimate (documented extension, aftersales-logistics.md C2.4) and the operator's
 * duty-table load. Money is integer fen in and out; the destination-currency figures are converted
 * here, at the wire edge, with the FX snapshot of the estimate's date (the freight module's store). Signed with the header form or the
 * logistics query form (`?timestamp=…&sign=…`, docs/decisions/001-signature-rule.md).
 */
import { z } from 'zod';
import { activeDutyTable, DutyTableInput, estimateLandedCost, loadDutyTable, type LandedEstimate } from '../../modules/duty/index.ts';
import { convertMinor, type Fx, fxOn } from '../../modules/freight/index.ts';
import { defineAdminRoute, defineRoute, ok } from '../../platform/http/index.ts';
import { fenToYuan } from '../../platform/money.ts';
import { chinaDate } from '../../platform/days.ts';

const DISCLAIMER =
  'An estimate, not a customs assessment: rates, thresholds and FX come from a dated table the operator maintains; ' +
  'the customs authority of the destination decides the duty and tax actually due.';

const Fen = z.number().int().min(0).max(1_000_000_000);
const LandedCostBody = z.object({
  destination: z
    .string()
    .regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2')
    .describe('Destination country, ISO2 ("US", "DE", "BR")'),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
    .optional()
    .describe(
      'Import date (YYYY-MM-DD); when absent, today in Asia/Shanghai (the warehouse’s calendar, as freight quotes). The rule in force that day applies.',
    ),
  items: z
    .array(
      z.object({
        amount: Fen.describe('Unit price in fen'),
        quantity: z.number().int().min(1).max(10_000),
        hsChapter: z
          .string()
          .regex(/^\d{2}$/, 'two-digit HS chapter')
          .optional(),
      }),
    )
    .min(1)
    .max(200),
  domesticFreight: Fen.default(0).describe('Freight to the China warehouse, fen'),
  serviceFees: Fen.default(0).describe("The agent's service fees, fen (not part of the customs value)"),
  internationalFreight: Fen.default(0).describe('International freight, fen (a W1/W2 quote)'),
  insurance: Fen.default(0).describe('Insurance, fen (part of the CIF value)'),
  channel: z.enum(['postal', 'express']).default('postal'),
});

const Money = z.object({ fen: z.number().int(), cny: z.string(), local: z.string() });
const Threshold = z.object({ amount: z.number(), currency: z.string(), basis: z.string(), fen: z.number().int(), exempt: z.boolean() });
const LandedCostData = z.object({
  destination: z.string(),
  date: z.string(),
  currency: z.string().describe('The destination currency of every `local` figure'),
  goods: Money,
  domesticFreight: Money,
  serviceFees: Money,
  internationalFreight: Money,
  insurance: Money,
  duty: Money,
  tax: Money,
  total: Money,
  appliedRules: z.array(
    z.object({
      step: z.enum(['duty', 'tax']),
      regime: z.string(),
      description: z.string(),
      basis: z.string(),
      base: Money,
      percent: z.number().nullable(),
      threshold: Threshold.nullable(),
    }),
  ),
  rule: z.object({
    from: z.string(),
    to: z.string().nullable(),
    note: z.string().nullable(),
    sources: z.array(z.string()),
    placeholders: z.array(z.string()),
  }),
  fxAsOf: z.string().describe('The FX snapshot converted with: the latest dated on or before `date`, else the latest stored'),
  fx: z.object({ asOf: z.string(), perCny: z.number(), placeholder: z.boolean(), source: z.string() }),
  tableVersion: z.number().int(),
  confidence: z.enum(['high', 'medium', 'low']),
  disclaimer: z.string(),
});

/** Fen → destination currency (the snapshot's exact conversion), shown with its usual decimals (none for VND). */
function localOf(fx: Fx, fen: number, currency: string): string {
  const hundredths = convertMinor(fx, fen, 'CNY', currency);
  return currency === 'VND' ? Math.round(hundredths / 100).toString() : fenToYuan(hundredths);
}

function present(estimate: LandedEstimate, fx: Fx, currency: string, tableVersion: number): z.input<typeof LandedCostData> {
  const perCny = Number(fx.micro.get(currency)) / 1_000_000;
  const money = (fen: number) => ({ fen, cny: fenToYuan(fen), local: localOf(fx, fen, currency) });
  return {
    destination: estimate.destination,
    date: estimate.date,
    currency,
    goods: money(estimate.goodsFen),
    domesticFreight: money(estimate.domesticFreightFen),
    serviceFees: money(estimate.serviceFeesFen),
    internationalFreight: money(estimate.internationalFreightFen),
    insurance: money(estimate.insuranceFen),
    duty: money(estimate.dutyFen),
    tax: money(estimate.taxFen),
    total: money(estimate.totalFen),
    appliedRules: estimate.applied.map(({ baseFen, ...rest }) => ({ ...rest, base: money(baseFen) })),
    rule: estimate.rule,
    fxAsOf: estimate.fxAsOf,
    fx: { asOf: fx.asOf, perCny, placeholder: fx.source === 'placeholder', source: fx.source },
    tableVersion,
    confidence: estimate.confidence,
    disclaimer: DISCLAIMER,
  };
}

export const landedCostRoute = defineRoute({
  method: 'POST',
  path: '/v2/open/pp/logistics/landedCost',
  aliases: ['/open/pp/logistics/landedCost'],
  operationId: 'logisticsLandedCost',
  summary: 'Landed-cost estimate (goods + freight + fees + duty and tax)',
  description: [
    'A Ponte extension (not a PandaPon endpoint): the cost of goods delivered to the destination, each component in fen',
    'and in the destination currency, with the duty and tax rules applied (regime, threshold, rate, basis), a confidence',
    '(`high` when no number used is a placeholder, `medium` for one or two, `low` for more) and a disclaimer.',
    'A value at or under a de-minimis threshold is exempt; the EU flat duty applies strictly under €150.',
    'Also signed by the query form of this family: `?access-key=…&user-id=…&timestamp=…&sign=…`.',
  ].join(' '),
  tags: ['Warehouse logistics'],
  action: 'read',
  body: LandedCostBody,
  data: LandedCostData,
  errors: [],
  handler: async (ctx, { body }) => {
    const { version, table } = await activeDutyTable(ctx);
    const date = body.date ?? chinaDate(ctx.clock.nowMs());
    const fx = await fxOn(ctx, date);
    const estimate = estimateLandedCost(table, fx, {
      destination: body.destination,
      date,
      lines: body.items.map((i) => ({ amountFen: i.amount, quantity: i.quantity, hsChapter: i.hsChapter })),
      domesticFreightFen: body.domesticFreight,
      serviceFeesFen: body.serviceFees,
      internationalFreightFen: body.internationalFreight,
      insuranceFen: body.insurance,
      channel: body.channel,
    });
    if ('ok' in estimate) return estimate;
    const currency = table.destinations[body.destination]!.currency;
    return ok(present(estimate, fx, currency, version));
  },
});

export const adminDutyTableRoute = defineAdminRoute({
  method: 'POST',
  path: '/admin/duty/table',
  operationId: 'adminDutyTableLoad',
  summary: 'Load a duty table (becomes the active version)',
  description: [
    'The whole table as JSON (format: src/modules/duty/table.ts); a bad table is refused naming the field, and nothing changes.',
    'Every currency it names must have a rate in every stored FX snapshot (POST /admin/freight/fx-snapshot), else 400 naming',
    'the field (`destinations.VN.currency`). An `fx` object (tables written before the FX store was shared) is ignored: `ignored` lists it.',
  ].join(' '),
  tags: ['Admin'],
  roles: ['admin'],
  body: DutyTableInput,
  data: z.object({ version: z.number().int(), ignored: z.array(z.string()).describe('Fields accepted and not used') }),
  errors: ['BAD_PARAMETER'],
  handler: async (ctx, { body }) => {
    const { fx, ...table } = body;
    const loaded = await loadDutyTable(ctx, table);
    return loaded.ok ? ok({ version: loaded.version, ignored: fx === undefined ? [] : ['fx'] }) : loaded;
  },
});

export const logisticsDutyRoutes = [landedCostRoute] as const;
