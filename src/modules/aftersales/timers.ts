/**
 * Timers of an application: entering a waiting state sets `timeout_at` / `timeout_type`, a
 * terminal state clears them, and runRefundTimers (timer-run.ts) acts as upstream would when
 * one expires. Durations are a setting (meta key `aftersales_timers`); business time is ctx.clock
 * (the sandbox clock in the sandbox).
 */
import type { SystemCtx } from '../../platform/context.ts';
import { getMeta, setMeta } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';

export interface RefundTimers {
  sellerRespondHours: number;
  buyerModifyHours: number;
  buyerReturnShipHours: number;
  sellerReceiveHours: number;
}

/** [DESIGN] upstream durations are not published; these follow Taobao/1688 convention (2, 3, 7 and 10 days). */
export const DEFAULT_REFUND_TIMERS: RefundTimers = Object.freeze({
  sellerRespondHours: 48,
  buyerModifyHours: 72,
  buyerReturnShipHours: 168,
  sellerReceiveHours: 240,
});

export const TIMERS_META_KEY = 'aftersales_timers';

export type TimeoutType = 'SELLER_RESPOND' | 'BUYER_MODIFY' | 'BUYER_RETURN_SHIP' | 'SELLER_RECEIVE';

/** Which timer each waiting state runs, and the setting that holds its duration. */
const STATE_TIMERS: Record<string, { type: TimeoutType; hours: keyof RefundTimers }> = {
  '10': { type: 'SELLER_RESPOND', hours: 'sellerRespondHours' },
  waitselleragree: { type: 'SELLER_RESPOND', hours: 'sellerRespondHours' },
  '-10': { type: 'BUYER_MODIFY', hours: 'buyerModifyHours' },
  waitbuyermodify: { type: 'BUYER_MODIFY', hours: 'buyerModifyHours' },
  '20': { type: 'BUYER_RETURN_SHIP', hours: 'buyerReturnShipHours' },
  waitbuyersend: { type: 'BUYER_RETURN_SHIP', hours: 'buyerReturnShipHours' },
  '30': { type: 'SELLER_RECEIVE', hours: 'sellerReceiveHours' },
  waitsellerreceive: { type: 'SELLER_RECEIVE', hours: 'sellerReceiveHours' },
};

export async function refundTimers(ctx: SystemCtx): Promise<RefundTimers> {
  const stored = await getMeta(ctx, TIMERS_META_KEY);
  if (stored === null) return { ...DEFAULT_REFUND_TIMERS };
  const parsed = JSON.parse(stored) as Partial<RefundTimers>;
  return { ...DEFAULT_REFUND_TIMERS, ...parsed };
}

export async function setRefundTimers(ctx: SystemCtx, t: RefundTimers): Promise<void> {
  const invalid = invalidRefundTimers(t);
  if (invalid) throw new RangeError(`aftersales timers: ${invalid.params?.field} ${invalid.params?.rule}`);
  await setMeta(ctx, TIMERS_META_KEY, JSON.stringify(pickTimers(t)));
}

/** A setting is whole hours from 1 to a year; admin routes check with this before they call setRefundTimers. */
export function invalidRefundTimers(t: RefundTimers): Failure | null {
  for (const key of Object.keys(DEFAULT_REFUND_TIMERS) as (keyof RefundTimers)[]) {
    const hours = t?.[key];
    if (!Number.isSafeInteger(hours) || hours < 1 || hours > 24 * 366)
      return fail('BAD_PARAMETER', { field: key, rule: 'must be whole hours, 1–8784' });
  }
  return null;
}

const pickTimers = (t: RefundTimers): RefundTimers => ({
  sellerRespondHours: t.sellerRespondHours,
  buyerModifyHours: t.buyerModifyHours,
  buyerReturnShipHours: t.buyerReturnShipHours,
  sellerReceiveHours: t.sellerReceiveHours,
});

/** The timer columns for a row entering `state`: due time and type, or both null (terminal or untimed). */
export async function timerColumns(ctx: SystemCtx, state: string): Promise<{ timeout_at: number | null; timeout_type: string | null }> {
  const timer = Object.hasOwn(STATE_TIMERS, state) ? STATE_TIMERS[state] : undefined;
  if (!timer) return { timeout_at: null, timeout_type: null };
  const timers = await refundTimers(ctx);
  return { timeout_at: ctx.clock.nowMs() + timers[timer.hours] * 3_600_000, timeout_type: timer.type };
}
