import { loc, same, type Localized } from './types.ts';

/** The colour property; its values live in colors.ts because they carry an rgb. */
export const COLOR_PROP = Object.freeze({ propId: 1627207, propName: loc('颜色分类|Colour|สี|Màu sắc|Color') });

export interface DimensionValue {
  valueId: number;
  name: Localized;
}

/**
 * A non-colour SKU property (尺码, 参考身高, 容量 …). `priceStep` is the price increase per
 * position along `values`, because a 2XL, a 20000mAh pack or a 1kg bag costs more.
 */
export interface SkuDimension {
  key: string;
  propId: number;
  propName: Localized;
  values: readonly DimensionValue[];
  priceStep: number;
}

function dimension(
  key: string,
  propId: number,
  propName: string,
  firstValueId: number,
  priceStep: number,
  values: Localized[],
): SkuDimension {
  return Object.freeze({
    key,
    propId,
    propName: loc(propName),
    priceStep,
    values: Object.freeze(values.map((name, i) => Object.freeze({ valueId: firstValueId + i, name }))),
  });
}

/** Expands 'n件|n pcs|…' for each number, so quantity-like values stay one line each. */
function counted(template: string, numbers: readonly (number | string)[]): Localized[] {
  return numbers.map((n) => loc(template.replaceAll('{n}', String(n))));
}

const sameAll = (texts: string): Localized[] => texts.split(',').map(same);

const DIMENSIONS: readonly SkuDimension[] = [
  // 尺码 and 参考身高 prop ids match Taobao's (the manual's example uses 122216343 / 52cm = 3273546).
  dimension('size', 20509, '尺码|Size|ไซส์|Kích cỡ|Talla', 28313, 0.02, sameAll('XS,S,M,L,XL,2XL,3XL')),
  dimension('shoe', 20549, '鞋码|Shoe size|ไซส์รองเท้า|Cỡ giày|Número', 3267000, 0, sameAll('35,36,37,38,39,40,41,42,43,44')),
  dimension(
    'height',
    122216343,
    '参考身高|Reference height|ส่วนสูงอ้างอิง|Chiều cao tham khảo|Altura de referencia',
    3273546,
    0.03,
    sameAll('52cm,59cm,66cm,73cm,80cm,90cm,100cm,110cm,120cm,130cm,140cm,150cm,160cm'),
  ),
  dimension('phone', 122216345, '适用手机型号|Compatible model|รุ่นที่รองรับ|Dòng máy tương thích|Modelo compatible', 3280100, 0, [
    ...sameAll('iPhone 15,iPhone 15 Pro,iPhone 15 Pro Max,iPhone 16,iPhone 16 Pro,iPhone 16 Pro Max'),
    loc('华为Mate 60|Huawei Mate 60|Huawei Mate 60|Huawei Mate 60|Huawei Mate 60'),
    loc('小米14|Xiaomi 14|Xiaomi 14|Xiaomi 14|Xiaomi 14'),
    ...sameAll('OPPO Reno11,vivo X100'),
  ]),
  dimension(
    'length',
    148242406,
    '长度|Length|ความยาว|Chiều dài|Longitud',
    3280200,
    0.15,
    counted('{n}米|{n} m|{n} เมตร|{n} m|{n} m', [1, 1.5, 2, 3]),
  ),
  dimension(
    'mah',
    1626872,
    '电池容量|Battery capacity|ความจุแบตเตอรี่|Dung lượng pin|Capacidad',
    3280300,
    0.45,
    sameAll('5000mAh,10000mAh,20000mAh,30000mAh'),
  ),
  dimension(
    'ml',
    122216587,
    '容量|Capacity|ความจุ|Dung tích|Capacidad',
    3280400,
    0.25,
    sameAll('30ml,50ml,100ml,150ml,240ml,350ml,500ml,750ml,1000ml'),
  ),
  dimension('spec', 122216347, '规格|Size|ขนาด|Kích thước|Tamaño', 3280500, 0.3, [
    loc('小号|Small|ขนาดเล็ก|cỡ nhỏ|pequeño'),
    loc('中号|Medium|ขนาดกลาง|cỡ vừa|mediano'),
    loc('大号|Large|ขนาดใหญ่|cỡ lớn|grande'),
    loc('特大号|Extra large|ขนาดใหญ่พิเศษ|cỡ đại|extragrande'),
  ]),
  dimension(
    'suitcase',
    20518,
    '尺寸|Size|ขนาด|Kích thước|Tamaño',
    3280600,
    0.2,
    counted('{n}寸|{n} inch|{n} นิ้ว|{n} inch|{n} pulgadas', [20, 22, 24, 26, 28]),
  ),
  dimension(
    'pcs',
    122276111,
    '数量|Quantity|จำนวน|Số lượng|Cantidad',
    3280700,
    0.6,
    counted('{n}只装|Pack of {n}|แพ็ค {n} ชิ้น|bộ {n} cái|pack de {n}', [5, 10, 20, 30, 50, 100, 200]),
  ),
  dimension(
    'sheets',
    122276112,
    '数量|Quantity|จำนวน|Số lượng|Cantidad',
    3280800,
    0.7,
    counted('{n}片装|{n} sheets|{n} แผ่น|{n} miếng|{n} unidades', [5, 10, 20, 30]),
  ),
  dimension('flavor', 1627780, '口味|Flavour|รสชาติ|Hương vị|Sabor', 3280900, 0, [
    loc('原味|Original|รสดั้งเดิม|vị nguyên bản|original'),
    loc('香辣|Spicy|รสเผ็ด|vị cay|picante'),
    loc('五香|Five-spice|รสพะโล้|vị ngũ vị hương|cinco especias'),
    loc('麻辣|Mala|หมาล่า|vị cay tê|picante de Sichuan'),
    loc('蜂蜜|Honey|รสน้ำผึ้ง|vị mật ong|miel'),
    loc('海盐|Sea salt|รสเกลือทะเล|vị muối biển|sal marina'),
    loc('芝士|Cheese|รสชีส|vị phô mai|queso'),
  ]),
  dimension('weight', 1628101, '净含量|Net weight|น้ำหนักสุทธิ|Khối lượng tịnh|Peso neto', 3281000, 0.7, sameAll('100g,250g,500g,1kg')),
  dimension('thick', 20551, '厚度|Thickness|ความหนา|Độ dày|Grosor', 3281100, 0.15, sameAll('4mm,6mm,8mm,10mm,15mm')),
  dimension('kg', 20552, '重量|Weight|น้ำหนัก|Trọng lượng|Peso', 3281200, 0.6, sameAll('2kg,5kg,10kg,15kg,20kg')),
];

const BY_KEY = new Map(DIMENSIONS.map((d) => [d.key, d]));

export function dimensionByKey(key: string): SkuDimension {
  const found = BY_KEY.get(key);
  if (!found) throw new Error(`unknown SKU dimension: ${key}`);
  return found;
}
