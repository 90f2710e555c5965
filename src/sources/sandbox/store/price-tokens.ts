/**
 * Price buckets as full-text tokens, so a price range is counted inside FTS5 (docs/decisions/
 * 008-keyword-search-speed.md). Fine buckets are about 3 % wide (1/32 of an octave above 64 fen);
 * each document also carries the bucket's ancestors in a tree of fanout 4, so any range is a
 * union of at most a few dozen tokens. The fine buckets the range's edges cut are checked on the
 * product's price; every other bucket is wholly inside, and its hits count without a row read.
 */
import { facetToken } from '../../../platform/search/index.ts';

/** Levels of the bucket tree: a level-L token covers 4^L fine buckets. */
const LEVELS = 4;
const TOP = LEVELS - 1;

/**
 * Lower bound (fen) of each fine bucket, in integers so that assigning a price and cutting a
 * range agree exactly: +1 fen per step up to 64 fen, then ×33/32 rounded down. The last bucket
 * has no upper bound; bucket 0 also holds any price below 1 fen.
 */
const BOUNDS: readonly number[] = (() => {
  const bounds = [0];
  for (let last = 0; last < Number.MAX_SAFE_INTEGER / 2; ) {
    last = Math.max(last + 1, Math.floor((last * 33) / 32));
    bounds.push(last);
  }
  return bounds;
})();
const LAST = BOUNDS.length - 1;

/** The fine bucket of a price: the last bound at or below it. */
export function fineBucket(priceFen: number): number {
  let low = 0;
  let high = LAST;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((BOUNDS[mid] as number) <= priceFen) low = mid;
    else high = mid - 1;
  }
  return low;
}

const token = (level: number, bucket: number): string => facetToken('b', `${level}x${bucket}`);

/** The tokens a document carries for its price: its fine bucket and every ancestor. */
export function priceTokens(priceFen: number): string[] {
  const fine = fineBucket(priceFen);
  return Array.from({ length: LEVELS }, (_, level) => token(level, fine >> (2 * level)));
}

export interface PriceCover {
  /** Buckets wholly inside the range; their hits need no price check. */
  inner: string[];
  /** Fine buckets the range cuts; their hits are checked on price_fen. */
  edges: string[];
}

/** The buckets covering [startFen, endFen] (either bound optional); null when the range is empty. */
export function priceCover(startFen: number | undefined, endFen: number | undefined): PriceCover | null {
  if (startFen !== undefined && endFen !== undefined && startFen > endFen) return null;
  const low = startFen === undefined ? 0 : fineBucket(startFen);
  const high = endFen === undefined ? LAST : fineBucket(endFen);
  // Bucket 0's lower edge is open (it holds prices below 1 fen), the last bucket's upper one.
  const cutLow = startFen !== undefined && (low === 0 || startFen > (BOUNDS[low] as number));
  const cutHigh = endFen !== undefined && (high === LAST || endFen < (BOUNDS[high + 1] as number) - 1);
  const edges = new Set<number>();
  if (cutLow) edges.add(low);
  if (cutHigh) edges.add(high);
  const from = cutLow ? low + 1 : low;
  const to = cutHigh ? high - 1 : high;
  return { inner: from <= to ? coverTree(from, to) : [], edges: [...edges].map((b) => token(0, b)) };
}

/** The fewest tree tokens whose fine buckets are exactly from..to. */
function coverTree(from: number, to: number): string[] {
  const tokens: string[] = [];
  let [a, b] = [from, to];
  for (let level = 0; a <= b; level++) {
    if (level === TOP) {
      for (let x = a; x <= b; x++) tokens.push(token(level, x));
      break;
    }
    while (a <= b && (a & 3) !== 0) tokens.push(token(level, a++));
    while (a <= b && (b & 3) !== 3) tokens.push(token(level, b--));
    if (a > b) break;
    a >>= 2;
    b >>= 2;
  }
  return tokens;
}
