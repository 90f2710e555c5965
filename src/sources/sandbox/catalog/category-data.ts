import type { ProfileKey } from './profiles.ts';

/**
 * The category tree as rows. Top ids 16, 30, 50006843, 50002766, 50010728, 50013864 and leaf
 * 121452038 (kids' dress, from the manual example) are Taobao's own; the rest follow the same
 * numbering style and are fixed forever, because integrators store them.
 *
 * A leaf's name is also its title keyword in every language: search for 连衣裙 / dress /
 * ชุดเดรส / váy / vestido must find the dresses, so the name must literally occur in the title.
 *
 * skus: space-separated SKU properties. 'color:<pool>' is the 颜色分类 property drawn from a
 * colour pool; 'packaging:<pool>' gives the product one colour that is not a SKU choice;
 * 'key[a-b]' restricts a dimension to value positions a..b.
 */
export interface LeafRow {
  id: number;
  names: string;
  profile: ProfileKey;
  skus: string;
  priceYuan: [number, number];
  weightGrams: [number, number];
  materials?: string;
}

export interface TopRow {
  id: number;
  names: string;
  audience: '女' | '男' | '儿童' | null;
  industry: string;
  locations: string;
  leaves: LeafRow[];
}

const leaf = (
  id: number, names: string, profile: ProfileKey, skus: string,
  priceYuan: [number, number], weightGrams: [number, number], materials?: string,
): LeafRow => (materials ? { id, names, profile, skus, priceYuan, weightGrams, materials }
  : { id, names, profile, skus, priceYuan, weightGrams });

export const CATEGORY_ROWS: readonly TopRow[] = [
  { id: 16, names: '女装/女士精品|Women\'s Clothing|เสื้อผ้าผู้หญิง|Thời trang nữ|Ropa de mujer', audience: '女',
    industry: '服饰', locations: '浙江:杭州 广东:广州 广东:深圳 江苏:常熟 浙江:湖州', leaves: [
      leaf(50010850, '连衣裙|Dress|ชุดเดรส|Váy liền|Vestido', 'apparel', 'color:fashion size[1-5]', [59, 399], [250, 600]),
      leaf(1623, '半身裙|Skirt|กระโปรง|Chân váy|Falda', 'apparel', 'color:fashion size[1-5]', [39, 259], [200, 450]),
      leaf(50000671, 'T恤|T-shirt|เสื้อยืด|Áo thun|Camiseta', 'apparel', 'color:fashion size[1-5]', [19, 129], [150, 300],
        '纯棉 莫代尔 聚酯纤维'),
      leaf(162104, '衬衫|Shirt|เสื้อเชิ้ต|Áo sơ mi|Camisa', 'apparel', 'color:fashion size[1-5]', [39, 299], [180, 350]),
      leaf(50000697, '针织衫|Cardigan|เสื้อไหมพรม|Áo len|Cárdigan', 'apparel', 'color:fashion size[1-4]', [49, 329], [250, 500],
        '针织 羊毛 纯棉'),
      leaf(162205, '牛仔裤|Jeans|กางเกงยีนส์|Quần jean|Vaqueros', 'apparel', 'color:neutral size[1-5]', [59, 299], [400, 700],
        '牛仔 纯棉'),
      leaf(50007068, '阔腿裤|Wide-leg pants|กางเกงขากว้าง|Quần ống rộng|Pantalón ancho', 'apparel',
        'color:neutral size[1-5]', [39, 229], [300, 550]),
      leaf(50008898, '卫衣|Hoodie|เสื้อฮู้ด|Áo hoodie|Sudadera', 'apparel', 'color:fashion size[1-5]', [49, 299], [400, 700],
        '纯棉 聚酯纤维 针织'),
      leaf(50008899, '羽绒服|Down jacket|เสื้อขนเป็ด|Áo phao lông vũ|Plumífero', 'apparel', 'color:neutral size[1-5]',
        [199, 1299], [600, 1200], '白鸭绒'),
      leaf(50012772, '睡衣|Pajamas|ชุดนอน|Đồ ngủ|Pijama', 'apparel', 'color:fashion size[1-4]', [39, 199], [250, 500],
        '纯棉 莫代尔 真丝 珊瑚绒'),
    ] },
  { id: 30, names: '男装|Men\'s Clothing|เสื้อผ้าผู้ชาย|Thời trang nam|Ropa de hombre', audience: '男',
    industry: '服装', locations: '福建:泉州 福建:晋江 广东:广州 江苏:常熟 浙江:温州', leaves: [
      leaf(50011123, '衬衫|Shirt|เสื้อเชิ้ต|Áo sơ mi|Camisa', 'apparel', 'color:neutral size[2-6]', [49, 399], [200, 400]),
      leaf(50000436, 'T恤|T-shirt|เสื้อยืด|Áo thun|Camiseta', 'apparel', 'color:basic size[2-6]', [19, 159], [180, 320],
        '纯棉 莫代尔 聚酯纤维'),
      leaf(50010158, '夹克|Jacket|เสื้อแจ็คเก็ต|Áo khoác|Chaqueta', 'apparel', 'color:neutral size[2-6]', [99, 599],
        [500, 900], '聚酯纤维 纯棉 牛仔 尼龙'),
      leaf(3035, '休闲裤|Casual pants|กางเกงลำลอง|Quần kaki|Pantalón casual', 'apparel', 'color:neutral size[2-6]',
        [59, 299], [350, 650], '纯棉 亚麻 聚酯纤维'),
      leaf(50011167, '卫衣|Hoodie|เสื้อฮู้ด|Áo hoodie|Sudadera', 'apparel', 'color:basic size[2-6]', [59, 329], [450, 800],
        '纯棉 聚酯纤维'),
      leaf(50020237, 'POLO衫|Polo shirt|เสื้อโปโล|Áo polo|Polo', 'apparel', 'color:basic size[2-6]', [49, 299], [200, 350],
        '纯棉 莫代尔 聚酯纤维'),
      leaf(50023108, '短裤|Shorts|กางเกงขาสั้น|Quần short|Pantalón corto', 'apparel', 'color:neutral size[2-6]', [29, 159],
        [150, 300], '纯棉 亚麻 牛仔 聚酯纤维'),
    ] },
  { id: 50006843, names: '女鞋|Women\'s Shoes|รองเท้าผู้หญิง|Giày nữ|Zapatos de mujer', audience: '女',
    industry: '鞋业', locations: '福建:泉州 福建:晋江 福建:莆田 浙江:温州 广东:东莞', leaves: [
      leaf(50012042, '运动鞋|Sneakers|รองเท้าผ้าใบ|Giày thể thao|Zapatillas', 'shoes', 'color:basic shoe[0-5]', [79, 499],
        [600, 1000]),
      leaf(50012027, '高跟鞋|High heels|รองเท้าส้นสูง|Giày cao gót|Zapatos de tacón', 'shoes', 'color:fashion shoe[0-5]',
        [69, 399], [500, 800], '真皮 PU皮'),
      leaf(50012032, '凉鞋|Sandals|รองเท้ารัดส้น|Dép sandal|Sandalias', 'shoes', 'color:fashion shoe[0-5]', [39, 259],
        [300, 600], '真皮 PU皮'),
      leaf(50012033, '单鞋|Flats|รองเท้าคัทชู|Giày búp bê|Bailarinas', 'shoes', 'color:fashion shoe[0-5]', [59, 329],
        [400, 700], '真皮 PU皮 帆布'),
      leaf(50012036, '拖鞋|Slippers|รองเท้าแตะ|Dép lê|Chanclas', 'shoes', 'color:basic shoe[0-5]', [9.9, 79], [200, 400],
        'PU皮 帆布'),
      leaf(50012028, '靴子|Boots|รองเท้าบูท|Giày bốt|Botas', 'shoes', 'color:neutral shoe[0-5]', [129, 699], [800, 1400],
        '真皮 PU皮'),
    ] },
  { id: 50011740, names: '流行男鞋|Men\'s Shoes|รองเท้าผู้ชาย|Giày nam|Zapatos de hombre', audience: '男',
    industry: '鞋业', locations: '福建:泉州 福建:晋江 福建:莆田 浙江:温州', leaves: [
      leaf(50011745, '皮鞋|Leather shoes|รองเท้าหนัง|Giày da|Zapatos de cuero', 'shoes', 'color:neutral shoe[4-9]',
        [99, 699], [800, 1300], '真皮 PU皮'),
      leaf(50012907, '板鞋|Skate shoes|รองเท้าสเก็ต|Giày trượt ván|Zapatillas de skate', 'shoes', 'color:basic shoe[4-9]',
        [59, 399], [700, 1100]),
      leaf(50012906, '跑步鞋|Running shoes|รองเท้าวิ่ง|Giày chạy bộ|Zapatillas de running', 'shoes',
        'color:basic shoe[4-9]', [99, 699], [600, 1000], '网面 PU皮'),
    ] },
  { id: 50006842, names: '箱包皮具/热销女包/男包|Bags & Luggage|กระเป๋าและกระเป๋าเดินทาง|Túi xách & vali|Bolsos y maletas',
    audience: null, industry: '箱包', locations: '河北:保定 广东:广州 浙江:义乌', leaves: [
      leaf(50012019, '双肩包|Backpack|กระเป๋าเป้|Ba lô|Mochila', 'bags', 'color:neutral', [49, 399], [500, 1000]),
      leaf(50012010, '单肩包|Shoulder bag|กระเป๋าสะพายไหล่|Túi đeo vai|Bolso de hombro', 'bags', 'color:fashion',
        [39, 599], [300, 800]),
      leaf(50012015, '钱包|Wallet|กระเป๋าสตางค์|Ví tiền|Cartera', 'bags', 'color:fashion', [19, 299], [80, 200],
        'PU皮 真皮'),
      leaf(50012018, '行李箱|Suitcase|กระเป๋าเดินทาง|Vali|Maleta', 'bags', 'color:basic suitcase', [129, 899],
        [2800, 5200], 'ABS塑料 铝合金 牛津布'),
      leaf(50012021, '托特包|Tote bag|กระเป๋าโท้ท|Túi tote|Bolso tote', 'bags', 'color:neutral', [29, 299], [200, 600],
        '帆布 PU皮 尼龙'),
    ] },
  { id: 50008090, names: '3C数码配件|Digital Accessories|อุปกรณ์เสริมดิจิทัล|Phụ kiện công nghệ|Accesorios digitales',
    audience: null, industry: '电子科技', locations: '广东:深圳 广东:东莞 广东:广州', leaves: [
      leaf(50024099, '手机壳|Phone case|เคสโทรศัพท์|Ốp lưng điện thoại|Funda de móvil', 'digital', 'color:case phone',
        [9.9, 59], [30, 80], 'TPU 硅胶'),
      leaf(50024100, '数据线|Charging cable|สายชาร์จ|Cáp sạc|Cable de carga', 'digital', 'color:basic length[0-3]',
        [9.9, 49], [40, 120], '尼龙 TPU'),
      leaf(50024101, '充电宝|Power bank|พาวเวอร์แบงค์|Sạc dự phòng|Batería externa', 'digital', 'color:basic mah',
        [49, 299], [200, 500], 'ABS塑料 铝合金'),
      leaf(50024102, '蓝牙耳机|Bluetooth earphones|หูฟังบลูทูธ|Tai nghe bluetooth|Auriculares bluetooth', 'digital',
        'color:basic', [39, 399], [50, 150], 'ABS塑料'),
      leaf(50024103, '手机支架|Phone holder|ขาตั้งโทรศัพท์|Giá đỡ điện thoại|Soporte para móvil', 'digital',
        'color:basic', [9.9, 69], [80, 250], '铝合金 ABS塑料 硅胶'),
      leaf(50024104, '钢化膜|Screen protector|ฟิล์มกระจก|Kính cường lực|Protector de pantalla', 'digital',
        'packaging:basic phone', [5.9, 39], [20, 60], '钢化玻璃'),
    ] },
  { id: 21, names: '居家日用|Household|ของใช้ในบ้าน|Đồ gia dụng|Hogar', audience: null,
    industry: '日用品', locations: '浙江:义乌 浙江:台州 浙江:宁波 山东:临沂', leaves: [
      leaf(50016801, '收纳盒|Storage box|กล่องเก็บของ|Hộp đựng đồ|Caja organizadora', 'home', 'color:neutral spec[0-3]',
        [9.9, 99], [300, 1500], 'PP塑料 竹'),
      leaf(50016802, '衣架|Clothes hanger|ไม้แขวนเสื้อ|Móc treo quần áo|Percha', 'home', 'color:neutral pcs[1-4]',
        [9.9, 59], [300, 1200], 'PP塑料 304不锈钢 竹'),
      leaf(50016803, '保温杯|Thermos cup|กระบอกน้ำเก็บอุณหภูมิ|Bình giữ nhiệt|Termo', 'home', 'color:basic ml[5-8]',
        [29, 199], [250, 600], '304不锈钢'),
      leaf(50016804, '毛巾|Towel|ผ้าขนหนู|Khăn bông|Toalla', 'home', 'color:basic', [9.9, 59], [100, 300], '纯棉 珊瑚绒'),
      leaf(50016805, '雨伞|Umbrella|ร่ม|Ô dù|Paraguas', 'home', 'color:basic', [19, 129], [250, 600], '聚酯纤维 尼龙'),
      leaf(50016806, '垃圾袋|Garbage bags|ถุงขยะ|Túi đựng rác|Bolsas de basura', 'home', 'packaging:basic spec[0-2] pcs[4-6]',
        [5.9, 29], [200, 800], 'PP塑料'),
    ] },
  { id: 50010788, names: '彩妆/香水/美妆工具|Makeup|เครื่องสำอาง|Trang điểm|Maquillaje', audience: null,
    industry: '化妆品', locations: '广东:广州 浙江:义乌 浙江:杭州', leaves: [
      leaf(50010792, '口红|Lipstick|ลิปสติก|Son môi|Pintalabios', 'makeup', 'color:lip', [29, 299], [30, 80]),
      leaf(50010793, '粉底液|Liquid foundation|รองพื้น|Kem nền|Base de maquillaje', 'makeup', 'color:skin ml[0-1]',
        [59, 399], [60, 150], '哑光 水润'),
      leaf(50010794, '眼影|Eyeshadow|อายแชโดว์|Phấn mắt|Sombra de ojos', 'makeup', 'color:fashion', [39, 299], [50, 150]),
      leaf(50010795, '化妆刷|Makeup brush|แปรงแต่งหน้า|Cọ trang điểm|Brocha de maquillaje', 'makeup', 'color:basic',
        [19, 199], [50, 300], '尼龙 竹'),
      leaf(50010796, '睫毛膏|Mascara|มาสคาร่า|Mascara|Máscara de pestañas', 'makeup', 'packaging:neutral', [29, 199],
        [30, 80], '水润 丝绒'),
    ] },
  { id: 1801, names: '美容护肤/美体/精油|Skincare|ผลิตภัณฑ์ดูแลผิว|Chăm sóc da|Cuidado de la piel', audience: null,
    industry: '生物科技', locations: '广东:广州 浙江:杭州', leaves: [
      leaf(50011977, '面膜|Face mask|มาส์กหน้า|Mặt nạ|Mascarilla facial', 'skincare', 'packaging:kids sheets', [29, 199],
        [150, 500]),
      leaf(50011978, '面霜|Face cream|ครีมบำรุงผิวหน้า|Kem dưỡng da mặt|Crema facial', 'skincare', 'packaging:neutral ml[0-2]',
        [59, 599], [80, 250]),
      leaf(50011979, '洗面奶|Facial cleanser|โฟมล้างหน้า|Sữa rửa mặt|Limpiador facial', 'skincare', 'packaging:basic ml[1-2]',
        [29, 199], [100, 250]),
      leaf(50011980, '防晒霜|Sunscreen|ครีมกันแดด|Kem chống nắng|Protector solar', 'skincare', 'packaging:kids ml[0-2]',
        [39, 299], [60, 200]),
    ] },
  { id: 50008165, names: '童装/婴儿装/亲子装|Kids\' Clothing|เสื้อผ้าเด็ก|Quần áo trẻ em|Ropa infantil', audience: '儿童',
    industry: '童装', locations: '浙江:湖州 广东:佛山 浙江:杭州', leaves: [
      leaf(50010537, '儿童T恤|Kids T-shirt|เสื้อยืดเด็ก|Áo thun trẻ em|Camiseta infantil', 'kids', 'color:kids height[5-11]',
        [19, 99], [100, 200]),
      leaf(121452038, '儿童连衣裙|Girls dress|ชุดเดรสเด็ก|Váy bé gái|Vestido de niña', 'kids', 'color:kids height[5-11]',
        [39, 199], [150, 350]),
      leaf(50010540, '儿童套装|Kids outfit set|ชุดเซ็ตเด็ก|Bộ quần áo trẻ em|Conjunto infantil', 'kids',
        'color:kids height[4-11]', [49, 259], [250, 500]),
      leaf(50012308, '婴儿连体衣|Baby romper|บอดี้สูทเด็ก|Bộ body sơ sinh|Pelele de bebé', 'kids', 'color:kids height[0-5]',
        [29, 159], [100, 250]),
    ] },
  { id: 25, names: '母婴/玩具|Baby & Toys|แม่และเด็ก ของเล่น|Mẹ và bé, đồ chơi|Bebé y juguetes', audience: null,
    industry: '玩具', locations: '广东:汕头 浙江:宁波 浙江:义乌', leaves: [
      leaf(50012440, '奶瓶|Baby bottle|ขวดนม|Bình sữa|Biberón', 'toys', 'color:kids ml[3-4]', [29, 199], [100, 250],
        '硅胶 玻璃'),
      leaf(50012441, '积木|Building blocks|ตัวต่อ|Đồ chơi xếp hình|Bloques de construcción', 'toys', 'packaging:kids spec[0-2]',
        [29, 399], [300, 1500], 'ABS塑料'),
      leaf(50012442, '毛绒玩具|Plush toy|ตุ๊กตาผ้า|Thú nhồi bông|Peluche', 'toys', 'color:kids spec[0-2]', [19, 199],
        [200, 800], '毛绒'),
      leaf(50012443, '口水巾|Baby bib|ผ้ากันเปื้อนเด็ก|Yếm ăn dặm|Babero', 'toys', 'color:kids pcs[0-2]', [9.9, 49],
        [50, 200], '纯棉 硅胶'),
    ] },
  { id: 50002766, names: '零食/坚果/特产|Snacks|ขนมและของว่าง|Đồ ăn vặt|Snacks', audience: null,
    industry: '食品', locations: '湖南:长沙 四川:成都 山东:临沂 福建:厦门', leaves: [
      leaf(50008055, '坚果|Nuts|ถั่วอบ|Hạt dinh dưỡng|Frutos secos', 'food', 'packaging:neutral flavor[0-5] weight[1-3]',
        [29, 159], [300, 1100]),
      leaf(50008056, '牛肉干|Beef jerky|เนื้อวัวอบแห้ง|Khô bò|Cecina de ternera', 'food', 'packaging:neutral flavor[0-3] weight[0-2]',
        [29, 199], [150, 600]),
      leaf(50008057, '辣条|Spicy strips|ขนมเส้นรสเผ็ด|Que cay|Tiras picantes', 'food', 'packaging:basic flavor[1-3] weight[0-2]',
        [5.9, 39], [150, 600]),
      leaf(50008058, '饼干|Biscuits|บิสกิต|Bánh quy|Galletas', 'food', 'packaging:basic flavor weight[0-2]', [9.9, 69],
        [150, 600]),
      leaf(50008059, '花茶|Flower tea|ชาดอกไม้|Trà hoa|Té de flores', 'food', 'packaging:neutral weight[0-1]', [19, 129],
        [100, 300]),
      leaf(50008060, '零食大礼包|Snack gift box|ชุดขนมรวม|Combo đồ ăn vặt|Pack de snacks', 'food', 'packaging:basic spec[0-2]',
        [29, 199], [800, 2500]),
    ] },
  { id: 50010728, names: '运动/瑜伽/健身/球迷用品|Sports & Fitness|กีฬาและฟิตเนส|Thể thao & thể hình|Deporte y fitness',
    audience: null, industry: '体育用品', locations: '浙江:义乌 江苏:南通 浙江:宁波', leaves: [
      leaf(50014822, '瑜伽垫|Yoga mat|เสื่อโยคะ|Thảm yoga|Esterilla de yoga', 'sports', 'color:basic thick', [29, 199],
        [800, 1800], 'TPE 天然橡胶'),
      leaf(50014823, '瑜伽服|Yoga wear|ชุดโยคะ|Đồ tập yoga|Ropa de yoga', 'sports', 'color:fashion size[1-5]', [59, 399],
        [150, 350], '尼龙 聚酯纤维'),
      leaf(50014824, '跳绳|Jump rope|เชือกกระโดด|Dây nhảy|Comba', 'sports', 'color:basic', [9.9, 79], [150, 400], '尼龙 TPE'),
      leaf(50014825, '哑铃|Dumbbell|ดัมเบล|Tạ tay|Mancuerna', 'sports', 'packaging:neutral kg', [29, 399], [2000, 20000],
        '铸铁 天然橡胶'),
      leaf(50014826, '运动水壶|Sports bottle|กระบอกน้ำกีฬา|Bình nước thể thao|Botella deportiva', 'sports',
        'color:basic ml[5-8]', [19, 129], [150, 400], 'TPE 尼龙'),
    ] },
  { id: 50013864, names: '饰品/流行首饰/时尚饰品新|Jewellery|เครื่องประดับ|Trang sức|Bisutería', audience: null,
    industry: '饰品', locations: '浙江:义乌 广东:广州 广东:深圳', leaves: [
      leaf(50013865, '项链|Necklace|สร้อยคอ|Dây chuyền|Collar', 'jewelry', 'color:metal', [19, 399], [20, 80]),
      leaf(50013866, '耳环|Earrings|ต่างหู|Bông tai|Pendientes', 'jewelry', 'color:metal', [9.9, 299], [10, 50]),
      leaf(50013867, '发夹|Hair clip|กิ๊บติดผม|Kẹp tóc|Pinza de pelo', 'jewelry', 'color:fashion', [5.9, 59], [10, 60],
        '合金 珍珠'),
      leaf(50013868, '手链|Bracelet|สร้อยข้อมือ|Vòng tay|Pulsera', 'jewelry', 'color:metal', [19, 299], [15, 60]),
    ] },
];
