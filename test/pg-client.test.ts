import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { inTransaction } from '../src/platform/context.ts';
import { preparedQuery } from '../src/platform/db/index.ts';
import { ponteClient } from '../src/platform/db/pg-client.ts';
import { onPostgres, testDatabaseUrl } from './helpers/db.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { pgQueriesOf, ridesWithBegin } from './helpers/pg-queries.ts';

/**
 * platform/db/pg-client.ts: BEGIN goes out with a transaction's first statement. What must hold
 * is what a separate BEGIN gave: every statement inside the transaction, a failure of any of them
 * rolling back all, the connection usable after, named statements parsed exactly once.
 */
const pgOnly = { skip: !onPostgres && 'PostgreSQL only (PONTE_TEST_DB=postgres)' };

/** The round trips the pool's clients make while `work` runs, BEGIN marked where it rides along. */
const roundTrips = (work: () => Promise<unknown>) =>
  pgQueriesOf(work, (query) => `${ridesWithBegin(query) ? 'begin + ' : ''}${query.text.split(' ')[0]!.toLowerCase()}`);

const putMeta = preparedQuery<{ key: string; value: string }, never>((db, param) =>
  db.insertInto('meta').values({ key: param('key'), value: param('value') }),
);
const missingTable = preparedQuery<{ key: string }, never>((db, param) =>
  db
    .selectFrom('ponte_no_such_table' as 'meta')
    .select('value')
    .where('key', '=', param('key')),
);
const metaValue = async (h: Harness, key: string) =>
  (await h.ctx.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst())?.value;
/** The transaction's own id: the same for every statement of one transaction. */
const transactionId = async (tx: Harness['ctx']) =>
  String((await sql<{ id: string }>`SELECT pg_current_xact_id()::text AS id`.execute(tx.db)).rows[0]!.id);

describe('BEGIN with the first statement (PostgreSQL)', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  test('a transaction of two statements makes three round trips, both statements in one transaction', pgOnly, async () => {
    let ids: string[] = [];
    const trips = await roundTrips(() =>
      inTransaction(h.ctx, async (tx) => {
        ids = [await transactionId(tx), await transactionId(tx)];
      }),
    );
    assert.deepEqual(trips, ['begin + select', 'select', 'commit']);
    assert.equal(ids[0], ids[1]);
  });

  test('a transaction with no statement makes no round trip', pgOnly, async () => {
    assert.deepEqual(await roundTrips(() => inTransaction(h.ctx, async () => undefined)), []);
  });

  test('the first statement is inside the transaction: a later failure rolls it back', pgOnly, async () => {
    await assert.rejects(
      inTransaction(h.ctx, async (tx) => {
        await putMeta(tx, { key: 'pg-client-1', value: 'v' });
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.equal(await metaValue(h, 'pg-client-1'), undefined);
  });

  test('a first statement that fails rolls back, and the connections stay usable', pgOnly, async () => {
    await putMeta(h.ctx, { key: 'pg-client-2', value: 'first' });
    // Every pooled connection in turn meets the duplicate key as its first statement.
    for (let i = 0; i < 12; i++) {
      await assert.rejects(
        inTransaction(h.ctx, (tx) => putMeta(tx, { key: 'pg-client-2', value: `again ${i}` })),
        /duplicate key/,
      );
    }
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        inTransaction(h.ctx, async (tx) => {
          await putMeta(tx, { key: `pg-client-3-${i}`, value: String(i) });
          await putMeta(tx, { key: `pg-client-4-${i}`, value: String(i) });
        }),
      ),
    );
    assert.equal(await metaValue(h, 'pg-client-2'), 'first');
    assert.equal(await metaValue(h, 'pg-client-4-11'), '11');
  });

  test('a named statement whose first Parse fails is parsed again next time, not taken as prepared', pgOnly, async () => {
    for (let i = 0; i < 3; i++) {
      await assert.rejects(
        inTransaction(h.ctx, (tx) => missingTable(tx, { key: 'x' })),
        /relation "ponte_no_such_table" does not exist/,
      );
    }
    await assert.rejects(missingTable(h.ctx, { key: 'x' }), /relation "ponte_no_such_table" does not exist/);
  });

  test('a BEGIN that fails fails its statement instead of running it outside a transaction', pgOnly, async () => {
    // In an aborted transaction every command but ROLLBACK fails, BEGIN too: the next BEGIN
    // (held, then sent with a statement without parameters) meets that.
    const client = new (ponteClient(false))({ connectionString: testDatabaseUrl });
    await client.connect();
    try {
      await client.query('begin', []);
      await assert.rejects(client.query('SELECT 1 / 0', []), /division by zero/);
      await client.query('begin', []);
      await assert.rejects(client.query('SELECT 1 AS one', []), /current transaction is aborted/);
      await client.query('rollback', []);
      assert.deepEqual((await client.query('SELECT 1 AS one', [])).rows, [{ one: 1 }]);
    } finally {
      await client.end();
    }
  });
});
