/**
 * The landed-cost estimate (C2.4): goods + domestic freight + service fees + international freight
 * + duty + tax for one destination on one date, computed in integer fen from the duty table.
 * Thresholds in foreign currency are converted to fen with the freight module's FX snapshot of
 * the estimate's date (the caller picks it: fxOn); a value at or
 * under a de-minimis threshold is exempt, one fen over is not. Order (B3): duty = rate × base;
 * tax = rate × (base + duty when the rule says so).
 */
import { fail, type Failure } from '../../platform/errors.ts';
import { convertMinor, type Fx } from '../freight/index.ts';
import type { Basis, Currency, DutyTable, Rule, Threshold } from './table.ts';

export interface LandedLine {
  /** Unit price in fen. */
  amountFen: number;
  quantity: number;
  hsChapter?: string | undefined;
}

export interface LandedInput {
  destination: string;
  /** YYYY-MM-DD; the rule in force that day applies. */
  date: string;
  lines: LandedLine[];
  domesticFreightFen: number;
  serviceFeesFen: number;
  internationalFreightFen: number;
  insuranceFen: number;
  channel: 'postal' | 'express';
}

export interface AppliedRule {
  step: 'duty' | 'tax';
  regime: Rule['regime']['kind'];
  description: string;
  basis: Basis;
  baseFen: number;
  percent: number | null;
  threshold: (Threshold & { fen: number; exempt: boolean }) | null;
}

export interface LandedEstimate {
  destination: string;
  date: string;
  /** The FX snapshot the estimate converted with. */
  fxAsOf: string;
  rule: { from: string; to: string | null; note: string | null; sources: string[]; placeholders: string[] };
  goodsFen: number;
  domesticFreightFen: number;
  serviceFeesFen: number;
  internationalFreightFen: number;
  insuranceFen: number;
  dutyFen: number;
  taxFen: number;
  totalFen: number;
  applied: AppliedRule[];
  confidence: 'high' | 'medium' | 'low';
}

/**
 * Fen worth `amount` units of `currency` (major units, ≤ 2 decimals) at the snapshot's rate. A
 * missing rate is a bug: loads refuse a table or a snapshot that would leave one missing.
 */
export function toFen(fx: Fx, amount: number, currency: Currency): number {
  return convertMinor(fx, Math.round(amount * 100), currency, 'CNY');
}

/** rate% × base, rounded half up to the fen; integer arithmetic in thousandths of a percent. */
function percentOf(baseFen: number, percent: number): number {
  const milli = BigInt(Math.round(percent * 1000));
  return Number((BigInt(baseFen) * milli + 50_000n) / 100_000n);
}

export function ruleFor(table: DutyTable, destination: string, date: string): { rule: Rule } | Failure {
  const entry = table.destinations[destination];
  if (!entry)
    return fail('BAD_PARAMETER', { field: 'destination', rule: `not in the duty table (${Object.keys(table.destinations).join(', ')})` });
  const rule = entry.rules.find((r) => r.from <= date && (r.to === undefined || date <= r.to));
  if (!rule) return fail('BAD_PARAMETER', { field: 'date', rule: `no duty rule for ${destination} on this date` });
  return { rule };
}

interface Values {
  goods: number;
  lines: Array<LandedLine & { valueFen: number }>;
  bases: Record<Basis, number>;
}

function valuesOf(input: LandedInput): Values {
  const lines = input.lines.map((l) => ({ ...l, valueFen: l.amountFen * l.quantity }));
  const goods = lines.reduce((s, l) => s + l.valueFen, 0);
  const freight = input.domesticFreightFen + input.internationalFreightFen;
  return { goods, lines, bases: { goods, 'goods+freight': goods + freight, CIF: goods + freight + input.insuranceFen } };
}

export function estimateLandedCost(table: DutyTable, fx: Fx, input: LandedInput): LandedEstimate | Failure {
  const found = ruleFor(table, input.destination, input.date);
  if ('ok' in found) return found;
  const { rule } = found;
  const values = valuesOf(input);
  const duty = dutyOf(fx, rule, values, input);
  const tax = taxOf(fx, rule, values, duty);
  const dutyFen = duty.fen;
  const taxFen = tax.fen;
  const extras = input.domesticFreightFen + input.serviceFeesFen + input.internationalFreightFen + input.insuranceFen;
  const placeholders = [...rule.placeholders, ...(fx.source === 'placeholder' ? ['fx'] : [])];
  return {
    destination: input.destination,
    date: input.date,
    fxAsOf: fx.asOf,
    rule: { from: rule.from, to: rule.to ?? null, note: rule.note ?? null, sources: rule.sources, placeholders },
    goodsFen: values.goods,
    domesticFreightFen: input.domesticFreightFen,
    serviceFeesFen: input.serviceFeesFen,
    internationalFreightFen: input.internationalFreightFen,
    insuranceFen: input.insuranceFen,
    dutyFen,
    taxFen,
    totalFen: values.goods + extras + dutyFen + taxFen,
    applied: [...duty.applied, ...tax.applied],
    confidence: placeholders.length === 0 ? 'high' : placeholders.length <= 2 ? 'medium' : 'low',
  };
}

type Step = { fen: number; applied: AppliedRule[]; lowValueTaxOnGoods?: boolean };

function threshold(fx: Fx, t: Threshold, values: Values, exemptAtOrUnder = true) {
  const fen = toFen(fx, t.amount, t.currency);
  const value = values.bases[t.basis];
  return { ...t, fen, exempt: exemptAtOrUnder ? value <= fen : value < fen };
}

/** Ad valorem duty, each line at its chapter's rate, the base shared out by the lines' value. */
function adValorem(rule: Rule, values: Values): number {
  const base = values.bases[rule.duty.basis];
  if (values.goods === 0) return 0;
  return values.lines.reduce((sum, line) => {
    const percent = (line.hsChapter !== undefined ? rule.duty.byChapter[line.hsChapter] : undefined) ?? rule.duty.percent;
    const share = Number((BigInt(base) * BigInt(line.valueFen)) / BigInt(values.goods));
    return sum + percentOf(share, percent);
  }, 0);
}

function standardDuty(fx: Fx, rule: Rule, values: Values, regime: Rule['regime']['kind']): Step {
  const t = rule.deMinimis.duty ? threshold(fx, rule.deMinimis.duty, values) : null;
  const base = values.bases[rule.duty.basis];
  const fen = t?.exempt ? 0 : adValorem(rule, values);
  const description = t?.exempt ? 'under the duty de minimis' : 'ad valorem duty';
  return {
    fen,
    applied: [
      {
        step: 'duty',
        regime,
        description,
        basis: rule.duty.basis,
        baseFen: base,
        percent: t?.exempt ? null : rule.duty.percent,
        threshold: t,
      },
    ],
  };
}

function dutyOf(fx: Fx, rule: Rule, values: Values, input: LandedInput): Step {
  const r = rule.regime;
  const applied = (description: string, basis: Basis, percent: number | null, t: AppliedRule['threshold'] = null): AppliedRule => ({
    step: 'duty',
    regime: r.kind,
    description,
    basis,
    baseFen: values.bases[basis],
    percent,
    threshold: t,
  });
  if (r.kind === 'US_POSTAL_SPECIFIC' && input.channel === 'postal') {
    const band = r.bands.find((b) => b.upToPercent === null || r.ieepaPercent <= b.upToPercent) ?? r.bands.at(-1)!;
    const items = values.lines.reduce((s, l) => s + l.quantity, 0);
    const fen = toFen(fx, band.perItem, r.currency) * items;
    return { fen, applied: [applied(`specific duty ${band.perItem} ${r.currency} per item × ${items}`, 'goods', null)] };
  }
  if (r.kind === 'EU_FLAT_PER_CATEGORY') {
    const t = threshold(fx, r.below, values, false);
    if (t.exempt) {
      const categories = new Set(values.lines.map((l, i) => l.hsChapter ?? `line ${i}`)).size;
      const fen = toFen(fx, r.perCategory, r.below.currency) * categories;
      return {
        fen,
        applied: [applied(`flat ${r.perCategory} ${r.below.currency} per tariff category × ${categories}`, r.below.basis, null, t)],
      };
    }
    return standardDuty(fx, rule, values, r.kind);
  }
  if (r.kind === 'BR_REMESSA_CONFORME') return brazilDuty(fx, r, values);
  if (r.kind === 'MY_LVG') {
    const t = threshold(fx, r.upTo, values);
    if (t.exempt) return { fen: 0, applied: [applied('low-value goods: no duty', r.upTo.basis, null, t)], lowValueTaxOnGoods: true };
  }
  return standardDuty(fx, rule, values, r.kind);
}

function brazilDuty(fx: Fx, r: Extract<Rule['regime'], { kind: 'BR_REMESSA_CONFORME' }>, values: Values): Step {
  const base = values.bases[r.basis];
  const low = { amount: r.low.upTo, currency: r.currency, basis: r.basis };
  const t = threshold(fx, low, values);
  const entry = (description: string, percent: number): AppliedRule => ({
    step: 'duty',
    regime: r.kind,
    description,
    basis: r.basis,
    baseFen: base,
    percent,
    threshold: t,
  });
  if (t.exempt)
    return { fen: percentOf(base, r.low.percent), applied: [entry(`${r.low.percent} % up to ${r.low.upTo} ${r.currency}`, r.low.percent)] };
  const deduction = base <= toFen(fx, r.high.upTo, r.currency) ? toFen(fx, r.high.deduction, r.currency) : 0;
  const fen = Math.max(0, percentOf(base, r.high.percent) - deduction);
  return { fen, applied: [entry(`${r.high.percent} % minus ${deduction > 0 ? r.high.deduction : 0} ${r.currency}`, r.high.percent)] };
}

function taxOf(fx: Fx, rule: Rule, values: Values, duty: Step): Step {
  const regime = rule.regime.kind;
  if (duty.lowValueTaxOnGoods && rule.regime.kind === 'MY_LVG') {
    const percent = rule.regime.percent;
    const applied: AppliedRule = {
      step: 'tax',
      regime,
      description: 'low-value goods tax on the item price',
      basis: 'goods',
      baseFen: values.goods,
      percent,
      threshold: null,
    };
    return { fen: percentOf(values.goods, percent), applied: [applied] };
  }
  const t = rule.deMinimis.tax ? threshold(fx, rule.deMinimis.tax, values) : null;
  const base = values.bases[rule.tax.basis] + (rule.tax.includesDuty ? duty.fen : 0);
  const exempt = t?.exempt === true || rule.tax.percent === 0;
  const description = t?.exempt
    ? `under the ${rule.tax.name} de minimis`
    : `${rule.tax.name}${rule.tax.includesDuty ? ' on base + duty' : ''}`;
  const applied: AppliedRule = {
    step: 'tax',
    regime,
    description,
    basis: rule.tax.basis,
    baseFen: base,
    percent: exempt ? null : rule.tax.percent,
    threshold: t,
  };
  return { fen: exempt ? 0 : percentOf(base, rule.tax.percent), applied: [applied] };
}
