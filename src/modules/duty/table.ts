/**
 * The duty table: per destination, dated rules for de minimis, duty, VAT/GST and special regimes.
 * Amounts in foreign currencies are converted with the freight module's dated FX snapshots (one
 * store of rates); the table carries none of its own. It is data (JSON) an operator loads
 * without a deploy (`POST /admin/duty/table`, `ponte duty load FILE`); this schema is its only
 * definition, so a bad table is refused naming the field before it is stored.
 *
 * Percentages are written as percent (33.5 = 33.5 %); amounts in the named currency's major units.
 * Every rule cites `sources` (aftersales-logistics.md B3) and lists in `placeholders` the numbers
 * that no source backs; the estimate's confidence counts those.
 */
import { z } from 'zod';

export const CURRENCIES = ['USD', 'EUR', 'BRL', 'MXN', 'MYR', 'THB', 'VND', 'GBP'] as const;
export const Currency = z.enum(CURRENCIES);
export type Currency = z.infer<typeof Currency>;

/** What a threshold or a rate is measured on: goods only, goods + freight, or CIF (+ insurance). */
export const Basis = z.enum(['goods', 'goods+freight', 'CIF']);
export type Basis = z.infer<typeof Basis>;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Percent = z.number().min(0).max(1000);
const Amount = z.number().min(0).max(1e12).multipleOf(0.01);

export const Threshold = z.object({ amount: Amount, currency: Currency, basis: Basis });
export type Threshold = z.infer<typeof Threshold>;

/** The numbers a rule may mark as placeholders (no source backs them). */
export const PLACEHOLDER_FIELDS = [
  'deMinimis.duty',
  'deMinimis.tax',
  'duty.percent',
  'duty.basis',
  'tax.percent',
  'tax.basis',
  'regime',
] as const;

export const Regime = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('STANDARD') }),
  /** US postal items from 2025-08-29: a specific duty per item by the IEEPA rate band (B3). */
  z.object({
    kind: z.literal('US_POSTAL_SPECIFIC'),
    ieepaPercent: Percent,
    bands: z.array(z.object({ upToPercent: Percent.nullable(), perItem: Amount })).min(1),
    currency: Currency,
  }),
  /** EU 2026-07-01 → 2028-07-01: a flat amount per tariff category on parcels under the ceiling (B3). */
  z.object({ kind: z.literal('EU_FLAT_PER_CATEGORY'), perCategory: Amount, below: Threshold }),
  /** Brazil's Remessa Conforme: a low rate up to a ceiling, then a high rate minus a deduction (B3). */
  z.object({
    kind: z.literal('BR_REMESSA_CONFORME'),
    low: z.object({ upTo: Amount, percent: Percent }),
    high: z.object({ upTo: Amount, percent: Percent, deduction: Amount }),
    currency: Currency,
    basis: Basis,
  }),
  /** Malaysia's low-value goods tax: up to the ceiling, no duty and a sales tax on the goods only (B3). */
  z.object({ kind: z.literal('MY_LVG'), upTo: Threshold, percent: Percent }),
]);
export type Regime = z.infer<typeof Regime>;

const Chapter = z.string().regex(/^\d{2}$/, 'a two-digit HS chapter');

export const Rule = z.object({
  from: IsoDate,
  /** Inclusive; absent = still in force. */
  to: IsoDate.optional(),
  regime: Regime,
  /** null = no de minimis: every parcel pays. A value at or under the threshold is exempt. */
  deMinimis: z.object({ duty: Threshold.nullable(), tax: Threshold.nullable() }),
  duty: z.object({ percent: Percent, basis: Basis, byChapter: z.record(Chapter, Percent).default({}) }),
  tax: z.object({ name: z.string().min(1).max(20), percent: Percent, basis: Basis, includesDuty: z.boolean() }),
  sources: z.array(z.string().url()).min(1),
  placeholders: z.array(z.enum(PLACEHOLDER_FIELDS)).default([]),
  note: z.string().max(500).optional(),
});
export type Rule = z.infer<typeof Rule>;

export const Destination = z
  .object({ name: z.string().min(1).max(60), currency: Currency, rules: z.array(Rule).min(1) })
  .superRefine((destination, issue) => {
    const sorted = destination.rules.map((r, i) => ({ ...r, i })).toSorted((a, b) => (a.from < b.from ? -1 : 1));
    for (const [k, rule] of sorted.entries()) {
      if (rule.to !== undefined && rule.to < rule.from)
        issue.addIssue({ code: 'custom', path: ['rules', rule.i, 'to'], message: 'before from' });
      const next = sorted[k + 1];
      if (next && (rule.to === undefined || rule.to >= next.from)) {
        issue.addIssue({ code: 'custom', path: ['rules', next.i, 'from'], message: 'overlaps the rule before it' });
      }
    }
  });
export type Destination = z.infer<typeof Destination>;

export const DutyTable = z.object({
  label: z.string().min(1).max(80),
  destinations: z.record(z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2'), Destination),
});
export type DutyTable = z.infer<typeof DutyTable>;

/**
 * What the admin route and the CLI accept: tables written before the FX store was shared carried
 * an `fx` snapshot; it is accepted and ignored (the answer says so), never stored or used.
 */
export const DutyTableInput = DutyTable.extend({
  fx: z.unknown().optional().describe('Ignored: rates come from the FX snapshots (POST /admin/freight/fx-snapshot)'),
});

/** Every currency the table converts, with the field that names it (`destinations.VN.currency`). */
export function currenciesOfTable(table: DutyTable): Array<{ currency: Currency; field: string }> {
  return Object.entries(table.destinations).flatMap(([iso, destination]) => [
    { currency: destination.currency, field: `destinations.${iso}.currency` },
    ...destination.rules.flatMap((rule, i) =>
      currenciesOf(rule).map((currency) => ({ currency, field: `destinations.${iso}.rules[${i}]` })),
    ),
  ]);
}

function currenciesOf(rule: Rule): Currency[] {
  const out = [rule.deMinimis.duty?.currency, rule.deMinimis.tax?.currency];
  const r = rule.regime;
  if (r.kind === 'US_POSTAL_SPECIFIC' || r.kind === 'BR_REMESSA_CONFORME') out.push(r.currency);
  if (r.kind === 'EU_FLAT_PER_CATEGORY') out.push(r.below.currency);
  if (r.kind === 'MY_LVG') out.push(r.upTo.currency);
  return out.filter((c): c is Currency => c !== undefined);
}

/** Validates a table read from a file: the first problem names its field (`destinations.US.rules[0].from`). */
export function parseDutyTable(
  value: unknown,
): { ok: true; table: DutyTable; ignored: string[] } | { ok: false; field: string; message: string } {
  const result = DutyTableInput.safeParse(value);
  if (result.success) {
    const { fx, ...table } = result.data;
    return { ok: true, table, ignored: fx === undefined ? [] : ['fx'] };
  }
  const issue = result.error.issues[0]!;
  // Written as the API's BAD_PARAMETER names body fields: `destinations.US.rules[0].from`.
  const field = issue.path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i > 0 ? '.' : ''}${String(part)}`)).join('');
  return { ok: false, field: field || '(root)', message: issue.message };
}
