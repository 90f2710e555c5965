import { loc, type Localized, type Rgb } from './types.ts';

export interface ColorWord {
  valueId: number;
  name: Localized;
  rgb: Rgb;
}

/**
 * Colour values of the 颜色分类 property. 28326 红色 is the value id from PandaPon's manual
 * example; the others are synthetic but stable, because SKU property ids are part of the API.
 */
const COLOR_LINES: readonly [number, string, Rgb][] = [
  [28341, '黑色|Black|สีดำ|màu đen|negro', [26, 26, 26]],
  [28320, '白色|White|สีขาว|màu trắng|blanco', [245, 245, 242]],
  [28326, '红色|Red|สีแดง|màu đỏ|rojo', [200, 30, 45]],
  [3232480, '粉色|Pink|สีชมพู|màu hồng|rosa', [240, 170, 190]],
  [28338, '蓝色|Blue|สีน้ำเงิน|màu xanh dương|azul', [40, 90, 190]],
  [28340, '藏青色|Navy|สีกรมท่า|màu xanh navy|azul marino', [30, 40, 80]],
  [28335, '绿色|Green|สีเขียว|màu xanh lá|verde', [50, 140, 70]],
  [28324, '黄色|Yellow|สีเหลือง|màu vàng|amarillo', [245, 205, 50]],
  [28329, '紫色|Purple|สีม่วง|màu tím|morado', [130, 70, 160]],
  [28334, '灰色|Grey|สีเทา|màu xám|gris', [140, 140, 140]],
  [28331, '卡其色|Khaki|สีกากี|màu kaki|caqui', [195, 176, 145]],
  [4266701, '米白色|Off-white|สีครีม|màu trắng ngà|blanco roto', [240, 234, 218]],
  [3224419, '杏色|Apricot|สีแอปริคอต|màu mơ|albaricoque', [238, 200, 160]],
  [28332, '咖啡色|Coffee brown|สีน้ำตาล|màu nâu|marrón', [111, 78, 55]],
  [130164, '酒红色|Wine red|สีแดงไวน์|màu đỏ rượu vang|burdeos', [114, 20, 40]],
  [3455405, '雾霾蓝|Haze blue|สีฟ้าหม่น|màu xanh khói|azul grisáceo', [140, 160, 180]],
  [5483105, '牛油果绿|Avocado green|สีเขียวอะโวคาโด|màu xanh bơ|verde aguacate', [170, 190, 110]],
  [28330, '橙色|Orange|สีส้ม|màu cam|naranja', [240, 130, 40]],
  [3232483, '天蓝色|Sky blue|สีฟ้า|màu xanh da trời|azul cielo', [120, 180, 230]],
  [3232481, '香槟色|Champagne|สีแชมเปญ|màu sâm panh|champán', [230, 210, 170]],
  [28325, '金色|Gold|สีทอง|màu vàng kim|dorado', [212, 175, 55]],
  [28327, '银色|Silver|สีเงิน|màu bạc|plateado', [192, 192, 196]],
  [6071353, '玫瑰金|Rose gold|สีโรสโกลด์|màu vàng hồng|oro rosa', [183, 110, 121]],
  [107121, '透明|Transparent|ใส|trong suốt|transparente', [230, 236, 240]],
  [3594022, '豆沙色|Rosy nude|สีชมพูนู้ด|màu hồng đất|rosa nude', [180, 110, 105]],
  [3594023, '正红色|True red|สีแดงสด|màu đỏ tươi|rojo intenso', [210, 20, 30]],
  [3594024, '象牙白|Ivory|สีงาช้าง|màu ngà|marfil', [240, 225, 200]],
  [3594025, '自然色|Natural beige|สีเบจธรรมชาติ|màu be tự nhiên|beige natural', [225, 190, 160]],
];

export const COLORS: ReadonlyMap<string, ColorWord> = new Map(
  COLOR_LINES.map(([valueId, line, rgb]) => {
    const name = loc(line);
    return [name.zh, Object.freeze({ valueId, name, rgb })];
  }),
);

/** Named colour pools; a leaf category says which pool its goods come in. */
const POOL_KEYS = {
  fashion: '黑色 白色 红色 粉色 蓝色 藏青色 绿色 黄色 紫色 灰色 卡其色 米白色 杏色 咖啡色 酒红色 雾霾蓝 牛油果绿',
  basic: '黑色 白色 灰色 蓝色 红色 粉色 绿色 橙色 紫色 天蓝色',
  neutral: '黑色 白色 灰色 咖啡色 卡其色 藏青色 米白色',
  kids: '粉色 白色 黄色 天蓝色 绿色 红色 紫色 橙色 杏色',
  metal: '金色 银色 玫瑰金 香槟色',
  case: '透明 黑色 白色 粉色 紫色 天蓝色 牛油果绿 雾霾蓝',
  lip: '正红色 豆沙色 酒红色 橙色 粉色',
  skin: '象牙白 自然色 杏色',
} as const;
export type ColorPool = keyof typeof POOL_KEYS;

function colorByKey(key: string): ColorWord {
  const color = COLORS.get(key);
  if (!color) throw new Error(`unknown colour: ${key}`);
  return color;
}

const poolOf = (pool: ColorPool): readonly ColorWord[] => Object.freeze(POOL_KEYS[pool].split(' ').map(colorByKey));

export const COLOR_POOLS: Record<ColorPool, readonly ColorWord[]> = {
  fashion: poolOf('fashion'),
  basic: poolOf('basic'),
  neutral: poolOf('neutral'),
  kids: poolOf('kids'),
  metal: poolOf('metal'),
  case: poolOf('case'),
  lip: poolOf('lip'),
  skin: poolOf('skin'),
};

export function isColorPool(name: string): name is ColorPool {
  return name in POOL_KEYS;
}
