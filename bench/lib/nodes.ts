/**
 * What `bench:orders --nodes N` adds to the single-node run: the database server's CPU beside the
 * nodes', and a check that the background work every node runs (sandbox sellers, fulfilment
 * tasks, callbacks, timers) was done once, not once per node.
 */
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { processCpuMs } from './stats.ts';

/** CPU of every PostgreSQL server process on this machine (the bench's database is local). */
export function postgresCpuMs(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue; // the process ended while we looked
    }
    total += processCpuMs(Number(entry)) ?? 0;
  }
  return total;
}

export interface BackgroundWork {
  /** Fulfilment tasks done, and the orders that moved by a once-only action (ship, arrive, close…). */
  tasksDone: number;
  onceOnlyMoves: number;
  /** Anything done twice: a task planned twice (same order, kind and due time), a once-only move or a tracking step recorded twice. */
  duplicateTasks: number;
  duplicateMoves: number;
  duplicateTracking: number;
}

const ONCE_ONLY = ['pay', 'ship', 'arrive', 'complete', 'close', 'cancel'];

export async function backgroundWork(databaseUrl: string, schema: string): Promise<BackgroundWork> {
  const client = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    const count = async (text: string, values: unknown[] = []) => Number((await client.query(text, values)).rows[0].n);
    return {
      tasksDone: await count('SELECT count(*) AS n FROM fulfilment_tasks WHERE done_at IS NOT NULL'),
      onceOnlyMoves: await count('SELECT count(*) AS n FROM purchase_order_history WHERE action = ANY($1)', [ONCE_ONLY]),
      duplicateTasks: await count(
        'SELECT count(*) AS n FROM (SELECT 1 FROM fulfilment_tasks GROUP BY order_id, kind, due_at HAVING count(*) > 1) AS twice',
      ),
      duplicateMoves: await count(
        `SELECT count(*) AS n FROM (SELECT 1 FROM purchase_order_history WHERE action = ANY($1)
           GROUP BY order_id, action HAVING count(*) > 1) AS twice`,
        [ONCE_ONLY],
      ),
      duplicateTracking: await count(
        'SELECT count(*) AS n FROM (SELECT 1 FROM order_tracking_events GROUP BY order_id, status HAVING count(*) > 1) AS twice',
      ),
    };
  } finally {
    await client.end();
  }
}

/** Per-order CPU of each node and of the database: what the capacity at N cores is read from. */
export function cpuSplit(nodesMs: number[], databaseMs: number, orders: number): string {
  const per = (ms: number) => (ms / orders).toFixed(2);
  const nodes = nodesMs.map((ms, i) => `node ${i + 1} ${per(ms)}`).join(', ');
  const totalNodes = nodesMs.reduce((a, b) => a + b, 0);
  return `CPU per order (ms): ${nodes}; nodes together ${per(totalNodes)}; PostgreSQL ${per(databaseMs)}; all ${per(totalNodes + databaseMs)}`;
}
