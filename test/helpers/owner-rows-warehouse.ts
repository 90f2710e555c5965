import type { CreatedDeveloper } from '../../src/modules/accounts/index.ts';
import type { Harness } from './harness.ts';
import { ok, type Params } from './owned-ids.ts';
import { freshTracking } from './warehouse-bed.ts';

/** A W3 body declaring one fresh domestic number (goods bought elsewhere unless an orderId is given). */
export function w3Declaration(extra: Params = {}): Params {
  return {
    tmallOrderId: 'TM-SECURITY',
    logisticInfos: [
      {
        lineItem: { itemId: '2048020617114736', skuId: '413185732720', quantity: 1, title: '这是商品1', imageUrl: 'url' },
        logisticNumer: 'FARJP2408000013YQ',
        domesticLogisticInfo: [{ logisticNumer: freshTracking(), logisticCompanyName: '顺丰', rtsTime: '1754342534' }],
      },
    ],
    ...extra,
  };
}

/** The owner's inbound parcels, declared through the API (each call a new parcel). */
export function warehouseRows(h: Harness, owner: CreatedDeveloper) {
  const parcel = async (): Promise<string> => {
    const made = await h.call(owner, 'POST', '/v2/open/pp/logistics/updateLogisticInfo', w3Declaration());
    ok(made, 'W3 declaration');
    return String(made.data.parcels[0].parcelId);
  };
  return { parcel };
}
