import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_DUTY_TABLE,
  DutyTable,
  estimateLandedCost,
  parseDutyTable,
  toFen,
  type LandedEstimate,
  type LandedInput,
} from '../src/modules/duty/index.ts';
import { compileFx, FxSnapshot, sampleFxSnapshot } from '../src/modules/freight/index.ts';

const table = DutyTable.parse(DEFAULT_DUTY_TABLE);
// The one FX store's shipped snapshot: what a fresh install converts with.
const fx = compileFx(FxSnapshot.parse(sampleFxSnapshot()));
const fen = (amount: number, currency: Parameters<typeof toFen>[2]) => toFen(fx, amount, currency);
/** rate% of base, half up to the fen: the rule the estimate documents. */
const pct = (base: number, percent: number) => Math.floor((base * percent * 1000 + 50_000) / 100_000);

function estimate(input: Partial<LandedInput> & Pick<LandedInput, 'destination' | 'date'>): LandedEstimate {
  const result = estimateLandedCost(table, fx, {
    lines: [{ amountFen: 10_000, quantity: 1 }],
    domesticFreightFen: 0,
    serviceFeesFen: 0,
    internationalFreightFen: 0,
    insuranceFen: 0,
    channel: 'postal',
    ...input,
  });
  if ('ok' in result) throw new Error(`refused: ${JSON.stringify(result)}`);
  return result;
}
const goods = (amountFen: number, quantity = 1, hsChapter?: string) => [{ amountFen, quantity, hsChapter }];

describe('the shipped table', () => {
  test('validates, covers the destinations of B3, and every rule cites a source', () => {
    for (const iso of ['US', 'DE', 'ES', 'FR', 'BR', 'MX', 'MY', 'TH', 'VN']) assert.ok(table.destinations[iso], iso);
    for (const destination of Object.values(table.destinations)) {
      for (const rule of destination.rules) assert.ok(rule.sources.every((s) => s.startsWith('https://')));
    }
    assert.equal(fx.source, 'placeholder');
  });
});

describe('before and after each effective date', () => {
  test('US 2025-05-02: China goods lose the de minimis', () => {
    const value = fen(100, 'USD');
    assert.equal(estimate({ destination: 'US', date: '2025-05-01', lines: goods(value) }).dutyFen, 0);
    assert.equal(estimate({ destination: 'US', date: '2025-05-02', lines: goods(value) }).dutyFen, pct(value, 30));
  });

  test('US 2025-08-29: postal items pay the specific duty per item; express the ad valorem rate', () => {
    const lines = goods(fen(20, 'USD'), 3);
    const before = estimate({ destination: 'US', date: '2025-08-28', lines });
    assert.equal(before.dutyFen, pct(fen(60, 'USD'), 30));
    const after = estimate({ destination: 'US', date: '2025-08-29', lines });
    assert.equal(after.dutyFen, fen(200, 'USD') * 3, 'the IEEPA placeholder (30 %) is in the over-25 % band');
    assert.equal(after.applied[0]!.regime, 'US_POSTAL_SPECIFIC');
    assert.equal(estimate({ destination: 'US', date: '2025-08-29', lines, channel: 'express' }).dutyFen, before.dutyFen);
    assert.equal(estimate({ destination: 'US', date: '2026-03-01', lines }).applied[0]!.regime, 'STANDARD', 'the option lasted 6 months');
  });

  test('VN 2025-02-18: no de minimis for duty or VAT', () => {
    const value = fen(500_000, 'VND');
    const before = estimate({ destination: 'VN', date: '2025-02-17', lines: goods(value) });
    assert.deepEqual([before.dutyFen, before.taxFen], [0, 0]);
    const after = estimate({ destination: 'VN', date: '2025-02-18', lines: goods(value) });
    assert.equal(after.dutyFen, pct(value, 10));
    assert.equal(after.taxFen, pct(value + after.dutyFen, 10));
  });

  test('MX 2025-08-15: 19 % becomes 33.5 %', () => {
    const value = 12_345;
    assert.equal(estimate({ destination: 'MX', date: '2025-08-14', lines: goods(value) }).dutyFen, pct(value, 19));
    assert.equal(estimate({ destination: 'MX', date: '2025-08-15', lines: goods(value) }).dutyFen, pct(value, 33.5));
  });

  test('TH 2026-01-01: duty from 1 THB', () => {
    const value = fen(1000, 'THB');
    const before = estimate({ destination: 'TH', date: '2025-12-31', lines: goods(value) });
    assert.equal(before.dutyFen, 0);
    assert.equal(before.taxFen, pct(value, 7), 'VAT on every import already');
    const after = estimate({ destination: 'TH', date: '2026-01-01', lines: goods(value) });
    assert.equal(after.dutyFen, pct(value, 10));
    assert.equal(after.taxFen, pct(value + after.dutyFen, 7));
  });

  test('EU 2026-07-01: €3 per tariff category under €150', () => {
    const lines = [
      { amountFen: fen(20, 'EUR'), quantity: 1, hsChapter: '50' },
      { amountFen: fen(20, 'EUR'), quantity: 2, hsChapter: '51' },
      { amountFen: fen(10, 'EUR'), quantity: 1, hsChapter: '51' },
    ];
    assert.equal(estimate({ destination: 'DE', date: '2026-06-30', lines }).dutyFen, 0);
    const after = estimate({ destination: 'DE', date: '2026-07-01', lines });
    assert.equal(after.dutyFen, fen(3, 'EUR') * 2);
    assert.equal(after.taxFen, pct(lines.reduce((s, l) => s + l.amountFen * l.quantity, 0) + after.dutyFen, 19));
    assert.equal(estimate({ destination: 'FR', date: '2026-07-01', lines }).taxFen, pct(after.goodsFen + after.dutyFen, 20));
  });

  test('BR 2024-08-01: Remessa Conforme 20 % up to US$50', () => {
    const value = fen(40, 'USD');
    assert.equal(estimate({ destination: 'BR', date: '2024-07-31', lines: goods(value) }).dutyFen, 0);
    const after = estimate({ destination: 'BR', date: '2024-08-01', lines: goods(value) });
    assert.equal(after.dutyFen, pct(value, 20));
    assert.equal(after.taxFen, pct(value + after.dutyFen, 17));
  });

  test('MY 2024-01-01: the LVG tax on the item price only; before it, no rule', () => {
    const result = estimateLandedCost(table, fx, { ...baseInput('MY', '2023-12-31') });
    assert.ok('ok' in result && result.ok === false);
    const value = fen(100, 'MYR');
    const after = estimate({ destination: 'MY', date: '2024-01-01', lines: goods(value), internationalFreightFen: 5000 });
    assert.deepEqual([after.dutyFen, after.taxFen], [0, pct(value, 10)]);
  });
});

function baseInput(destination: string, date: string): LandedInput {
  return {
    destination,
    date,
    lines: goods(100),
    domesticFreightFen: 0,
    serviceFeesFen: 0,
    internationalFreightFen: 0,
    insuranceFen: 0,
    channel: 'postal',
  };
}

describe('de-minimis boundaries: exactly at is exempt, one fen over is not', () => {
  test('US $800 on the goods value', () => {
    const at = fen(800, 'USD');
    assert.equal(estimate({ destination: 'US', date: '2025-01-01', lines: goods(at) }).dutyFen, 0);
    assert.equal(estimate({ destination: 'US', date: '2025-01-01', lines: goods(at + 1) }).dutyFen, pct(at + 1, 10));
  });

  test('VN VND 1,000,000 on CIF (goods + freight + insurance)', () => {
    const at = fen(1_000_000, 'VND');
    const split = { lines: goods(at - 300), domesticFreightFen: 100, internationalFreightFen: 100, insuranceFen: 100 };
    const under = estimate({ destination: 'VN', date: '2025-01-01', ...split });
    assert.deepEqual([under.dutyFen, under.taxFen], [0, 0]);
    const over = estimate({ destination: 'VN', date: '2025-01-01', ...split, insuranceFen: 101 });
    assert.equal(over.dutyFen, pct(at + 1, 10));
    assert.equal(over.taxFen, pct(at + 1 + over.dutyFen, 10));
  });

  test('TH 1,500 THB on CIF', () => {
    const at = fen(1500, 'THB');
    assert.equal(estimate({ destination: 'TH', date: '2025-06-01', lines: goods(at - 50), internationalFreightFen: 50 }).dutyFen, 0);
    assert.equal(
      estimate({ destination: 'TH', date: '2025-06-01', lines: goods(at - 50), internationalFreightFen: 51 }).dutyFen,
      pct(at + 1, 10),
    );
  });

  test('EU €150: the flat duty applies strictly under it, the normal duty from it', () => {
    const at = fen(150, 'EUR');
    const under = estimate({ destination: 'ES', date: '2027-01-01', lines: goods(at - 1, 1, '61') });
    assert.equal(under.dutyFen, fen(3, 'EUR'));
    const atLimit = estimate({ destination: 'ES', date: '2027-01-01', lines: goods(at, 1, '61'), internationalFreightFen: 1000 });
    assert.equal(atLimit.dutyFen, pct(at + 1000, 10));
    const before = estimate({ destination: 'ES', date: '2026-01-01', lines: goods(at) });
    assert.equal(before.dutyFen, 0, 'before 2026-07-01 exactly €150 is still relieved');
    assert.equal(estimate({ destination: 'ES', date: '2026-01-01', lines: goods(at + 1) }).dutyFen, pct(at + 1, 10));
  });

  test('BR US$50 CIF: 20 % at it, 60 % minus US$20 one fen over', () => {
    const at = fen(50, 'USD');
    assert.equal(estimate({ destination: 'BR', date: '2025-01-01', lines: goods(at) }).dutyFen, pct(at, 20));
    const over = estimate({ destination: 'BR', date: '2025-01-01', lines: goods(at + 1) });
    assert.equal(over.dutyFen, pct(at + 1, 60) - fen(20, 'USD'));
  });

  test('MY RM500 on the goods: LVG at it, duty and SST one fen over', () => {
    const at = fen(500, 'MYR');
    assert.equal(estimate({ destination: 'MY', date: '2025-01-01', lines: goods(at) }).dutyFen, 0);
    const over = estimate({ destination: 'MY', date: '2025-01-01', lines: goods(at + 1) });
    assert.equal(over.dutyFen, pct(at + 1, 10));
    assert.equal(over.taxFen, pct(at + 1 + over.dutyFen, 10));
  });
});

describe('each basis', () => {
  const parcel = { lines: goods(5000), domesticFreightFen: 300, internationalFreightFen: 2000, insuranceFen: 700, serviceFeesFen: 900 };
  test('goods: the US duty ignores freight, insurance and fees', () => {
    assert.equal(estimate({ destination: 'US', date: '2025-06-01', ...parcel }).dutyFen, pct(5000, 30));
  });
  test('goods + freight: the EU VAT counts both freights, not insurance or fees', () => {
    assert.equal(estimate({ destination: 'DE', date: '2026-01-01', ...parcel }).taxFen, pct(5000 + 300 + 2000, 19));
  });
  test('CIF: the VN duty and VAT count insurance too', () => {
    const result = estimate({ destination: 'VN', date: '2026-01-01', ...parcel });
    assert.equal(result.dutyFen, pct(8000, 10));
    assert.equal(result.taxFen, pct(8000 + result.dutyFen, 10));
    assert.equal(result.totalFen, 5000 + 300 + 2000 + 700 + 900 + result.dutyFen + result.taxFen);
  });
  test('duty by HS chapter: a line whose chapter has its own rate uses it', () => {
    const edited = structuredClone(table);
    edited.destinations.MX!.rules[1]!.duty.byChapter = { '95': 5 };
    const result = estimateLandedCost(edited, fx, { ...baseInput('MX', '2026-01-01'), lines: [goods(1000, 1, '95')[0]!, goods(3000)[0]!] });
    assert.ok(!('ok' in result));
    assert.equal(result.dutyFen, pct(1000, 5) + pct(3000, 33.5));
  });
});

describe('confidence counts the placeholders used', () => {
  test('BR (no rule placeholder): medium with the placeholder FX, high with a sourced one', () => {
    assert.equal(estimate({ destination: 'BR', date: '2025-01-01' }).confidence, 'medium');
    const sourced = { ...fx, source: 'https://example.com/reference-rates' };
    const result = estimateLandedCost(table, sourced, { ...baseInput('BR', '2025-01-01') });
    assert.ok(!('ok' in result));
    assert.equal(result.confidence, 'high');
  });
  test('US 2025-08-29 (two rule placeholders + FX): low', () => {
    assert.equal(estimate({ destination: 'US', date: '2025-09-01' }).confidence, 'low');
  });
});

describe('a bad table is refused naming the field', () => {
  test('a malformed date, an overlap, a currency without FX, a percentage out of range', () => {
    const cases: Array<[(t: any) => void, string]> = [
      [(t) => (t.destinations.US.rules[0].from = '2025/01/01'), 'destinations.US.rules[0].from'],
      [(t) => (t.destinations.MX.rules[0].to = '2025-08-20'), 'destinations.MX.rules[1].from'],
      [(t) => (t.destinations.TH.rules[1].tax.percent = -7), 'destinations.TH.rules[1].tax.percent'],
      [(t) => (t.destinations.BR.rules[1].regime.kind = 'BR_OTHER'), 'destinations.BR.rules[1].regime.kind'],
      [(t) => (t.destinations.us = t.destinations.US), 'destinations.us'],
    ];
    for (const [edit, field] of cases) {
      const copy = JSON.parse(JSON.stringify(DEFAULT_DUTY_TABLE));
      edit(copy);
      const parsed = parseDutyTable(copy);
      assert.equal(parsed.ok, false, field);
      if (!parsed.ok) assert.equal(parsed.field, field);
    }
    assert.equal(parseDutyTable(structuredClone(DEFAULT_DUTY_TABLE)).ok, true);
  });
  test('a table written with its own fx (before the FX store was shared) is accepted, the fx ignored and said so', () => {
    const old = { ...structuredClone(DEFAULT_DUTY_TABLE), fx: { asOf: '2026-11-01', placeholder: true, source: 'x', perCny: { USD: 9 } } };
    const parsed = parseDutyTable(old);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.ignored, ['fx']);
    assert.equal('fx' in parsed.table, false, 'never stored, never used');
    const plain = parseDutyTable(structuredClone(DEFAULT_DUTY_TABLE));
    assert.ok(plain.ok);
    assert.deepEqual(plain.ignored, []);
  });
});
