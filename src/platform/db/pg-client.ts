import pg from 'pg';
import { namedStatements } from './prepared.ts';

/**
 * The pg client every Ponte pool uses. Two things differ from pg's own, both about round trips,
 * which are most of the order path's cost on PostgreSQL (bench:orders, README "Statements per
 * order"):
 *
 * - Named statements. Kysely hands pg the SQL text, which pg runs unnamed: parsed and planned on
 *   every execution. The fixed-shape statements (prepared.ts) go out named instead, parsed once
 *   per connection. Off through a transaction pooler, where a statement prepared on one server
 *   connection is not there on the next.
 * - BEGIN rides with the transaction's first statement. Kysely awaits BEGIN on its own; here it is
 *   held back and written in front of the first statement, in the same write, with no Sync in
 *   between, so the two cost one round trip. Without the Sync, an error in BEGIN makes PostgreSQL
 *   skip the statement, so it can never run outside the transaction. A transaction with no
 *   statement at all costs no round trip.
 *
 * Both lean on pg internals (Connection's parse, bind and execute; the submittable contract that
 * pg-cursor uses), which is why pg's version is pinned exactly.
 */
export function ponteClient(naming: boolean): typeof pg.Client {
  return class PonteClient extends pg.Client {
    #beginHeld = false;

    override query(config: any, values?: any, callback?: any): any {
      const name = naming && typeof config === 'string' ? namedStatements.get(config) : undefined;
      const named = name && Array.isArray(values) ? { name, text: config, values } : undefined;
      const verb = typeof config === 'string' ? TRANSACTION_VERBS.get(config) : undefined;
      if (verb === 'BEGIN' && !this.#beginHeld && callback === undefined) {
        this.#beginHeld = true;
        return Promise.resolve(completed('BEGIN'));
      }
      if (!this.#beginHeld) return named ? super.query(named, callback) : super.query(config, values, callback);
      this.#beginHeld = false;
      if ((verb === 'COMMIT' || verb === 'ROLLBACK') && callback === undefined) return Promise.resolve(completed(verb));
      const submit = (done: (error: Error | undefined, result: unknown) => void) => {
        const plain = typeof config === 'string' ? { text: config, values } : { ...config, values: values ?? config.values };
        // Extended protocol even without parameters: after a failed BEGIN, PostgreSQL ignores every
        // message up to the next Sync, and a simple Query message carries none.
        const inner = new pg.Query({ ...(named ?? plain), queryMode: 'extended' }, undefined, done);
        super.query(new BeginThen(inner) as any);
      };
      if (callback) return submit(callback);
      return new Promise((resolve, reject) => submit((error, result) => (error ? reject(error) : resolve(result))));
    }
  };
}

/** The statements Kysely sends to open and close a transaction, as it spells them. */
const TRANSACTION_VERBS: ReadonlyMap<string, 'BEGIN' | 'COMMIT' | 'ROLLBACK'> = new Map([
  ['begin', 'BEGIN'],
  ['commit', 'COMMIT'],
  ['rollback', 'ROLLBACK'],
]);

function completed(command: string): pg.QueryResult {
  return { command, rowCount: null, oid: 0, fields: [], rows: [] };
}

/**
 * A submittable (pg's contract for query objects) that writes BEGIN in front of a query and hands
 * it every reply but BEGIN's completion. pg's client reads `name` to track which named
 * statements this connection has parsed; it is withheld until BEGIN has completed, so BEGIN's own
 * ParseComplete does not mark the query's statement as parsed.
 */
class BeginThen {
  /** Lets a test that watches pg's queries count BEGIN's round trip as shared. */
  readonly beginsTransaction = true;
  #begun = false;
  readonly #inner: any;

  constructor(inner: pg.Query) {
    this.#inner = inner;
  }

  get name(): string | undefined {
    return this.#begun ? this.#inner.name : undefined;
  }

  get text(): string {
    return this.#inner.text;
  }

  get _result(): unknown {
    return this.#inner._result;
  }

  submit(connection: any): Error | null {
    connection.stream.cork();
    try {
      connection.parse({ text: 'BEGIN', name: '', types: [] });
      connection.bind({ portal: '', statement: '', values: [] });
      connection.execute({ portal: '', rows: 0 });
      return this.#inner.submit(connection);
    } finally {
      connection.stream.uncork();
    }
  }

  handleCommandComplete(message: unknown, connection: unknown): void {
    if (this.#begun) this.#inner.handleCommandComplete(message, connection);
    else this.#begun = true;
  }

  handleError(error: unknown, connection: any): void {
    // pg forgets a statement it sent a Parse for only when the failing query carries its name.
    if (!this.#begun && this.#inner.name) delete connection.submittedNamedStatements[this.#inner.name];
    this.#inner.handleError(error, connection);
  }

  handleRowDescription(message: unknown): void {
    this.#inner.handleRowDescription(message);
  }

  handleDataRow(message: unknown): void {
    this.#inner.handleDataRow(message);
  }

  handleReadyForQuery(connection: unknown): void {
    this.#inner.handleReadyForQuery(connection);
  }

  handleEmptyQuery(connection: unknown): void {
    this.#inner.handleEmptyQuery(connection);
  }

  handlePortalSuspended(connection: unknown): void {
    this.#inner.handlePortalSuspended(connection);
  }

  handleCopyInResponse(connection: unknown): void {
    this.#inner.handleCopyInResponse(connection);
  }

  handleCopyData(message: unknown, connection: unknown): void {
    this.#inner.handleCopyData(message, connection);
  }
}
