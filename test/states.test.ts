import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { inTransaction, type SystemCtx } from '../src/platform/context.ts';
import { orderMachine } from '../src/modules/orders/index.ts';
import { SYSTEM_SCOPE } from '../src/platform/db/index.ts';
import { asDeveloperId } from '../src/platform/ids.ts';
import { defineMachine, type StateRefusal } from '../src/platform/machine.ts';
import { transition } from '../src/platform/states.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

const thing = {
  name: 'thing',
  states: ['draft', 'open', 'done', 'dropped'],
  initial: ['draft'],
  terminal: ['done', 'dropped'],
  refusal: 'ORDER_STATE_INVALID',
  transitions: {
    publish: { from: ['draft'], to: 'open' },
    touch: { from: ['open'], to: 'open' },
    finish: { from: ['open'], to: 'done' },
    drop: { from: ['draft', 'open'], to: 'dropped' },
  },
} as const;
const machine = defineMachine(thing);

/** A small valid lifecycle to break one piece at a time. */
const base = {
  name: 'door',
  states: ['shut', 'open', 'gone'],
  initial: ['shut'],
  terminal: ['gone'],
  refusal: 'ORDER_STATE_INVALID',
  transitions: { open: { from: ['shut'], to: 'open' }, close: { from: ['open'], to: 'shut' }, remove: { from: ['shut'], to: 'gone' } },
} as const;
type Door = 'shut' | 'open' | 'gone';

describe('defineMachine', () => {
  test('the base lifecycle and the order machine pass the check', () => {
    assert.equal(defineMachine(base).name, 'door');
    assert.deepEqual(orderMachine.initial, ['created', 'waiting_payment']);
    assert.deepEqual(orderMachine.terminal, ['completed', 'cancelled', 'closed']);
    assert.equal(orderMachine.refusal, 'ORDER_STATE_INVALID', 'the order wire code stays');
  });

  test('transitions and ends name only its states', () => {
    const to = (target: string) => ({
      ...base,
      transitions: { ...base.transitions, open: { from: ['shut'] as const, to: target as Door } },
    });
    assert.throws(() => defineMachine(to('ajar')), /^Error: door: action open ends in unknown state ajar$/);
    const from = { ...base, transitions: { ...base.transitions, open: { from: ['ajar' as Door], to: 'open' } } } as const;
    assert.throws(() => defineMachine(from), /door: action open starts from unknown state ajar/);
    assert.throws(() => defineMachine({ ...base, initial: ['ajar' as Door] }), /door: initial state ajar is not one of its states/);
    assert.throws(() => defineMachine({ ...base, terminal: ['ajar' as Door] }), /door: terminal state ajar is not one of its states/);
    assert.throws(() => defineMachine({ ...base, states: ['shut', 'shut', 'open', 'gone'] }), /state shut is listed twice/);
    assert.throws(
      () => defineMachine({ ...base, transitions: { ...base.transitions, open: { from: [], to: 'open' } } }),
      /at least one 'from'/,
    );
    assert.throws(() => defineMachine({ ...base, states: [], initial: [], terminal: [], transitions: {} }), /at least one state/);
  });

  test('a missing initial state throws', () => {
    assert.throws(() => defineMachine({ ...base, initial: [] }), /door: a machine needs an initial state/);
    const { initial: _, ...noInitial } = base;
    assert.throws(() => defineMachine(noInitial as typeof base), /door: a machine needs an initial state/);
  });

  test('an unreachable state throws, naming it', () => {
    const lost = { ...base, states: ['shut', 'open', 'gone', 'attic'], terminal: ['gone', 'attic'] } as const;
    assert.throws(() => defineMachine(lost), /door: state attic cannot be reached from initial shut/);
    const onlyFromItself = {
      ...lost,
      transitions: { ...base.transitions, creak: { from: ['attic'], to: 'shut' } },
      terminal: ['gone'],
    } as const;
    assert.throws(() => defineMachine(onlyFromItself), /door: state attic cannot be reached/, 'leaving a state does not make it reachable');
  });

  test('a terminal state with a way out throws, and a non-terminal one needs a way out', () => {
    const reopened = { ...base, transitions: { ...base.transitions, rebuild: { from: ['gone'], to: 'shut' } } } as const;
    assert.throws(() => defineMachine(reopened), /door: terminal state gone has a way out: rebuild/);
    const gilded = { ...base, transitions: { ...base.transitions, polish: { from: ['gone'], to: 'gone' } } } as const;
    assert.throws(
      () => defineMachine(gilded),
      /door: terminal state gone has a way out: polish/,
      'a self-loop leaves a terminal state too',
    );
    const stuck = { ...base, terminal: [] } as const;
    assert.throws(() => defineMachine(stuck), /door: state gone is not terminal and has no way out/);
    const spinning = {
      ...base,
      transitions: { ...base.transitions, open: { from: ['shut'], to: 'open' }, close: { from: ['open'], to: 'open' } },
    } as const;
    assert.throws(() => defineMachine(spinning), /door: state open is not terminal and has no way out/, 'a self-loop is not a way out');
    assert.ok(
      defineMachine({ ...base, transitions: { ...base.transitions, rattle: { from: ['open'], to: 'open' } } }),
      'self-loops are fine',
    );
  });

  test('the refusal is an error of the closed table whose messages show the state and the action', () => {
    // @ts-expect-error CONFLICT's messages show {reason}, not the refused {state} and {action}
    assert.ok(defineMachine({ ...base, refusal: 'CONFLICT' }), 'the compiler, not the check, keeps such names out');
    assert.throws(
      () => defineMachine({ ...base, refusal: 'DOOR_STUCK' as 'ORDER_STATE_INVALID' }),
      /door: refusal DOOR_STUCK is not an error name/,
    );
    assert.throws(
      () => defineMachine({ ...base, refusal: 'SUCCESS' as 'ORDER_STATE_INVALID' }),
      /door: refusal SUCCESS is not an error name/,
    );
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

  test("a refusal answers with the machine's own error name", async () => {
    // Only the order refusal shows { state, action } today; any name proves transition() answers with the machine's.
    const gate = defineMachine({ ...thing, name: 'gate', refusal: 'CONFLICT' as StateRefusal });
    await add('t6', 'draft');
    const single = await transition(ctx, gate, { ...table, id: 't6', scope: SYSTEM_SCOPE, action: 'finish', history });
    assert.deepEqual(single, { ok: false, error: 'CONFLICT', params: { state: 'draft', action: 'finish' } });
    await transition(ctx, gate, { ...table, id: 't6', scope: SYSTEM_SCOPE, action: 'drop', history });
    const several = await transition(ctx, gate, { ...table, id: 't6', scope: SYSTEM_SCOPE, action: 'drop', history });
    assert.deepEqual(
      several,
      { ok: false, error: 'CONFLICT', params: { state: 'dropped', action: 'drop' } },
      'an action with several sources',
    );
    assert.equal((await historyOf('t6')).length, 1);
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
