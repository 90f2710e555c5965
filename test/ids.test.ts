import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { inTransaction } from '../src/platform/context.ts';
import { withFreshId } from '../src/platform/db/index.ts';
import { newNumericId } from '../src/platform/ids.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

// Before the tests below: the last of them moves the id generator's clock to 2115 for this process.
describe('withFreshId: an id another process already used is drawn again', () => {
  let h: Harness;
  let db: Kysely<any>;
  before(async () => {
    h = await createHarness();
    db = h.ctx.db as unknown as Kysely<any>;
    await db.schema
      .createTable('fresh_rows')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('ref', 'text', (c) => c.unique())
      .execute();
    await db.insertInto('fresh_rows').values({ id: 'taken', ref: 'r0' }).execute();
  });
  after(() => h.close());

  const KEY = { table: 'fresh_rows', column: 'id' };
  const insertRow = async (tx: typeof h.ctx, id: string, ref: string): Promise<string | undefined> => {
    const row = await (tx.db as unknown as Kysely<any>)
      .insertInto('fresh_rows')
      .values({ id, ref })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id;
  };

  test('a taken id retries under a new one, inside a transaction that then commits', async () => {
    const tried: string[] = [];
    // The first generated id is stored as one another process already holds.
    const clashOnce = { ...KEY, stored: (fresh: string) => (tried.length === 1 && fresh === tried[0] ? 'taken' : fresh) };
    const id = await inTransaction(h.ctx, (tx) =>
      withFreshId(tx, clashOnce, (fresh) => {
        tried.push(fresh);
        return insertRow(tx, clashOnce.stored(fresh), `r${tried.length}`);
      }),
    );
    assert.equal(tried.length, 2);
    assert.match(id ?? '', /^\d{16}$/);
    const rows = await db.selectFrom('fresh_rows').select(['id', 'ref']).orderBy('ref').execute();
    assert.deepEqual(rows, [
      { id: 'taken', ref: 'r0' },
      { id, ref: 'r2' },
    ]);
  });

  test('another unique key is a real duplicate: not retried, answered as no row', async () => {
    let calls = 0;
    const id = await inTransaction(h.ctx, (tx) =>
      withFreshId(tx, KEY, (fresh) => {
        calls += 1;
        return insertRow(tx, fresh, 'r0');
      }),
    );
    assert.equal(id, undefined);
    assert.equal(calls, 1);
  });

  test('an id taken on every try is an error, not a duplicate', async () => {
    await assert.rejects(
      inTransaction(h.ctx, (tx) => withFreshId(tx, { ...KEY, stored: () => 'taken' }, () => insertRow(tx, 'taken', 'r9'))),
      /3 generated ids in a row were taken/,
    );
  });
});

describe('numeric ids (docs/decisions/010)', () => {
  test('new ids are 16 digits, below 2^53, strictly increasing, and exact through JSON.parse', () => {
    const nowMs = Date.UTC(2026, 10, 28, 8, 0, 0);
    let previous = '';
    for (let i = 0; i < 40_000; i++) {
      const id = newNumericId(nowMs + Math.floor(i / 10));
      assert.match(id, /^\d{16}$/);
      assert.ok(Number.isSafeInteger(Number(id)), id);
      assert.equal(String(JSON.parse(JSON.stringify({ id: Number(id) })).id), id);
      assert.ok(id > previous, `${id} after ${previous}`);
      previous = id;
    }
  });

  test('each second starts its sequence at a random point in the lower half, so two processes that drew one node id rarely meet', () => {
    const start = Date.UTC(2027, 0, 1);
    // The first id of each of 64 later seconds (a later second always restarts the sequence).
    const starts = Array.from({ length: 64 }, (_, i) => Number(newNumericId(start + i * 1000)) % 2 ** 14);
    assert.ok(
      starts.every((s) => s < 2 ** 13),
      `${starts}`,
    );
    assert.ok(new Set(starts).size > 32, `varied starts: ${starts}`);
  });

  test('they sort after the 19-digit ids of older databases as text, so newest-first listings hold', () => {
    const id = newNumericId(Date.UTC(2026, 0, 1));
    for (const old of ['1999999999999999999', '2127854011615870977', '2999999999999999999']) assert.ok(id > old, `${id} > ${old}`);
  });

  test('still exact in 2115; past the last representable second they are refused, not rounded', () => {
    assert.ok(Number.isSafeInteger(Number(newNumericId(Date.UTC(2115, 8, 1)))));
    assert.throws(() => newNumericId(Date.UTC(2116, 0, 1)), RangeError);
  });
});
