/** Shapes of the sandbox catalog. Re-exported by index.ts, the module's only door. */

export type Lang = 'zh' | 'en' | 'th' | 'vi' | 'es';
export const LANGS: readonly Lang[] = Object.freeze(['zh', 'en', 'th', 'vi', 'es'] as const);
export type Localized = Record<Lang, string>;
export type Platform = 'taobao' | '1688';
export type Rgb = [number, number, number];

/** Builds a Localized from 'zh|en|th|vi|es', which keeps the vocabulary tables one line per word. */
export function loc(text: string): Localized {
  const [zh, en, th, vi, es] = text.split('|');
  if (zh === undefined || en === undefined || th === undefined || vi === undefined || es === undefined) {
    throw new Error(`vocabulary entry needs five languages: ${text}`);
  }
  return Object.freeze({ zh, en, th, vi, es });
}

/** The same text in every language (sizes like 'XL', models like 'iPhone 16'). */
export function same(text: string): Localized {
  return Object.freeze({ zh: text, en: text, th: text, vi: text, es: text });
}

export interface CategoryNode {
  id: number;
  parentId: number | null;
  level: number;
  names: Localized;
  leaf: boolean;
}

export interface ShopRecord {
  platform: Platform;
  shopIndex: number;
  shopId: string;
  shopName: string;
  userNick: string;
  sellerOpenId: string;
  companyName: string;
  wangwangNick: string;
  province: string;
  city: string;
}

export interface SkuProperty {
  propId: number;
  valueId: number;
  propName: Localized;
  valueName: Localized;
  rgb?: Rgb;
}

export interface SkuRecord {
  skuId: string;
  specId: string;
  properties: SkuProperty[];
  priceFen: number;
  promotionPriceFen: number | null;
  stock: number;
  colorIndex: number | null;
}

export interface ProductRecord {
  index: number;
  platform: Platform;
  numericId: string;
  categoryId: number;
  shopIndex: number;
  title: Localized;
  attributes: { name: Localized; value: Localized }[];
  colors: { name: Localized; rgb: Rgb }[];
  skus: SkuRecord[];
  priceFen: number;
  promotionPriceFen: number | null;
  priceRanges: { startQuantity: number; priceFen: number }[];
  minOrderQuantity: number;
  sales: number;
  monthSold: number;
  descriptionHtml: string;
  strictlySelected: boolean;
  globalSelection: boolean;
  imageSeed: number;
  weightGrams: number;
  createdDayOffset: number;
}
