import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { inTransaction } from '../src/platform/context.ts';
import { preparedQuery } from '../src/platform/db/index.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

/** platform/db/prepared.ts: a query compiled once, run with fresh values, on both databases. */
const upsertMeta = preparedQuery<{ key: string; value: string }, { key: string; value: string }>((db, param) =>
  db
    .insertInto('meta')
    .values({ key: param('key'), value: param('value') })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: param('value') }))
    .returning(['key', 'value']),
);

const readMeta = preparedQuery<{ key: string }, { value: string }>((db, param) =>
  db.selectFrom('meta').select('value').where('key', '=', param('key')).where('value', '!=', 'fixed-at-build'),
);

describe('prepared queries', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  test('binds each call its own values, keeps the values fixed at build time', async () => {
    assert.deepEqual((await upsertMeta(h.ctx, { key: 'p-1', value: 'one' })).rows, [{ key: 'p-1', value: 'one' }]);
    assert.deepEqual((await upsertMeta(h.ctx, { key: 'p-2', value: 'two' })).rows, [{ key: 'p-2', value: 'two' }]);
    assert.deepEqual(
      (await upsertMeta(h.ctx, { key: 'p-1', value: 'uno' })).rows,
      [{ key: 'p-1', value: 'uno' }],
      'a parameter used twice gets the same value twice',
    );
    assert.deepEqual((await readMeta(h.ctx, { key: 'p-2' })).rows, [{ value: 'two' }]);
    await upsertMeta(h.ctx, { key: 'p-3', value: 'fixed-at-build' });
    assert.deepEqual((await readMeta(h.ctx, { key: 'p-3' })).rows, [], 'the constant of the builder still filters');
  });

  test('runs inside the caller’s transaction', async () => {
    await assert.rejects(
      inTransaction(h.ctx, async (tx) => {
        await upsertMeta(tx, { key: 'p-tx', value: 'v' });
        assert.deepEqual((await readMeta(tx, { key: 'p-tx' })).rows, [{ value: 'v' }]);
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.deepEqual((await readMeta(h.ctx, { key: 'p-tx' })).rows, []);
  });

  test('a missing value is a bug and throws before reaching the database', async () => {
    await assert.rejects(upsertMeta(h.ctx, { key: 'p-4' } as { key: string; value: string }), /no value for parameter 'value'/);
  });
});
