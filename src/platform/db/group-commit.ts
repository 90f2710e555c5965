import type SqliteDatabase from 'better-sqlite3';
import type { ControlledTransaction, Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Group commit for SQLite: transactions that become ready in the same event-loop turn run one
 * after another inside ONE database transaction, each in its own savepoint, and the batch
 * commits once. A unit that fails is rolled back to its savepoint alone; every unit's promise
 * settles only after the shared COMMIT, so nobody is told "done" before the data is durable,
 * and a failed COMMIT fails every unit of the batch.
 *
 * Why: on SQLite the COMMIT (writing the WAL frames, and every ~1,000 pages a checkpoint) was
 * the largest single cost of a create+pay (measured in bench:orders, see
 * docs/decisions/009). Units run strictly one at a time on the single connection, so a batch is
 * exactly equivalent to running its units serially, one transaction each.
 */
export interface GroupCommit {
  run<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /** Batches committed (or failed) and units run so far: their ratio is the batching achieved. */
  readonly stats: { batches: number; units: number };
}

interface Unit {
  fn: (trx: Transaction<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { unit: Unit; ok: true; value: unknown } | { unit: Unit; ok: false; error: unknown };

/** Bounds one batch, so a burst cannot hold the write lock (and other processes) for long. */
const MAX_UNITS_PER_BATCH = 256;

/** The unit savepoint's statements, prepared once on the raw handle (the batch holds its only connection). */
interface Savepoints {
  begin(): void;
  release(): void;
  rollback(): void;
}

function savepointsOn(sqlite: SqliteDatabase.Database): Savepoints {
  const [begin, release, rollback] = [
    'SAVEPOINT ponte_group_unit',
    'RELEASE SAVEPOINT ponte_group_unit',
    'ROLLBACK TO SAVEPOINT ponte_group_unit',
  ].map((text) => sqlite.prepare(text));
  return { begin: () => void begin!.run(), release: () => void release!.run(), rollback: () => void rollback!.run() };
}

const registered = new WeakMap<Kysely<Database>, GroupCommit>();

/** The group commit serving this root Kysely instance (SQLite), or undefined (PostgreSQL). */
export function groupCommitOf(kysely: Kysely<Database>): GroupCommit | undefined {
  return registered.get(kysely);
}

export function createGroupCommit(kysely: Kysely<Database>, sqlite: SqliteDatabase.Database): GroupCommit {
  const savepoints = savepointsOn(sqlite);
  const queue: Unit[] = [];
  let draining = false;

  const stats = { batches: 0, units: 0 };
  const drain = async () => {
    while (queue.length > 0) {
      const units = queue.splice(0, MAX_UNITS_PER_BATCH);
      stats.batches += 1;
      stats.units += units.length;
      await runBatch(kysely, savepoints, units);
    }
    draining = false;
  };

  const groupCommit: GroupCommit = {
    stats,
    run<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
        if (!draining) {
          draining = true;
          // Let the rest of this turn's requests reach their transactions and join the batch.
          setImmediate(() => void drain());
        }
      });
    },
  };
  registered.set(kysely, groupCommit);
  return groupCommit;
}

async function runBatch(kysely: Kysely<Database>, savepoints: Savepoints, units: Unit[]): Promise<void> {
  let trx: ControlledTransaction<Database>;
  try {
    trx = await kysely.startTransaction().execute();
  } catch (error) {
    for (const unit of units) unit.reject(error);
    return;
  }
  const outcomes: Outcome[] = [];
  try {
    for (const unit of units) outcomes.push(await runUnit(trx, savepoints, unit));
    await trx.commit().execute();
  } catch (batchError) {
    // A savepoint that could not be rolled back, or the COMMIT itself: nothing of the batch is
    // kept, so every unit fails (units that failed on their own keep their own error).
    await trx
      .rollback()
      .execute()
      .catch(() => undefined);
    for (const unit of units) {
      const own = outcomes.find((o) => o.unit === unit);
      unit.reject(own && !own.ok ? own.error : batchError);
    }
    return;
  }
  for (const outcome of outcomes) {
    if (outcome.ok) outcome.unit.resolve(outcome.value);
    else outcome.unit.reject(outcome.error);
  }
}

async function runUnit(trx: Transaction<Database>, savepoints: Savepoints, unit: Unit): Promise<Outcome> {
  savepoints.begin();
  try {
    const value = await unit.fn(trx);
    savepoints.release();
    return { unit, ok: true, value };
  } catch (error) {
    savepoints.rollback();
    savepoints.release();
    return { unit, ok: false, error };
  }
}
