import { sql } from 'kysely';
import type { SystemCtx } from '../../platform/context.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import type { Platform, RefundResponse, ReturnAddress, Source } from '../../sources/source.ts';
import { runRefundTimers, sellerAgree, sellerConfirmReceipt, sellerRefuse, type RefundView } from './index.ts';
import { toEventView, type RefundEventView } from './repo.ts';

/*
 * The marketplace's sellers answering refund applications. Each refund that awaits the seller gets
 * one plan per version (the source decides it: agree, refuse, or nothing), due some business time
 * after it entered its state; due plans run as the seller through the module's guarded transitions,
 * then the state timers act on whatever nobody answered. Plans and leases live on the refund row
 * (seller_planned_version, seller_due_at, seller_plan_json), so a crash loses nothing and a re-run,
 * by this node or another, changes nothing: the module refuses a transition the state no longer allows.
 */

export type RefundSellerSource = Pick<Source, 'planRefundResponse' | 'returnAddress'>;

/** The states of both machines in which the seller's move is awaited: the application, the returned parcel. */
const SELLER_STATES = ['10', '30', 'waitselleragree', 'waitsellerreceive'];

/** Refunds planned and timers expired per call; a full batch means more may be waiting. */
const PLAN_BATCH = 200;
const TIMER_BATCH = 50;

/** How long a claimed plan stays invisible to other ticks; a crash mid-run retries it after this. */
const LEASE_MS = 60_000;

/** Used only for a shop the source does not know (e.g. a catalog replaced under old orders). */
const FALLBACK_ADDRESS: ReturnAddress = { receiver: 'Ponte 售后', phone: '13800000000', detailAddress: '浙江省金华市义乌市 售后仓' };

interface PlanRow {
  refund_id: string;
  platform: Platform;
  status: string;
  kind: string;
  version: number | string;
  updated_at: number | string;
}

async function unplannedRefunds(ctx: SystemCtx, limit: number): Promise<PlanRow[]> {
  return ctx.db
    .selectFrom('refunds')
    .select(['refund_id', 'platform', 'status', 'kind', 'version', 'updated_at'])
    .where('status', 'in', SELLER_STATES)
    .where((eb) => eb.or([eb('seller_planned_version', 'is', null), eb('seller_planned_version', '<>', eb.ref('version'))]))
    .orderBy('updated_at')
    .limit(limit)
    .execute() as Promise<PlanRow[]>;
}

/** Plans the seller's answer to refunds whose current version has none; returns how many were planned. */
export async function planSellerResponses(ctx: SystemCtx, source: RefundSellerSource, limit = 200): Promise<number> {
  const rows = await unplannedRefunds(ctx, limit);
  let planned = 0;
  for (const row of rows) {
    const version = Number(row.version);
    const plan = source.planRefundResponse({
      refundId: row.refund_id,
      platform: row.platform,
      status: row.status,
      version,
      kind: row.kind === 'return_refund' ? 'return_refund' : 'refund',
    });
    const dueAt = plan && plan.kind !== 'ignore' ? Number(row.updated_at) + plan.afterMs : null;
    // Guarded by version and state: a refund that moved since it was read is planned afresh next tick.
    const stored = await ctx.db
      .updateTable('refunds')
      .set({ seller_planned_version: version, seller_due_at: dueAt, seller_plan_json: plan ? JSON.stringify(plan) : null })
      .where('refund_id', '=', row.refund_id)
      .where('version', '=', version)
      .where('status', '=', row.status)
      .executeTakeFirst();
    planned += Number(stored.numUpdatedRows) > 0 ? 1 : 0;
  }
  return planned;
}

interface DuePlan {
  refund_id: string;
  platform: string;
  shop_index: number | string;
  seller_plan_json: string;
}

function duePlans(ctx: SystemCtx, now: number, limit: number) {
  return ctx.db
    .selectFrom('refunds')
    .select(['refund_id', 'seller_due_at'])
    .where('seller_due_at', '<=', now)
    .where('seller_plan_json', 'is not', null)
    .orderBy('seller_due_at')
    .orderBy('refund_id')
    .limit(limit);
}

/** Claims due plans by moving their due time to the lease end (SKIP LOCKED on PostgreSQL; a guarded update per row on SQLite). */
async function claimDue(ctx: SystemCtx, limit: number): Promise<string[]> {
  const now = ctx.clock.nowMs();
  const leaseUntil = now + LEASE_MS;
  if (ctx.dialect === 'postgres') {
    const result = await sql<{ refund_id: string }>`
      UPDATE refunds SET seller_due_at = ${leaseUntil}
      WHERE refund_id IN (SELECT refund_id FROM refunds WHERE seller_due_at <= ${now} AND seller_plan_json IS NOT NULL
                          ORDER BY seller_due_at, refund_id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING refund_id`.execute(ctx.db);
    return result.rows.map((r) => r.refund_id).sort();
  }
  const claimed: string[] = [];
  for (const row of await duePlans(ctx, now, limit).execute()) {
    const won = await ctx.db
      .updateTable('refunds')
      .set({ seller_due_at: leaseUntil })
      .where('refund_id', '=', row.refund_id)
      .where('seller_due_at', '=', Number(row.seller_due_at))
      .executeTakeFirst();
    if (Number(won.numUpdatedRows) > 0) claimed.push(row.refund_id);
  }
  return claimed;
}

async function loadClaimed(ctx: SystemCtx, refundIds: string[]): Promise<DuePlan[]> {
  if (refundIds.length === 0) return [];
  return (await ctx.db
    .selectFrom('refunds as r')
    .innerJoin('purchase_orders as o', 'o.order_id', 'r.order_id')
    .select(['r.refund_id', 'r.platform', 'o.shop_index', 'r.seller_plan_json'])
    .where('r.refund_id', 'in', refundIds)
    .where('r.seller_plan_json', 'is not', null)
    .execute()) as DuePlan[];
}

function addressOf(source: RefundSellerSource, platform: string, shopIndex: number): ReturnAddress {
  return source.returnAddress(platform as Platform, shopIndex) ?? FALLBACK_ADDRESS;
}

async function perform(ctx: SystemCtx, source: RefundSellerSource, due: DuePlan): Promise<{ ok: true } | Failure> {
  const plan = JSON.parse(due.seller_plan_json) as RefundResponse;
  switch (plan.kind) {
    case 'agree':
      return sellerAgree(ctx, due.refund_id, {
        actor: 'seller',
        address: addressOf(source, due.platform, Number(due.shop_index)),
        note: plan.note,
      });
    case 'refuse':
      return sellerRefuse(ctx, due.refund_id, { actor: 'seller', reason: plan.reason });
    case 'confirm_receipt':
      return sellerConfirmReceipt(ctx, due.refund_id, { actor: 'seller' });
    case 'ignore':
      return { ok: true };
  }
}

/**
 * Runs every seller plan due at the (sandbox) clock's now; returns how many ran. A plan the state
 * no longer allows (the buyer cancelled, an operator answered first) is dropped: its due time is
 * cleared, the plan stays on the row for the record.
 */
export async function runSellerPlans(ctx: SystemCtx, source: RefundSellerSource, limit = 200): Promise<number> {
  let total = 0;
  for (;;) {
    const claimed = await claimDue(ctx, limit);
    for (const due of await loadClaimed(ctx, claimed)) {
      const done = await perform(ctx, source, due);
      if (!done.ok) await ctx.db.updateTable('refunds').set({ seller_due_at: null }).where('refund_id', '=', due.refund_id).execute();
    }
    total += claimed.length;
    if (claimed.length < limit) return total;
  }
}

/** The shop's return address for each refund whose timer is due: a timeout that agrees a return publishes it. */
async function timerAddresses(ctx: SystemCtx, source: RefundSellerSource): Promise<(refund: RefundView) => ReturnAddress> {
  const rows = await ctx.db
    .selectFrom('refunds as r')
    .innerJoin('purchase_orders as o', 'o.order_id', 'r.order_id')
    .select(['r.refund_id', 'r.platform', 'o.shop_index'])
    .where('r.timeout_at', '<=', ctx.clock.nowMs())
    .execute();
  const byRefund = new Map(rows.map((r) => [r.refund_id, addressOf(source, r.platform, Number(r.shop_index))]));
  return (refund) => byRefund.get(refund.refundId) ?? FALLBACK_ADDRESS;
}

/** One turn of the sellers' after-sales work: plan new answers, run due ones, then the state timers. */
export async function refundSellersTick(
  ctx: SystemCtx,
  source: RefundSellerSource,
): Promise<{ planned: number; ran: number; timedOut: number }> {
  let planned = 0;
  for (;;) {
    const batch = await planSellerResponses(ctx, source, PLAN_BATCH);
    planned += batch;
    if (batch < PLAN_BATCH) break;
  }
  const ran = await runSellerPlans(ctx, source);
  let timedOut = 0;
  for (;;) {
    const acted = await runRefundTimers(ctx, { returnAddressFor: await timerAddresses(ctx, source) }, TIMER_BATCH);
    timedOut += acted;
    if (acted < TIMER_BATCH) return { planned, ran, timedOut };
  }
}

/**
 * Every event of a refund, oldest first, for the seller side (operators' admin routes and CLI): no
 * tenant scope, like the other seller-side functions. NOT_FOUND for an unknown refund.
 */
export async function sellerRefundEvents(ctx: SystemCtx, refundId: string): Promise<{ ok: true; events: RefundEventView[] } | Failure> {
  const known = await ctx.db.selectFrom('refunds').select('refund_id').where('refund_id', '=', refundId).executeTakeFirst();
  if (!known) return fail('NOT_FOUND', { what: `refund ${refundId}` });
  const rows = await ctx.db.selectFrom('refund_events').selectAll().where('refund_id', '=', refundId).orderBy('id').execute();
  return { ok: true, events: rows.map(toEventView) };
}
