import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { inTransaction, type SystemCtx } from '../src/platform/context.ts';
import { SYSTEM_SCOPE } from '../src/platform/db/index.ts';
import { asDeveloperId } from '../src/platform/ids.ts';
import { defineMachine, transition } from '../src/platform/states.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

const machine = defineMachine({
  name: 'thing',
  states: ['draft', 'open', 'done', 'dropped'],
  transitions: {
    publish: { from: ['draft'], to: 'open' },
    touch: { from: ['open'], to: 'open' },
    finish: { from: ['open'], to: 'done' },
    drop: { from: ['draft', 'open'], to: 'dropped' },
  },
});

describe('defineMachine', () => {
  test('validates at definition', () => {
    assert.throws(() => defineMachine({ states: ['a', 'b'], transitions: { go: { from: ['a'], to: 'c' as 'b' } } }), /unknown state c/);
    assert.throws(() => defineMachine({ states: ['a', 'b'], transitions: { go: { from: ['x' as 'a'], to: 'b' } } }), /unknown state x/);
    assert.throws(() => defineMachine({ states: ['a', 'a'], transitions: { go: { from: ['a'], to: 'a' } } }), /listed twice/);
    assert.throws(() => defineMachine({ states: ['a'], transitions: { go: { from: [], to: 'a' } } }), /at least one 'from'/);
    assert.throws(() => defineMachine({ states: [], transitions: {} }), /at least one state/);
  });

  test('answers what is allowed', () => {
    assert.equal(machine.can('draft', 'publish'), true);
    assert.equal(machine.can('done', 'drop'), false);
    assert.deepEqual(machine.actionsFrom('open'), ['touch', 'finish', 'drop']);
    assert.deepEqual(machine.actionsFrom('done'), []);
    assert.ok(Object.isFrozen(machine.transitions));
  });
});

describe('transition (guarded UPDATE + history)', () => {
  let h: Harness;
  let ctx: SystemCtx;
  let db: Kysely<any>;
  const table = { table: 'thing_rows', noun: 'thing', idColumn: 'id', versionColumn: 'version', updatedAtColumn: 'updated_at' } as const;
  const history = { table: 'thing_history', idColumn: 'thing_id', actor: 'tester' };

  before(async () => {
    h = await createHarness();
    ctx = h.ctx;
    db = ctx.db as unknown as Kysely<any>;
    await db.schema
      .createTable('thing_rows')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('developer_id', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('label', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('thing_history')
      .addColumn('thing_id', 'text', (c) => c.notNull())
      .addColumn('from_state', 'text')
      .addColumn('to_state', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('note', 'text')
      .execute();
  });
  after(() => h.close());

  const add = (id: string, state: string, developer = 'dev-a') =>
    db.insertInto('thing_rows').values({ id, developer_id: developer, state, label: null, version: 1, updated_at: 0 }).execute();
  const row = (id: string) => db.selectFrom('thing_rows').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const historyOf = (id: string) => db.selectFrom('thing_history').selectAll().where('thing_id', '=', id).execute();

  test('moves the row, applies the patch, bumps version and writes one history row', async () => {
    await add('t1', 'draft');
    const moved = await transition(ctx, machine, {
      ...table,
      id: 't1',
      scope: { developerId: asDeveloperId('dev-a') },
      action: 'publish',
      patch: { label: 'hello' },
      history: { ...history, note: 'first' },
    });
    assert.ok(moved.ok);
    assert.deepEqual([moved.from, moved.to], ['draft', 'open']);
    const after = await row('t1');
    assert.deepEqual(moved.row, after, 'the answer carries the row as the UPDATE left it');
    assert.equal(after.state, 'open');
    assert.equal(after.label, 'hello');
    assert.equal(Number(after.version), 2);
    assert.equal(Number(after.updated_at), ctx.clock.nowMs());
    const rows = await historyOf('t1');
    assert.equal(rows.length, 1);
    const first = rows[0]!;
    assert.deepEqual(
      [first.from_state, first.to_state, first.action, first.actor, first.note],
      ['draft', 'open', 'publish', 'tester', 'first'],
    );
    const loop = await transition(ctx, machine, { ...table, id: 't1', scope: SYSTEM_SCOPE, action: 'touch', history });
    assert.deepEqual(loop.ok && [loop.from, loop.to, loop.row.version], ['open', 'open', 3], 'self-loops are transitions too');
    assert.equal((await historyOf('t1')).length, 2);
  });

  test('refuses an action the state does not allow, and writes nothing', async () => {
    await add('t2', 'draft');
    const refused = await transition(ctx, machine, { ...table, id: 't2', scope: SYSTEM_SCOPE, action: 'finish', history });
    assert.deepEqual(refused, { ok: false, error: 'ORDER_STATE_INVALID', params: { state: 'draft', action: 'finish' } });
    assert.equal((await row('t2')).state, 'draft');
    assert.equal((await historyOf('t2')).length, 0);
  });

  test('another tenant and unknown ids are NOT_FOUND', async () => {
    await add('t3', 'draft', 'dev-a');
    const other = await transition(ctx, machine, {
      ...table,
      id: 't3',
      scope: { developerId: asDeveloperId('dev-b') },
      action: 'publish',
      history,
    });
    assert.equal(other.ok, false);
    assert.equal(!other.ok && other.error, 'NOT_FOUND');
    assert.deepEqual(!other.ok && other.params, { what: 'thing t3' }, 'named as the client knows it, not by its table');
    const missing = await transition(ctx, machine, { ...table, id: 'nope', scope: SYSTEM_SCOPE, action: 'publish', history });
    assert.equal(!missing.ok && missing.error, 'NOT_FOUND');
    assert.equal((await row('t3')).state, 'draft');
  });

  test('20 racing transitions of one row: exactly one wins, one history row', async () => {
    await add('t4', 'open');
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        inTransaction(ctx, (tx) => transition(tx, machine, { ...table, id: 't4', scope: SYSTEM_SCOPE, action: 'finish', history })),
      ),
    );
    assert.equal(results.filter((r) => r.ok).length, 1);
    assert.ok(results.filter((r) => !r.ok).every((r) => !r.ok && r.error === 'ORDER_STATE_INVALID' && r.params?.state === 'done'));
    assert.equal((await historyOf('t4')).length, 1);
    assert.equal(Number((await row('t4')).version), 2);
  });

  test('a rolled-back transaction leaves neither the state nor the history', async () => {
    await add('t5', 'open');
    await assert.rejects(
      inTransaction(ctx, async (tx) => {
        const moved = await transition(tx, machine, { ...table, id: 't5', scope: SYSTEM_SCOPE, action: 'drop', history });
        assert.ok(moved.ok);
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal((await row('t5')).state, 'open');
    assert.equal((await historyOf('t5')).length, 0);
  });

  test('an unknown action is a bug and throws', async () => {
    await assert.rejects(
      transition(ctx, machine, { ...table, id: 't5', scope: SYSTEM_SCOPE, action: 'fly' as 'drop', history }),
      /unknown action fly/,
    );
  });
});
