/**
 * Currency conversion through a stored, dated FX snapshot (units per 1 CNY). Rates are held as
 * integers (millionths) and the arithmetic is BigInt, rounded half up, so a conversion is exact
 * and the same on every node. Every currency here has two minor digits (CNY, USD, THB, SGD, EUR…).
 */
import type { FxSnapshot } from './card-schema.ts';

export interface Fx {
  asOf: string;
  /** Where the rates come from: a URL, or "placeholder" (estimates using it say so in their confidence). */
  source: string;
  /** Millionths of a unit per 1 CNY; CNY itself is 1_000_000. */
  micro: ReadonlyMap<string, bigint>;
}

export function compileFx(snapshot: FxSnapshot): Fx {
  const micro = new Map<string, bigint>([['CNY', 1_000_000n]]);
  for (const [code, rate] of Object.entries(snapshot.perCny)) if (code !== 'CNY') micro.set(code, BigInt(Math.round(rate * 1_000_000)));
  return { asOf: snapshot.asOf, source: snapshot.source, micro };
}

export const knowsCurrency = (fx: Fx, code: string): boolean => fx.micro.has(code);

/** minor units of `from` → minor units of `to`; both currencies must be in the snapshot. */
export function convertMinor(fx: Fx, minor: number, from: string, to: string): number {
  if (from === to) return minor;
  const rateFrom = fx.micro.get(from);
  const rateTo = fx.micro.get(to);
  if (rateFrom === undefined || rateTo === undefined) throw new Error(`no FX rate for ${from}→${to}`);
  const numerator = BigInt(minor) * rateTo;
  return Number((2n * numerator + rateFrom) / (2n * rateFrom));
}
