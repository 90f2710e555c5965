import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_DUTY_TABLE, toFen } from '../src/modules/duty/index.ts';
import { compileFx, convertMinor, FxSnapshot, sampleFxSnapshot } from '../src/modules/freight/index.ts';
import { computeQuerySign } from '../src/platform/auth/index.ts';
import { codeOf } from '../src/platform/errors.ts';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { ADMIN_TOKEN, createHarness, type Harness } from './helpers/harness.ts';
import { freshDatabase, onPostgres, type TestDb } from './helpers/db.ts';
import { ponte, tempDataDir } from './helpers/process.ts';

const V2 = '/v2/open/pp/logistics/landedCost';
const V1 = '/open/pp/logistics/landedCost';
// A fresh install converts with the shipped FX snapshot of the freight module (the one FX store).
const fx = compileFx(FxSnapshot.parse(sampleFxSnapshot()));
const fen = (amount: number, currency: 'USD') => toFen(fx, amount, currency);
const brParcel = (date = '2025-01-01') => ({
  destination: 'BR',
  date,
  items: [{ amount: fen(40, 'USD'), quantity: 1 }],
  internationalFreight: 0,
});

describe('landed cost over HTTP', () => {
  let h: Harness;
  let dev: CreatedDeveloper;
  before(async () => {
    h = await createHarness();
    dev = await h.developer();
  });
  after(() => h.close());

  const admin = (body: unknown) =>
    h.app.inject({
      method: 'POST',
      url: '/admin/duty/table',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  test('every component, the rules applied, FX at the edge, confidence and disclaimer', async () => {
    const body = { ...brParcel(), domesticFreight: 800, serviceFees: 500, internationalFreight: 3000, insurance: 200 };
    const answer = await h.call(dev, 'POST', V2, body);
    assert.equal(answer.code, 200, answer.msg);
    const d = answer.data;
    const cif = body.items[0]!.amount + 800 + 3000 + 200;
    assert.equal(d.goods.fen, body.items[0]!.amount);
    assert.equal(d.duty.fen, Math.floor((cif * 20_000 + 50_000) / 100_000), 'CIF under US$50: 20 %');
    assert.equal(d.total.fen, cif + 500 + d.duty.fen + d.tax.fen);
    assert.equal(d.currency, 'BRL');
    assert.equal(Number(d.duty.local), convertMinor(fx, d.duty.fen, 'CNY', 'BRL') / 100);
    assert.equal(d.fxAsOf, fx.asOf);
    assert.equal(d.appliedRules[0].regime, 'BR_REMESSA_CONFORME');
    assert.equal(d.appliedRules[0].threshold.basis, 'CIF');
    assert.equal(d.appliedRules[1].percent, 17);
    assert.equal(d.confidence, 'medium');
    assert.match(d.disclaimer, /estimate/);
    assert.equal(d.tableVersion, 1, 'the migration seeded the shipped table as version 1');
  });

  test('the date defaults to the business day; the v1 path answers the same', async () => {
    const { date: _date, ...undated } = brParcel();
    const answer = await h.call(dev, 'POST', V1, undated);
    assert.equal(answer.code, 200);
    assert.equal(answer.data.date, new Date(h.clock.nowMs()).toISOString().slice(0, 10));
  });

  test('signed by the query form too', async () => {
    const pairs: Array<[string, string]> = [
      ['access-key', dev.accessKey],
      ['user-id', dev.userId],
      ['timestamp', String(h.clock.nowMs())],
      ['nonce-str', 'landed-cost-query-0001'],
    ];
    const payload = JSON.stringify(brParcel());
    const url = `${V2}?${new URLSearchParams([...pairs, ['sign', computeQuerySign(pairs, dev.accessSecret)]])}`;
    const answer = await h.app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } });
    assert.equal(answer.json().code, 200);
    const unsigned = await h.app.inject({ method: 'POST', url: V2, payload, headers: { 'content-type': 'application/json' } });
    assert.equal(unsigned.json().code, codeOf('ACCESS_KEY_INVALID'));
  });

  test('an unknown destination and a date without a rule are bad parameters naming the field', async () => {
    const unknown = await h.call(dev, 'POST', V2, { ...brParcel(), destination: 'ZZ' }, { headers: { 'accept-language': 'en' } });
    assert.equal(unknown.code, codeOf('BAD_PARAMETER'));
    assert.match(unknown.msg, /destination/);
    const early = await h.call(dev, 'POST', V2, { ...brParcel('2020-01-01') }, { headers: { 'accept-language': 'en' } });
    assert.match(early.msg, /date/);
  });

  test('the admin load refuses a bad table naming the field, and a good one takes effect at once', async () => {
    const bad = JSON.parse(JSON.stringify(DEFAULT_DUTY_TABLE));
    bad.destinations.BR.rules[1].tax.percent = 'seventeen';
    const refused = (await admin(bad)).json();
    assert.equal(refused.code, codeOf('BAD_PARAMETER'));
    assert.match(refused.msg, /destinations\.BR\.rules\[1\]\.tax\.percent/);
    assert.equal((await h.call(dev, 'POST', V2, brParcel())).data.tableVersion, 1, 'nothing changed');

    const edited: typeof DEFAULT_DUTY_TABLE = JSON.parse(JSON.stringify(DEFAULT_DUTY_TABLE));
    edited.destinations.BR!.rules[1]!.tax.percent = 18;
    const loaded = (await admin(edited)).json();
    assert.equal(loaded.code, 200);
    assert.equal(loaded.data.version, 2);
    const answer = await h.call(dev, 'POST', V2, brParcel());
    assert.equal(answer.data.tableVersion, 2);
    assert.equal(answer.data.appliedRules[1].percent, 18);
    assert.equal(answer.data.tax.fen, Math.floor(((answer.data.goods.fen + answer.data.duty.fen) * 18_000 + 50_000) / 100_000));
    const noToken = await h.app.inject({
      method: 'POST',
      url: '/admin/duty/table',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(edited),
    });
    assert.equal(noToken.json().code, codeOf('ADMIN_TOKEN_INVALID'));
  });

  test('loads racing for the next version each get their own, and exactly one table is active', async () => {
    const answers = await Promise.all(Array.from({ length: 4 }, () => admin(DEFAULT_DUTY_TABLE)));
    const versions = answers.map((a) => a.json().data.version as number).sort((x, y) => x - y);
    assert.equal(new Set(versions).size, 4, `distinct versions: ${versions}`);
    const active = await h.ctx.db.selectFrom('duty_tables').select('version').where('active', '=', 1).execute();
    assert.deepEqual(
      active.map((r) => Number(r.version)),
      [versions.at(-1)],
    );
  });
});

describe('ponte duty load FILE', () => {
  let testDb: TestDb | null = null;
  let env: Record<string, string>;
  before(async () => {
    const dataDir = tempDataDir();
    testDb = onPostgres ? await freshDatabase() : null;
    env = { ...(testDb?.env ?? {}), PONTE_DATA_DIR: dataDir };
  });
  after(() => testDb?.drop());

  test('a bad file is refused naming the field; a good one becomes the next version', async () => {
    const dir = tempDataDir();
    const bad = JSON.parse(JSON.stringify(DEFAULT_DUTY_TABLE));
    bad.destinations.VN.rules[0].from = 'soon';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    await assert.rejects(ponte(['duty', 'load', join(dir, 'bad.json')], env), /destinations\.VN\.rules\[0\]\.from/);
    writeFileSync(join(dir, 'good.json'), JSON.stringify(DEFAULT_DUTY_TABLE));
    const out = JSON.parse(await ponte(['duty', 'load', join(dir, 'good.json'), '--json'], env));
    assert.equal(out.version, 2);
    const shown = JSON.parse(await ponte(['duty', 'show'], env));
    assert.equal(shown.version, 2);
    assert.deepEqual(Object.keys(shown.table.destinations).sort(), Object.keys(DEFAULT_DUTY_TABLE.destinations).sort());
  });
});
