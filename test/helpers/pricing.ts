/**
 * The sandbox's order pricing, restated independently of the implementation so tests check it
 * rather than repeat it: per seller, per started kilogram; Taobao 6.00 + 2.00/kg, free from 99.00
 * of goods; 1688 8.00 + 3.00/kg, never free.
 */
export function expectedShipping(platform: 'taobao' | '1688', productFen: number, grams: number): number {
  const kg = Math.max(1, Math.ceil(grams / 1000));
  if (platform === 'taobao') return productFen >= 9_900 ? 0 : 600 + 200 * (kg - 1);
  return 800 + 300 * (kg - 1);
}
