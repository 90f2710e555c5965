/**
 * The crash harness (issue 15): the real server, a few funded developers subscribed to one
 * callback receiver, and rounds of concurrent order flows; each round SIGKILLs the server at a
 * seeded random moment and starts it again on the same data while the clients retry. After the
 * last round every flow is finished, the sandbox clock moves on (sellers answer refunds, orders
 * ship and reach the warehouse, parcels are scanned), the outbox drains and the checks run.
 */
import { seededRandom } from '../../bench/lib/stats.ts';
import { systemClock } from '../../src/platform/clock.ts';
import type { SystemCtx } from '../../src/platform/context.ts';
import { startReceiver, type Receiver } from '../helpers/callback-receiver.ts';
import { IndependentClient } from '../helpers/independent-client.ts';
import { type Check, drained, runChecks } from './checks.ts';
import { type Buyer, type Flows, newAcks, newTraffic, runFlow } from './flows.ts';
import { parcelRound } from './parcels.ts';
import { admin, type CrashDb, type CrashServer, crashServer, must } from './server.ts';

export interface CrashOptions {
  db: CrashDb;
  rounds: number;
  /** New flows started in each round (all at once: they run concurrently). */
  flows: number;
  seed: number;
  /** Progress lines (one per round and phase). */
  log?: (line: string) => void;
}

export interface CrashResult {
  options: Omit<CrashOptions, 'log'>;
  kills: number;
  flowErrors: string[];
  flows: Flows;
  received: number;
  checks: Check[];
  seconds: number;
}

const BUYERS = 4;
const TOP_UP_FEN = 10_000_000_000;
/** Answers a flow takes (quote, create, pay, and for some render and submit); kills are drawn up to this many per new flow. */
const ANSWERS_PER_FLOW = 4;
/** A round whose flows have all finished is killed after this long (the background work dies then). */
const IDLE_ROUND_MS = 1000;
const DRAIN_TIMEOUT_MS = 300_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Developers made, funded and subscribed before the first kill, so every top-up is acknowledged once. */
async function buyers(server: CrashServer, rx: Receiver, flows: Flows): Promise<void> {
  for (let i = 0; i < BUYERS; i++) {
    const made = await must(server, '/admin/developers/create', { name: `crash-${flows.seed}-${i}` });
    const buyer: Buyer = { developerId: made.developerId, userId: made.userId, accessKey: made.accessKey, accessSecret: made.secretKey };
    await must(server, '/admin/wallets/topup', { developerId: buyer.developerId, amountFen: TOP_UP_FEN, note: 'crash harness' });
    flows.acks.topUps.set(buyer.developerId, TOP_UP_FEN);
    const client = new IndependentClient(await server.ready(), buyer, { mode: 'HMAC-SHA256' });
    const set = (await client.post('/v2/open/callback/set', { url: rx.url })).envelope;
    if (set.code !== 200) throw new Error(`callback set: ${set.code} ${set.msg}`);
    flows.buyers.push(buyer);
  }
}

/**
 * Resolves once the server has answered `answers` more requests (progress, not time, so the kill
 * lands among the flows on a fast machine and a slow one alike), or when nothing is left to answer.
 */
async function progressed(flows: Flows, answers: number, idle: () => boolean): Promise<void> {
  const target = flows.traffic.answered + answers;
  const deadline = Date.now() + IDLE_ROUND_MS;
  while (flows.traffic.answered < target && !(idle() && Date.now() > deadline)) await sleep(10);
}

/** Rounds of new flows, each ended by a SIGKILL and a restart; resolves when every flow has finished. */
async function rounds(o: CrashOptions, flows: Flows, errors: string[], log: (line: string) => void): Promise<number> {
  const random = seededRandom(o.seed);
  const running: Promise<void>[] = [];
  const clockMoves: Promise<unknown>[] = [];
  let done = 0;
  for (let round = 1; round <= o.rounds; round++) {
    for (let i = 0; i < o.flows; i++)
      running.push(
        runFlow(flows, (round - 1) * o.flows + i).then(
          () => void done++,
          (error: unknown) => void errors.push(String(error)),
        ),
      );
    // A flow takes about five answers: the kill comes anywhere from the first answer to past the
    // round's new work, and the sellers act (refund answers, stock-outs, shipping) halfway there.
    const killAfter = 1 + Math.floor(random() * ANSWERS_PER_FLOW * o.flows);
    const idle = () => done + errors.length === running.length;
    await progressed(flows, Math.ceil(killAfter / 2), idle);
    // Its answer does not matter (a kill may take it): the moved clock is what the sellers read.
    clockMoves.push(admin(flows.server, '/sandbox/clock/advance', { by: '30m' }).catch(() => undefined));
    await progressed(flows, Math.floor(killAfter / 2), idle);
    await flows.server.kill();
    const t0 = performance.now();
    await flows.server.start();
    const { acks } = flows;
    log(
      `round ${round}/${o.rounds}: SIGKILL after ${killAfter} answers, restarted in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
        `flows done ${done}/${running.length}, acknowledged ${acks.orders.size} orders, ${acks.payments.size} payments, ${acks.refunds.size} refunds`,
    );
  }
  await Promise.all([...running, ...clockMoves]);
  return o.rounds;
}

/**
 * Moves business time on so that what the flows started plays out: sellers answer the refund
 * applications (≤ 90 min) and ship (2–6 h), the parcel round scans the parcels in under one more
 * kill, and the last step ends the leases the killed servers held. Then waits for the outbox.
 */
async function settle(o: CrashOptions, flows: Flows, ctx: SystemCtx, log: (line: string) => void): Promise<void> {
  for (const by of ['2h', '6h']) {
    const moved = await must(flows.server, '/sandbox/clock/advance', { by });
    log(`advanced ${by}: ${moved.ran} seller actions, ${moved.refundActions} refund actions`);
  }
  await parcelRound(flows, ctx, seededRandom(o.seed + 1), log);
  await must(flows.server, '/sandbox/clock/advance', { by: '10m' });
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while (!(await drained(ctx)) && Date.now() < deadline) await sleep(500);
}

export async function runCrash(o: CrashOptions): Promise<CrashResult> {
  const started = performance.now();
  const log = (line: string) => o.log?.(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${line}`);
  const server = await crashServer(o.db);
  const rx = await startReceiver();
  const flows: Flows = { server, buyers: [], acks: newAcks(), traffic: newTraffic(), seed: o.seed };
  const flowErrors: string[] = [];
  try {
    await server.start();
    await buyers(server, rx, flows);
    // One kill per round, and one in the parcel round.
    const kills = (await rounds(o, flows, flowErrors, log)) + 1;
    const db = server.open();
    const ctx: SystemCtx = {
      db: db.kysely,
      dialect: db.dialect,
      clock: systemClock,
      masterKey: Buffer.alloc(32),
      requestId: 'crash-checks',
    };
    await settle(o, flows, ctx, log);
    log('outbox drained');
    const received = new Set(rx.messages().map((m) => String(m.headers['webhook-id'])));
    const checks = [
      {
        name: 'every flow finished',
        ok: flowErrors.length === 0,
        detail: flowErrors.slice(0, 3).join('; ') || `${o.rounds * o.flows} flows`,
      },
      ...(await runChecks(ctx, flows.buyers, flows.acks, received)),
    ];
    const { log: _, ...options } = o;
    return { options, kills, flowErrors, flows, received: rx.messages().length, checks, seconds: (performance.now() - started) / 1000 };
  } finally {
    await rx.close();
    await server.close();
  }
}

/** The summary table: the run, what was acknowledged, and each check. */
export function summary(r: CrashResult): string {
  const { acks, traffic } = r.flows;
  const rows: [string, string][] = [
    ['database / seed', `${r.options.db} / ${r.options.seed}`],
    ['rounds / kills', `${r.options.rounds} / ${r.kills}`],
    ['flows', String(r.options.rounds * r.options.flows)],
    [
      'acknowledged',
      `${acks.orders.size} orders, ${acks.payments.size} payments, ${acks.refunds.size} refund applications, ${acks.parcels.size} parcel scans`,
    ],
    ['requests / retried', `${traffic.requests} / ${traffic.retries}`],
    ['refused (step code: n)', JSON.stringify(traffic.refused)],
    ['callbacks received', String(r.received)],
    ['time', `${r.seconds.toFixed(1)} s`],
    ...r.checks.map((c): [string, string] => [`${c.ok ? 'PASS' : 'FAIL'} ${c.name}`, c.detail]),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}
