import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DEFAULT_SERVICE_PRICES,
  DEFAULT_STORAGE_POLICY,
  priceServices,
  quoteServices,
  type ServicePrice,
} from '../src/modules/warehouse/index.ts';
import { ADMIN_TOKEN, createHarness, type Harness } from './helpers/harness.ts';
import { fund, insertStoredParcels } from './helpers/storage-bed.ts';

const basis = { declaredFen: 100_000, volumeCm3: 60_000, parcels: 3 };
const prices: ServicePrice[] = [
  { code: 'photo', name: 'Photo', unit: 'per_photo', priceFen: 150, source: 'test' },
  { code: 'wrap', name: 'Wrap', unit: 'per_parcel', priceFen: 800, source: 'test' },
  { code: 'rehearse', name: 'Rehearse', unit: 'per_shipment', priceFen: 2000, source: 'test' },
  { code: 'insure', name: 'Insure', unit: 'percent_of_declared', basisPoints: 150, priceFen: 2000, source: 'test' },
  { code: 'crate', name: 'Crate', unit: 'per_0_1_cbm', firstFen: 4000, priceFen: 2500, source: 'test' },
];
const one = (code: string, quantity: number, b = basis) => {
  const quoted = priceServices(prices, [{ code, quantity }], b, 'services');
  assert.ok(quoted.ok, JSON.stringify(quoted));
  return quoted.lines[0]!.amountFen;
};

describe('value-added service prices', () => {
  test('each unit has its rule', () => {
    assert.equal(one('photo', 4), 600);
    assert.equal(one('wrap', 2), 1600, 'per parcel treated');
    assert.equal(one('rehearse', 1), 2000);
    assert.equal(one('insure', 1), 2000, '1.5 % of ¥1000 is ¥15: the ¥20 minimum applies');
    assert.equal(one('insure', 1, { ...basis, declaredFen: 1_000_001 }), 15_001, '1.5 % rounded up to the fen');
    assert.equal(one('crate', 1, { ...basis, volumeCm3: 1 }), 4000, 'any volume pays the first 0.1 m³');
    assert.equal(one('crate', 1, { ...basis, volumeCm3: 100_000 }), 4000);
    assert.equal(one('crate', 1, { ...basis, volumeCm3: 100_001 }), 6500, 'a started further 0.1 m³');
    assert.equal(one('crate', 1, { ...basis, volumeCm3: 350_000 }), 4000 + 3 * 2500);
  });

  test('lines and total; the default list prices every code it has', () => {
    const quoted = priceServices(
      prices,
      [
        { code: 'photo', quantity: 2 },
        { code: 'insure', quantity: 1 },
      ],
      basis,
      'services',
    );
    assert.deepEqual(quoted, {
      ok: true,
      totalFen: 2300,
      lines: [
        { code: 'photo', name: 'Photo', unit: 'per_photo', quantity: 2, amountFen: 300 },
        { code: 'insure', name: 'Insure', unit: 'percent_of_declared', quantity: 1, amountFen: 2000 },
      ],
    });
    for (const price of DEFAULT_SERVICE_PRICES) {
      const priced = priceServices(DEFAULT_SERVICE_PRICES, [{ code: price.code, quantity: 1 }], basis, 's');
      assert.ok(priced.ok && priced.totalFen > 0, price.code);
    }
  });

  test('refusals name the field the client sent', () => {
    const refused = (requested: { code: string; quantity: number }[]) => priceServices(prices, requested, basis, 'services');
    assert.deepEqual(
      refused([
        { code: 'photo', quantity: 1 },
        { code: 'gold', quantity: 1 },
      ]),
      {
        ok: false,
        error: 'BAD_PARAMETER',
        params: { field: 'services[1].code', rule: 'is not a service code (photo, wrap, rehearse, insure, crate)' },
      },
    );
    const field = (requested: { code: string; quantity: number }[]) => {
      const answer = refused(requested);
      return answer.ok ? null : answer.params?.field;
    };
    assert.equal(
      field([
        { code: 'photo', quantity: 1 },
        { code: 'photo', quantity: 1 },
      ]),
      'services[1].code',
    );
    assert.equal(field([{ code: 'photo', quantity: 0 }]), 'services[0].quantity');
    assert.equal(field([{ code: 'photo', quantity: 1.5 }]), 'services[0].quantity');
    assert.equal(field([{ code: 'wrap', quantity: 4 }]), 'services[0].quantity', 'more parcels than travel');
    assert.equal(field([{ code: 'rehearse', quantity: 2 }]), 'services[0].quantity');
  });
});

describe('warehouse settings and the price read over HTTP', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  const admin = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const response = await h.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return response.json() as { code: number; msg: string; data: any };
  };

  test('the developer read shows the prices and the storage terms generated from the policy', async () => {
    const dev = await h.developer();
    for (const path of ['/v2/open/pp/logistics/servicePrices', '/open/pp/logistics/servicePrices']) {
      const answer = await h.call(dev, 'POST', path, {});
      assert.equal(answer.code, 200, answer.msg);
      assert.equal(answer.data.services.length, DEFAULT_SERVICE_PRICES.length);
      const crate = answer.data.services.find((s: { code: string }) => s.code === 'wooden_crate');
      assert.deepEqual(crate, { code: 'wooden_crate', name: 'Wooden crate', unit: 'per_0_1_cbm', priceFen: 2419, firstFenPer0_1Cbm: 4032 });
      assert.match(
        answer.data.storage.terms,
        /^free for 90 days, then ¥0\.10 per parcel per day; reminder on day 150; abandoned on day 180/,
      );
    }
  });

  test('admins replace the policy and the prices; bad documents answer 400 naming the field and change nothing', async () => {
    assert.deepEqual((await admin('GET', '/admin/warehouse/storage-policy')).data, DEFAULT_STORAGE_POLICY);
    const policy = { ...DEFAULT_STORAGE_POLICY, freeDays: 30, feeFenPerParcelPerDay: 25 };
    assert.deepEqual((await admin('POST', '/admin/warehouse/storage-policy', policy)).data, policy);
    const inverted = await admin('POST', '/admin/warehouse/storage-policy', { ...policy, abandonDay: 100, reminderDay: 120 });
    assert.equal(inverted.code, 400);
    assert.match(inverted.msg, /abandonDay/);
    const negative = await admin('POST', '/admin/warehouse/storage-policy', { ...policy, feeFenPerParcelPerDay: -1 });
    assert.equal(negative.code, 400);
    assert.match(negative.msg, /feeFenPerParcelPerDay/);
    assert.deepEqual((await admin('GET', '/admin/warehouse/storage-policy')).data, policy);
    const dev = await h.developer();
    const terms = (await h.call(dev, 'POST', '/v2/open/pp/logistics/servicePrices', {})).data.storage.terms;
    assert.match(terms, /^free for 30 days, then ¥0\.25 per parcel per day/);

    const repeated = await admin('POST', '/admin/warehouse/service-prices', [prices[0], prices[1], prices[0]]);
    assert.equal(repeated.code, 400);
    assert.match(repeated.msg, /\[2\]\.code/);
    const badUnit = await admin('POST', '/admin/warehouse/service-prices', [{ ...prices[0], unit: 'per_kg' }]);
    assert.equal(badUnit.code, 400);
    assert.match(badUnit.msg, /\[0\]\.unit/);
    assert.equal((await admin('GET', '/admin/warehouse/service-prices')).data.length, DEFAULT_SERVICE_PRICES.length);
    assert.deepEqual((await admin('POST', '/admin/warehouse/service-prices', prices)).data, prices);
    const quoted = await quoteServices(h.ctx, [{ code: 'crate', quantity: 1 }], basis, 'services');
    assert.ok(quoted.ok && quoted.totalFen === 4000, 'quoteServices reads the saved list');
    await admin('POST', '/admin/warehouse/storage-policy', DEFAULT_STORAGE_POLICY);
    await admin('POST', '/admin/warehouse/service-prices', DEFAULT_SERVICE_PRICES);
  });

  test('the admin run charges the day and a second run the same day charges nothing', async () => {
    const dev = await h.developer();
    await fund(h.ctx, dev, 1_000);
    await insertStoredParcels(h.ctx, dev.developerId, { count: 2, storedAtMs: h.clock.nowMs() - 91 * 86_400_000 });
    const first = await admin('POST', '/admin/warehouse/storage/run');
    assert.equal(first.code, 200, first.msg);
    assert.deepEqual([first.data.parcels, first.data.charged, first.data.unpaid], [2, 4, 0]);
    const again = await admin('POST', '/admin/warehouse/storage/run');
    assert.deepEqual([again.data.parcels, again.data.charged], [2, 0]);
    const unsigned = await h.app.inject({ method: 'POST', url: '/admin/warehouse/storage/run' });
    assert.equal(unsigned.json().code, 411, 'ADMIN_TOKEN_INVALID');
  });
});
