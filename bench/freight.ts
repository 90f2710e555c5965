/**
 * npm run bench:freight — W1 estimates against a generated rate card of 20 channels × 50
 * countries (5 zones of 10 countries, 3 tiers each, every volumetric rule in turn). Two phases:
 * the pure pricing function in process (a parcel quoted on every channel = one estimate), and
 * W1 through the whole route stack (signature check, validation, catalog lookup, active-card
 * read, envelope) with Fastify's inject on in-memory SQLite: no socket. The shipped sample card
 * is measured the same way in the same run, as the baseline the generated card is compared to.
 * Then the warehouse's daily storage job on BENCH_PARCELS stored parcels (bench/lib/storage-day.ts).
 * Prints tables. BENCH_PURE (estimates, 20000), BENCH_HTTP (requests, 1000), BENCH_PARCELS (10000).
 */
import {
  compileCard,
  compileFx,
  quoteParcel,
  RateCard,
  sampleFxSnapshot,
  sampleRateCard,
  type Parcel,
} from '../src/modules/freight/index.ts';
import { ADMIN_TOKEN } from '../test/helpers/harness.ts';
import { orderTestbed } from '../test/helpers/catalog.ts';
import { mib, ms, percentile } from './lib/stats.ts';
import { storageDayPhase } from './lib/storage-day.ts';

const PURE = Number(process.env.BENCH_PURE ?? 20_000);
const HTTP = Number(process.env.BENCH_HTTP ?? 1_000);
const PARCELS = Number(process.env.BENCH_PARCELS ?? 10_000);
const COUNTRIES = (
  'US CA MX BR AR CL CO PE GB IE FR DE ES IT PT NL BE LU CH AT PL CZ HU SE NO DK FI EE LV LT ' +
  'JP KR SG MY TH VN ID PH AU NZ AE SA IL TR ZA EG NG KE IN PK'
).split(' ');
const RULES = [{ rule: 'full' }, { rule: 'half' }, { rule: 'none' }, { rule: 'half', freeUntilKg: 10 }] as const;

/** 20 channels, each serving all 50 countries in 5 zones; numbers are synthetic (a benchmark, not a tariff). */
export function generatedCard(): RateCard {
  const channels = Array.from({ length: 20 }, (_, c) => ({
    serviceId: `bench-${c}`,
    companyName: `Bench line ${c}`,
    serviceCategory: 'AIR_SPECIAL_LINE' as const,
    cargoClasses: c % 3 === 0 ? (['general', 'sensitive'] as const) : (['general'] as const),
    refuses: c % 3 === 0 ? (['dangerous_goods'] as const) : (['battery_builtin', 'liquid', 'dangerous_goods'] as const),
    volumetric: { divisor: c % 2 ? 6000 : 5000, ...RULES[c % 4]!, ...(c % 5 === 0 ? { appliesWhen: { anySideCmGte: 40 } } : {}) },
    rounding: { unitKg: c % 2 ? 0.5 : 1 },
    minChargeableKg: 0.5,
    limits: { maxKgPerPiece: 30 + c, maxSideCm: 150 },
    surcharges: [{ code: 'fuel', percent: 10, source: 'placeholder' as const }],
    source: 'placeholder' as const,
    zones: Array.from({ length: 5 }, (_, z) => ({
      countries: COUNTRIES.slice(z * 10, z * 10 + 10),
      currency: 'CNY',
      transitDays: [3 + z, 8 + z] as [number, number],
      source: 'placeholder' as const,
      tiers: [
        { mode: 'first_step' as const, fromKg: 0, toKg: 5, first: { kg: 0.5, price: 40 + c + z }, step: { kg: 0.5, price: 12 } },
        { mode: 'first_step' as const, fromKg: 5, toKg: 20, first: { kg: 0.5, price: 40 + c + z }, step: { kg: 0.5, price: 11 } },
        { mode: 'item_per_kg' as const, fromKg: 20, toKg: 60, itemFee: 0, perKg: 20 + z },
      ],
    })),
  }));
  // In effect from the sample card's first day, so it quotes on the test clock's day as the sample does.
  const { effectiveFrom } = sampleRateCard() as { effectiveFrom: string };
  return RateCard.parse({ version: 'bench-20x50', effectiveFrom, packagingFactor: 1.1, channels });
}

function randomParcel(i: number): { parcel: Parcel; country: string } {
  const grams = 50 + ((i * 7919) % 35_000);
  const side = 10 + ((i * 31) % 90);
  const attributes = new Set(i % 7 === 0 ? (['battery_builtin'] as const) : []);
  return { parcel: { grams, sides: [side, Math.ceil(side / 2), Math.ceil(side / 3)], attributes }, country: COUNTRIES[i % 50]! };
}

function purePhase(card: RateCard): { perSecond: number; p50: number; p95: number } {
  const compiled = compileCard(card);
  const fx = compileFx(sampleFxSnapshot() as never);
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < PURE; i++) {
    const { parcel, country } = randomParcel(i);
    const t = performance.now();
    quoteParcel(compiled, fx, parcel, country, i % 2 ? 'USD' : 'CNY');
    times.push(performance.now() - t);
  }
  const total = performance.now() - started;
  return { perSecond: (PURE / total) * 1000, p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function httpPhase(card: RateCard): Promise<{ perSecond: number; p50: number; p95: number }> {
  const { h, products } = await orderTestbed({ rateLimitPerSecond: 1_000_000, rateLimitBurst: 1_000_000 }, 50);
  try {
    const loaded = await h.app.inject({
      method: 'POST',
      url: '/admin/freight/rate-card',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      payload: JSON.stringify(card),
    });
    if (loaded.json().code !== 200) throw new Error(`card refused: ${loaded.body}`);
    const dev = await h.developer();
    const times: number[] = [];
    const started = performance.now();
    for (let i = 0; i < HTTP; i++) {
      const product = products[i % products.length]!;
      const body = { itemId: product.itemId, skuId: product.skus[0]!.skuId, quantity: 1 + (i % 5), currency: 'USD', price: '1.00' };
      const t = performance.now();
      const answer = await h.call(dev, 'POST', '/v2/open/pp/logistics/itemLogisticsPrice', {
        ...body,
        receiverAddress: { country: COUNTRIES[i % 50] },
      });
      times.push(performance.now() - t);
      if (answer.code !== 200) throw new Error(`W1 answered ${answer.code} ${answer.msg}`);
    }
    const total = performance.now() - started;
    return { perSecond: (HTTP / total) * 1000, p50: percentile(times, 50), p95: percentile(times, 95) };
  } finally {
    await h.close();
  }
}

type Rate = { perSecond: number; p50: number; p95: number };
const row = (name: string, n: number, r: Rate) =>
  `| ${name.padEnd(34)} | ${String(n).padStart(6)} | ${r.perSecond.toFixed(0).padStart(10)} | ${ms(r.p50).padStart(7)} | ${ms(r.p95).padStart(7)} |`;
const ratio = (generated: Rate, sample: Rate) =>
  `${(generated.perSecond / sample.perSecond).toFixed(2)}× the throughput, p95 ${(generated.p95 / sample.p95).toFixed(2)}×`;

const card = generatedCard();
const sample = RateCard.parse(sampleRateCard());
const pure = purePhase(card);
const samplePure = purePhase(sample);
const http = await httpPhase(card);
const sampleHttp = await httpPhase(sample);
console.log(`W1 freight estimates, rate card ${card.version}: ${card.channels.length} channels × ${COUNTRIES.length} countries`);
console.log(`baseline: the sample card ${sample.version} (${sample.channels.length} channels)`);
console.log('| phase                              |      n | estimates/s | p50 ms | p95 ms |');
console.log('|------------------------------------|--------|------------|---------|---------|');
console.log(row('pricing function (in process)', PURE, pure));
console.log(row('  sample card baseline', PURE, samplePure));
console.log(row('W1 route stack (inject, SQLite)', HTTP, http));
console.log(row('  sample card baseline', HTTP, sampleHttp));
console.log(`generated vs sample: pricing ${ratio(pure, samplePure)}; W1 route ${ratio(http, sampleHttp)}`);

const storage = await storageDayPhase(PARCELS);
const perSecond = (n: number, elapsedMs: number) => ((n / elapsedMs) * 1000).toFixed(0);
console.log('');
console.log(`daily storage job: ${storage.parcels} STORED parcels of ${storage.developers} developers, stored 100 days ago`);
console.log(`(seeded in ${ms(storage.seedMs)} ms; ${process.env.PONTE_TEST_DB === 'postgres' ? 'PostgreSQL' : 'SQLite in memory'})`);
console.log('| run            |   time ms | parcels/s | fee days charged |');
console.log('|----------------|-----------|-----------|------------------|');
for (const [name, r] of [
  ['first', storage.first],
  ['same-day rerun', storage.rerun],
] as const)
  console.log(
    `| ${name.padEnd(14)} | ${ms(r.ms).padStart(9)} | ${perSecond(r.counts.parcels, r.ms).padStart(9)} | ${String(r.counts.charged).padStart(16)} |`,
  );
console.log(`peak RSS ${mib(storage.peakRssBytes)}`);
