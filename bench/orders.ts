/**
 * npm run bench:orders — create + pay Taobao orders through the signed HTTP API with concurrency
 * 16 for a fixed time (BENCH_SECONDS, default 10), then verify the ledger in the database:
 * balance == sum of the wallet's entries, and the total charged == the sum of the paid orders'
 * amounts == what the client saw charged. Prints orders/s, p50/p99 of one create+pay, and the
 * server's and the client's CPU per order.
 *
 * The server is a separate process: `src/main.ts`, SQLite in a temp data dir, or PostgreSQL in a
 * fresh schema when DATABASE_URL is set. PONTE_PROFILE_DIR=dir writes a CPU profile of the server.
 */
import { Agent, request } from 'node:http';
import { sql } from 'kysely';
import { signedHeaders } from '../sdk/src/index.ts';
import { startServerProcess, tempDataDir } from '../test/helpers/process.ts';
import { generateProduct } from '../src/sources/sandbox/catalog/index.ts';
import { percentile, processCpuMs } from './lib/stats.ts';
import { expectedShipping } from '../test/helpers/pricing.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SEED = 7;
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 3000);
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
  const server = await startServerProcess(env);
  const userId = /main user id : (\d+)/.exec(server.output())![1]!;
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
      const req = request(`${server.baseUrl}${path}`, { method, headers, agent }, (response) => {
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
    const cpuBefore = processCpuMs(server.child.pid);
    const clientBefore = process.cpuUsage();
    const result = await run(call);
    const cpuAfter = processCpuMs(server.child.pid);
    const client = process.cpuUsage(clientBefore);
    const verdict = await verify(developerId, schema, dataDir, startBalance, result.chargedFen);
    console.log(`database: ${process.env.DATABASE_URL ? 'postgres' : 'sqlite'}; concurrency ${concurrency}; ${seconds} s`);
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
  } finally {
    await server.stop();
  }
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
    if (schema) await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(ctx.db);
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
