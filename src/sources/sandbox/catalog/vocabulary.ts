/**
 * Words that titles and attributes are composed from, each in zh|en|th|vi|es. Tables are keyed
 * by the Chinese word because that is how sellers (and our category rows) think of them.
 */
import { loc, type Localized } from './types.ts';

export type Vocabulary = ReadonlyMap<string, Localized>;

function table(lines: readonly string[]): Vocabulary {
  return new Map(lines.map((line) => [line.slice(0, line.indexOf('|')), loc(line)]));
}

/** Resolves space-separated Chinese keys; an unknown key is a bug in the tables, so it throws. */
export function words(vocabulary: Vocabulary, keys: string): Localized[] {
  return keys
    .split(' ')
    .filter(Boolean)
    .map((key) => {
      const word = vocabulary.get(key);
      if (!word) throw new Error(`unknown vocabulary key: ${key}`);
      return word;
    });
}

export const MATERIALS = table([
  '纯棉|Cotton|ผ้าฝ้าย|vải cotton|algodón',
  '雪纺|Chiffon|ผ้าชีฟอง|vải voan|gasa',
  '真丝|Silk|ผ้าไหม|lụa tơ tằm|seda',
  '亚麻|Linen|ผ้าลินิน|vải lanh|lino',
  '牛仔|Denim|ผ้ายีนส์|vải denim|denim',
  '针织|Knit|ผ้าถัก|vải dệt kim|punto',
  '聚酯纤维|Polyester|โพลีเอสเตอร์|vải polyester|poliéster',
  '羊毛|Wool|ขนแกะ|len lông cừu|lana',
  '莫代尔|Modal|ผ้าโมดาล|vải modal|modal',
  '白鸭绒|White duck down|ขนเป็ดสีขาว|lông vịt trắng|plumón de pato blanco',
  '真皮|Genuine leather|หนังแท้|da thật|piel auténtica',
  'PU皮|PU leather|หนัง PU|da PU|piel sintética',
  '网面|Mesh|ผ้าตาข่าย|vải lưới|malla',
  '帆布|Canvas|ผ้าใบ|vải canvas|lona',
  '牛津布|Oxford cloth|ผ้าอ็อกซ์ฟอร์ด|vải Oxford|tela Oxford',
  '尼龙|Nylon|ไนลอน|vải nylon|nailon',
  'TPU|TPU|TPU|TPU|TPU',
  '硅胶|Silicone|ซิลิโคน|silicon|silicona',
  '铝合金|Aluminium alloy|อะลูมิเนียมอัลลอย|hợp kim nhôm|aleación de aluminio',
  'ABS塑料|ABS plastic|พลาสติก ABS|nhựa ABS|plástico ABS',
  '钢化玻璃|Tempered glass|กระจกนิรภัย|kính cường lực|vidrio templado',
  'PP塑料|PP plastic|พลาสติก PP|nhựa PP|plástico PP',
  '304不锈钢|304 stainless steel|สแตนเลส 304|inox 304|acero inoxidable 304',
  '竹|Bamboo|ไม้ไผ่|tre|bambú',
  '珊瑚绒|Coral fleece|ผ้าขนปะการัง|vải nhung san hô|forro polar',
  '哑光|Matte|แมตต์|lì|mate',
  '丝绒|Velvet|กำมะหยี่|nhung|aterciopelado',
  '水润|Glossy|ฉ่ำวาว|bóng mịn|brillante',
  '补水|Hydrating|เติมน้ำให้ผิว|cấp nước|hidratante',
  '美白|Brightening|ไวท์เทนนิ่ง|dưỡng trắng|iluminador',
  '修护|Repairing|ฟื้นฟูผิว|phục hồi|reparador',
  '控油|Oil control|ควบคุมความมัน|kiềm dầu|control de grasa',
  '袋装|Bagged|แบบถุง|dạng túi|en bolsa',
  '盒装|Boxed|แบบกล่อง|dạng hộp|en caja',
  '罐装|Jarred|แบบกระปุก|dạng hũ|en bote',
  'TPE|TPE|TPE|TPE|TPE',
  '天然橡胶|Natural rubber|ยางธรรมชาติ|cao su tự nhiên|caucho natural',
  '铸铁|Cast iron|เหล็กหล่อ|gang|hierro fundido',
  '毛绒|Plush|ผ้าขนนุ่ม|vải nhung lông|felpa',
  '玻璃|Glass|แก้ว|thủy tinh|vidrio',
  '925银|925 silver|เงิน 925|bạc 925|plata 925',
  '钛钢|Titanium steel|สแตนเลสไทเทเนียม|thép titan|acero de titanio',
  '合金|Alloy|อัลลอย|hợp kim|aleación',
  '珍珠|Pearl|ไข่มุก|ngọc trai|perla',
]);

export const STYLES = table([
  '韩版|Korean style|สไตล์เกาหลี|phong cách Hàn Quốc|estilo coreano',
  '法式|French style|สไตล์ฝรั่งเศส|phong cách Pháp|estilo francés',
  '复古|Vintage|วินเทจ|cổ điển|vintage',
  '简约|Minimalist|มินิมอล|tối giản|minimalista',
  '日系|Japanese style|สไตล์ญี่ปุ่น|phong cách Nhật|estilo japonés',
  '新中式|Modern Chinese style|สไตล์จีนร่วมสมัย|phong cách Trung Hoa hiện đại|estilo chino moderno',
  '街头|Streetwear|สไตล์สตรีท|phong cách đường phố|estilo urbano',
  '休闲|Casual|ลำลอง|thường ngày|casual',
  '商务|Business|สไตล์ทางการ|công sở|de negocios',
  '运动风|Sporty|สปอร์ต|năng động|deportivo',
  '北欧风|Nordic style|สไตล์นอร์ดิก|phong cách Bắc Âu|estilo nórdico',
  '卡通|Cartoon|ลายการ์ตูน|hoạt hình|de dibujos animados',
  '轻奢|Light luxury|หรูหรา|sang trọng|de lujo',
  'ins风|Instagram style|สไตล์ไอจี|phong cách Instagram|estilo Instagram',
]);

export const PATTERNS = table([
  '碎花|Floral|ลายดอกไม้|hoa nhí|floral',
  '纯色|Solid colour|สีพื้น|trơn màu|liso',
  '条纹|Striped|ลายทาง|kẻ sọc|de rayas',
  '格子|Plaid|ลายสก็อต|kẻ caro|de cuadros',
  '印花|Printed|พิมพ์ลาย|in họa tiết|estampado',
  '波点|Polka dot|ลายจุด|chấm bi|de lunares',
]);

export const SEASONS = table([
  '春季|Spring|ฤดูใบไม้ผลิ|mùa xuân|primavera',
  '夏季|Summer|ฤดูร้อน|mùa hè|verano',
  '秋季|Autumn|ฤดูใบไม้ร่วง|mùa thu|otoño',
  '冬季|Winter|ฤดูหนาว|mùa đông|invierno',
]);

export const SELLING_POINTS = table([
  '显瘦|Slimming|ดูผอม|tôn dáng|estiliza la figura',
  '宽松|Loose fit|ทรงหลวม|dáng rộng|holgado',
  '百搭|Versatile|แมตช์ง่าย|dễ phối đồ|combinable',
  '气质|Elegant|ดูดีมีสไตล์|thanh lịch|elegante',
  '高级感|Premium look|ดูแพง|cao cấp|aspecto premium',
  '透气|Breathable|ระบายอากาศ|thoáng khí|transpirable',
  '防滑|Non-slip|กันลื่น|chống trượt|antideslizante',
  '软底|Soft sole|พื้นนุ่ม|đế mềm|suela blanda',
  '增高|Height-boosting|เสริมส่วนสูง|tăng chiều cao|con alza',
  '轻便|Lightweight|น้ำหนักเบา|nhẹ nhàng|ligero',
  '大容量|Large capacity|จุของได้เยอะ|dung tích lớn|gran capacidad',
  '防水|Waterproof|กันน้ำ|chống nước|impermeable',
  '防摔|Shockproof|กันกระแทก|chống sốc|antigolpes',
  '快充|Fast charging|ชาร์จเร็ว|sạc nhanh|carga rápida',
  '超薄|Ultra-thin|บางเฉียบ|siêu mỏng|ultrafino',
  '磁吸|Magnetic|แม่เหล็ก|hít nam châm|magnético',
  '耐用|Durable|ทนทาน|bền bỉ|duradero',
  '加厚|Thickened|หนาพิเศษ|dày dặn|reforzado',
  '家用|For home use|ใช้ในบ้าน|dùng gia đình|para el hogar',
  '防潮|Moisture-proof|กันความชื้น|chống ẩm|antihumedad',
  '持久|Long-lasting|ติดทนนาน|lâu trôi|larga duración',
  '不脱色|Transfer-proof|ไม่ติดแมส|không lem|no transfiere',
  '显白|Complexion-brightening|ผิวดูสว่าง|tôn da|favorecedor',
  '温和|Gentle|อ่อนโยน|dịu nhẹ|suave',
  '敏感肌可用|For sensitive skin|ผิวแพ้ง่ายใช้ได้|dùng cho da nhạy cảm|apto para piel sensible',
  '清爽|Refreshing|สดชื่น|mát nhẹ|refrescante',
  '网红|Trending|ยอดฮิต|hot trend|viral',
  '独立小包装|Individually wrapped|แพ็คแยกชิ้น|đóng gói riêng|envasado individual',
  '办公室|Office snack|ทานเล่นที่ออฟฟิศ|ăn vặt văn phòng|para la oficina',
  '初学者|For beginners|สำหรับมือใหม่|cho người mới|para principiantes',
  '专业|Professional|ระดับมืออาชีพ|chuyên nghiệp|profesional',
  '益智|Educational|เสริมพัฒนาการ|phát triển trí tuệ|educativo',
  '安全无毒|Safe and non-toxic|ปลอดภัยไร้สารพิษ|an toàn không độc hại|seguro y no tóxico',
  '可爱|Cute|น่ารัก|dễ thương|bonito',
  '柔软|Soft|นุ่มนิ่ม|mềm mại|suave al tacto',
  '小众设计|Niche design|ดีไซน์เฉพาะตัว|thiết kế độc đáo|diseño exclusivo',
  '不掉色|Anti-tarnish|สีไม่ลอก|không phai màu|no se decolora',
]);

/** Who a top category dresses; placed next to the leaf keyword as sellers do ('连衣裙女'). */
export const AUDIENCES = table(["女|Women's|ผู้หญิง|nữ|de mujer", "男|Men's|ผู้ชาย|nam|de hombre", "儿童|Kids'|เด็ก|trẻ em|infantil"]);

export const NEW_ARRIVAL = loc('新款|New|ใหม่|mẫu mới|nuevo');

export const ATTRIBUTE_NAMES = table([
  '面料|Fabric|เนื้อผ้า|Chất vải|Tejido',
  '材质|Material|วัสดุ|Chất liệu|Material',
  '帮面材质|Upper material|วัสดุด้านบน|Chất liệu thân giày|Material exterior',
  '质地|Texture|เนื้อสัมผัส|Kết cấu|Textura',
  '功效|Effect|สรรพคุณ|Công dụng|Efecto',
  '包装方式|Packaging|บรรจุภัณฑ์|Đóng gói|Envase',
  '风格|Style|สไตล์|Phong cách|Estilo',
  '图案|Pattern|ลวดลาย|Họa tiết|Estampado',
  '适用季节|Season|ฤดูกาล|Mùa phù hợp|Temporada',
  '产地|Origin|แหล่งผลิต|Xuất xứ|Origen',
  '保质期|Shelf life|อายุการเก็บรักษา|Hạn sử dụng|Consumo preferente',
]);

/** Provinces of the manufacturing belts our shops sit in (产地 attribute, shop location). */
export const PROVINCES = table([
  '浙江|Zhejiang, China|เจ้อเจียง ประเทศจีน|Chiết Giang, Trung Quốc|Zhejiang, China',
  '广东|Guangdong, China|กวางตุ้ง ประเทศจีน|Quảng Đông, Trung Quốc|Cantón, China',
  '福建|Fujian, China|ฝูเจี้ยน ประเทศจีน|Phúc Kiến, Trung Quốc|Fujian, China',
  '江苏|Jiangsu, China|เจียงซู ประเทศจีน|Giang Tô, Trung Quốc|Jiangsu, China',
  '河北|Hebei, China|เหอเป่ย์ ประเทศจีน|Hà Bắc, Trung Quốc|Hebei, China',
  '山东|Shandong, China|ซานตง ประเทศจีน|Sơn Đông, Trung Quốc|Shandong, China',
  '湖南|Hunan, China|หูหนาน ประเทศจีน|Hồ Nam, Trung Quốc|Hunan, China',
  '四川|Sichuan, China|เสฉวน ประเทศจีน|Tứ Xuyên, Trung Quốc|Sichuan, China',
]);

export function word(vocabulary: Vocabulary, key: string): Localized {
  const [found] = words(vocabulary, key);
  if (!found) throw new Error(`unknown vocabulary key: ${key}`);
  return found;
}
