/**
 * The MCP tools that buy on Taobao: the cart, the order preview, and the two spending steps.
 * `order_create` and `order_pay` only preview unless called with `confirm: true`; the create
 * also needs the amount the preview stated, so a price that moved in between is never accepted
 * blindly.
 */
import { z } from 'zod';
import { defineTool, outcomeOf, type Answer, type Api, type ToolDeclaration } from './tool.ts';

const CartIds = z
  .array(z.union([z.string().regex(/^\d{1,25}$/, 'digits'), z.number().int().positive()]).transform(String))
  .min(1)
  .max(200)
  .describe('Cart line ids from cart_add or cart_list, 1–200');

const Address = z
  .object({
    name: z.string().trim().min(1).max(100),
    phone: z.string().trim().min(3).max(40).describe('Mobile phone with country code'),
    country: z.string().trim().min(2).max(60),
    state: z.string().trim().min(1).max(60).describe('Province or state'),
    city: z.string().trim().min(1).max(60),
    district: z.string().trim().min(1).max(60).describe('District; the city again where there is none'),
    address: z.string().trim().min(1).max(300).describe('Street and number'),
    zip: z.string().trim().max(20).optional(),
  })
  .describe('Who receives the goods (the order’s receiver)');
type Address = z.output<typeof Address>;

const OrderId = z
  .string()
  .regex(/^\d{1,25}$/, 'the digits of a purchaseOrderId')
  .describe('purchaseOrderId from order_create');

function orderAddress(address: Address) {
  const { phone, ...rest } = address;
  return { ...rest, mobile_phone: phone };
}

async function preview(api: Api, cartIds: string[], address: Address): Promise<Answer> {
  return api.post('/v2/taobao/cart/preview/order', { ids: cartIds, orderAddress: orderAddress(address) });
}

const cartAdd = defineTool({
  name: 'cart_add',
  title: 'Add a Taobao SKU to the cart',
  description: 'Adds `quantity` (1–999,999) pieces of one SKU; adding the same SKU again raises its quantity. Answers the cart line id.',
  effect: 'write',
  input: z.object({
    itemId: z.string().trim().min(1).max(64).describe('itemId from search_products'),
    skuId: z.string().trim().min(1).max(64).describe('A SKU id from product_detail'),
    quantity: z.number().int().min(1).max(999_999),
  }),
  async run(api, args) {
    const answer = await api.post('/v2/taobao/cart/add', args);
    return outcomeOf(answer);
  },
});

const cartList = defineTool({
  name: 'cart_list',
  title: 'The Taobao cart',
  description: 'Every line of the Taobao cart, with its id, SKU, quantity and price (fen).',
  effect: 'read',
  input: z.object({}),
  async run(api) {
    const answer = await api.get('/v2/taobao/cart/list', {});
    return outcomeOf(answer);
  },
});

const orderPreview = defineTool({
  name: 'order_preview',
  title: 'Preview an order from cart lines',
  description:
    'What ordering these cart lines would cost: per shop and in all (`purchaseAmount`, fen), and the lines that cannot be ordered. Spends nothing.',
  effect: 'read',
  input: z.object({ cartIds: CartIds, address: Address }),
  async run(api, args) {
    const answer = await preview(api, args.cartIds, args.address);
    return outcomeOf(answer);
  },
});

const orderCreate = defineTool({
  name: 'order_create',
  title: 'Place an order from cart lines (needs confirm)',
  description: [
    'Without `confirm: true` this only previews and places nothing: it answers the amount (fen) the order would cost.',
    'To place the order call again with `confirm: true` and `expectedAmountFen` equal to that amount; if the amount has',
    'changed since, nothing is placed and the new amount is stated. A placed order is unpaid until order_pay.',
  ].join(' '),
  effect: 'spend',
  input: z.object({
    cartIds: CartIds,
    address: Address,
    confirm: z.boolean().default(false).describe('true places the order; anything else only previews'),
    expectedAmountFen: z.number().int().min(0).optional().describe('The purchaseAmount the preview stated, fen'),
  }),
  async run(api, args) {
    const previewed = await preview(api, args.cartIds, args.address);
    if (!previewed.ok) return previewed;
    const amountFen = (previewed.data as { purchaseAmount: number }).purchaseAmount;
    if (!args.confirm) {
      const next = `Nothing was ordered. To order, call order_create again with confirm: true and expectedAmountFen: ${amountFen}.`;
      return { ok: true, value: { placed: false, amountFen, preview: previewed.data, next } };
    }
    if (args.expectedAmountFen !== amountFen) {
      return {
        ok: false,
        refusal: `expectedAmountFen must be the previewed amount, ${amountFen} fen (was ${args.expectedAmountFen ?? 'missing'}). Nothing was ordered.`,
      };
    }
    const created = await api.post('/v2/taobao/cart/create/order', { ids: args.cartIds, orderAddress: orderAddress(args.address) });
    return outcomeOf(created, (data) => ({ placed: true, ...(data as object) }));
  },
});

const orderPay = defineTool({
  name: 'order_pay',
  title: 'Pay an order from the wallet (needs confirm)',
  description: [
    'Without `confirm: true` this only states what paying would charge (fen) and the wallet balance, and charges nothing.',
    'With `confirm: true` it charges the prepaid wallet once; paying a paid order again charges nothing. Needs the order.pay permission.',
  ].join(' '),
  effect: 'spend',
  input: z.object({
    orderId: OrderId,
    confirm: z.boolean().default(false).describe('true charges the wallet; anything else only previews'),
  }),
  async run(api, args) {
    if (args.confirm) {
      const paid = await api.post('/v2/taobao/order/pay', { purchaseOrderId: args.orderId });
      return outcomeOf(paid);
    }
    const order = await api.get('/v2/taobao/order/detail', { purchaseOrderId: args.orderId });
    if (!order.ok) return order;
    const { purchaseAmount, paidAmount, orderState } = order.data as { purchaseAmount: number; paidAmount: number; orderState: string };
    const wallet = await api.get('/v2/open/wallet/balance', {});
    const balanceFen = wallet.ok ? (wallet.data as { balance: number }).balance : null;
    const amountFen = Math.max(0, purchaseAmount - paidAmount);
    const next =
      amountFen > 0 ? `Nothing was charged. To pay ${amountFen} fen, call order_pay again with confirm: true.` : 'Nothing to pay.';
    return { ok: true, value: { paid: false, orderState, amountFen, balanceFen, next } };
  },
});

const walletBalance = defineTool({
  name: 'wallet_balance',
  title: 'Prepaid wallet balance',
  description: 'The developer’s prepaid wallet: `balance` in fen and `balanceYuan` as text.',
  effect: 'read',
  input: z.object({}),
  async run(api) {
    const answer = await api.get('/v2/open/wallet/balance', {});
    return outcomeOf(answer);
  },
});

export const BUYING_TOOLS: readonly ToolDeclaration[] = [cartAdd, cartList, orderPreview, orderCreate, orderPay, walletBalance];
export { OrderId };
