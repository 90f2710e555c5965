import type SqliteDatabase from 'better-sqlite3';

/**
 * Remembers the caller rows of signed requests on SQLite, and forgets them the moment the rows
 * they were read from may have changed. The three-table lookup was the largest single cost of a
 * signed request (bench:gateway); a row is reused only while both of these still read as they
 * did when it was stored:
 * - this connection's own writes: temporary triggers on api_keys, developers and users (they live
 *   on this connection only) bump a counter on every insert, update or delete, committed or not;
 * - every other connection's commits (the CLI, another server process, a second app in a test):
 *   `PRAGMA data_version`, which SQLite changes exactly when another connection committed.
 * So a disabled developer, a rotated key or a changed role is seen by the next request, as
 * without the cache: made here, at once; made by another connection, from the next event-loop
 * turn (dataVersionPerTurn). Nothing is stored while a transaction is open on the connection: that
 * transaction's uncommitted changes could still roll back.
 */
export interface CallerCache<Row> {
  /** The cached row, or the row read now (and cached when reading was safe); undefined when there is none. */
  read(key: string, load: () => Row | undefined): Row | undefined;
}

/** Bounds the memory of the cache; a request with an unknown user id can make an entry. */
const MAX_ENTRIES = 10_000;

const WATCHED_TABLES = ['api_keys', 'developers', 'users'] as const;

/** One change counter per connection, however many lookups are built on it. */
const counters = new WeakMap<SqliteDatabase.Database, { changes: number }>();

function changeCounter(sqlite: SqliteDatabase.Database): { changes: number } {
  const counter = counters.get(sqlite);
  if (counter) return counter;
  const created = { changes: 0 };
  sqlite.function('ponte_caller_rows_changed', { deterministic: false }, () => {
    created.changes += 1;
    return null;
  });
  for (const table of WATCHED_TABLES) {
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      sqlite.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS ponte_caller_${table}_${event.toLowerCase()} AFTER ${event} ON main.${table}
         BEGIN SELECT ponte_caller_rows_changed(); END`,
      );
    }
  }
  counters.set(sqlite, created);
  return created;
}

/**
 * `PRAGMA data_version` opens a read transaction, ~12 µs with its shared-memory locks (measured in
 * bench:gateway), so it is read once per event-loop turn: the requests one turn reads arrived
 * together and are judged against the database as that turn first saw it.
 */
function dataVersionPerTurn(sqlite: SqliteDatabase.Database): () => number {
  const dataVersion = sqlite.prepare<[], number>('PRAGMA data_version').pluck();
  let version: number | null = null;
  return () => {
    if (version === null) {
      version = dataVersion.get() as number;
      setImmediate(() => {
        version = null;
      });
    }
    return version;
  };
}

export function createCallerCache<Row>(sqlite: SqliteDatabase.Database): CallerCache<Row> {
  const counter = changeCounter(sqlite);
  const dataVersion = dataVersionPerTurn(sqlite);
  const entries = new Map<string, Row>();
  let seen = { version: -1, changes: -1 };
  return {
    read(key, load) {
      if (sqlite.inTransaction) return load();
      const version = dataVersion();
      if (version !== seen.version || counter.changes !== seen.changes) {
        entries.clear();
        seen = { version, changes: counter.changes };
      }
      const cached = entries.get(key);
      if (cached !== undefined) return cached;
      const row = load();
      if (row === undefined) return undefined;
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(key, row);
      return row;
    },
  };
}
