import type { LeafInfo } from './categories.ts';
import type { ColorWord } from './colors.ts';
import { hash32, hex8, mix32, type Rng } from './prng.ts';
import { promotionPriceFen, shelfPriceFen } from './pricing.ts';
import { COLOR_PROP } from './sku-dimensions.ts';
import type { Platform, SkuProperty, SkuRecord } from './types.ts';

/** Beyond this a listing page becomes unusable, and Taobao sellers split the listing instead. */
export const MAX_SKUS = 24;

/** One SKU property with the values this product offers, each with its price factor. */
interface Axis {
  isColor: boolean;
  options: { property: SkuProperty; priceFactor: number }[];
}

export interface Variants {
  colors: ColorWord[];
  axes: Axis[];
}

/** A contiguous run of sizes/capacities, as sellers stock S–XL rather than S, L and 3XL. */
function window<T>(values: readonly T[], rng: Rng): { from: number; picked: T[] } {
  const length = rng.int(Math.min(2, values.length), values.length);
  const from = rng.int(0, values.length - length);
  return { from, picked: values.slice(from, from + length) };
}

/** Chooses colours and property values, trimming the largest axis until the grid fits MAX_SKUS. */
export function chooseVariants(leaf: LeafInfo, rng: Rng): Variants {
  const colorCount = leaf.colorIsSku ? Math.min(leaf.colorPool.length, 1 + Math.floor(rng.next() * rng.next() * 6)) : 1;
  let colors = rng.sample(leaf.colorPool, colorCount);
  const ranges = leaf.dimensions.map((d) => ({ d, ...window(d.values, rng) }));
  const counts = [leaf.colorIsSku ? colors.length : 1, ...ranges.map((r) => r.picked.length)];
  while (counts.reduce((a, b) => a * b, 1) > MAX_SKUS) {
    const largest = counts.indexOf(Math.max(...counts));
    counts[largest] = (counts[largest] as number) - 1;
  }
  colors = colors.slice(0, counts[0]);
  const axes: Axis[] = [];
  if (leaf.colorIsSku) {
    axes.push({ isColor: true, options: colors.map((color) => ({ property: colorProperty(color), priceFactor: 1 })) });
  }
  ranges.forEach((range, i) => {
    const { dimension, offset } = range.d;
    axes.push({
      isColor: false,
      options: range.picked.slice(0, counts[i + 1]).map((value, position) => ({
        property: { propId: dimension.propId, valueId: value.valueId, propName: dimension.propName, valueName: value.name },
        priceFactor: 1 + dimension.priceStep * (offset + range.from + position),
      })),
    });
  });
  return { colors, axes };
}

function colorProperty(color: ColorWord): SkuProperty {
  return { propId: COLOR_PROP.propId, valueId: color.valueId, propName: COLOR_PROP.propName, valueName: color.name, rgb: color.rgb };
}

export interface SkuContext {
  platform: Platform;
  /** Bijective image of the product index under the seed; makes sku ids unique by construction. */
  permutedIndex: number;
  seedKey: number;
  index: number;
  basePriceFen: number;
  promotionRatio: number | null;
}

/** The full cartesian product of the axes, first axis varying slowest (as Taobao lists them). */
export function buildSkus(axes: readonly Axis[], ctx: SkuContext, rng: Rng): SkuRecord[] {
  const total = axes.reduce((product, axis) => product * axis.options.length, 1);
  const skus: SkuRecord[] = [];
  for (let ordinal = 0; ordinal < total; ordinal++) {
    const properties: SkuProperty[] = [];
    let factor = 1;
    let colorIndex: number | null = null;
    let rest = ordinal;
    for (let a = axes.length - 1; a >= 0; a--) {
      const axis = axes[a] as Axis;
      const position = rest % axis.options.length;
      rest = Math.floor(rest / axis.options.length);
      const option = axis.options[position] as Axis['options'][number];
      properties.unshift(option.property);
      factor *= option.priceFactor;
      if (axis.isColor) colorIndex = position;
    }
    const priceFen = shelfPriceFen(ctx.basePriceFen * factor, ctx.platform);
    skus.push({
      skuId: String(4_000_000_000_000 + ctx.permutedIndex * 32 + ordinal),
      specId: specId(ctx, ordinal),
      properties,
      priceFen,
      promotionPriceFen: promotionPriceFen(priceFen, ctx.promotionRatio, ctx.platform),
      stock: skuStock(ctx.platform, rng),
      colorIndex,
    });
  }
  return skus;
}

/**
 * 32 lowercase hex digits like 1688's md5 spec ids. The first word is a bijection of the
 * product and the last varies bijectively with the ordinal, so ids never collide.
 */
function specId(ctx: SkuContext, ordinal: number): string {
  return (
    hex8(mix32(ctx.permutedIndex ^ 0xa5a5a5a5)) +
    hex8(hash32(ctx.seedKey, ctx.index, ordinal, 1)) +
    hex8(hash32(ctx.seedKey, ctx.index, ordinal, 2)) +
    hex8(hash32(ctx.seedKey, ctx.index, 3) ^ mix32(ordinal))
  );
}

/** Taobao shops keep a few hundred per SKU and some sell out; 1688 factories hold thousands. */
function skuStock(platform: Platform, rng: Rng): number {
  if (platform === '1688') return rng.int(200, 99_999);
  return rng.chance(0.06) ? 0 : rng.int(5, 999);
}
