/**
 * Money is integer fen inside Ponte; yuan strings exist only at the wire edge (1688 prices).
 */

/**
 * The ceiling of a wallet balance, and so of every running sum the ledger keeps (balance,
 * balance after each entry, the sum of a developer's entries) and of any single movement:
 * 10^13 fen = ¥100,000,000,000. Far below 2^53 (≈ 9.007 × 10^15), so two such amounts add
 * exactly and ~900 full wallets can still be summed without losing a fen.
 */
export const MAX_WALLET_FEN = 10_000_000_000_000;
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be a safe integer, got ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "19.9" → 1990; null for anything that is not a non-negative amount with at most 2 decimals. */
export function yuanToFen(yuan: string | number): number | null {
  const text = typeof yuan === 'number' ? String(yuan) : yuan.trim();
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export function sumFen(values: readonly number[]): number {
  const total = values.reduce((sum, v) => sum + v, 0);
  if (!Number.isSafeInteger(total)) throw new RangeError('sum of fen overflowed');
  return total;
}
