/**
 * npm run bench:gateway — in one run, autocannon against (a) a route with no auth in the same
 * server (/health) and (b) the signed address-list endpoint (every request freshly signed with a
 * new nonce, so the nonce write is measured too). Prints req/s, p50/p99 and the ratio b/a.
 * The two alternate over BENCH_ROUNDS rounds and the median of the rounds' ratios is the result:
 * this machine's speed drifts by ±20 % within a minute, and a pair measured back to back sees the
 * same drift. The server is a separate process (`src/main.ts`, SQLite unless DATABASE_URL is set).
 */
// @ts-expect-error autocannon ships no type declarations
import autocannon from 'autocannon';
import { signedHeaders } from '../sdk/src/index.ts';
import { dropPostgresSchema } from '../src/platform/db/index.ts';
import { startServerProcess, tempDataDir } from '../test/helpers/process.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const creds = { accessKey: 'bench000000000000000000000000001', accessSecret: 'benchsecret000000000000000000001' };

// Both runs sign every request on the client, so the client's cost is the same in (a) and (b)
// and the ratio measures what the server adds: key lookup, signature, nonce write, the query.
async function measure(title: string, url: string, duration = seconds) {
  const result = await autocannon({
    title,
    url,
    connections,
    duration,
    requests: [
      { method: 'GET', setupRequest: (req: any) => ({ ...req, headers: { ...req.headers, ...signedHeaders({ ...creds, userId }) } }) },
    ],
  });
  const non2xx = result.non2xx + result.errors;
  return { title, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx };
}

// A schema of its own on PostgreSQL: a catalog left by another run's data dir would be refused.
const schema = process.env.DATABASE_URL ? `bench_gateway_${Date.now()}` : undefined;
const server = await startServerProcess({
  ...(schema ? { PONTE_DB_SCHEMA: schema } : {}),
  PONTE_DATA_DIR: tempDataDir(),
  PONTE_RATE_LIMIT: '10000000',
  PONTE_RATE_BURST: '10000000',
  PONTE_DEMO_ACCESS_KEY: creds.accessKey,
  PONTE_DEMO_ACCESS_SECRET: creds.accessSecret,
  PONTE_LOG_LEVEL: 'warn',
});
const userId = /main user id : (\d+)/.exec(server.output())![1]!;
try {
  const check = await fetch(`${server.baseUrl}/v2/open/address/list`, { headers: signedHeaders({ ...creds, userId }) });
  const body = (await check.json()) as { code: number; msg: string };
  if (body.code !== 200) throw new Error(`signed request refused: ${body.code} ${body.msg}`);
  console.log(
    `database: ${process.env.DATABASE_URL ? 'postgres' : 'sqlite'}, ${connections} connections, ${rounds} rounds of ${seconds} s each`,
  );
  // Both paths warm up first: a cold bare route made the first runs' ratio look better than it is.
  await measure('warm-up', `${server.baseUrl}/health`, 3);
  await measure('warm-up', `${server.baseUrl}/v2/open/address/list`, 3);
  const ratios: number[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    const bare = await measure('(a) bare /health, no auth', `${server.baseUrl}/health`);
    const signed = await measure('(b) signed GET /v2/open/address/list', `${server.baseUrl}/v2/open/address/list`);
    for (const r of [bare, signed])
      console.log(
        `round ${round} ${r.title.padEnd(40)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  non-2xx/errors ${r.non2xx}`,
      );
    ratios.push(signed.rps / bare.rps);
  }
  const sorted = [...ratios].sort((x, y) => x - y);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(`ratio b/a per round: ${ratios.map((r) => r.toFixed(2)).join(', ')}`);
  console.log(`ratio b/a: ${median.toFixed(2)} (median; target ≥ 0.5 on SQLite)`);
} finally {
  await server.stop();
  if (schema) await dropPostgresSchema(process.env.DATABASE_URL!, schema);
}
