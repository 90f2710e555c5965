import type { CreatedDeveloper } from '../../src/modules/accounts/index.ts';
import { startPacking, weighShipment } from '../../src/modules/warehouse/index.ts';
import type { Harness } from './harness.ts';
import { ok, type Params } from './owned-ids.ts';
import { storedParcel, storedRender, US_RECEIVER } from './shipment-bed.ts';

/** A W4 body on a fresh quote and STORED parcel of the owner (booking it charges the sample card's price). */
export async function bookingBody(h: Harness, owner: CreatedDeveloper): Promise<Params> {
  const parcelId = await storedParcel(h, owner, { itemId: 'item-1', skuId: 'sku-1' });
  return {
    renderId: await storedRender(h, owner),
    receiverAddress: US_RECEIVER,
    lineItems: [{ itemId: 'item-1', skuId: 'sku-1', quantity: 1, freightInfo: { serviceId: 'ems-std' } }],
    parcelIds: [parcelId],
  };
}

/** The owner's outbound shipments, booked through W4: `requested`, or weighed heavier and `awaiting_payment`. */
export function shipmentRows(h: Harness, owner: CreatedDeveloper) {
  return {
    shipmentBooking: () => bookingBody(h, owner),
    shipment: async (stage: 'requested' | 'awaiting_payment'): Promise<string> => {
      const booked = await h.call(owner, 'POST', '/v2/open/pp/logistics/orderBookingFreight', await bookingBody(h, owner));
      ok(booked, 'W4 booking');
      const shipmentId = String(booked.data.logisticsOrderId);
      if (stage === 'awaiting_payment') {
        ok(await startPacking(h.ctx, { shipmentId, actor: 'operator' }), 'packing');
        const heavy = { weightGrams: 5000, lengthCm: 40, widthCm: 30, heightCm: 20 };
        ok(await weighShipment(h.ctx, { shipmentId, ...heavy, actor: 'operator' }), 'weighing');
      }
      return shipmentId;
    },
  };
}
