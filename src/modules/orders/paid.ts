/**
 * What each line of an order was paid. The seller's price change before payment
 * (`adjust_amount_fen`, signed) is shared across the lines in proportion to their amounts, the
 * remainder on the last line, and no line goes below 0; freight stays order-level. After-sales
 * refunds a line at most this much (guarded in refunds.ts).
 */
export function linePaidFen(amountsFen: readonly number[], adjustFen: number): number[] {
  const productFen = amountsFen.reduce((sum, a) => sum + a, 0);
  if (amountsFen.length === 0) return [];
  if (adjustFen === 0 || productFen === 0) return amountsFen.map((a) => Math.max(0, a));
  let given = 0;
  return amountsFen.map((amount, i) => {
    const last = i === amountsFen.length - 1;
    // Truncation towards zero keeps every share's magnitude within its proportion; the last line takes the rest.
    const share = last ? adjustFen - given : Math.trunc((adjustFen * amount) / productFen);
    given += share;
    return Math.max(0, amount + share);
  });
}
