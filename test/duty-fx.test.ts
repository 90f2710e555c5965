/**
 * The duty table and the freight module share one FX store: the estimate converts with the
 * snapshot of its date and names it; neither a duty table nor an FX snapshot can be loaded that
 * would leave an estimate without a rate.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { DEFAULT_DUTY_TABLE } from '../src/modules/duty/index.ts';
import { sampleFxSnapshot } from '../src/modules/freight/index.ts';
import { codeOf } from '../src/platform/errors.ts';
import { ADMIN_TOKEN, createHarness, type Harness } from './helpers/harness.ts';

const LANDED = '/v2/open/pp/logistics/landedCost';
const sample = sampleFxSnapshot() as { asOf: string; source: string; perCny: Record<string, number> };

describe('one FX store for freight and duty', () => {
  let h: Harness;
  let dev: CreatedDeveloper;
  before(async () => {
    h = await createHarness();
    dev = await h.developer();
  });
  after(() => h.close());

  const admin = (url: string, body: unknown) =>
    h.app
      .inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'accept-language': 'en' },
        payload: JSON.stringify(body),
      })
      .then((r) => r.json());
  const landed = (date: string) =>
    h.call(dev, 'POST', LANDED, { destination: 'BR', date, items: [{ amount: 10_000, quantity: 1 }] }).then((a) => {
      assert.equal(a.code, 200, a.msg);
      return a.data;
    });

  test('the estimate converts with the snapshot of its date (latest asOf on or before it, else the latest) and names it', async () => {
    assert.equal((await landed('2025-01-01')).fxAsOf, sample.asOf, 'nothing dated before: the latest');
    const mid = { asOf: '2025-06-01', source: 'https://example.com/rates', perCny: { ...sample.perCny, BRL: 0.8 } };
    assert.equal((await admin('/admin/freight/fx-snapshot', mid)).code, 200);
    const june = await landed('2025-06-01');
    assert.equal(june.fxAsOf, '2025-06-01', 'the day of its asOf');
    assert.equal(june.fx.perCny, 0.8);
    assert.equal(june.fx.placeholder, false);
    assert.equal((await landed('2025-05-31')).fxAsOf, sample.asOf, 'the day before: none dated on or before → the latest');
    assert.equal((await landed('2026-12-25')).fxAsOf, sample.asOf);
    assert.equal((await landed('2026-12-25')).fx.placeholder, true);
  });

  test('an FX snapshot lacking a currency of the active duty table is refused naming it; nothing is stored', async () => {
    const { BRL: _brl, ...rest } = sample.perCny;
    const refused = await admin('/admin/freight/fx-snapshot', { asOf: '2026-12-15', source: 'placeholder', perCny: rest });
    assert.equal(refused.code, codeOf('BAD_PARAMETER'));
    assert.match(refused.msg, /fx\.perCny\.BRL/);
    assert.match(refused.msg, /duty table version 1/);
    const stored = await h.db.kysely.selectFrom('freight_fx_snapshots').select('as_of').where('as_of', '=', '2026-12-15').execute();
    assert.equal(stored.length, 0);
  });

  test('a duty table naming a currency some stored snapshot lacks is refused naming the field', async () => {
    const { GBP: _gbp, ...noPound } = sample.perCny;
    assert.equal((await admin('/admin/freight/fx-snapshot', { asOf: '2024-01-01', source: 'placeholder', perCny: noPound })).code, 200);
    const table = structuredClone(DEFAULT_DUTY_TABLE);
    table.destinations.GB = { ...structuredClone(table.destinations.DE!), name: 'United Kingdom', currency: 'GBP' };
    const refused = await admin('/admin/duty/table', table);
    assert.equal(refused.code, codeOf('BAD_PARAMETER'));
    assert.match(refused.msg, /destinations\.GB\.currency/);
    assert.match(refused.msg, /2024-01-01/);
    const active = await h.db.kysely.selectFrom('duty_tables').select('version').where('active', '=', 1).execute();
    assert.deepEqual(
      active.map((r) => Number(r.version)),
      [1],
      'nothing changed',
    );
  });

  test('an old duty table that still carries its own fx is accepted; the fx is ignored and the answer says so', async () => {
    const old = { ...structuredClone(DEFAULT_DUTY_TABLE), fx: { asOf: '2020-01-01', placeholder: true, source: 'x', perCny: { BRL: 99 } } };
    const loaded = await admin('/admin/duty/table', old);
    assert.equal(loaded.code, 200, loaded.msg);
    assert.deepEqual(loaded.data.ignored, ['fx']);
    const body = await h.db.kysely
      .selectFrom('duty_tables')
      .select('body')
      .where('version', '=', loaded.data.version)
      .executeTakeFirstOrThrow();
    assert.equal('fx' in JSON.parse(body.body), false);
    const estimate = await landed('2026-12-25');
    assert.equal(estimate.tableVersion, loaded.data.version);
    assert.notEqual(estimate.fx.perCny, 99, 'the stored snapshots convert, not the ignored fx');
  });
});

describe('a duty table and an FX snapshot loaded at once cannot pass each other', () => {
  test('a table that needs GBP and a snapshot without GBP, racing: exactly one is stored', async () => {
    const h = await createHarness();
    try {
      const { GBP: _gbp, ...noPound } = sample.perCny;
      const table = structuredClone(DEFAULT_DUTY_TABLE);
      table.destinations.GB = { ...structuredClone(table.destinations.DE!), name: 'United Kingdom', currency: 'GBP' };
      const post = (url: string, body: unknown) =>
        h.app
          .inject({
            method: 'POST',
            url,
            headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
            payload: JSON.stringify(body),
          })
          .then((r) => r.json().code as number);
      // The sample snapshot is stored first, so the table alone would pass, and the snapshot alone too.
      await post('/admin/freight/fx-snapshot', sample);
      const codes = await Promise.all([
        post('/admin/duty/table', table),
        post('/admin/freight/fx-snapshot', { asOf: '2026-12-20', source: 'placeholder', perCny: noPound }),
      ]);
      assert.deepEqual(
        codes.toSorted((a, b) => a - b),
        [200, codeOf('BAD_PARAMETER')],
        `codes: ${codes}`,
      );
    } finally {
      await h.close();
    }
  });
});
