import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { activeFx, activeRateCard, findRender, loadRateCard, RENDER_LIFETIME_MS, sampleRateCard } from '../src/modules/freight/index.ts';
import type { Ctx } from '../src/platform/context.ts';
import type { SourceProduct } from '../src/sources/source.ts';
import { orderTestbed } from './helpers/catalog.ts';
import { ADMIN_TOKEN, createHarness, type Harness } from './helpers/harness.ts';
import { US_RECEIVER as ADDRESS } from './helpers/fixtures-buyers.ts';

const W1 = '/v2/open/pp/logistics/itemLogisticsPrice';
const W2 = '/v2/open/pp/logistics/orderRenderFreight';

function ctxOf(h: Harness, dev: CreatedDeveloper): Ctx {
  return { ...h.ctx, developerId: dev.developerId, userId: dev.userId, rowsVisible: 'all', role: 'main', language: 'en' } as Ctx;
}

describe('W1 and W2 over HTTP', () => {
  let h: Harness;
  let dev: CreatedDeveloper;
  let products: SourceProduct[];
  before(async () => {
    const bed = await orderTestbed({}, 40);
    h = bed.h;
    products = bed.products;
    dev = await h.developer();
  });
  after(() => h.close());

  const w1 = (product: SourceProduct, extra: Record<string, unknown> = {}, path = W1) =>
    h.call(dev, 'POST', path, {
      itemId: product.itemId,
      skuId: product.skus[0]!.skuId,
      receiverAddress: ADDRESS,
      quantity: 1,
      currency: 'USD',
      price: '10.00',
      ...extra,
    });

  test('W1: every channel is an option (price, currency, days, chargeable weight) or excluded with its reason; v1 alias alike', async () => {
    const product = products[0]!;
    const answer = await w1(product);
    assert.equal(answer.code, 200, answer.msg);
    const { options, excluded, cardVersion } = answer.data;
    assert.equal(cardVersion, (sampleRateCard() as { version: string }).version);
    assert.ok(options.length > 0);
    for (const o of options) {
      assert.equal(o.currency, 'USD');
      assert.match(o.price, /^\d+\.\d{2}$/);
      assert.match(o.estimatedDays, /^\d+-\d+$/);
      assert.equal(o.chargeableWeight, o.chargeableWeightGrams / 1000);
    }
    // ePacket bills the actual gross weight to the gram, at least 50 g, up to 2 kg.
    const gross = Math.ceil(product.weightGrams * 1.1);
    const epacket = options.find((o: { serviceId: string }) => o.serviceId === 'epacket');
    if (gross <= 2000) assert.equal(epacket.chargeableWeightGrams, Math.max(50, gross));
    else assert.equal(epacket, undefined);
    const all = [...options.map((o: { serviceId: string }) => o.serviceId), ...excluded.map((e: { serviceId: string }) => e.serviceId)];
    assert.equal(new Set(all).size, (sampleRateCard() as { channels: unknown[] }).channels.length);
    assert.equal(excluded.find((e: { serviceId: string }) => e.serviceId === 'nswex-gb-express').reason, 'COUNTRY_NOT_SERVED');
    const v1 = await w1(product, {}, '/open/pp/logistics/itemLogisticsPrice');
    assert.deepEqual(v1.data, answer.data);
  });

  test('W1: more units weigh more; a battery excludes EMS; prices follow the asked currency', async () => {
    const product = products[1]!;
    const one = await w1(product, { currency: 'CNY' });
    const ten = await w1(product, { currency: 'CNY', quantity: 10 });
    const ems = (a: typeof one) => a.data.options.find((o: { serviceId: string }) => o.serviceId === 'ems-std');
    assert.ok(ems(ten).chargeableWeightGrams > ems(one).chargeableWeightGrams);
    assert.equal(ems(one).price, (ems(one).priceFen / 100).toFixed(2));
    const battery = await w1(product, { goodsAttributes: ['battery_builtin'] });
    assert.equal(battery.data.excluded.find((e: { serviceId: string }) => e.serviceId === 'ems-std').reason, 'CARGO_REFUSED');
  });

  test('W1 refusals: unknown country, unknown item or SKU, quantity 0 or huge, a currency without a rate', async () => {
    const product = products[2]!;
    assert.equal((await w1(product, { receiverAddress: { ...ADDRESS, country: 'XX' } })).code, 400);
    assert.equal((await w1(product, { receiverAddress: { ...ADDRESS, country: 'USA' } })).code, 400);
    assert.equal((await w1(product, { receiverAddress: { ...ADDRESS, country: 'us' } })).code, 200, 'case does not matter');
    const unserved = await w1(product, { receiverAddress: { ...ADDRESS, country: 'IS' } });
    assert.equal(unserved.code, 200);
    assert.deepEqual(unserved.data.options, []);
    assert.ok(unserved.data.excluded.every((e: { reason: string }) => e.reason === 'COUNTRY_NOT_SERVED'));
    assert.equal((await w1(product, { itemId: '999999999999' })).code, 404);
    assert.equal((await w1(product, { skuId: 'no-such-sku' })).code, 404);
    assert.equal((await w1(product, { quantity: 0 })).code, 400);
    assert.equal((await w1(product, { quantity: 10_001 })).code, 400);
    assert.equal((await w1(product, { quantity: 1e300 })).code, 400);
    const noRate = await w1(product, { currency: 'XAU' });
    assert.equal(noRate.code, 400);
    assert.match(noRate.msg, /currency/);
  });

  test('W2: lines consolidated, a renderId "FF…" stored for its lifetime, for its developer only', async () => {
    const [a, b] = [products[3]!, products[4]!];
    const item = (p: SourceProduct, quantity: number, serviceId = '') => ({
      itemId: p.itemId,
      skuId: p.skus[0]!.skuId,
      quantity,
      freightInfo: { serviceId, companyName: '', serviceCategory: '' },
      currency: 'CNY',
      price: '1.00',
    });
    const answer = await h.call(dev, 'POST', W2, { receiverAddress: ADDRESS, renderItems: [item(a, 1), item(b, 2, 'ems-std')] });
    assert.equal(answer.code, 200, answer.msg);
    assert.match(answer.data.renderId, /^FF\d+$/);
    assert.equal(answer.data.expireTime, h.ctx.clock.nowMs() + RENDER_LIFETIME_MS);
    const grams = Math.ceil((a.weightGrams + 2 * b.weightGrams) * 1.1);
    const epacket = answer.data.options.find((o: { serviceId: string }) => o.serviceId === 'epacket');
    if (grams <= 2000) assert.equal(epacket.chargeableWeightGrams, grams, 'ePacket bills the consolidated actual weight');

    const mine = await findRender(ctxOf(h, dev), answer.data.renderId);
    assert.equal(mine.ok, true);
    if (mine.ok)
      assert.deepEqual(
        mine.render.quote.options.map((o) => o.priceFen),
        answer.data.options.map((o: { priceFen: number }) => o.priceFen),
      );
    const stranger = await h.developer();
    assert.equal((await findRender(ctxOf(h, stranger), answer.data.renderId)).ok, false);
    h.clock.advance(RENDER_LIFETIME_MS - 1);
    assert.equal((await findRender(ctxOf(h, dev), answer.data.renderId)).ok, true, 'still alive 1 ms before the end');
    h.clock.advance(1);
    assert.equal((await findRender(ctxOf(h, dev), answer.data.renderId)).ok, false, 'expired');

    const badChannel = await h.call(dev, 'POST', W2, { receiverAddress: ADDRESS, renderItems: [item(a, 1, 'no-such-line')] });
    assert.equal(badChannel.code, 400);
    assert.match(badChannel.msg, /renderItems\[0\]\.freightInfo\.serviceId/);
    assert.equal((await h.call(dev, 'POST', W2, { receiverAddress: ADDRESS, renderItems: [] })).code, 400);
    const mixed = await h.call(dev, 'POST', W2, {
      receiverAddress: ADDRESS,
      renderItems: [item(a, 1), { ...item(b, 1), currency: 'USD' }],
    });
    assert.equal(mixed.code, 400);
    assert.match(mixed.msg, /renderItems\[1\]\.currency/);
    assert.equal(
      (await h.call(dev, 'POST', '/open/pp/logistics/orderRenderFreight', { receiverAddress: ADDRESS, renderItems: [item(a, 1)] })).code,
      200,
    );
  });

  test('an operator loads a new card without a deploy; a bad one is refused naming the field and changes nothing', async () => {
    const admin = (url: string, body: unknown) =>
      h.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    const card = structuredClone(sampleRateCard()) as any;
    card.version = 'ops-2';
    card.channels[0].zones[0].countries.push('IS');
    const broken = structuredClone(card);
    broken.channels[0].rounding = { unitKg: -1 };
    const refused = (await admin('/admin/freight/rate-card', broken)).json();
    assert.equal(refused.code, 400);
    assert.match(refused.msg, /card\.channels\[0\]\.rounding\.unitKg/);
    assert.equal((await w1(products[5]!, { receiverAddress: { ...ADDRESS, country: 'IS' } })).data.options.length, 0);
    const loaded = (await admin('/admin/freight/rate-card', card)).json();
    assert.equal(loaded.code, 200, loaded.msg);
    const after = await w1(products[5]!, { receiverAddress: { ...ADDRESS, country: 'IS' } });
    assert.equal(after.data.cardVersion, 'ops-2');
    assert.deepEqual(
      after.data.options.map((o: { serviceId: string }) => o.serviceId),
      [card.channels[0].serviceId],
    );
    card.channels[0].companyName = 'changed';
    assert.equal((await admin('/admin/freight/rate-card', card)).json().code, 400, 'a stored version never changes content');
    assert.equal((await h.app.inject({ method: 'POST', url: '/admin/freight/rate-card', payload: {} })).json().code !== 200, true);
  });
});

describe('first use stores the shipped sample once, even when quotes race', () => {
  test('concurrent first reads of the active card and FX snapshot', async () => {
    const h = await createHarness();
    try {
      const cards = await Promise.all([1, 2, 3, 4].map(() => activeRateCard(h.ctx)));
      const rates = await Promise.all([1, 2, 3, 4].map(() => activeFx(h.ctx)));
      assert.deepEqual(new Set(cards.map((c) => c.card.version)), new Set([(sampleRateCard() as { version: string }).version]));
      assert.equal(new Set(rates.map((r) => r.asOf)).size, 1);
      const stored = await h.db.kysely.selectFrom('freight_rate_cards').select(['version', 'active']).execute();
      assert.deepEqual(
        stored.map((r) => Number(r.active)),
        [1],
      );
      assert.equal((await h.db.kysely.selectFrom('freight_fx_snapshots').select('as_of').execute()).length, 1);
    } finally {
      await h.close();
    }
  });

  test('operators loading different cards at once each get their own place in the load order; the last one quotes', async () => {
    const h = await createHarness();
    try {
      const cards = ['race-1', 'race-2', 'race-3', 'race-4'].map((version) => ({ ...(sampleRateCard() as object), version }));
      const loaded = await Promise.all(cards.map((card) => loadRateCard(h.ctx, card)));
      assert.ok(loaded.every((l) => l.ok));
      const rows = await h.db.kysely.selectFrom('freight_rate_cards').select(['version', 'loaded_at']).orderBy('loaded_at').execute();
      assert.equal(new Set(rows.map((r) => Number(r.loaded_at))).size, 4, 'one order, even within one millisecond');
      assert.equal((await activeRateCard(h.ctx)).card.version, rows.at(-1)!.version);
    } finally {
      await h.close();
    }
  });
});
