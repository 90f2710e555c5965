import { ATTRIBUTE_NAMES, MATERIALS, SELLING_POINTS, STYLES, word, words } from './vocabulary.ts';
import type { Localized } from './types.ts';

/**
 * How goods of one kind are described: which attribute carries the "material", which styles
 * and selling points sellers of that kind use, and whether season and print matter. A leaf
 * category names its profile, so a phone case never comes out as 'chiffon' or 'slimming'.
 */
export interface Profile {
  materialAttribute: Localized;
  materials: readonly Localized[];
  styles: readonly Localized[];
  sellingPoints: readonly Localized[];
  seasonal: boolean;
  patterned: boolean;
}

function profile(
  materialAttribute: string,
  materials: string,
  styles: string,
  sellingPoints: string,
  flags: { seasonal?: boolean; patterned?: boolean } = {},
): Profile {
  return Object.freeze({
    materialAttribute: word(ATTRIBUTE_NAMES, materialAttribute),
    materials: words(MATERIALS, materials),
    styles: words(STYLES, styles),
    sellingPoints: words(SELLING_POINTS, sellingPoints),
    seasonal: flags.seasonal ?? false,
    patterned: flags.patterned ?? false,
  });
}

export const PROFILES = {
  apparel: profile(
    '面料',
    '纯棉 雪纺 真丝 亚麻 针织 聚酯纤维 莫代尔',
    '韩版 法式 复古 简约 日系 新中式 街头 休闲 ins风',
    '显瘦 宽松 百搭 气质 高级感 透气',
    { seasonal: true, patterned: true },
  ),
  shoes: profile('帮面材质', '真皮 PU皮 网面 帆布', '韩版 复古 简约 休闲 运动风 街头 ins风', '透气 防滑 软底 增高 轻便 百搭', {
    seasonal: true,
  }),
  bags: profile('材质', 'PU皮 真皮 帆布 牛津布 尼龙', '韩版 复古 简约 商务 休闲 轻奢 ins风', '大容量 防水 轻便 百搭 高级感'),
  digital: profile('材质', 'TPU 硅胶 铝合金 ABS塑料', '简约 卡通 商务 ins风', '防摔 快充 超薄 磁吸 耐用'),
  home: profile('材质', 'PP塑料 304不锈钢 纯棉 竹', '简约 北欧风 日系 ins风', '加厚 大容量 家用 防潮 耐用'),
  makeup: profile('质地', '哑光 丝绒 水润', '韩版 复古 简约 ins风', '持久 不脱色 显白 防水'),
  skincare: profile('功效', '补水 美白 修护 控油', '简约 日系 韩版', '温和 敏感肌可用 清爽'),
  kids: profile('面料', '纯棉 莫代尔 针织', '韩版 卡通 休闲 日系', '柔软 可爱 透气 宽松', { seasonal: true, patterned: true }),
  toys: profile('材质', 'ABS塑料 毛绒 纯棉 硅胶', '卡通 简约 ins风', '益智 安全无毒 可爱 柔软'),
  food: profile('包装方式', '袋装 盒装 罐装', '', '网红 独立小包装 办公室'),
  sports: profile('材质', 'TPE 天然橡胶 尼龙 铸铁 聚酯纤维', '简约 运动风 ins风', '防滑 加厚 初学者 专业 耐用 透气'),
  jewelry: profile('材质', '925银 钛钢 合金 珍珠', '韩版 法式 复古 简约 轻奢 ins风', '小众设计 不掉色 高级感 气质'),
} as const satisfies Record<string, Profile>;

export type ProfileKey = keyof typeof PROFILES;

export function isProfileKey(key: string): key is ProfileKey {
  return key in PROFILES;
}
