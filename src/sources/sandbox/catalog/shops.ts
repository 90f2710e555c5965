import { TOPS } from './categories.ts';
import { hash32, Rng, urlSafeText } from './prng.ts';
import type { Platform, ShopRecord } from './types.ts';

/** Fixed pool per platform, so shop ids are stable whatever catalog size is streamed. */
const SHOP_POOL_SIZE = 3000;
const SALT_SHOP = 0x5f0b;
const SALT_LOCATION = 0x10ca;

/** Each shop specialises in one top category (shopIndex mod top count), like real sellers do. */
export function shopTopIndex(shopIndex: number): number {
  return shopIndex % TOPS.length;
}

export function shopCount(_platform: Platform): number {
  return SHOP_POOL_SIZE;
}

const platformCode = (platform: Platform): number => (platform === 'taobao' ? 1 : 2);

/** Cheap enough to call per product (for the 产地 attribute) without building the whole shop. */
export function shopLocation(seed: number, platform: Platform, shopIndex: number): { province: string; city: string } {
  const locations = TOPS[shopTopIndex(shopIndex)]?.locations ?? [];
  const location = locations[hash32(seed, platformCode(platform), shopIndex, SALT_LOCATION) % locations.length];
  if (!location) throw new Error(`no location for shop ${shopIndex}`);
  return location;
}

/**
 * Picks the shop selling a product of the given top category. Low shop numbers get most of the
 * products (u² skew), so a few big shops and a long tail of small ones appear.
 */
export function shopIndexFor(topIndex: number, rng: Rng): number {
  const slots = Math.floor((SHOP_POOL_SIZE - 1 - topIndex) / TOPS.length) + 1;
  const u = rng.next();
  return Math.floor(slots * u * u) * TOPS.length + topIndex;
}

/** Brand syllables with their pinyin, for shop names and login nicks. */
const SYLLABLES: readonly [string, string][] = [
  ['丽', 'li'],
  ['美', 'mei'],
  ['佳', 'jia'],
  ['悦', 'yue'],
  ['优', 'you'],
  ['品', 'pin'],
  ['尚', 'shang'],
  ['雅', 'ya'],
  ['欣', 'xin'],
  ['韵', 'yun'],
  ['安', 'an'],
  ['诺', 'nuo'],
  ['朵', 'duo'],
  ['梦', 'meng'],
  ['星', 'xing'],
  ['月', 'yue'],
  ['森', 'sen'],
  ['木', 'mu'],
  ['素', 'su'],
  ['语', 'yu'],
  ['初', 'chu'],
  ['南', 'nan'],
  ['北', 'bei'],
  ['小', 'xiao'],
  ['米', 'mi'],
  ['橙', 'cheng'],
  ['柚', 'you'],
  ['禾', 'he'],
  ['恒', 'heng'],
  ['鑫', 'xin'],
  ['源', 'yuan'],
  ['盛', 'sheng'],
  ['锦', 'jin'],
  ['瑞', 'rui'],
  ['泰', 'tai'],
];

const TAOBAO_SUFFIXES = ['旗舰店', '官方旗舰店', '的小店', '小铺', '工作室', '优选', '家', '精品店'] as const;

export function generateShop(seed: number, platform: Platform, shopIndex: number): ShopRecord {
  if (!Number.isInteger(shopIndex) || shopIndex < 0 || shopIndex >= SHOP_POOL_SIZE) {
    throw new RangeError(`shopIndex ${shopIndex} outside 0..${SHOP_POOL_SIZE - 1}`);
  }
  const rng = new Rng(hash32(seed, platformCode(platform), shopIndex, SALT_SHOP));
  const first = rng.pick(SYLLABLES);
  const second = rng.pick(SYLLABLES);
  const brand = first[0] + second[0];
  const pinyin = first[1] + second[1];
  const { province, city } = shopLocation(seed, platform, shopIndex);
  const industry = TOPS[shopTopIndex(shopIndex)]?.industry ?? '商贸';
  // 9 digits for a Taobao shop id, 13 for a 1688 member id; the stride per index keeps them unique.
  const shopId =
    platform === 'taobao'
      ? 100_000_000 + shopIndex * 290_000 + rng.int(0, 289_999)
      : 2_200_000_000_000 + shopIndex * 30_000_000 + rng.int(0, 29_999_999);
  const sellerOpenId = `BBB${urlSafeText(rng, 22)}`;
  const base = { platform, shopIndex, shopId: String(shopId), sellerOpenId, province, city };
  if (platform === '1688') {
    const companyName = `${city}市${brand}${industry}有限公司`;
    const shopName = rng.chance(0.7) ? companyName : `${city}${brand}${industry}源头工厂`;
    const wangwangNick = `${city}${brand}${industry}`;
    return { ...base, shopName, userNick: wangwangNick, companyName, wangwangNick };
  }
  const suffix = rng.pick(TAOBAO_SUFFIXES);
  const shopName = brand + (suffix === '家' ? `家${industry}` : suffix);
  const userNick = suffix.endsWith('旗舰店') ? shopName : `${pinyin}${rng.int(1990, 2025)}${rng.chance(0.4) ? `_${rng.int(1, 99)}` : ''}`;
  const companyName = `${city}市${brand}电子商务有限公司`;
  return { ...base, shopName, userNick, companyName, wangwangNick: userNick };
}
