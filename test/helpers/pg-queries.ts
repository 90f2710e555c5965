import pg from 'pg';

/** One query as pg's client received it: its SQL, its config object (or text), and the client. */
export interface SeenQuery {
  text: string;
  config: unknown;
  client: pg.Client;
}

/**
 * The queries every pg client sends while `work` runs, each turned into lines by `describe`
 * (pg's Client.query is wrapped for the duration, for every pool at once).
 */
export async function pgQueriesOf(work: () => Promise<unknown>, describe: (query: SeenQuery) => string | string[]): Promise<string[]> {
  const seen: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, config: unknown, ...rest: unknown[]) {
    const text = typeof config === 'string' ? config : ((config as { text?: string }).text ?? '');
    seen.push(...[describe({ text, config, client: this })].flat());
    return (original as (...args: unknown[]) => unknown).call(this, config, ...rest);
  } as typeof original;
  try {
    await work();
  } finally {
    pg.Client.prototype.query = original;
  }
  return seen;
}

/** BEGIN written with a transaction's first statement (src/platform/db/pg-client.ts) marks its query so. */
export const ridesWithBegin = (query: SeenQuery) => (query.config as { beginsTransaction?: boolean }).beginsTransaction === true;
