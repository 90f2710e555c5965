import { sql, type Kysely, type QueryCreator } from 'kysely';
import type { SystemCtx } from './context.ts';
import { preparedQuery, whereScope, type Scope } from './db/index.ts';
import { fail, type Failure } from './errors.ts';
import type { Machine } from './machine.ts';

/*
 * `transition()` is the one way a row changes state along its machine (machine.ts): it reads the
 * current state (locked on PostgreSQL), checks the action is allowed, then runs a guarded
 * `UPDATE … SET state = :to WHERE id = :id AND state = :current AND <scope>` and writes a
 * history row (on PostgreSQL in the same statement), all on the caller's db (so inside the caller's transaction). It is generic: the
 * table, its id column, the tenant scope and the history table are passed in, so orders,
 * after-sales and shipments share it.
 *
 * History tables follow one convention: `<historyIdColumn>, from_state, to_state, action,
 * actor, at, note`.
 */
export interface TransitionInput<A extends string> {
  /** The table holding the row, its key column and state column (default `state`). */
  table: string;
  /** What the client calls the row ("order"): NOT_FOUND names it, never the table. */
  noun: string;
  idColumn: string;
  stateColumn?: string;
  id: string;
  /** Whose row it must be (db/tenancy.ts turns it into WHERE clauses on developer_id / owner_user_id). */
  scope: Scope;
  action: A;
  /** Other columns to set in the same UPDATE. */
  patch?: Readonly<Record<string, unknown>>;
  /** Incremented by one on every transition when given (optimistic readers compare it). */
  versionColumn?: string;
  /** Set to the clock's now when given. */
  updatedAtColumn?: string;
  history: { table: string; idColumn?: string; actor: string; note?: string | null; extra?: HistoryExtra };
  /**
   * The state the caller already read (and locked on PostgreSQL) in this transaction: saves the
   * read an action with several source states needs. The UPDATE still guards on it.
   */
  from?: string;
}

/** Columns a history table has beyond the convention (e.g. images, a vocabulary of its own), by name. */
export type HistoryExtra = Readonly<Record<string, string | number | null>>;

export interface TransitionDone<S extends string> {
  ok: true;
  from: S;
  to: S;
  /** The row as the UPDATE left it (RETURNING *), so callers need not read it again. */
  row: Record<string, unknown>;
}

/**
 * Moves one row along the machine, or answers NOT_FOUND (no such row in this scope) or the
 * machine's refusal { state, action } (the action is not allowed from the row's state, or the
 * row moved underneath). Expected outcomes are values; only driver errors throw.
 *
 * The move is one guarded UPDATE … WHERE state IN (from) RETURNING *: on PostgreSQL it takes the
 * row lock and re-checks the WHERE on the row version a racing winner committed, so two racing
 * moves cannot both pass; SQLite runs one writer at a time. When the action has several source
 * states the current one is read first (locked on PostgreSQL), for the history row.
 */
export async function transition<S extends string, A extends string>(
  ctx: SystemCtx,
  machine: Machine<S, A>,
  input: TransitionInput<A>,
): Promise<TransitionDone<S> | Failure> {
  const def = machine.transitions[input.action];
  if (!def) throw new Error(`${machine.name}: unknown action ${input.action}`);
  const stateColumn = input.stateColumn ?? 'state';
  const sources = def.from as readonly S[];
  let from: S | undefined = sources.length === 1 ? sources[0] : undefined;
  if (input.from !== undefined) {
    if (!sources.includes(input.from as S)) return fail(machine.refusal, { state: input.from, action: input.action });
    from = input.from as S;
  } else if (from === undefined) {
    const current = await readState(ctx, input, stateColumn, true);
    if (current === undefined) return fail('NOT_FOUND', { what: `${input.noun} ${input.id}` });
    if (!sources.includes(current as S)) return fail(machine.refusal, { state: current, action: input.action });
    from = current as S;
  }
  const now = ctx.clock.nowMs();
  const historyRow: HistoryRow = {
    id: input.id,
    from_state: from,
    to_state: def.to,
    action: input.action,
    actor: input.history.actor,
    at: now,
    note: input.history.note ?? null,
  };
  // On PostgreSQL the history row goes in with the move, one round trip instead of two.
  const logged = ctx.dialect === 'postgres' && !input.history.extra;
  const row = await guardedUpdate(ctx, input, stateColumn, historyRow, logged);
  if (!row) {
    const state = await readState(ctx, input, stateColumn, false);
    if (state === undefined) return fail('NOT_FOUND', { what: `${input.noun} ${input.id}` });
    return fail(machine.refusal, { state, action: input.action });
  }
  if (!logged) await writeHistory(ctx, input.history, input.history.idColumn ?? input.idColumn, historyRow);
  return { ok: true, from, to: def.to, row };
}

/** The row's state within the caller's scope (locked on PostgreSQL when asked), or undefined. */
async function readState(ctx: SystemCtx, input: TransitionInput<string>, stateColumn: string, lock: boolean): Promise<string | undefined> {
  let read = (ctx.db as unknown as Kysely<any>).selectFrom(input.table).select(stateColumn).where(input.idColumn, '=', input.id);
  read = whereScope(read, input.scope);
  if (lock && ctx.dialect === 'postgres') read = read.forUpdate();
  const row = (await read.executeTakeFirst()) as Record<string, unknown> | undefined;
  return row ? String(row[stateColumn]) : undefined;
}

/**
 * The guarded UPDATE … RETURNING *. With `logged`, a data-modifying CTE also inserts the history
 * row, for the updated row only: PostgreSQL runs it exactly once, and not at all when the guard
 * matched nothing.
 */
async function guardedUpdate(ctx: SystemCtx, input: TransitionInput<string>, stateColumn: string, history: HistoryRow, logged: boolean) {
  const db = ctx.db as unknown as Kysely<any>;
  const move = (qb: QueryCreator<any>) => {
    let update = qb.updateTable(input.table).set((eb: any) => ({
      ...(input.patch ?? {}),
      [stateColumn]: history.to_state,
      ...(input.updatedAtColumn ? { [input.updatedAtColumn]: history.at } : {}),
      ...(input.versionColumn ? { [input.versionColumn]: eb(input.versionColumn, '+', 1) } : {}),
    }));
    update = update.where(input.idColumn, '=', input.id).where(stateColumn, '=', history.from_state);
    return whereScope(update, input.scope).returningAll();
  };
  if (!logged) return (await move(db).executeTakeFirst()) as Record<string, unknown> | undefined;
  const idColumn = input.history.idColumn ?? input.idColumn;
  const text = (value: string | null) => sql<string>`${value}::text`;
  const moved = db
    .with('moved', move)
    .with('logged', (qb) =>
      qb
        .insertInto(input.history.table)
        .columns([idColumn, 'from_state', 'to_state', 'action', 'actor', 'at', 'note'])
        .expression((eb: any) =>
          eb
            .selectFrom('moved')
            .select([
              `moved.${input.idColumn}`,
              text(history.from_state).as('from_state'),
              text(history.to_state).as('to_state'),
              text(history.action).as('action'),
              text(history.actor).as('actor'),
              sql<number>`${history.at}::bigint`.as('at'),
              text(history.note).as('note'),
            ]),
        ),
    )
    .selectFrom('moved')
    .selectAll();
  return (await moved.executeTakeFirst()) as Record<string, unknown> | undefined;
}

/** Writes a history row for a state the row is created in (from_state null). */
export async function recordInitialState(
  ctx: SystemCtx,
  history: { table: string; idColumn: string; actor: string; note?: string | null; extra?: HistoryExtra },
  id: string,
  state: string,
  action: string,
): Promise<void> {
  await writeHistory(ctx, history, history.idColumn, {
    id,
    from_state: null,
    to_state: state,
    action,
    actor: history.actor,
    at: ctx.clock.nowMs(),
    note: history.note ?? null,
  });
}

/** One history row as readers show it (an order's, a parcel's, a shipment's), oldest first. */
export interface HistoryEntry {
  fromState: string | null;
  toState: string;
  action: string;
  actor: string;
  at: number;
  note: string | null;
}

/** The history of one row, in the order it was written. The caller has checked the row is the reader's to see. */
export async function readHistory(ctx: SystemCtx, history: { table: string; idColumn: string }, id: string): Promise<HistoryEntry[]> {
  const rows = await (ctx.db as unknown as Kysely<any>)
    .selectFrom(history.table)
    .select(['from_state', 'to_state', 'action', 'actor', 'at', 'note'])
    .where(history.idColumn, '=', id)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    fromState: r.from_state,
    toState: r.to_state,
    action: r.action,
    actor: r.actor,
    at: Number(r.at),
    note: r.note,
  }));
}

/** The columns every lifecycle's history table has, besides its own key and subject id. */
export interface HistoryColumns {
  from_state: string | null;
  to_state: string;
  action: string;
  actor: string;
  at: number;
  note: string | null;
}

type HistoryRow = HistoryColumns & { id: string };

/** The conventional columns through the prepared insert; a table with extra columns gets a plain one. */
async function writeHistory(ctx: SystemCtx, history: { table: string; extra?: HistoryExtra }, idColumn: string, row: HistoryRow) {
  if (!history.extra) {
    await historyInsert(history.table, idColumn)(ctx, row);
    return;
  }
  const { id, ...columns } = row;
  await (ctx.db as unknown as Kysely<any>)
    .insertInto(history.table)
    .values({ [idColumn]: id, ...columns, ...history.extra })
    .execute();
}

/** One prepared INSERT per history table (a transition is on the hot path of every lifecycle). */
const historyInserts = new Map<string, ReturnType<typeof prepareHistoryInsert>>();

function historyInsert(table: string, idColumn: string) {
  const key = `${table}\u0000${idColumn}`;
  let insert = historyInserts.get(key);
  if (!insert) {
    insert = prepareHistoryInsert(table, idColumn);
    historyInserts.set(key, insert);
  }
  return insert;
}

function prepareHistoryInsert(table: string, idColumn: string) {
  return preparedQuery<HistoryRow, never>((db, param) =>
    (db as unknown as Kysely<any>).insertInto(table).values({
      [idColumn]: param('id'),
      from_state: param('from_state'),
      to_state: param('to_state'),
      action: param('action'),
      actor: param('actor'),
      at: param('at'),
      note: param('note'),
    }),
  );
}
