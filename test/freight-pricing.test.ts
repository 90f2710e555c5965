import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  billedGrams,
  chargeableGrams,
  compileCard,
  compileFx,
  convertMinor,
  estimateParcel,
  parseRateCard,
  quoteParcel,
  RateCard,
  sampleFxSnapshot,
  sampleRateCard,
  surchargeMilli,
  tierFor,
  tierMilli,
  type CargoAttribute,
  type Parcel,
} from '../src/modules/freight/index.ts';

const card = RateCard.parse(sampleRateCard());
const compiled = compileCard(card);
const fx = compileFx(sampleFxSnapshot() as never);
const channel = (id: string) => card.channels.find((c) => c.serviceId === id)!;
type Channel = (typeof card.channels)[number];

/** A test channel: 0.5 kg rounding, no minimum, the rule given, one first/step zone for US. */
function testChannel(volumetric: Channel['volumetric'], overrides: Partial<Channel> = {}): Channel {
  return {
    ...channel('ems-std'),
    serviceId: 'test',
    volumetric,
    rounding: { unitKg: 0.5 },
    minChargeableKg: 0,
    limits: {},
    ...overrides,
  };
}
const piece = (grams: number, sides: [number, number, number]) => ({ grams, sides }) as const;
const parcel = (grams: number, sides: [number, number, number], attributes: CargoAttribute[] = []): Parcel => ({
  grams,
  sides,
  attributes: new Set(attributes),
});

describe('chargeable weight under each volumetric rule', () => {
  // 30 × 20 × 10 cm = 6000 cm³; /5000 → 1.2 kg volumetric; actual 0.5 kg.
  const box = piece(500, [30, 20, 10]);
  test('full: the volumetric weight when it is higher, rounded up to 0.5 kg', () => {
    const c = testChannel({ divisor: 5000, rule: 'full' });
    assert.equal(billedGrams(c, box), 1200);
    assert.equal(chargeableGrams(c, box), 1500);
    assert.equal(chargeableGrams(c, piece(2000, [30, 20, 10])), 2000, 'actual above volumetric: actual');
  });
  test('half: (actual + volumetric) / 2', () => {
    const c = testChannel({ divisor: 5000, rule: 'half' });
    assert.equal(billedGrams(c, box), 850);
    assert.equal(chargeableGrams(c, box), 1000);
  });
  test('none: actual weight only', () => {
    assert.equal(chargeableGrams(testChannel({ divisor: 5000, rule: 'none' }), box), 500);
  });
  test('free throw: actual while volumetric − actual ≤ N kg, then the rule', () => {
    const c = testChannel({ divisor: 6000, rule: 'half', freeUntilKg: 10 });
    assert.equal(chargeableGrams(c, box), 500);
    // 100 cm cube /6000 → 166,667 g; actual 10 kg: 156.7 kg over → half = 88,334 g → 88.5 kg.
    assert.equal(billedGrams(c, piece(10_000, [100, 100, 100])), 88_334);
    assert.equal(chargeableGrams(c, piece(10_000, [100, 100, 100])), 88_500);
    // exactly N kg over is still free: 60×50×40 /6000 = 20 kg volumetric, actual 10 kg.
    assert.equal(billedGrams(c, piece(10_000, [60, 50, 40])), 10_000);
    // 1 g more than N over: half of 9,999 + 20,000 → 15,000 g (rounded up).
    assert.equal(billedGrams(c, piece(9_999, [60, 50, 40])), 15_000);
  });
  test('a side threshold: ≥ 40 cm (EMS newer rule) and > 60 cm (older rule)', () => {
    const gte = testChannel({ divisor: 6000, rule: 'full', appliesWhen: { anySideCmGte: 40 } });
    assert.equal(billedGrams(gte, piece(500, [39, 39, 39])), 500);
    assert.equal(billedGrams(gte, piece(500, [40, 39, 39])), Math.ceil((40 * 39 * 39 * 1000) / 6000));
    const gt = testChannel({ divisor: 8000, rule: 'full', appliesWhen: { anySideCmGt: 60 } });
    assert.equal(billedGrams(gt, piece(500, [60, 50, 50])), 500);
    assert.equal(billedGrams(gt, piece(500, [61, 50, 50])), Math.ceil((61 * 50 * 50 * 1000) / 8000));
  });
  test('rounding step and minimum weight', () => {
    const half = testChannel({ divisor: 6000, rule: 'none' });
    assert.equal(chargeableGrams(half, piece(1000, [1, 1, 1])), 1000);
    assert.equal(chargeableGrams(half, piece(1001, [1, 1, 1])), 1500);
    const kilo = testChannel({ divisor: 6000, rule: 'none' }, { rounding: { unitKg: 1 } });
    assert.equal(chargeableGrams(kilo, piece(1001, [1, 1, 1])), 2000);
    const min = testChannel({ divisor: 6000, rule: 'none' }, { minChargeableKg: 10 });
    assert.equal(chargeableGrams(min, piece(1200, [1, 1, 1])), 10_000);
    assert.equal(chargeableGrams(min, piece(10_200, [1, 1, 1])), 10_500);
  });
});

describe('tier boundaries of the sample card', () => {
  const sg = channel('nswex-sg-air-general');
  const zone = sg.zones[0]!;
  const price = (grams: number) => tierMilli(tierFor(zone, grams)!, grams, piece(grams, [1, 1, 1])) / 1000;
  test('first + continued weight: ¥36 first kg, ¥11 / ¥10.5 / ¥10 per 0.5 kg by bracket (nswex SG)', () => {
    assert.equal(price(1000), 36);
    assert.equal(price(1500), 47);
    assert.equal(price(5000), 36 + 8 * 11, '5 kg is still the first bracket');
    assert.equal(price(5500), 36 + 9 * 10.5);
    assert.equal(price(10_000), 36 + 18 * 10.5);
    assert.equal(price(10_500), 36 + 19 * 10);
    assert.equal(tierFor(zone, 40_500), null, 'beyond the last tier');
  });
  test('item fee + per kg (Wish EPC Argentina), at the 30 g boundary, in fen rounded up', () => {
    const ar = channel('wish-epc-general').zones[0]!;
    const fen = (grams: number) => Math.ceil(tierMilli(tierFor(ar, grams)!, grams, piece(grams, [1, 1, 1])) / 10);
    assert.equal(fen(30), 855);
    assert.equal(fen(31), Math.ceil((5760 + Math.ceil((92_988 * 31) / 1000)) / 10));
    assert.equal(fen(250), Math.ceil((6390 + Math.ceil((71_514 * 250) / 1000)) / 10));
    assert.equal(fen(251), Math.ceil((20_709 + Math.ceil((68_877 * 251) / 1000)) / 10));
  });
  test('kg or CBM, the higher (cnsthai truck, THB)', () => {
    const th = channel('cnsthai-th-truck').zones[0]!;
    const tier = tierFor(th, 10_000)!;
    assert.equal(tierMilli(tier, 10_000, piece(10_000, [30, 20, 10])), 350_000, 'by weight: 35 × 10 beats 7000 × 0.006 m³');
    assert.equal(tierMilli(tier, 10_000, piece(10_000, [100, 100, 60])), 4_200_000, 'by measure: 7000 × 0.6 m³');
  });
});

describe('eligibility: countries, limits, refusals', () => {
  const reasons = (p: Parcel, country: string) =>
    new Map(quoteParcel(compiled, fx, p, country, 'CNY').excluded.map((e) => [e.serviceId, e.reason]));
  test('every channel is either an option or excluded with a reason', () => {
    const quote = quoteParcel(compiled, fx, parcel(800, [20, 15, 10]), 'US', 'USD');
    const ids = [...quote.options.map((o) => o.serviceId), ...quote.excluded.map((e) => e.serviceId)].sort();
    assert.deepEqual(ids, card.channels.map((c) => c.serviceId).sort());
    assert.equal(reasons(parcel(800, [20, 15, 10]), 'US').get('nswex-sg-air-general'), 'COUNTRY_NOT_SERVED');
  });
  test('ePacket: over 2 kg, a side over 60 cm, or L+W+H over 90 cm', () => {
    assert.equal(reasons(parcel(2001, [20, 15, 10]), 'US').get('epacket'), 'OVER_WEIGHT_LIMIT');
    assert.equal(reasons(parcel(500, [61, 10, 10]), 'US').get('epacket'), 'OVER_SIZE_LIMIT');
    assert.equal(reasons(parcel(500, [40, 30, 21]), 'US').get('epacket'), 'OVER_SIZE_LIMIT');
    assert.equal(reasons(parcel(500, [40, 30, 20]), 'US').get('epacket'), undefined);
  });
  test('a battery excludes the lines refusing it; a sensitive line carries it', () => {
    const battery = parcel(800, [20, 15, 10], ['battery_builtin']);
    assert.equal(reasons(battery, 'SG').get('nswex-sg-air-general'), 'CARGO_REFUSED');
    assert.equal(reasons(battery, 'SG').get('nswex-sg-air-sensitive'), undefined);
    const liquid = parcel(800, [20, 15, 10], ['liquid']);
    assert.equal(reasons(liquid, 'SG').get('ebaoguo-sg-sea'), 'CARGO_CLASS_REFUSED', 'refuses no liquid, but carries general goods only');
  });
  test('a channel that splits overweight parcels pays the first weight per piece', () => {
    const split = testChannel({ divisor: 6000, rule: 'none' }, { limits: { maxKgPerPiece: 20, splitOverweight: true } });
    const single = compileCard({ ...card, channels: [split] });
    const quote = quoteParcel(single, fx, parcel(50_000, [80, 60, 50]), 'US', 'CNY');
    assert.equal(quote.options[0]!.pieces, 3);
    // 50 kg in 3 pieces of 16,667 g → 17 kg each: 150 + 33 steps × 45 = ¥1635 per piece.
    assert.equal(quote.options[0]!.priceFen, 3 * (150 + 33 * 45) * 100);
    const refused = compileCard({ ...card, channels: [{ ...split, limits: { maxKgPerPiece: 20 } }] });
    assert.equal(quoteParcel(refused, fx, parcel(50_000, [80, 60, 50]), 'US', 'CNY').excluded[0]!.reason, 'OVER_WEIGHT_LIMIT');
  });
});

describe('surcharges', () => {
  const surcharged = testChannel(
    { divisor: 6000, rule: 'none' },
    {
      surcharges: [
        { code: 'fuel', percent: 12.5, source: 'placeholder' },
        { code: 'remote', perKg: 3.6, minPerParcel: 180, source: 'http://www.cjgjwl.com/index.php?c=category&id=96' },
        { code: 'overweight', perParcel: 95, whenKgGt: 22, source: 'https://jinguo-int.com/Article-100.html' },
      ],
    },
  );
  test('percent of the freight, per kg with a minimum, and one only above a weight', () => {
    // 1 kg on the EMS placeholder zone: ¥150 + 1 step × ¥45 = ¥195; fuel 12.5% = ¥24.375; remote max(¥3.6, ¥180).
    assert.equal(surchargeMilli(surcharged, 195_000, 1000), 24_375 + 180_000);
    assert.equal(surchargeMilli(surcharged, 195_000, 22_000), 24_375 + 180_000, 'at 22 kg the overweight fee does not apply yet');
    assert.equal(surchargeMilli(surcharged, 195_000, 22_500), 24_375 + 180_000 + 95_000);
    assert.equal(surchargeMilli(surcharged, 195_000, 60_000), 24_375 + 216_000 + 95_000, 'per kg above the minimum');
  });
  test('the total is rounded up to the fen once, and a placeholder surcharge lowers the confidence', () => {
    const quote = quoteParcel(compileCard({ ...card, channels: [surcharged] }), fx, parcel(1000, [10, 10, 10]), 'US', 'CNY');
    assert.equal(quote.options[0]!.priceFen, Math.ceil((195_000 + 24_375 + 180_000) / 10));
    assert.equal(quote.options[0]!.confidence, 'low');
  });
});

describe('consolidation and money', () => {
  test('two lines in one parcel pay the first weight once', () => {
    const gb = compileCard({ ...card, channels: [channel('nswex-gb-express')] });
    const line = { weightGrams: 600, quantity: 1, attributes: [] };
    const alone = quoteParcel(gb, fx, estimateParcel([line], 1), 'GB', 'CNY').options[0]!;
    const together = quoteParcel(gb, fx, estimateParcel([line, line], 1), 'GB', 'CNY').options[0]!;
    assert.equal(alone.chargeableGrams, 1000);
    assert.equal(alone.priceFen, (355 + 65) * 100);
    assert.equal(together.chargeableGrams, 1500);
    assert.equal(together.priceFen, (355 + 2 * 65) * 100);
    assert.ok(together.priceFen < 2 * alone.priceFen);
  });
  test('FX: integer conversion through the snapshot, half up', () => {
    assert.equal(convertMinor(fx, 10_000, 'CNY', 'USD'), 1400);
    assert.equal(convertMinor(fx, 460, 'THB', 'CNY'), 100);
    assert.equal(convertMinor(fx, 1, 'CNY', 'USD'), 0);
    assert.equal(convertMinor(fx, 4, 'CNY', 'USD'), 1, '0.56 cents rounds to 1');
  });
  test('placeholder zones answer confidence "low", published ones "published"', () => {
    const us = quoteParcel(compiled, fx, parcel(800, [20, 15, 10]), 'US', 'CNY');
    assert.ok(us.options.length > 0);
    for (const o of us.options) assert.equal(o.confidence, 'low');
    const gb = quoteParcel(compiled, fx, parcel(800, [20, 15, 10]), 'GB', 'CNY');
    assert.equal(gb.options.find((o) => o.serviceId === 'nswex-gb-express')!.confidence, 'published');
  });
});

describe('rate-card validation names the field', () => {
  const bad = (mutate: (c: any) => void) => {
    const copy = structuredClone(sampleRateCard()) as any;
    mutate(copy);
    const parsed = parseRateCard(copy);
    assert.equal(parsed.ok, false);
    return parsed.ok ? '' : String(parsed.params?.field);
  };
  test('a missing, a wrongly typed and an inconsistent field', () => {
    assert.equal(
      bad((c) => delete c.channels[2].zones[0].tiers[0].toKg),
      'card.channels[2].zones[0].tiers[0].toKg',
    );
    assert.equal(
      bad((c) => (c.channels[0].volumetric.divisor = 'six')),
      'card.channels[0].volumetric.divisor',
    );
    assert.equal(
      bad((c) => (c.channels[1].zones[0].tiers[0].toKg = 0)),
      'card.channels[1].zones[0].tiers[0].toKg',
    );
    assert.equal(
      bad((c) => (c.channels[1].serviceId = c.channels[0].serviceId)),
      'card.channels[1].serviceId',
    );
    assert.equal(
      bad((c) => (c.channels[0].zones[0].source = 'somewhere')),
      'card.channels[0].zones[0].source',
    );
    assert.equal(
      bad((c) => (c.channels[0].refuses = ['plutonium'])),
      'card.channels[0].refuses[0]',
    );
    assert.equal(
      bad((c) => (c.channels[0].zones[0].countries = ['usa'])),
      'card.channels[0].zones[0].countries[0]',
    );
  });
  test('the shipped sample is valid and cites a source for every zone, surcharge and channel', () => {
    assert.equal(parseRateCard(sampleRateCard()).ok, true);
    for (const c of card.channels) {
      assert.match(c.source, /^(placeholder|https?:\/\/)/);
      for (const z of c.zones) assert.match(z.source, /^(placeholder|https?:\/\/)/);
    }
  });
});
