import { LEAVES, type LeafInfo } from './categories.ts';
import { hash32, mix32, Rng } from './prng.ts';
import { minOrderQuantity, platformBaseFen, promotionRatio, quantityTiers, salesFigures } from './pricing.ts';
import { shopIndexFor, shopLocation } from './shops.ts';
import { buildSkus, chooseVariants, type SkuContext, type Variants } from './skus.ts';
import { composeTitle, type TitleParts } from './titles.ts';
import { loc, type Localized, type Platform, type ProductRecord, type SkuRecord } from './types.ts';
import { PROFILES } from './profiles.ts';
import { ATTRIBUTE_NAMES, PATTERNS, PROVINCES, SEASONS, word } from './vocabulary.ts';

const SALT_PRODUCT = 0x9d0c;
const SALT_PERMUTE = 0x7e51;
const SALT_IMAGE = 0x1a6e;

const SEASON_LIST = [...SEASONS.values()];
const PATTERN_LIST = [...PATTERNS.values()];
const NAME = {
  style: word(ATTRIBUTE_NAMES, '风格'),
  pattern: word(ATTRIBUTE_NAMES, '图案'),
  season: word(ATTRIBUTE_NAMES, '适用季节'),
  origin: word(ATTRIBUTE_NAMES, '产地'),
  shelfLife: word(ATTRIBUTE_NAMES, '保质期'),
};
const SHELF_LIVES = [loc('6个月|6 months|6 เดือน|6 tháng|6 meses'), loc('12个月|12 months|12 เดือน|12 tháng|12 meses')];

/**
 * Bijection of the index under the seed (addition and lowbias32 are both invertible on uint32),
 * so numeric ids and sku ids are unique by construction rather than by luck.
 */
function permuteIndex(seed: number, index: number): number {
  const key = hash32(seed, SALT_PERMUTE);
  return (mix32((index + key) >>> 0) ^ hash32(key, seed)) >>> 0;
}

/** The sandbox's 'now' is mid-June 2026; createdDayOffset counts back from it. */
const DAYS_INTO_2026 = 162;
const SUBSTANCE_ATTRIBUTES = new Set(['面料', '材质', '帮面材质']);

/** Sellers list for the coming season, so a listing's season follows the month it went up. */
function listingSeason(createdDayOffset: number): Localized {
  const month = (((5 - Math.floor(createdDayOffset / 30.44)) % 12) + 12) % 12;
  const season = SEASON_LIST[Math.floor(((((month + 1) % 12) + 10) % 12) / 3)];
  if (!season) throw new Error('season table must hold spring, summer, autumn, winter');
  return season;
}

function titleParts(leaf: LeafInfo, rng: Rng, createdDayOffset: number): TitleParts {
  const { profile } = leaf;
  const keywordHasAudience = leaf.audience !== null && leaf.node.names.zh.includes(leaf.audience.zh);
  return {
    year: createdDayOffset < DAYS_INTO_2026 ? '2026' : '2025',
    isNew: profile.seasonal || rng.chance(0.6),
    season: profile.seasonal ? listingSeason(createdDayOffset) : null,
    style: profile.styles.length > 0 && rng.chance(0.85) ? rng.pick(profile.styles) : null,
    pattern: profile.patterned && rng.chance(0.7) ? rng.pick(PATTERN_LIST) : null,
    material: leaf.materials.length > 0 && rng.chance(0.9) ? rng.pick(leaf.materials) : null,
    materialIsSubstance: SUBSTANCE_ATTRIBUTES.has(profile.materialAttribute.zh),
    keyword: leaf.node.names,
    audience: keywordHasAudience ? null : leaf.audience,
    sellingPoints: rng.sample(profile.sellingPoints, rng.int(1, 2)),
  };
}

function attributesOf(leaf: LeafInfo, parts: TitleParts, origin: Localized, rng: Rng): ProductRecord['attributes'] {
  const attributes: ProductRecord['attributes'] = [];
  if (parts.material) attributes.push({ name: leaf.profile.materialAttribute, value: parts.material });
  if (parts.style) attributes.push({ name: NAME.style, value: parts.style });
  if (parts.pattern) attributes.push({ name: NAME.pattern, value: parts.pattern });
  if (parts.season) attributes.push({ name: NAME.season, value: parts.season });
  if (leaf.profile === PROFILES.food) attributes.push({ name: NAME.shelfLife, value: rng.pick(SHELF_LIVES) });
  attributes.push({ name: NAME.origin, value: origin });
  return attributes;
}

/** Text-only HTML: the detail page renders it as is, and images come from the image service. */
function descriptionHtml(title: Localized, attributes: ProductRecord['attributes']): string {
  const lines = attributes.map((a) => `<p>${a.name.zh}：${a.value.zh}</p>`).join('');
  return `<div class="desc"><p><strong>${title.zh}</strong></p>${lines}<p>实物拍摄，颜色以实物为准。下单后48小时内发货。</p></div>`;
}

/** The product's SKUs, priced from its leaf's range; the rng draws stay in this order (tests pin generated catalogs). */
function pricedSkus(leaf: LeafInfo, variants: Variants, ids: Omit<SkuContext, 'basePriceFen' | 'promotionRatio'>, rng: Rng): SkuRecord[] {
  const basePriceFen = platformBaseFen(rng.logUniform(leaf.priceFen[0], leaf.priceFen[1]), ids.platform, rng);
  return buildSkus(variants.axes, { ...ids, basePriceFen, promotionRatio: promotionRatio(ids.platform, rng) }, rng);
}

export function generateProduct(seed: number, index: number): ProductRecord {
  if (!Number.isInteger(index) || index < 0 || index > 0xffffffff) {
    throw new RangeError(`product index ${index} outside 0..2^32-1`);
  }
  const seedKey = hash32(seed, SALT_PRODUCT);
  const rng = new Rng(hash32(seedKey, index));
  const platform: Platform = rng.chance(0.55) ? 'taobao' : '1688';
  const leaf = rng.pick(LEAVES);
  const shopIndex = shopIndexFor(leaf.topIndex, rng);
  const createdDayOffset = rng.int(0, 365);
  const parts = titleParts(leaf, rng, createdDayOffset);
  const title = composeTitle(parts);
  const province = shopLocation(seed, platform, shopIndex).province;
  const attributes = attributesOf(leaf, parts, PROVINCES.get(province) ?? loc(`${province}|China|จีน|Trung Quốc|China`), rng);
  const permutedIndex = permuteIndex(seed, index);
  const variants = chooseVariants(leaf, rng);
  const skus = pricedSkus(leaf, variants, { platform, permutedIndex, seedKey, index }, rng);
  const priceFen = Math.min(...skus.map((s) => s.priceFen));
  const promotions = skus.flatMap((s) => (s.promotionPriceFen === null ? [] : [s.promotionPriceFen]));
  const minOrder = minOrderQuantity(platform, rng);
  return {
    index,
    platform,
    numericId: String((platform === 'taobao' ? 600_000_000_000 : 700_000_000_000) + permutedIndex),
    categoryId: leaf.node.id,
    shopIndex,
    title,
    attributes,
    colors: variants.colors.map((c) => ({ name: c.name, rgb: c.rgb })),
    skus,
    priceFen,
    promotionPriceFen: promotions.length > 0 ? Math.min(...promotions) : null,
    priceRanges: platform === '1688' ? quantityTiers(priceFen, minOrder, rng) : [],
    minOrderQuantity: minOrder,
    ...salesFigures(createdDayOffset, rng),
    descriptionHtml: descriptionHtml(title, attributes),
    strictlySelected: rng.chance(0.05),
    globalSelection: rng.chance(0.08),
    imageSeed: hash32(seedKey, index, SALT_IMAGE),
    weightGrams: Math.round(rng.logUniform(leaf.weightGrams[0], leaf.weightGrams[1]) / 10) * 10,
    createdDayOffset,
  };
}
