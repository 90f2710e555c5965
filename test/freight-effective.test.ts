/**
 * Rate-card effective dates: the card that quotes at an instant is the one whose
 * [effectiveFrom, effectiveTo) holds its Asia/Shanghai date, the one loaded last among
 * overlapping ones; a day no card covers answers NO_RATE_CARD. Both databases (PONTE_TEST_DB).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { activeRateCard, rateCardAt, sampleRateCard } from '../src/modules/freight/index.ts';
import { codeOf } from '../src/platform/errors.ts';
import type { SourceProduct } from '../src/sources/source.ts';
import { orderTestbed } from './helpers/catalog.ts';
import { ADMIN_TOKEN, type Harness } from './helpers/harness.ts';

const W1 = '/v2/open/pp/logistics/itemLogisticsPrice';
const W2 = '/v2/open/pp/logistics/orderRenderFreight';
const ADDRESS = { name: 'A Buyer', country: 'US', state: 'CA', city: 'LA', zip: '90001', address: '1 Main St' };
/** 00:00 on 2026-12-01 in Asia/Shanghai (UTC+8). */
const DEC_1_SHANGHAI = Date.UTC(2026, 10, 30, 16, 0, 0);

function card(version: string, effectiveFrom: string, effectiveTo?: string): Record<string, unknown> {
  return { ...(sampleRateCard() as object), version, effectiveFrom, ...(effectiveTo ? { effectiveTo } : {}) };
}

interface Bed {
  h: Harness;
  dev: CreatedDeveloper;
  product: SourceProduct;
}

async function bed(): Promise<Bed> {
  const { h, products } = await orderTestbed({}, 3);
  return { h, dev: await h.developer(), product: products[0]! };
}

const admin = (h: Harness, method: 'GET' | 'POST', url: string, body?: unknown) =>
  h.app
    .inject({
      method,
      url,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'accept-language': 'en' },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    })
    .then((r) => r.json());

const load = async (h: Harness, body: unknown) => {
  const answer = await admin(h, 'POST', '/admin/freight/rate-card', body);
  assert.equal(answer.code, 200, answer.msg);
};

async function quote({ h, dev, product }: Bed, path = W1) {
  const body =
    path === W1
      ? { itemId: product.itemId, skuId: product.skus[0]!.skuId, receiverAddress: ADDRESS, quantity: 1, currency: 'USD', price: '1.00' }
      : {
          receiverAddress: ADDRESS,
          renderItems: [
            { itemId: product.itemId, skuId: product.skus[0]!.skuId, quantity: 1, currency: 'USD', price: '1.00', freightInfo: {} },
          ],
        };
  return h.call(dev, 'POST', path, body, { headers: { 'accept-language': 'en' } });
}

describe('a card loaded for the future waits for its first day (00:00 Asia/Shanghai)', () => {
  let b: Bed;
  before(async () => {
    b = await bed();
  });
  after(() => b.h.close());

  test("today's card keeps quoting until the future card's day; W1 and W2 name the card they used", async () => {
    await load(b.h, card('now', '2026-11-01'));
    await load(b.h, card('december', '2026-12-01'));
    b.h.clock.set(DEC_1_SHANGHAI - 1);
    const before = await quote(b);
    assert.equal(before.code, 200, before.msg);
    assert.equal(before.data.cardVersion, 'now', 'the last millisecond of 30 November in Shanghai');
    const listed = await admin(b.h, 'GET', '/admin/freight/rate-cards');
    assert.equal(listed.code, 200, listed.msg);
    assert.equal(listed.data.date, '2026-11-30');
    assert.equal(listed.data.quoting, 'now');
    assert.deepEqual(
      listed.data.cards.map((c: { version: string; effectiveFrom: string; effectiveTo: string | null; quotesNow: boolean }) => [
        c.version,
        c.effectiveFrom,
        c.effectiveTo,
        c.quotesNow,
      ]),
      [
        ['now', '2026-11-01', null, false],
        ['december', '2026-12-01', null, false],
      ].map(([v, f, t]) => [v, f, t, v === 'now']),
    );

    b.h.clock.set(DEC_1_SHANGHAI);
    const after = await quote(b);
    assert.equal(after.data.cardVersion, 'december', '00:00 on 1 December in Shanghai (16:00 UTC the day before)');
    const render = await quote(b, W2);
    assert.equal(render.code, 200, render.msg);
    assert.equal(render.data.cardVersion, 'december');
    const row = await b.h.db.kysely
      .selectFrom('freight_renders')
      .select('card_version')
      .where('id', '=', render.data.renderId)
      .executeTakeFirstOrThrow();
    assert.equal(row.card_version, 'december');
    assert.equal((await activeRateCard(b.h.ctx)).card.version, 'december', 'weighing reads the same card');
    assert.equal((await admin(b.h, 'GET', '/admin/freight/rate-cards')).data.quoting, 'december');
  });

  test('the list is for operators only', async () => {
    const anonymous = await b.h.app.inject({ method: 'GET', url: '/admin/freight/rate-cards' });
    assert.equal(anonymous.json().code, codeOf('ADMIN_TOKEN_INVALID'));
    const signed = await b.h.call(b.dev, 'GET', '/admin/freight/rate-cards', undefined);
    assert.notEqual(signed.code, 200, 'a developer signature is not an admin token');
  });
});

describe('overlapping cards: the one loaded last quotes', () => {
  let b: Bed;
  before(async () => {
    b = await bed();
  });
  after(() => b.h.close());

  test('a later, narrower card wins inside its period; outside it the wider one quotes; reloading a version moves it last', async () => {
    await load(b.h, card('wide', '2026-01-01'));
    await load(b.h, card('promo', '2026-11-20', '2026-12-10'));
    const at = async (ms: number) => {
      const found = await rateCardAt(b.h.ctx, ms);
      assert.ok(found.ok);
      return found.compiled.card.version;
    };
    assert.equal(await at(Date.UTC(2026, 10, 19, 15, 59, 59)), 'wide', '23:59:59 on 19 November in Shanghai');
    assert.equal(await at(Date.UTC(2026, 10, 19, 16, 0, 0)), 'promo');
    assert.equal(await at(Date.UTC(2026, 11, 9, 15, 59, 59)), 'promo', 'effectiveTo is exclusive');
    assert.equal(await at(Date.UTC(2026, 11, 9, 16, 0, 0)), 'wide');
    assert.equal((await quote(b)).data.cardVersion, 'promo', 'the harness clock is 28 November');
    await load(b.h, card('wide', '2026-01-01'));
    assert.equal((await quote(b)).data.cardVersion, 'wide', 'loaded again: now the last loaded');
    assert.equal((await admin(b.h, 'GET', '/admin/freight/rate-cards')).data.quoting, 'wide');
  });
});

describe('a day no card covers', () => {
  let b: Bed;
  before(async () => {
    b = await bed();
  });
  after(() => b.h.close());

  test('W1 and W2 answer NO_RATE_CARD naming the Shanghai date; nothing is stored; the list says no card quotes', async () => {
    await load(b.h, card('november', '2026-11-01', '2026-12-01'));
    assert.equal((await quote(b)).data.cardVersion, 'november');
    b.h.clock.set(DEC_1_SHANGHAI);
    for (const path of [W1, W2]) {
      const answer = await quote(b, path);
      assert.equal(answer.code, codeOf('NO_RATE_CARD'), path);
      assert.match(answer.msg, /2026-12-01/);
    }
    assert.equal((await b.h.db.kysely.selectFrom('freight_renders').select('id').execute()).length, 0);
    const listed = await admin(b.h, 'GET', '/admin/freight/rate-cards');
    assert.equal(listed.data.quoting, null);
    assert.equal(listed.data.cards.length, 1, 'the sample is stored only when no card ever was');
    await assert.rejects(activeRateCard(b.h.ctx), /no rate card is in effect on 2026-12-01/);
    await load(b.h, card('december', '2026-12-01'));
    assert.equal((await quote(b)).data.cardVersion, 'december', 'loading a card closes the gap at once');
  });

  test('a card whose period ends before it starts is refused naming effectiveTo', async () => {
    const refused = await admin(b.h, 'POST', '/admin/freight/rate-card', card('backwards', '2026-12-10', '2026-12-10'));
    assert.equal(refused.code, codeOf('BAD_PARAMETER'));
    assert.match(refused.msg, /card\.effectiveTo/);
  });
});
