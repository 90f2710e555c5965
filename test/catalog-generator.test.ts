import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import {
  CATEGORIES,
  categoryById,
  categoryPath,
  childrenOf,
  generateProduct,
  generateShop,
  LANGS,
  MAX_SKUS,
  shopCount,
  type ProductRecord,
} from '../src/sources/sandbox/catalog/index.ts';

const SEED = 20260601;
const SAMPLE_SIZE = 20_000;
const sample: ProductRecord[] = Array.from({ length: SAMPLE_SIZE }, (_, i) => generateProduct(SEED, i));
const catalogPath = fileURLToPath(new URL('../src/sources/sandbox/catalog/index.ts', import.meta.url));

const digest = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');
const leaves = CATEGORIES.filter((c) => c.leaf);
const tops = CATEGORIES.filter((c) => c.parentId === null);

describe('determinism', () => {
  it('gives deep-equal records for the same seed and index', () => {
    for (const index of [0, 1, 17, 999, 19_999, 4_000_000_000]) {
      assert.deepEqual(generateProduct(SEED, index), generateProduct(SEED, index));
    }
    assert.deepEqual(generateShop(SEED, '1688', 42), generateShop(SEED, '1688', 42));
  });

  it('gives the same catalog in another process', () => {
    const script = `import(${JSON.stringify(catalogPath)}).then((m) => {
      const products = Array.from({ length: 300 }, (_, i) => m.generateProduct(${SEED}, i));
      process.stdout.write(JSON.stringify(products));
    });`;
    const output = execFileSync(process.execPath, ['-e', script], { maxBuffer: 64 << 20 });
    assert.equal(digest(JSON.parse(output.toString())), digest(sample.slice(0, 300)));
  });

  it('gives a different catalog for a different seed', () => {
    const other = Array.from({ length: 200 }, (_, i) => generateProduct(SEED + 1, i));
    const sameTitles = other.filter((p, i) => p.title.zh === sample[i]?.title.zh).length;
    const sameIds = other.filter((p, i) => p.numericId === sample[i]?.numericId).length;
    assert.ok(sameTitles < 10, `${sameTitles} of 200 titles identical across seeds`);
    assert.equal(sameIds, 0);
  });
});

describe('ids', () => {
  it(`are well-formed and unique over ${SAMPLE_SIZE} products`, () => {
    const numericIds = new Set<string>();
    const skuIds = new Set<string>();
    const specIds = new Set<string>();
    let skuCount = 0;
    for (const product of sample) {
      assert.match(product.numericId, /^\d{12}$/);
      numericIds.add(product.numericId);
      for (const sku of product.skus) {
        assert.match(sku.skuId, /^\d{13}$/);
        assert.match(sku.specId, /^[0-9a-f]{32}$/);
        skuIds.add(sku.skuId);
        specIds.add(sku.specId);
        skuCount++;
      }
    }
    assert.equal(numericIds.size, SAMPLE_SIZE);
    assert.equal(skuIds.size, skuCount);
    assert.equal(specIds.size, skuCount);
  });
});

describe('categories', () => {
  it('has at least 10 top and 60 leaf categories with names in all languages', () => {
    assert.ok(tops.length >= 10, `${tops.length} top categories`);
    assert.ok(leaves.length >= 60, `${leaves.length} leaf categories`);
    assert.equal(new Set(CATEGORIES.map((c) => c.id)).size, CATEGORIES.length);
    for (const category of CATEGORIES) {
      for (const lang of LANGS) assert.ok(category.names[lang].trim().length > 0, `${category.id} ${lang}`);
      assert.match(category.names.th, /\p{Script=Thai}/u, `Thai name of ${category.names.zh}`);
      assert.match(category.names.zh, /\p{Script=Han}/u, `Chinese name of ${category.names.en}`);
    }
    const viWithDiacritics = leaves.filter((c) => c.names.vi !== c.names.vi.normalize('NFD').replace(/\p{M}/gu, ''));
    assert.ok(viWithDiacritics.length > leaves.length / 2, 'Vietnamese names keep their diacritics');
  });

  it('builds Taobao-style paths and navigates the tree', () => {
    assert.equal(categoryPath(50010850, 'zh'), '女装/女士精品->连衣裙');
    assert.equal(categoryPath(50010850, 'en'), "Women's Clothing->Dress");
    assert.equal(categoryPath(16, 'zh'), '女装/女士精品');
    assert.equal(categoryPath(-1, 'zh'), '');
    assert.equal(categoryById(121452038)?.names.zh, '儿童连衣裙');
    assert.equal(categoryById(-1), undefined);
    assert.deepEqual(
      childrenOf(null).map((c) => c.id),
      tops.map((c) => c.id),
    );
    const womens = childrenOf(16);
    assert.ok(womens.some((c) => c.names.zh === '连衣裙') && womens.every((c) => c.leaf && c.level === 2));
    for (const leaf of leaves) assert.ok(categoryById(leaf.parentId ?? -1), `parent of ${leaf.id}`);
    const expected = ['男装->衬衫', '女鞋->运动鞋', '->双肩包', '->手机壳', '->收纳盒', '->口红', '->儿童T恤', '->零食大礼包', '->瑜伽垫'];
    const paths = leaves.map((c) => categoryPath(c.id, 'zh'));
    for (const fragment of expected)
      assert.ok(
        paths.some((p) => p.includes(fragment)),
        fragment,
      );
  });

  it('assigns every product a leaf category and uses every leaf', () => {
    const used = new Set(sample.map((p) => p.categoryId));
    for (const id of used) assert.equal(categoryById(id)?.leaf, true);
    assert.equal(used.size, leaves.length);
  });
});

describe('titles', () => {
  it('contain the leaf keyword in every language', () => {
    for (const product of sample) {
      const leaf = categoryById(product.categoryId);
      assert.ok(leaf);
      for (const lang of LANGS) {
        assert.ok(
          product.title[lang].toLowerCase().includes(leaf.names[lang].toLowerCase()),
          `${lang} title '${product.title[lang]}' lacks '${leaf.names[lang]}'`,
        );
      }
    }
  });

  it('read like marketplace titles for dresses', () => {
    const dress = sample.find((p) => p.categoryId === 50010850);
    assert.ok(dress);
    assert.match(dress.title.zh, /^20(25|26)(春季|夏季|秋季|冬季)新款.*连衣裙女/);
    assert.match(dress.title.en, /Dress/);
    assert.match(dress.title.th, /^ชุดเดรส/);
    assert.match(dress.title.vi, /^Váy liền/);
    assert.match(dress.title.es, /^Vestido/);
  });
});

describe('SKUs', () => {
  it('are the cartesian product of the chosen property values, capped', () => {
    for (const product of sample) {
      const [first] = product.skus;
      assert.ok(first && product.skus.length <= MAX_SKUS);
      const propIds = first.properties.map((p) => p.propId);
      const valuesPerProp = propIds.map(
        (propId) => new Set(product.skus.map((s) => s.properties.find((p) => p.propId === propId)?.valueId)).size,
      );
      assert.equal(
        product.skus.length,
        valuesPerProp.reduce((a, b) => a * b, 1),
      );
      const combos = new Set(product.skus.map((s) => s.properties.map((p) => `${p.propId}:${p.valueId}`).join(',')));
      assert.equal(combos.size, product.skus.length);
      for (const sku of product.skus)
        assert.deepEqual(
          sku.properties.map((p) => p.propId),
          propIds,
        );
      assert.equal(product.priceFen, Math.min(...product.skus.map((s) => s.priceFen)));
    }
  });

  it('link the colour property to product.colors', () => {
    let withColour = 0;
    for (const product of sample) {
      assert.ok(product.colors.length >= 1);
      for (const sku of product.skus) {
        const colour = sku.properties.find((p) => p.propId === 1627207);
        if (!colour) {
          assert.equal(sku.colorIndex, null);
          continue;
        }
        withColour++;
        assert.ok(colour.rgb && sku.colorIndex !== null);
        assert.deepEqual(product.colors[sku.colorIndex]?.name, colour.valueName);
        assert.deepEqual(product.colors[sku.colorIndex]?.rgb, colour.rgb);
      }
    }
    assert.ok(withColour > 0);
  });

  it('give kids clothing a 参考身高 property', () => {
    const kidsTee = sample.find((p) => p.categoryId === 50010537);
    assert.ok(kidsTee);
    assert.ok(kidsTee.skus.every((s) => s.properties.some((p) => p.propName.zh === '参考身高' && /cm$/.test(p.valueName.zh))));
  });
});

describe('prices and platforms', () => {
  it('gives 1688 2–3 decreasing quantity tiers from the minimum order', () => {
    const moqs = new Set<number>();
    for (const product of sample) {
      if (product.platform === 'taobao') {
        assert.deepEqual(product.priceRanges, []);
        assert.equal(product.minOrderQuantity, 1);
        continue;
      }
      moqs.add(product.minOrderQuantity);
      const tiers = product.priceRanges;
      assert.ok(tiers.length >= 2 && tiers.length <= 3, `${tiers.length} tiers`);
      assert.equal(tiers[0]?.startQuantity, product.minOrderQuantity);
      assert.equal(tiers[0]?.priceFen, product.priceFen);
      for (let i = 1; i < tiers.length; i++) {
        assert.ok((tiers[i]?.startQuantity ?? 0) > (tiers[i - 1]?.startQuantity ?? 0));
        assert.ok((tiers[i]?.priceFen ?? Infinity) < (tiers[i - 1]?.priceFen ?? 0));
      }
    }
    for (const moq of [1, 2, 3, 5, 10]) assert.ok(moqs.has(moq), `minimum order ${moq} occurs`);
  });

  it('prices 1688 below Taobao for the same category, in integer fen', () => {
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const dresses = sample.filter((p) => p.categoryId === 50010850);
    const taobao = median(dresses.filter((p) => p.platform === 'taobao').map((p) => p.priceFen));
    const wholesale = median(dresses.filter((p) => p.platform === '1688').map((p) => p.priceFen));
    assert.ok(wholesale < taobao * 0.75, `1688 median ${wholesale} vs taobao ${taobao}`);
    assert.ok(taobao >= 5_000 && taobao <= 40_000, `dress median ${taobao} fen`);
    for (const product of sample) {
      for (const sku of product.skus) {
        assert.ok(Number.isSafeInteger(sku.priceFen) && sku.priceFen > 0);
        if (sku.promotionPriceFen !== null) assert.ok(sku.promotionPriceFen < sku.priceFen);
      }
    }
  });

  it('has a skewed sales distribution and bounded listing ages', () => {
    const sales = sample.map((p) => p.sales).sort((a, b) => a - b);
    const mean = sales.reduce((a, b) => a + b, 0) / sales.length;
    assert.ok((sales[sales.length >> 1] ?? 0) < mean / 5, 'median far below mean');
    assert.ok((sales.at(-1) ?? 0) > 50_000);
    for (const product of sample) {
      assert.ok(product.monthSold <= product.sales);
      assert.ok(product.createdDayOffset >= 0 && product.createdDayOffset <= 365);
      assert.ok(Number.isInteger(product.imageSeed) && product.imageSeed >= 0 && product.imageSeed <= 0xffffffff);
      assert.ok(product.weightGrams > 0);
    }
  });

  it('flags a ~5% strictly-selected and ~8% global-selection subset', () => {
    const strict = sample.filter((p) => p.strictlySelected).length / SAMPLE_SIZE;
    const global = sample.filter((p) => p.globalSelection).length / SAMPLE_SIZE;
    assert.ok(strict > 0.04 && strict < 0.06, `strictlySelected ${strict}`);
    assert.ok(global > 0.07 && global < 0.09, `globalSelection ${global}`);
  });
});

describe('shops', () => {
  it('are a fixed, unique pool per platform that products point into', () => {
    for (const platform of ['taobao', '1688'] as const) {
      const shops = Array.from({ length: shopCount(platform) }, (_, i) => generateShop(SEED, platform, i));
      assert.equal(new Set(shops.map((s) => s.shopId)).size, shops.length);
      assert.equal(new Set(shops.map((s) => s.sellerOpenId)).size, shops.length);
      for (const shop of shops) {
        assert.match(shop.shopId, platform === 'taobao' ? /^\d{9}$/ : /^\d{13}$/);
        assert.match(shop.sellerOpenId, /^BBB[A-Za-z0-9_-]{22}$/);
        assert.match(shop.companyName, /市.+有限公司$/);
        assert.ok(shop.shopName && shop.userNick && shop.wangwangNick && shop.province && shop.city);
      }
    }
    assert.throws(() => generateShop(SEED, 'taobao', shopCount('taobao')), RangeError);
    for (const product of sample.slice(0, 2000)) {
      assert.ok(product.shopIndex >= 0 && product.shopIndex < shopCount(product.platform));
      const origin = product.attributes.find((a) => a.name.zh === '产地');
      assert.equal(origin?.value.zh, generateShop(SEED, product.platform, product.shopIndex).province);
    }
  });
});

describe('throughput', () => {
  it('is printed (target ≥ 20,000 products/s on one core)', () => {
    const count = 50_000;
    const started = process.hrtime.bigint();
    let skus = 0;
    for (let i = 0; i < count; i++) skus += generateProduct(SEED + 7, i).skus.length;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`generateProduct: ${Math.round(count / seconds)} products/s (${(skus / count).toFixed(1)} SKUs each)`);
    assert.ok(skus > count);
  });
});
