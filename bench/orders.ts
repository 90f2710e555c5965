/**
 * npm run bench:orders — create + pay Taobao orders through the signed HTTP API with concurrency
 * 16 for a fixed time (BENCH_SECONDS, default 10), then verify the ledger in the database:
 * balance == sum of the wallet's entries, and the total charged == the sum of the paid orders'
 * amounts == what the client saw charged. Prints orders/s, p50/p99 of one create+pay, and the
 * server's and the client's CPU per order.
 *
 * The server is a separate process: `src/main.ts`, SQLite in a temp data dir, or PostgreSQL in a
 * fresh schema when DATABASE_URL is set. PONTE_PROFILE_DIR=dir writes a CPU profile of the server.
 *
 * On PostgreSQL a second phase then runs the same statements through a plain `pg` pool
 * (bench/lib/orders-baseline.ts) on the same schema, with the server stopped, and prints Ponte's
 * orders/s as a fraction of it: on a shared, loaded machine the absolute rates move from run to
 * run, the ratio much less (issue 15, goal ≥ 0.5).
 *
 * `--nodes N` (PostgreSQL only) starts N server processes on the one schema and sends the
 * requests round-robin, moves the sandbox clock on by two hours halfway so every node's sellers
 * and fulfilment runner have work, then prints the CPU per order of each node and of PostgreSQL
 * (docs/scale-out.md reads the capacity at N cores off them) and checks that no background work
 * was done twice (bench/lib/nodes.ts).
 */
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { dropPostgresSchema } from '../src/platform/db/index.ts';
import { signedHeaders } from '../sdk/src/index.ts';
import { startServerProcess, tempDataDir } from '../test/helpers/process.ts';
import { generateProduct } from '../src/sources/sandbox/catalog/index.ts';
import { percentile, processCpuMs } from './lib/stats.ts';
import { expectedShipping } from '../test/helpers/pricing.ts';
import { runBaseline } from './lib/orders-baseline.ts';
import { backgroundWork, cpuSplit, postgresCpuMs } from './lib/nodes.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SEED = 7;
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 3000);
const NODES = Number(parseArgs({ options: { nodes: { type: 'string', default: '1' } } }).values.nodes);
if (!Number.isInteger(NODES) || NODES < 1) throw new Error(`--nodes must be a positive integer, got ${NODES}`);
if (NODES > 1 && !process.env.DATABASE_URL)
  throw new Error('--nodes > 1 needs DATABASE_URL: nodes share one PostgreSQL (SQLite is one process)');
/** The server's PostgreSQL pool size (src/platform/db/connect.ts), which the baseline matches. */
const POOL_SIZE = 10;
const creds = { accessKey: 'bench000000000000000000000000002', accessSecret: 'benchsecret000000000000000000002' };
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef0123';
const RECEIVER = JSON.stringify({
  name: '压测',
  mobile_phone: '13800000000',
  state: '浙江省',
  city: '金华市',
  district: '义乌市',
  address: '仓库 1 号',
});

await main();

interface Envelope {
  code: number;
  msg: string;
  data: any;
}

async function main(): Promise<void> {
  const dataDir = tempDataDir();
  const schema = process.env.DATABASE_URL ? `bench_orders_${Date.now()}` : undefined;
  const env: Record<string, string> = {
    PONTE_DATA_DIR: dataDir,
    PONTE_RATE_LIMIT: '10000000',
    PONTE_RATE_BURST: '10000000',
    PONTE_DEMO_ACCESS_KEY: creds.accessKey,
    PONTE_DEMO_ACCESS_SECRET: creds.accessSecret,
    PONTE_LOG_LEVEL: 'warn',
    PONTE_ADMIN_TOKEN: ADMIN_TOKEN,
    PONTE_SANDBOX_PRODUCTS: String(PRODUCTS),
    PONTE_SANDBOX_SEED: String(SEED),
    ...(schema ? { PONTE_DB_SCHEMA: schema } : {}),
  };
  // One at a time: the first creates the schema, the catalog and the demo developer.
  const servers = [await startServerProcess(env)];
  while (servers.length < NODES) servers.push(await startServerProcess(env));
  const server = servers[0]!;
  const userId = /main user id : (\d+)/.exec(server.output())![1]!;
  let turn = 0;
  // node:http with keep-alive rather than fetch: fetch cost the client about twice the CPU per
  // request, and client and server share this machine's cores.
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const call = (method: 'GET' | 'POST', path: string, body?: unknown): Promise<Envelope> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers = {
        ...signedHeaders({ ...creds, userId, body: payload }),
        ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}),
      };
      const node = servers[turn++ % servers.length]!;
      const req = request(`${node.baseUrl}${path}`, { method, headers, agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve(JSON.parse(text) as Envelope);
          } catch {
            resolve({ code: response.statusCode ?? 0, msg: text.slice(0, 200), data: null });
          }
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  try {
    const developerId = /developer id : (\d+)/.exec(server.output())![1]!;
    const top = await fetch(`${server.baseUrl}/admin/wallets/topup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ developerId, amountFen: 100_000_000_000, note: 'bench' }),
    });
    const topped = (await top.json()) as Envelope;
    if (topped.code !== 200) throw new Error(`top-up refused: ${topped.code} ${topped.msg}`);
    const startBalance = topped.data.balance as number;
    const nodesBefore = servers.map((node) => processCpuMs(node.child.pid) ?? 0);
    const databaseBefore = schema ? postgresCpuMs() : 0;
    const cpuBefore = processCpuMs(server.child.pid);
    const clientBefore = process.cpuUsage();
    const halfway = NODES > 1 ? setTimeout(() => void advanceClock(server.baseUrl, '2h'), (seconds * 1000) / 2) : null;
    const result = await run(call);
    if (halfway) clearTimeout(halfway);
    const cpuAfter = processCpuMs(server.child.pid);
    const nodesMs = servers.map((node, i) => (processCpuMs(node.child.pid) ?? 0) - nodesBefore[i]!);
    const databaseMs = schema ? postgresCpuMs() - databaseBefore : 0;
    const client = process.cpuUsage(clientBefore);
    if (NODES > 1) await settleBackground();
    for (const node of servers) await node.stop();
    const verdict = await verify(developerId, schema, dataDir, startBalance, result.chargedFen);
    console.log(
      `database: ${process.env.DATABASE_URL ? 'postgres' : 'sqlite'}; ${NODES} node${NODES > 1 ? 's, round-robin' : ''}; concurrency ${concurrency}; ${seconds} s`,
    );
    console.log(
      `orders created+paid: ${result.orders} → ${(result.orders / result.elapsedS).toFixed(0)} orders/s (${((result.orders * 2) / result.elapsedS).toFixed(0)} req/s)`,
    );
    console.log(
      `create+pay latency: p50 ${percentile(result.latencies, 50).toFixed(1)} ms  p99 ${percentile(result.latencies, 99).toFixed(1)} ms`,
    );
    if (cpuBefore !== null && cpuAfter !== null) {
      console.log(
        `server CPU: ${((cpuAfter - cpuBefore) / result.orders).toFixed(2)} ms per order (${((cpuAfter - cpuBefore) / (result.elapsedS * 10)).toFixed(0)} % of one core)`,
      );
      console.log(
        `bench client CPU: ${((client.user + client.system) / 1000 / result.orders).toFixed(2)} ms per order (it shares the machine's cores with the server)`,
      );
    }
    console.log(`errors: ${JSON.stringify(result.errors)}`);
    console.log(
      `ledger: balance ${verdict.balanceFen} == entries sum ${verdict.entriesSumFen}: ${verdict.balanceFen === verdict.entriesSumFen}; unbalanced transactions ${verdict.unbalanced}`,
    );
    console.log(
      `charged ${verdict.chargedFen} == paid orders ${verdict.paidOrdersFen} (${verdict.paidOrders} orders) == client-seen ${result.chargedFen}: ${verdict.chargedFen === verdict.paidOrdersFen && verdict.chargedFen === result.chargedFen}`,
    );
    console.log(`ledger check: ${verdict.ok ? 'OK' : 'FAILED'}  (goal ≥ 1500 orders/s on SQLite)`);
    if (!verdict.ok) process.exitCode = 1;
    if (schema) console.log(cpuSplit(nodesMs, databaseMs, result.orders));
    if (schema && NODES > 1) await reportBackground(schema);
    if (schema) await baselinePhase(schema, { developerId, userId, rate: result.orders / result.elapsedS });
  } finally {
    for (const node of servers) await node.stop();
    if (schema) await dropPostgresSchema(process.env.DATABASE_URL!, schema);
  }
}

async function advanceClock(baseUrl: string, by: string): Promise<void> {
  const response = await fetch(`${baseUrl}/sandbox/clock/advance`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ by }),
  });
  const answer = (await response.json()) as Envelope;
  if (answer.code !== 200) console.log(`clock advance refused: ${answer.code} ${answer.msg}`);
}

/** The nodes' runners take the tasks the clock made due: a few seconds for them to finish. */
function settleBackground(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5_000));
}

async function reportBackground(schema: string): Promise<void> {
  const work = await backgroundWork(process.env.DATABASE_URL!, schema);
  const twice = work.duplicateTasks + work.duplicateMoves + work.duplicateTracking;
  console.log(
    `background work: ${work.tasksDone} fulfilment tasks done, ${work.onceOnlyMoves} once-only order moves; done twice: ${work.duplicateTasks} tasks, ${work.duplicateMoves} moves, ${work.duplicateTracking} tracking steps — ${twice === 0 ? 'OK' : 'FAILED'}`,
  );
  if (twice > 0) process.exitCode = 1;
}

/** The plain-pg phase on the schema Ponte just used (its wallet, catalog and reservations). */
async function baselinePhase(schema: string, ponte: { developerId: string; userId: string; rate: number }): Promise<void> {
  const baseline = await runBaseline({
    databaseUrl: process.env.DATABASE_URL!,
    schema,
    developerId: ponte.developerId,
    userId: ponte.userId,
    accessKey: creds.accessKey,
    skus: candidates(),
    concurrency,
    poolSize: POOL_SIZE,
    seconds,
  });
  const rate = baseline.orders / baseline.elapsedS;
  console.log(
    `plain pg, same statements (prepared, same transactions, concurrency ${concurrency}, pool ${POOL_SIZE}): ${rate.toFixed(0)} orders/s`,
  );
  console.log(`Ponte / plain pg: ${(ponte.rate / rate).toFixed(2)}  (goal ≥ 0.5)`);
}

/**
 * Candidate Taobao SKUs (v1 numeric ids, deterministic from the seed), spread so stock lasts,
 * with the amount a client would have from a preview (one unit + the sandbox's postage), so
 * each order is one create and one pay; a 2002 answer still retries with the amount it quotes.
 */
function candidates(): { itemId: string; skuId: string; stock: number; amountFen: number }[] {
  const out: { itemId: string; skuId: string; stock: number; amountFen: number }[] = [];
  for (let i = 0; i < PRODUCTS; i++) {
    const record = generateProduct(SEED, i);
    if (record.platform !== 'taobao') continue;
    for (const sku of record.skus) {
      if (sku.stock > 0)
        out.push({
          itemId: record.numericId,
          skuId: sku.skuId,
          stock: sku.stock,
          amountFen: sku.priceFen + expectedShipping('taobao', sku.priceFen, record.weightGrams),
        });
    }
  }
  return out;
}

async function run(call: (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<Envelope>) {
  const skus = candidates();
  const amounts = new Map<string, number>();
  const errors: Record<string, number> = {};
  const latencies: number[] = [];
  let next = 0;
  let orders = 0;
  let chargedFen = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline && skus.length > 0) {
      const index = next++ % skus.length;
      const sku = skus[index]!;
      const key = `${sku.itemId}/${sku.skuId}`;
      const t0 = performance.now();
      const lines = JSON.stringify([{ itemId: sku.itemId, skuId: sku.skuId, quantity: '1' }]);
      let created = await call('POST', '/v2/taobao/order/create', {
        orderLineList: lines,
        receiver: RECEIVER,
        purchaseAmount: amounts.get(key) ?? sku.amountFen,
      });
      if (created.code === 2002) {
        amounts.set(key, created.data.purchaseAmount);
        created = await call('POST', '/v2/taobao/order/create', {
          orderLineList: lines,
          receiver: RECEIVER,
          purchaseAmount: created.data.purchaseAmount,
        });
      }
      if (created.code !== 200) {
        errors[`create ${created.code}`] = (errors[`create ${created.code}`] ?? 0) + 1;
        if (created.code === 2003 || created.code === 2007) skus.splice(skus.indexOf(sku), 1);
        continue;
      }
      const paid = await call('POST', '/v2/taobao/order/pay', { purchaseOrderId: created.data.purchaseOrderId });
      if (paid.code !== 200) {
        errors[`pay ${paid.code}`] = (errors[`pay ${paid.code}`] ?? 0) + 1;
        continue;
      }
      chargedFen += paid.data.alreadyPaid ? 0 : paid.data.payAmount;
      latencies.push(performance.now() - t0);
      orders++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { orders, latencies, errors, chargedFen, elapsedS: (performance.now() - started) / 1000 };
}

/** Reads the ledger and the orders straight from the database the server used. */
async function verify(developerId: string, schema: string | undefined, dataDir: string, startBalanceFen: number, clientChargedFen: number) {
  const { loadConfig } = await import('../src/config.ts');
  const { openRuntime } = await import('../src/runtime.ts');
  const { systemContext } = await import('../src/app.ts');
  const { ledgerCheck } = await import('../src/modules/wallet/index.ts');
  const runtime = await openRuntime(
    loadConfig({ ...process.env, PONTE_DATA_DIR: dataDir, ...(schema ? { PONTE_DB_SCHEMA: schema } : {}) }),
  );
  try {
    const ctx = systemContext(runtime);
    const check = await ledgerCheck(ctx, developerId);
    const db = ctx.db as any;
    const charges = await db
      .selectFrom('ledger_transactions')
      .select((eb: any) => eb.fn.coalesce(eb.fn.sum('amount_fen'), eb.lit(0)).as('total'))
      .where('developer_id', '=', developerId)
      .where('kind', '=', 'order_charge')
      .executeTakeFirstOrThrow();
    const paid = await db
      .selectFrom('purchase_orders')
      .select((eb: any) => [eb.fn.coalesce(eb.fn.sum('paid_amount_fen'), eb.lit(0)).as('total'), eb.fn.countAll().as('n')])
      .where('developer_id', '=', developerId)
      .where('paid_at', 'is not', null)
      .executeTakeFirstOrThrow();
    const chargedFen = -Number(charges.total);
    const paidOrdersFen = Number(paid.total);
    const ok =
      check.balanceFen === check.entriesSumFen &&
      check.unbalancedTransactions === 0 &&
      chargedFen === paidOrdersFen &&
      chargedFen === clientChargedFen &&
      check.balanceFen <= startBalanceFen;
    return {
      ok,
      balanceFen: check.balanceFen,
      entriesSumFen: check.entriesSumFen,
      unbalanced: check.unbalancedTransactions,
      chargedFen,
      paidOrdersFen,
      paidOrders: Number(paid.n),
    };
  } finally {
    await runtime.close();
  }
}
