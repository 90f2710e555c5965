import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { migrateToLatest } from '../src/migrations.ts';
import { inTransaction, type SystemCtx } from '../src/platform/context.ts';
import { connect, getMeta, groupCommitOf, type Db } from '../src/platform/db/index.ts';
import { onPostgres } from './helpers/db.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

/**
 * SQLite's group commit (src/platform/db/group-commit.ts): transactions ready in one turn share
 * a COMMIT, yet each keeps its own all-or-nothing outcome and nothing resolves before the COMMIT.
 */
const sqliteOnly = onPostgres && 'SQLite only (PostgreSQL commits each transaction itself)';

const put = (ctx: SystemCtx, key: string) => ctx.db.insertInto('meta').values({ key, value: 'v' }).execute();

describe('group commit', { skip: sqliteOnly }, () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  test('a failing transaction rolls back alone; the others of its batch commit', async () => {
    const outcomes = await Promise.allSettled([
      inTransaction(h.ctx, (tx) => put(tx, 'gc-a')),
      inTransaction(h.ctx, async (tx) => {
        await put(tx, 'gc-b');
        throw new Error('business rule refused');
      }),
      inTransaction(h.ctx, (tx) => put(tx, 'gc-c')),
    ]);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.equal(await getMeta(h.ctx, 'gc-a'), 'v');
    assert.equal(await getMeta(h.ctx, 'gc-b'), null);
    assert.equal(await getMeta(h.ctx, 'gc-c'), 'v');
  });

  test('units of one batch run serially and see each other in order', async () => {
    const seen = await Promise.all(
      ['gc-1', 'gc-2', 'gc-3'].map((key) =>
        inTransaction(h.ctx, async (tx) => {
          await put(tx, key);
          const rows = await tx.db.selectFrom('meta').select('key').where('key', 'in', ['gc-1', 'gc-2', 'gc-3']).execute();
          return rows.length;
        }),
      ),
    );
    assert.deepEqual(seen, [1, 2, 3]);
  });

  test('a COMMIT that fails fails every transaction of the batch, and none of them is kept', async () => {
    const outcomes = await Promise.allSettled([
      inTransaction(h.ctx, (tx) => put(tx, 'gc-x')),
      inTransaction(h.ctx, async (tx) => {
        // A deferred foreign key is only checked by the COMMIT, so this unit succeeds and the
        // shared COMMIT fails.
        await sql`PRAGMA defer_foreign_keys = ON`.execute(tx.db);
        await tx.db.insertInto('wallets').values({ developer_id: 'no-such-developer', balance_fen: 0, updated_at: 0 }).execute();
      }),
    ]);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['rejected', 'rejected'],
    );
    assert.match(String((outcomes[0] as PromiseRejectedResult).reason), /FOREIGN KEY/);
    assert.equal(await getMeta(h.ctx, 'gc-x'), null);
    // The next batch works again.
    await inTransaction(h.ctx, (tx) => put(tx, 'gc-y'));
    assert.equal(await getMeta(h.ctx, 'gc-y'), 'v');
  });

  test('the transactions of one turn share one COMMIT', async () => {
    const stats = groupCommitOf(h.db.kysely)!.stats;
    const before = { ...stats };
    await Promise.all(Array.from({ length: 20 }, (_, i) => inTransaction(h.ctx, (tx) => put(tx, `gc-turn-${i}`))));
    assert.deepEqual({ batches: stats.batches - before.batches, units: stats.units - before.units }, { batches: 1, units: 20 });
  });
});

describe('WAL checkpoints off the event loop', { skip: sqliteOnly }, () => {
  let dir: string;
  let db: Db;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ponte-checkpoint-'));
    db = connect({ sqliteFile: join(dir, 'ponte.sqlite'), dataDir: dir });
    await migrateToLatest(db);
  });
  after(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('committed pages reach the database file without a checkpoint on the main connection', async () => {
    const file = join(dir, 'ponte.sqlite');
    // Everything committed is in the database file once it is as long as the database (WAL frames included).
    const checkpointed = () => statSync(file).size >= pageBytes(db);
    await until(checkpointed, 'the migrations are checkpointed');
    const before = statSync(file).size;
    const value = 'x'.repeat(2000);
    await db.kysely
      .insertInto('meta')
      .values(Array.from({ length: 500 }, (_, i) => ({ key: `ck-${i}`, value })))
      .execute();
    assert.ok(pageBytes(db) >= before + 500 * 2000, 'the rows are committed');
    // Far below the main connection's automatic threshold: only the checkpointer moves them.
    await until(checkpointed, 'the rows are checkpointed');
    assert.ok(statSync(file).size >= before + 500 * 2000, `database file grew from ${before} to ${statSync(file).size}`);
  });
});

/** The database's length as the main connection sees it, committed WAL frames included (reading it checkpoints nothing). */
function pageBytes(db: Db): number {
  return Number(db.sqlite!.pragma('page_count', { simple: true })) * Number(db.sqlite!.pragma('page_size', { simple: true }));
}

/** Polls a condition the code under test reaches on its own thread; fails after a deadline far above its 200 ms period. */
async function until(condition: () => boolean, what: string, deadlineMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    assert.ok(Date.now() - start < deadlineMs, `${what} within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
