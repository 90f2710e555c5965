import type { CompiledQuery } from 'kysely';
import pg from 'pg';

/**
 * Runs independent statements in one write and one round trip, each with its own Sync, so each
 * is its own implicit transaction and commits (or fails) on its own, in the order given; the
 * next one runs whatever the previous one did. PostgreSQL only. The signed gateway's rate-limit
 * upsert and nonce claim go out so (auth/admission.ts): two of an order's ~19 round trips.
 */
export type Pipeline = (statements: readonly CompiledQuery[]) => Promise<PipelineResult[]>;

export interface PipelineResult {
  rows: Record<string, unknown>[];
  rowCount: number;
}

/** Every statement's outcome is awaited before the connection goes back, even when one failed. */
export function pipelineOn(pool: pg.Pool): Pipeline {
  return async (statements) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      const stream = (client as unknown as { connection: { stream: { cork(): void; uncork(): void } } }).connection.stream;
      stream.cork();
      let pending: Promise<pg.QueryResult>[];
      try {
        pending = statements.map((statement) => client.query(statement.sql, [...statement.parameters]));
      } finally {
        stream.uncork();
      }
      const settled = await Promise.allSettled(pending);
      const failed = settled.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
      return settled.map((outcome) => {
        const result = (outcome as PromiseFulfilledResult<pg.QueryResult>).value;
        return { rows: result.rows, rowCount: result.rowCount ?? 0 };
      });
    } catch (error) {
      // A database error leaves the connection usable; anything else (a lost socket) may not.
      if (!(error instanceof pg.DatabaseError)) broken = error as Error;
      throw error;
    } finally {
      client.release(broken);
    }
  };
}
