/**
 * npm run bench:callbacks — order events at a fixed rate for a fixed time, with the callback
 * dispatcher running in this process against a local receiver. Prints deliveries/s and the
 * p50/p99 lag from the event's commit to its receipt. Goal: p99 < 1 s at 500 events/s on SQLite.
 * Events reference real orders (created at setup), so each message is built from the order row.
 * BENCH_RATE (events/s, 500), BENCH_SECONDS (10), BENCH_ORDERS (60); DATABASE_URL → PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createDeveloper } from '../src/modules/accounts/index.ts';
import { createDispatcher, setCallbackUrl } from '../src/modules/callbacks/index.ts';
import { pandaPonMessages } from '../src/wire/callbacks/bodies.ts';
import { createOrders, type OrderSummary } from '../src/modules/orders/index.ts';
import { migrateToLatest } from '../src/migrations.ts';
import { systemClock } from '../src/platform/clock.ts';
import type { Ctx, SystemCtx } from '../src/platform/context.ts';
import { connect, dropPostgresSchema, ensurePostgresSchema, type Db } from '../src/platform/db/index.ts';
import { emitEvent } from '../src/platform/outbox/index.ts';
import { createSandboxSource } from '../src/sources/sandbox/source.ts';
import { generateCatalog, getProductsByIndexes } from '../src/sources/sandbox/store/index.ts';
import { describeProducts, sandboxIdSecret } from '../src/sources/sandbox/build.ts';
import { percentile } from './lib/stats.ts';
import { tempDataDir } from '../test/helpers/process.ts';

const rate = Number(process.env.BENCH_RATE ?? 500);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const orderCount = Number(process.env.BENCH_ORDERS ?? 60);
const TYPES = ['ORDER_PAY_SUCCESS', 'ORDER_SHIPPED', 'ORDER_ARRIVED', 'ORDER_COMPLETE'] as const;

async function openDb(): Promise<{ db: Db; label: string; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = `bench_cb_${randomBytes(4).toString('hex')}`;
    await ensurePostgresSchema(url, schema);
    const db = connect({ databaseUrl: url, schema });
    return {
      db,
      label: 'PostgreSQL',
      drop: async () => {
        await db.close();
        await dropPostgresSchema(url, schema);
      },
    };
  }
  const dir = tempDataDir();
  const db = connect({ sqliteFile: process.env.BENCH_MEMORY ? ':memory:' : join(dir, 'ponte.sqlite'), dataDir: dir });
  return { db, label: 'SQLite (file, WAL)', drop: () => db.close() };
}

const wallNow = () => performance.timeOrigin + performance.now();
const emittedAt = new Map<string, number>();
const lags: number[] = [];
const seen = new Set<string>();
let duplicates = 0;
let lastReceiptMs = 0;

// The receiver runs in its own process, as a developer's server would; it reports each receipt
// as "<webhook-id> <epoch ms>" on stdout (both processes read the same wall clock).
const RECEIVER_SOURCE = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const at = performance.timeOrigin + performance.now();
    res.writeHead(200).end('success');
    process.stdout.write(req.headers['webhook-id'] + ' ' + at + '\\n');
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write('ready ' + server.address().port + '\\n'));
`;
const receiver = spawn(process.execPath, ['-e', RECEIVER_SOURCE], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise<number>((resolve) => {
  let buffer = '';
  receiver.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.startsWith('ready ')) {
        resolve(Number(line.slice(6)));
        continue;
      }
      const [id, atText] = line.split(' ');
      const emitted = emittedAt.get(id!);
      if (emitted === undefined) continue; // the URL verification POST
      if (seen.has(id!)) {
        duplicates += 1;
        continue;
      }
      seen.add(id!);
      const at = Number(atText);
      lags.push(at - emitted);
      lastReceiptMs = Math.max(lastReceiptMs, at);
    }
  });
});
const url = `http://127.0.0.1:${port}/cb`;

const { db, label, drop } = await openDb();
await migrateToLatest(db);
const masterKey = randomBytes(32);
const ctx: SystemCtx = { db: db.kysely, dialect: db.dialect, clock: systemClock, masterKey, requestId: 'bench' };
await generateCatalog(db, { seed: 7, products: 400, secret: sandboxIdSecret(Buffer.alloc(32, 7)), describe: describeProducts });
const source = await createSandboxSource(db);
const products = await getProductsByIndexes(
  db,
  Array.from({ length: 400 }, (_, i) => i),
);
const dev = await createDeveloper(ctx, { name: 'bench' });
const devCtx: Ctx = { ...ctx, developerId: dev.developerId, userId: dev.userId, rowsVisible: 'all', role: 'main', language: 'en' };
const set = await setCallbackUrl(devCtx, { url }, { allowPrivate: true });
if (!set.ok) throw new Error(`callback URL refused: ${JSON.stringify(set)}`);

const orders: OrderSummary[] = [];
for (const product of products) {
  if (orders.length >= orderCount) break;
  const sku = product.skus.find((s) => s.stock >= 50);
  if (!sku) continue;
  const quantity = product.platform === '1688' ? Math.max(1, (product as { minOrderQuantity?: number }).minOrderQuantity ?? 1) : 1;
  const made = await createOrders(devCtx, source, {
    platform: product.platform,
    requestHash: `bench-${orders.length}`,
    receiver: { name: '张三', phone: '13800000000', province: '浙江省', city: '杭州市', district: '余杭区', address: '文一西路 969 号' },
    lines: [{ itemRef: product.itemId, skuId: sku.skuId, quantity }],
  });
  if (made.ok) orders.push(...made.orders);
}
// The setup's own ORDER_CREATE events are not part of the measurement.
await db.kysely.updateTable('outbox_events').set({ dispatched_at: Date.now() }).where('dispatched_at', 'is', null).execute();

const dispatcher = createDispatcher({ ctx, source, renderer: pandaPonMessages, allowPrivate: true, concurrency: 64, batchSize: 200 });
dispatcher.start(25);
const cpuBefore = process.cpuUsage();

console.log(`callbacks bench: ${label}, ${rate} events/s for ${seconds} s over ${orders.length} orders, node ${process.version}`);
const total = rate * seconds;
const tickMs = 10;
const started = wallNow();
let emitted = 0;
while (emitted < total) {
  const due = Math.min(total, Math.floor(((wallNow() - started) / 1000) * rate));
  // Events of one tick are emitted concurrently, as concurrent requests' state changes would be.
  const tick = [];
  while (emitted < due) {
    const n = emitted++;
    const order = orders[n % orders.length]!;
    const type = TYPES[n % TYPES.length]!;
    tick.push(
      emitEvent(ctx, {
        developerId: dev.developerId,
        type,
        aggregateType: 'purchase_order',
        aggregateId: order.orderId,
        payload: {
          orderId: order.orderId,
          platform: order.platform,
          ownerUserId: order.ownerUserId,
          state: 'paid',
          totalAmountFen: order.totalAmountFen,
          version: 2,
          ...(type === 'ORDER_SHIPPED' ? { carrier: 'YTO', trackingNumber: `YT${n}` } : {}),
        },
      }).then((id) => {
        // The event exists once emitEvent's autocommit returns: lag is counted from here.
        emittedAt.set(id, wallNow());
      }),
    );
  }
  await Promise.all(tick);
  await new Promise((r) => setTimeout(r, tickMs));
}
const producedMs = wallNow() - started;
const deadline = performance.now() + 60_000;
while (seen.size < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
await dispatcher.stop();

const elapsedS = (lastReceiptMs - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const fmt = (v: number) => `${v.toFixed(1)} ms`;
console.log(`events emitted:   ${emitted} in ${(producedMs / 1000).toFixed(2)} s (${(emitted / (producedMs / 1000)).toFixed(0)}/s)`);
console.log(`delivered:        ${seen.size}/${total} (duplicates ${duplicates})`);
console.log(`deliveries/s:     ${(seen.size / elapsedS).toFixed(0)}`);
console.log(`lag p50:          ${fmt(percentile(lags, 50))}`);
console.log(`lag p99:          ${fmt(percentile(lags, 99))}`);
console.log(`lag max:          ${fmt(Math.max(...lags))}`);
console.log(
  `process CPU:      ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s for the run (producer + dispatcher; the receiver is another process), load avg ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`,
);
console.log(`goal p99 < 1 s:   ${percentile(lags, 99) < 1000 && seen.size === total ? 'met' : 'NOT met'}`);
receiver.kill();
await drop();
process.exit(0);
