/**
 * The MCP tools that read goods and prices: search by keyword and by image, product detail,
 * freight for one SKU, and the landed cost of a basket. They spend nothing.
 */
import { z } from 'zod';
import { compactList, defineTool, outcomeOf, type ToolDeclaration } from './tool.ts';

const Platform = z.enum(['taobao', '1688']).default('taobao').describe('Marketplace: taobao (default) or 1688');
const Page = z.number().int().min(1).max(500).default(1).describe('Page number, 1–500');
const PageSize = z.number().int().min(1).max(20).default(10).describe('Results per page, 1–20 (default 10)');
const Fen = z.number().int().min(0).max(1_000_000_000);
const Country = z
  .string()
  .regex(/^[A-Z]{2}$/, 'a two-letter ISO 3166 code in capitals, e.g. TH')
  .describe('Destination country, ISO 3166 alpha-2 in capitals (TH, VN, MX…)');

type Row = Record<string, unknown>;

/** One search hit in the few fields an agent chooses by; prices always in fen. */
function hit(platform: 'taobao' | '1688', row: Row): Row {
  if (platform === 'taobao') {
    const { itemId, title, titleTrans, picUrl, price, promotionPrice, sales, shopName } = row;
    return { itemId, title: titleTrans || title, picUrl, priceFen: promotionPrice ?? price, sales, shopName };
  }
  const { offerId, subject, subjectTrans, imageUrl, price, monthSold, minOrderQuantity } = row;
  return {
    itemId: offerId,
    title: subjectTrans || subject,
    picUrl: imageUrl,
    priceFen: Math.round(Number(price) * 100),
    monthSold,
    minOrderQuantity,
  };
}

interface TaobaoProduct {
  itemId: string;
  title: string;
  titleTrans: string;
  price: number;
  quantity: number;
  shopName: string;
  status: string;
  skuList: {
    skuId: string;
    quantity: number;
    price: number;
    promotionPrice: number | null;
    status: string;
    properties: { propNameTrans: string; valueNameTrans: string; valueName: string }[];
  }[];
}

/** The detail without its HTML and picture lists: what choosing a SKU needs. */
function taobaoProduct(p: TaobaoProduct): Row {
  return {
    itemId: p.itemId,
    title: p.titleTrans || p.title,
    priceFen: p.price,
    stock: p.quantity,
    shopName: p.shopName,
    status: p.status,
    skus: p.skuList.map((sku) => ({
      skuId: sku.skuId,
      properties: sku.properties.map((prop) => `${prop.propNameTrans}: ${prop.valueNameTrans || prop.valueName}`).join('; '),
      priceFen: sku.promotionPrice ?? sku.price,
      stock: sku.quantity,
      status: sku.status,
    })),
  };
}

const searchProducts = defineTool({
  name: 'search_products',
  title: 'Search goods by keyword',
  description: [
    'Keyword search on Taobao or 1688 (Chinese, English, Thai, Vietnamese or Spanish words all match).',
    'Prices are integer fen (1 yuan = 100 fen). Answers one page: `total`, `page`, `items`.',
  ].join(' '),
  effect: 'read',
  input: z.object({
    platform: Platform,
    keyword: z.string().trim().max(100).default('').describe('Words to find, up to 100 characters; empty lists everything'),
    page: Page,
    pageSize: PageSize,
    minPriceFen: Fen.optional().describe('Lowest unit price, fen'),
    maxPriceFen: Fen.optional().describe('Highest unit price, fen'),
  }),
  async run(api, args) {
    const body = {
      keyword: args.keyword,
      beginPage: args.page,
      pageSize: args.pageSize,
      priceStart: args.minPriceFen,
      priceEnd: args.maxPriceFen,
    };
    if (args.platform === '1688') {
      // 1688's own search takes yuan.
      const yuan = (fen: number | undefined) => (fen === undefined ? undefined : (fen / 100).toFixed(2));
      const answer = await api.post('/v2/alibaba/product/keywords/query', {
        ...body,
        priceStart: yuan(args.minPriceFen),
        priceEnd: yuan(args.maxPriceFen),
      });
      return outcomeOf(answer, (page) => compactList(page, (row) => hit('1688', row)));
    }
    const answer = await api.post('/v2/taobao/product/search', body);
    return outcomeOf(answer, (page) => compactList(page, (row) => hit('taobao', row)));
  },
});

const searchByImage = defineTool({
  name: 'search_by_image',
  title: 'Search Taobao goods by image',
  description:
    'Finds Taobao goods that look like a picture given by URL (http or https, at most 2,000 characters). Prices in fen; one page.',
  effect: 'read',
  input: z.object({
    imageUrl: z.string().url().max(2000).describe('Address of a JPEG, PNG or WebP picture'),
    page: Page,
    pageSize: PageSize,
  }),
  async run(api, args) {
    const answer = await api.post('/v2/taobao/product/image/search', {
      imageAddress: args.imageUrl,
      beginPage: args.page,
      pageSize: args.pageSize,
    });
    return outcomeOf(answer, (page) => compactList(page, (row) => hit('taobao', row)));
  },
});

const productDetail = defineTool({
  name: 'product_detail',
  title: 'Product detail with its SKUs',
  description:
    'One product: title, stock, and every SKU with its id, properties, price (fen) and stock. Use a SKU id from here to add to the cart.',
  effect: 'read',
  input: z.object({ platform: Platform, itemId: z.string().trim().min(1).max(64).describe('itemId from search_products') }),
  async run(api, args) {
    if (args.platform === '1688') {
      const answer = await api.post('/v2/alibaba/product/detail/get', { offerId: args.itemId });
      return outcomeOf(answer);
    }
    const answer = await api.get('/v2/taobao/product/get', { itemId: args.itemId });
    return outcomeOf(answer, (data) => taobaoProduct(data as TaobaoProduct));
  },
});

const freightEstimate = defineTool({
  name: 'freight_estimate',
  title: 'International freight for a Taobao SKU',
  description: [
    'The warehouse-to-door freight options for `quantity` pieces of one SKU to a country: each line has `priceFen`',
    '(CNY fen, what the wallet is charged) and transit days. Spends nothing.',
  ].join(' '),
  effect: 'read',
  input: z.object({
    itemId: z.string().trim().min(1).max(64),
    skuId: z.string().trim().min(1).max(64),
    quantity: z.number().int().min(1).max(10_000).describe('Pieces, 1–10,000'),
    country: Country,
    unitPriceFen: Fen.describe('Declared unit price, fen'),
  }),
  async run(api, args) {
    const answer = await api.post('/v2/open/pp/logistics/itemLogisticsPrice', {
      itemId: args.itemId,
      skuId: args.skuId,
      quantity: args.quantity,
      receiverAddress: { country: args.country },
      currency: 'CNY',
      price: (args.unitPriceFen / 100).toFixed(2),
    });
    return outcomeOf(answer);
  },
});

const landedCost = defineTool({
  name: 'landed_cost',
  title: 'Landed cost: goods, freight, duty and tax',
  description: [
    'Duty, import tax and the total a buyer in `destination` pays for a basket. Every amount in and out is CNY fen.',
    '`hsChapter` (two digits, e.g. "61" for knitted clothes) picks the duty rate; without it the general rate applies.',
  ].join(' '),
  effect: 'read',
  input: z.object({
    destination: Country,
    items: z
      .array(
        z.object({
          unitPriceFen: Fen,
          quantity: z.number().int().min(1).max(10_000),
          hsChapter: z
            .string()
            .regex(/^\d{2}$/, 'two digits')
            .optional(),
        }),
      )
      .min(1)
      .max(200)
      .describe('1–200 lines'),
    domesticFreightFen: Fen.default(0),
    internationalFreightFen: Fen.default(0).describe('e.g. a priceFen from freight_estimate'),
    channel: z.enum(['postal', 'express']).default('postal'),
  }),
  async run(api, args) {
    const answer = await api.post('/v2/open/pp/logistics/landedCost', {
      destination: args.destination,
      items: args.items.map((line) => ({ amount: line.unitPriceFen, quantity: line.quantity, hsChapter: line.hsChapter })),
      domesticFreight: args.domesticFreightFen,
      internationalFreight: args.internationalFreightFen,
      channel: args.channel,
    });
    return outcomeOf(answer);
  },
});

export const GOODS_TOOLS: readonly ToolDeclaration[] = [searchProducts, searchByImage, productDetail, freightEstimate, landedCost];
