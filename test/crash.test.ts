import assert from 'node:assert/strict';
import { test } from 'node:test';
import { onPostgres } from './helpers/db.ts';
import { runCrash, summary } from './crash/run.ts';

/*
 * The crash harness's short form (docs/crash-harness.md): 3 rounds of concurrent order flows,
 * each ended by a SIGKILL of the real server and a restart on the same data. The seed is printed;
 * CRASH_SEED=S runs the same kill moments and flow choices again.
 */
test('3 SIGKILL rounds and a parcel round: acknowledged orders, payments, refunds and scans survive; ledgers balance; every callback arrives', async () => {
  const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
  const result = await runCrash({ db: onPostgres ? 'postgres' : 'sqlite', rounds: 3, flows: 40, seed, log: (line) => console.log(line) });
  const table = summary(result);
  console.log(table);
  assert.equal(result.kills, 4, 'one per round and one among the parcel scans');
  assert.ok(result.flows.acks.payments.size > 0, 'some flows were acknowledged');
  assert.deepEqual(
    result.checks.filter((c) => !c.ok).map((c) => c.name),
    [],
    table,
  );
});
