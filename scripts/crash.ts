/**
 * npm run test:crash [-- --rounds 10 --flows 200 --seed S --db sqlite|postgres] — the crash
 * harness's long form (test/crash/run.ts; docs/crash-harness.md): prints one line per round, then
 * the summary table; exits 1 when a check fails. PostgreSQL uses DATABASE_URL (default the local
 * test database) with a fresh schema, dropped afterwards.
 */
import { parseArgs } from 'node:util';
import { runCrash, summary } from '../test/crash/run.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '10' },
    flows: { type: 'string', default: '200' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    db: { type: 'string', default: process.env.PONTE_TEST_DB === 'postgres' ? 'postgres' : 'sqlite' },
  },
});
if (values.db !== 'sqlite' && values.db !== 'postgres') throw new Error(`--db takes sqlite or postgres, not ${values.db}`);
const options = { db: values.db, rounds: Number(values.rounds), flows: Number(values.flows), seed: Number(values.seed) } as const;
for (const [name, value] of Object.entries(options))
  if (typeof value === 'number' && !(Number.isSafeInteger(value) && value >= 0)) throw new Error(`--${name} takes a whole number`);
console.log(`crash harness: ${options.db}, ${options.rounds} rounds × ${options.flows} flows, seed ${options.seed}`);
const result = await runCrash({ ...options, log: (line) => console.log(line) });
console.log(summary(result));
if (result.checks.some((c) => !c.ok)) process.exitCode = 1;
