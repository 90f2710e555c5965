import assert from 'node:assert/strict';
import type { CreatedDeveloper } from '../../src/modules/accounts/index.ts';
import { createDispatcher } from '../../src/modules/callbacks/index.ts';
import { DEFAULT_PRICE_POLICY, queuePaidOrders, recordPurchase, toleranceFen } from '../../src/modules/purchasing/index.ts';
import { emitEvent } from '../../src/platform/outbox/index.ts';
import type { Source, SourceProduct } from '../../src/sources/source.ts';
import { pandaPonMessages } from '../../src/wire/callbacks/bodies.ts';
import type { Receiver } from './callback-receiver.ts';
import type { Answer, Harness } from './harness.ts';
import { TAOBAO_RECEIVER, ALIBABA_ADDRESS } from './fixtures-buyers.ts';
import { refundRows } from './owner-rows-refunds.ts';
import { shipmentRows } from './owner-rows-shipments.ts';
import { w3Declaration, warehouseRows } from './owner-rows-warehouse.ts';

export { RETURN_ADDRESS } from './owner-rows-refunds.ts';

/**
 * Which inputs of each signed operation are ids of the caller's own rows. The security suite sends
 * another developer's rows through these inputs and expects 404; an operation missing here fails
 * that suite, so a new route must say either how its owned ids are filled or that it takes none.
 */
export type Params = Record<string, unknown>;
export type OwnedIds = { none: string } | { params: (rows: OwnerRows) => Promise<Params>; found?: (answer: Answer) => number };

/** The mark of an operation whose inputs name no row the caller owns (why, for the reader). */
const none = (why: string): OwnedIds => ({ none: why });
/** `found` reads the code of the lookup when the answer carries one per id (batch operations). */
const owned = (params: (rows: OwnerRows) => Promise<Params>, found?: (answer: Answer) => number): OwnedIds =>
  found ? { params, found } : { params };

export const ADDRESS_BODY = {
  name: 'Nguyễn Văn An',
  province: '广东省',
  city: '深圳市',
  district: '南山区',
  address: '科技园南区 1 栋',
  phone: '13800138000',
};

const CATALOG = 'catalog ids, the same for every developer';
const LISTS = "lists or reads only the caller's own rows";

export const OWNED_IDS: Record<string, OwnedIds> = {
  addressAddOrUpdate: owned(async (r) => ({ ...ADDRESS_BODY, id: await r.address() })),
  addressList: none(LISTS),
  addressGet: owned(async (r) => ({ id: await r.address() })),
  addressGetPost: owned(async (r) => ({ id: await r.address() })),
  addressDelete: owned(async (r) => ({ id: await r.address() })),
  walletBalance: none(LISTS),
  walletLedgerPage: none(LISTS),
  taobaoProductGet: none(CATALOG),
  taobaoProductBatchCheck: none(CATALOG),
  taobaoProductSearch: none(CATALOG),
  taobaoImageSearch: none(CATALOG),
  alibabaProductDetail: none(CATALOG),
  alibabaKeywordsQuery: none(CATALOG),
  alibabaSellerOfferQuery: none(CATALOG),
  alibabaJxhyKeywordsQuery: none(CATALOG),
  alibabaGlobalSelectionKeywordsQuery: none(CATALOG),
  alibabaImageQuery: none(CATALOG),
  alibabaCategoryGet: none(CATALOG),
  alibabaProductRecommend: none(CATALOG),
  alibabaRelatedRecommend: none(CATALOG),
  alibabaHotQuery: none(CATALOG),
  alibabaWangwangDecrypt: none('a seller id from the catalog'),
  taobaoCartAdd: none(CATALOG),
  taobaoCartList: none(LISTS),
  taobaoCartEditQuantity: owned(async (r) => ({ id: await r.taobaoCartLine(), quantity: 2 })),
  taobaoCartDelete: owned(async (r) => ({ ids: [await r.taobaoCartLine()] })),
  taobaoCartPreviewOrder: owned(async (r) => ({ ids: [await r.taobaoCartLine()] })),
  taobaoCartCreateOrder: owned(async (r) => ({ ids: [await r.taobaoCartLine()], orderAddress: TAOBAO_RECEIVER })),
  alibabaCartList: none(LISTS),
  alibabaCartAdd: none(CATALOG),
  alibabaCartDelete: owned(async (r) => ({ cartIds: [await r.alibabaCartLine()] })),
  alibabaCartEditQuantity: owned(async (r) => ({ id: await r.alibabaCartLine(), quantity: 50 })),
  alibabaCartPreviewOrder: owned(async (r) => ({ cartIds: [await r.alibabaCartLine()] })),
  alibabaCartCreateOrder: owned(async (r) => ({ flow: 'general', addressParam: ALIBABA_ADDRESS, cartIds: [await r.alibabaCartLine()] })),
  taobaoOrderCreate: none(CATALOG),
  taobaoOrderPay: owned(async (r) => ({ purchaseOrderId: await r.taobaoOrder() })),
  taobaoOrderDetail: owned(async (r) => ({ purchaseOrderId: await r.taobaoOrder() })),
  taobaoOrderPage: none(LISTS),
  taobaoOrderCancel: owned(async (r) => ({ purchaseOrderId: await r.taobaoOrder() })),
  taobaoOrderImLink: owned(async (r) => ({ purchaseOrderId: await r.taobaoOrder() })),
  taobaoOrderImLinkPost: owned(async (r) => ({ purchaseOrderId: await r.taobaoOrder() })),
  taobaoOrderLogistics: owned(async (r) => ({ purchaseOrderId: await r.taobaoOrder() })),
  taobaoOrderModifyAdvance: owned(async (r) => ({ purchaseOrderId: await r.taobaoOrder(), receiver: JSON.stringify(TAOBAO_RECEIVER) })),
  alibabaOrderPreview: none(CATALOG),
  alibabaOrderBatchPreview: none(CATALOG),
  alibabaOrderCreate: none(CATALOG),
  alibabaOrderBatchCreate: none(CATALOG),
  alibabaOrderBatchPay: owned(
    async (r) => ({ orderIds: [await r.alibabaOrder()] }),
    (answer) => answer.data?.payResults?.[0]?.code ?? answer.code,
  ),
  alibabaOrderPay: owned(async (r) => ({ orderId: await r.alibabaOrder() })),
  openOrderHistory: owned(async (r) => ({ orderId: await r.taobaoOrder() })),
  openOrderPriceChange: owned(async (r) => ({ orderId: await r.priceReview() })),
  openOrderPriceChangeAccept: owned(async (r) => ({ orderId: await r.priceReview() })),
  openOrderPriceChangeReject: owned(async (r) => ({ orderId: await r.priceReview() })),
  alibabaOrderPage: none(LISTS),
  alibabaOrderDetail: owned(async (r) => ({ webSite: '1688', orderId: await r.alibabaOrder() })),
  alibabaOrderLogistics: owned(async (r) => ({ webSite: '1688', orderId: await r.alibabaOrder() })),
  alibabaOrderCancel: owned(async (r) => ({ webSite: '1688', orderId: await r.alibabaOrder(), cancelReason: 'buyerCancel' })),
  alibabaOrderReceiveGoods: owned(async (r) => ({ orderId: await r.alibabaOrder() })),
  callbackSet: none("the caller's own subscription"),
  callbackGet: none("the caller's own subscription"),
  callbackSecretRotate: none("the caller's own subscription"),
  callbackLogPage: none("orderId only filters the caller's own log"),
  callbackRedeliver: owned(async (r) => ({ messageId: await r.callbackMessage() })),
  taobaoRefundList: none(LISTS),
  taobaoRefundRender: owned(async (r) => ({ subOrderId: await r.taobaoSubOrder(), refundType: 1, goodsStatus: 1 })),
  taobaoRefundSubmit: owned(async (r) => r.taobaoRefundApplication()),
  taobaoRefundModify: owned(async (r) => {
    const { refundId, application } = await r.taobaoRefund('applied');
    return { ...application, refundId, refundDesc: 'changed my mind' };
  }),
  taobaoRefundQuery: owned(async (r) => ({ refundId: (await r.taobaoRefund('applied')).refundId })),
  taobaoRefundCancel: owned(async (r) => ({ refundId: (await r.taobaoRefund('applied')).refundId })),
  taobaoRefundSubmitMessage: owned(async (r) => ({ refundId: (await r.taobaoRefund('applied')).refundId, refundMessage: 'please hurry' })),
  taobaoRefundMessageList: owned(async (r) => ({ refundId: (await r.taobaoRefund('applied')).refundId })),
  taobaoRefundLogisticsRender: owned(async (r) => ({ refundId: (await r.taobaoRefund('return_agreed')).refundId })),
  taobaoRefundLogisticsSubmit: owned(async (r) => ({
    refundId: (await r.taobaoRefund('return_agreed')).refundId,
    logisticsCompanyCode: 'SF',
    logisticsNo: 'SF1234567890',
    buyerPhone: '13800138000',
  })),
  alibabaRefundVoucherUpload: none('uploads a new picture of the caller'),
  alibabaLogisticsCompanyList: none('the same list for every developer'),
  logisticsLandedCost: none('an estimate from the duty table, the same for every developer'),
  alibabaRefundList: none(LISTS),
  alibabaRefundDetail: owned(async (r) => ({ refundId: (await r.alibabaRefund()).refundId, needOrderRefundOperation: true })),
  alibabaRefundReasonList: owned(async (r) => {
    const { orderId, entryIds } = await r.alibabaPaidOrder();
    return { orderId, orderEntryIds: entryIds, goodsStatus: 'refundWaitSellerSend' };
  }),
  alibabaRefundCreate: owned(async (r) => (await r.alibabaRefund()).body),
  alibabaRefundGoodsReturn: {
    // The owner's refund has not been agreed to a return: its owner hears 2101 (the refund was found), the stranger 404.
    params: async (r) => ({ refundId: (await r.alibabaRefund()).refundId, logisticsCompanyNo: 'ZTO', freightBill: 'ZTO1234567890' }),
    found: (answer) => (answer.code === 2101 ? 200 : answer.code),
  },
  alibabaRefundCancel: owned(async (r) => ({ refundId: (await r.alibabaRefund()).refundId })),
  alibabaRefundModify: owned(async (r) => {
    const { refundId, body } = await r.alibabaRefund();
    return { ...body, refundId, description: 'changed my mind again' };
  }),
  // W1/W2 take catalog ids and a destination; W2's renderId is made, not taken (W4 will take it).
  logisticsItemPrice: none(CATALOG),
  logisticsOrderRenderFreight: none(CATALOG),
  logisticsOrderBookingFreight: owned((r) => r.shipmentBooking()),
  logisticsShipmentDetail: owned(async (r) => ({ logisticsOrderId: await r.shipment('requested') })),
  logisticsShipmentList: none(LISTS),
  logisticsPaySupplementary: owned(async (r) => ({ logisticsOrderId: await r.shipment('awaiting_payment') })),
  logisticsCancelShipment: owned(async (r) => ({ logisticsOrderId: await r.shipment('requested') })),
  logisticsServicePrices: none('the operator’s price list and storage terms, the same for every developer'),
  // W3 takes the caller's Ponte order; the parcel reads and paid photos take the caller's parcel.
  logisticsUpdateLogisticInfo: owned(async (r) => w3Declaration({ orderId: await r.taobaoOrder() })),
  logisticsParcelDetail: owned(async (r) => ({ parcelId: await r.parcel() })),
  logisticsParcelList: none(LISTS),
  logisticsRequestExtraPhotos: owned(async (r) => ({ parcelId: await r.parcel(), count: 1 })),
};

/** Makes fresh rows owned by one developer, through the API itself (each call a new row). */
export interface OwnerRows {
  address(): Promise<string>;
  taobaoCartLine(): Promise<string>;
  alibabaCartLine(): Promise<string>;
  taobaoOrder(): Promise<string>;
  alibabaOrder(): Promise<string>;
  /** A paid 1688 order (the owner's wallet must hold its amount) and its order entry ids. */
  alibabaPaidOrder(): Promise<{ orderId: string; entryIds: string[]; itemFen: number }>;
  /** A refund-only application on a fresh paid 1688 order, and the AR4 body that made it. */
  alibabaRefund(): Promise<{ refundId: string; body: Params }>;
  callbackMessage(): Promise<string>;
  /** A paid Taobao order's first sub-order id (`<orderId>-1`). */
  taobaoSubOrder(): Promise<string>;
  /** A TA7 body for a fresh paid sub-order: refund only before shipping, the first reason render offers, its maximum. */
  taobaoRefundApplication(): Promise<Params>;
  /** A Taobao reverse order: `applied` (status 10, refund only) or `return_agreed` (status 20, the seller agreed a return). */
  taobaoRefund(stage: 'applied' | 'return_agreed'): Promise<{ refundId: string; application: Params }>;
  /** A W4 body on a fresh quote and STORED parcel of the owner. */
  shipmentBooking(): Promise<Params>;
  /** An outbound shipment booked with W4, left REQUESTED or weighed heavier (AWAITING_PAYMENT). */
  shipment(stage: 'requested' | 'awaiting_payment'): Promise<string>;
  /** A declared (EXPECTED) inbound parcel of the owner. */
  parcel(): Promise<string>;
  /** A paid Taobao order whose purchase task waits in PRICE_REVIEW, 1 fen above the tolerance. */
  priceReview(): Promise<string>;
}

export function ok(answer: { code: number; msg: string } | { ok: boolean }, what: string): void {
  if ('ok' in answer) assert.ok(answer.ok, `${what}: ${JSON.stringify(answer)}`);
  else assert.equal(answer.code, 200, `${what}: ${answer.code} ${answer.msg}`);
}

/** Row makers for `owner` over an order testbed's catalog; `receiver` answers the callback checks (callbackMessage needs it). */
export function ownerRows(h: Harness, source: Source, products: SourceProduct[], owner: CreatedDeveloper, receiver?: Receiver): OwnerRows {
  // Fresh SKUs each time, so stock never runs out across the suite.
  const taobao = products
    .filter((p) => p.platform === 'taobao')
    .flatMap((p) => p.skus.filter((s) => s.stock >= 5).map((sku) => ({ p, sku })));
  const alibaba = products
    .filter((p) => p.platform === '1688')
    .flatMap((p) => p.skus.filter((s) => s.stock >= p.minOrderQuantity * 3).map((sku) => ({ p, sku })));
  const next = <T>(list: T[]): T => {
    const item = list.shift();
    assert.ok(item, 'the catalog ran out of SKUs with stock');
    return item;
  };
  let subscribed = false;
  const taobaoOrder = async () => {
    const { p, sku } = next(taobao);
    const line = { itemId: p.itemId, skuId: sku.skuId, quantity: '1', orderLineNo: '1', price: String(sku.priceFen), currency: 'CNY' };
    const body = { orderLineList: JSON.stringify([line]), receiver: JSON.stringify(TAOBAO_RECEIVER), purchaseAmount: 1 };
    // The amount due (goods + shipping) comes back in the price-changed answer: no pricing code repeated here.
    const priced = await h.call(owner, 'POST', '/v2/taobao/order/create', body);
    assert.equal(priced.code, 2002, priced.msg);
    const made = await h.call(owner, 'POST', '/v2/taobao/order/create', { ...body, purchaseAmount: priced.data.currentAmountFen });
    ok(made, 'taobao order');
    return String(made.data.purchaseOrderId);
  };
  const taobaoPaid = async () => {
    const orderId = await taobaoOrder();
    ok(await h.call(owner, 'POST', '/v2/taobao/order/pay', { purchaseOrderId: orderId }), 'taobao payment');
    return orderId;
  };
  const priceReview = async () => {
    const orderId = await taobaoPaid();
    await queuePaidOrders(h.ctx, ['taobao']);
    const charged = await h.db.kysely
      .selectFrom('purchase_tasks')
      .select('charged_fen')
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow();
    const chargedFen = Number(charged.charged_fen);
    const paidFen = chargedFen + toleranceFen(DEFAULT_PRICE_POLICY, chargedFen) + 1;
    ok(
      await recordPurchase(h.ctx, { orderId, marketplaceOrderNo: 'TB-REVIEW', paidFen }, { actor: 'operator' }, DEFAULT_PRICE_POLICY),
      'price review',
    );
    return orderId;
  };
  const alibabaOrder = async () => {
    const { p, sku } = next(alibaba);
    const cargo = { offerMapId: p.mapId, specId: sku.specId, quantity: p.minOrderQuantity };
    const made = await h.call(owner, 'POST', '/v2/alibaba/order/create', {
      flow: 'general',
      addressParam: ALIBABA_ADDRESS,
      cargoParamList: [cargo],
    });
    ok(made, '1688 order');
    return made.data[0];
  };
  const alibabaPaidOrder = async () => {
    const order = await alibabaOrder();
    ok(await h.call(owner, 'GET', `/v2/alibaba/order/pay/url?orderId=${order.orderId}`), '1688 payment');
    const item = order.productItems[0];
    return { orderId: String(order.orderId), entryIds: [String(item.subItemID)], itemFen: Math.round(item.itemAmount * 100) };
  };
  return {
    ...refundRows(h, owner, { taobaoPaid, alibabaPaidOrder }),
    ...shipmentRows(h, owner),
    ...warehouseRows(h, owner),
    priceReview,
    address: async () => {
      const made = await h.call(owner, 'POST', '/v2/open/address/addOrUpdate', ADDRESS_BODY);
      ok(made, 'address');
      return String(made.data.id);
    },
    taobaoCartLine: async () => {
      const { p, sku } = next(taobao);
      const made = await h.call(owner, 'POST', '/v2/taobao/cart/add', { itemId: p.itemId, skuId: sku.skuId, quantity: 1 });
      ok(made, 'taobao cart line');
      return String(made.data.id);
    },
    alibabaCartLine: async () => {
      const { p, sku } = next(alibaba);
      const made = await h.call(owner, 'POST', '/v2/alibaba/cart/add', {
        offerMapId: p.mapId,
        specId: sku.specId,
        quantity: p.minOrderQuantity,
      });
      ok(made, '1688 cart line');
      return String(made.data.id);
    },
    taobaoOrder,
    alibabaOrder: async () => String((await alibabaOrder()).orderId),
    alibabaPaidOrder,
    callbackMessage: async () => {
      assert.ok(receiver, 'callback messages need a receiver');
      if (!subscribed) ok(await h.call(owner, 'POST', '/v2/open/callback/set', { url: receiver.url }), 'callback subscription');
      subscribed = true;
      const orderId = '1999999999999999999';
      const messageId = await emitEvent(h.ctx, {
        developerId: owner.developerId,
        type: 'ORDER_PAY_SUCCESS',
        aggregateType: 'purchase_order',
        aggregateId: orderId,
        payload: {
          orderId,
          platform: '1688',
          ownerUserId: owner.userId,
          state: 'paid',
          totalAmountFen: 990,
          paidAmountFen: 990,
          version: 2,
        },
      });
      await createDispatcher({ ctx: h.ctx, source, renderer: pandaPonMessages, allowPrivate: true, schedule: 'none' }).runOnce();
      return messageId;
    },
  };
}
