import { hashString, Rng } from '../catalog/prng.ts';

/**
 * The sandbox's international carrier: the tracking a dispatched shipment will show, as a pure
 * function of (seed, country, the channel's transit days). Every step is one move of the
 * shipment machine (transit, hold_customs, release_customs, deliver), so replaying the plan through
 * trackShipment never asks for a move the state refuses. About one shipment in four is held by
 * customs and released; delivery falls within the channel's transit days.
 */

export type TrackingStatus = 'IN_TRANSIT' | 'CUSTOMS_HELD' | 'RELEASED' | 'DELIVERED';

export interface TrackingStep {
  /** Time after dispatch, ms. */
  afterMs: number;
  status: TrackingStatus;
  description: string;
}

const DAY_MS = 86_400_000;
const HUBS = ['Shenzhen', 'Guangzhou', 'Yiwu'] as const;

export function trackingPlan(seed: string, country: string, transitDays: readonly [number, number]): TrackingStep[] {
  const [minDays, maxDays] = transitDays;
  if (!(Number.isFinite(minDays) && minDays >= 0 && maxDays >= minDays)) throw new Error(`bad transit days ${minDays}–${maxDays}`);
  const rng = new Rng(hashString(`tracking:${seed}:${country}`));
  // At least two hours, so every step has its own distinct time after dispatch.
  const total = Math.max(2 * 3_600_000, Math.round((minDays + rng.next() * (maxDays - minDays)) * DAY_MS));
  const at = (fraction: number) => Math.round(total * fraction);
  const hub = HUBS[rng.int(0, HUBS.length - 1)] ?? HUBS[0];
  const steps: TrackingStep[] = [{ afterMs: at(0.05 + rng.next() * 0.1), status: 'IN_TRANSIT', description: `Departed ${hub} hub` }];
  if (rng.chance(0.25)) {
    steps.push(
      { afterMs: at(0.5 + rng.next() * 0.15), status: 'CUSTOMS_HELD', description: `Held by ${country} customs for inspection` },
      { afterMs: at(0.7 + rng.next() * 0.15), status: 'RELEASED', description: `Released by ${country} customs` },
    );
  }
  steps.push({ afterMs: total, status: 'DELIVERED', description: `Delivered to the receiver (${country})` });
  return steps;
}
