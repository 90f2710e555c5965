import { defineMachine } from '../../platform/machine.ts';

/**
 * The warehouse's two lifecycles (aftersales-logistics.md C2.2), as data.
 *
 * An inbound parcel is created EXPECTED (the seller shipped a Ponte order, or the developer
 * declared it with W3) or RECEIVED (a scan matched nothing yet and the developer declared it
 * later: the unmatched scan becomes the parcel). It is checked (QC) and STORED, which starts the
 * storage clock; a stored parcel is ALLOCATED to an outbound shipment, PACKED with it (it can no
 * longer be taken out) and SHIPPED. PROBLEM (wrong, damaged, missing; linked to an after-sales
 * case), RETURN_TO_SELLER and ABANDONED → DISPOSED are the side branches.
 */
export const PARCEL_STATES = [
  'EXPECTED',
  'RECEIVED',
  'QC',
  'STORED',
  'PROBLEM',
  'ALLOCATED',
  'PACKED',
  'SHIPPED',
  'RETURN_TO_SELLER',
  'ABANDONED',
  'DISPOSED',
] as const;
export type ParcelState = (typeof PARCEL_STATES)[number];

export const parcelMachine = defineMachine({
  name: 'warehouse_parcel',
  states: PARCEL_STATES,
  initial: ['EXPECTED', 'RECEIVED'],
  terminal: ['SHIPPED', 'RETURN_TO_SELLER', 'DISPOSED'],
  refusal: 'PARCEL_STATE_INVALID',
  transitions: {
    receive: { from: ['EXPECTED'], to: 'RECEIVED' },
    start_qc: { from: ['RECEIVED'], to: 'QC' },
    pass_qc: { from: ['QC'], to: 'STORED' },
    flag_problem: { from: ['QC', 'STORED'], to: 'PROBLEM' },
    resolve_problem: { from: ['PROBLEM'], to: 'STORED' },
    return_to_seller: { from: ['PROBLEM', 'STORED'], to: 'RETURN_TO_SELLER' },
    allocate: { from: ['STORED'], to: 'ALLOCATED' },
    release: { from: ['ALLOCATED'], to: 'STORED' },
    pack: { from: ['ALLOCATED'], to: 'PACKED' },
    ship: { from: ['PACKED'], to: 'SHIPPED' },
    abandon: { from: ['STORED', 'PROBLEM'], to: 'ABANDONED' },
    dispose: { from: ['ABANDONED'], to: 'DISPOSED' },
  },
});
export type ParcelAction = keyof typeof parcelMachine.transitions;

/**
 * An outbound (international) shipment, booked with W4 from a W2 quote whose price is prepaid.
 * Weighing fixes the real freight: more than prepaid waits in AWAITING_PAYMENT for the
 * supplementary charge; less is refunded to the wallet and the shipment is PAID at once.
 * CANCELLED (before packing: the prepayment is refunded, the parcels go back to STORED),
 * RETURNED, LOST and CUSTOMS_HELD are the side branches.
 */
export const SHIPMENT_STATES = [
  'REQUESTED',
  'PACKING',
  'WEIGHED',
  'AWAITING_PAYMENT',
  'PAID',
  'DISPATCHED',
  'IN_TRANSIT',
  'CUSTOMS_HELD',
  'DELIVERED',
  'RETURNED',
  'LOST',
  'CANCELLED',
] as const;
export type ShipmentState = (typeof SHIPMENT_STATES)[number];

export const shipmentMachine = defineMachine({
  name: 'warehouse_shipment',
  states: SHIPMENT_STATES,
  initial: ['REQUESTED'],
  terminal: ['DELIVERED', 'RETURNED', 'LOST', 'CANCELLED'],
  refusal: 'SHIPMENT_STATE_INVALID',
  transitions: {
    start_packing: { from: ['REQUESTED'], to: 'PACKING' },
    cancel: { from: ['REQUESTED'], to: 'CANCELLED' },
    weigh: { from: ['PACKING'], to: 'WEIGHED' },
    require_payment: { from: ['WEIGHED'], to: 'AWAITING_PAYMENT' },
    settle: { from: ['WEIGHED'], to: 'PAID' },
    pay: { from: ['AWAITING_PAYMENT'], to: 'PAID' },
    dispatch: { from: ['PAID'], to: 'DISPATCHED' },
    transit: { from: ['DISPATCHED'], to: 'IN_TRANSIT' },
    hold_customs: { from: ['IN_TRANSIT'], to: 'CUSTOMS_HELD' },
    release_customs: { from: ['CUSTOMS_HELD'], to: 'IN_TRANSIT' },
    deliver: { from: ['IN_TRANSIT'], to: 'DELIVERED' },
    return: { from: ['IN_TRANSIT', 'CUSTOMS_HELD'], to: 'RETURNED' },
    lose: { from: ['DISPATCHED', 'IN_TRANSIT'], to: 'LOST' },
  },
});
export type ShipmentAction = keyof typeof shipmentMachine.transitions;

/** An unmatched scan: kept for the hold, then matched to a declaration or disposed of. */
export const UNMATCHED_STATES = ['UNMATCHED', 'MATCHED', 'DISPOSED'] as const;
export type UnmatchedState = (typeof UNMATCHED_STATES)[number];
