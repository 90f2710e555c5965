import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { createDispatcher, pageCallbackLog, setCallbackUrl } from '../src/modules/callbacks/index.ts';
import { emitParcelEvent, emitShipmentEvent, type ParcelEventPayload, type ShipmentEventPayload } from '../src/modules/warehouse/events.ts';
import type { Ctx } from '../src/platform/context.ts';
import { inTransaction } from '../src/platform/context.ts';
import type { Failure } from '../src/platform/errors.ts';
import { pandaPonMessages } from '../src/wire/callbacks/bodies.ts';
import { LogisticsOrderStatusBody, ParcelStatusBody } from '../src/wire/callbacks/webhook-schemas.ts';
import { startReceiver, type Receiver } from './helpers/callback-receiver.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

/*
 * Warehouse messages: each PARCEL_CHANGE / SHIPMENT_CHANGE event becomes exactly one signed
 * message on its developer's endpoint, in the PandaPon envelope with messagePlatform 2, whose body
 * says what the payload says and which the parcel's or shipment's owner (a sub-account too) owns.
 */

let h: Harness;
let rx: Receiver;
let otherRx: Receiver;
let dev: CreatedDeveloper;
let other: CreatedDeveloper;
let sub: CreatedDeveloper;
let secret: string;
// Warehouse messages read no marketplace: a source that knows nothing proves it.
const source = { findProduct: async () => null, shop: () => null };

const ctxOf = (who: CreatedDeveloper, owner: CreatedDeveloper = who, role: Ctx['role'] = 'main'): Ctx => ({
  ...h.ctx,
  developerId: who.developerId,
  userId: owner.userId,
  rowsVisible: role === 'buyer' ? 'own' : 'all',
  role,
  language: 'en',
});
const ok = <T extends { ok: true }>(r: T | Failure): T => {
  assert.ok(r.ok, JSON.stringify(r));
  return r as T;
};

before(async () => {
  h = await createHarness({ allowPrivateUrls: true });
  [rx, otherRx] = await Promise.all([startReceiver(), startReceiver()]);
  dev = await h.developer('warehouse-callbacks');
  other = await h.developer('warehouse-callbacks-other');
  sub = await h.subAccount(dev, 'buyer');
  secret = ok(await setCallbackUrl(ctxOf(dev), { url: rx.url }, { allowPrivate: true })).secret;
  ok(await setCallbackUrl(ctxOf(other), { url: otherRx.url }, { allowPrivate: true }));
});
after(async () => {
  await Promise.all([rx.close(), otherRx.close()]);
  await h.close();
});

function parcel(owner: CreatedDeveloper, over: Partial<ParcelEventPayload>): ParcelEventPayload {
  return {
    parcelId: 'WP1000000000000001',
    ownerUserId: owner.userId,
    orderId: null,
    tmallOrderId: 'TM-20261128-01',
    trackingNumber: 'SF1234567890',
    carrier: '顺丰',
    state: 'EXPECTED',
    fromState: null,
    action: 'declare',
    actor: 'developer',
    weightGrams: null,
    qcResult: null,
    photoCount: 0,
    storageFeeFen: 0,
    shipmentId: null,
    note: null,
    at: h.clock.nowMs(),
    ...over,
  };
}

function shipment(owner: CreatedDeveloper, over: Partial<ShipmentEventPayload>): ShipmentEventPayload {
  return {
    shipmentId: 'LO1000000000000009',
    ownerUserId: owner.userId,
    renderId: 'FF1000000000000003',
    tmallOrderId: null,
    serviceId: 'nswex-sg-air-general',
    state: 'WEIGHED',
    fromState: 'PACKING',
    action: 'weigh',
    actor: 'operator',
    parcelIds: ['WP1000000000000001', 'WP1000000000000002'],
    estimateFen: 8_600,
    actualFen: 9_100,
    supplementaryFen: 500,
    refundedFen: 0,
    chargeableGrams: 1_250,
    carrier: null,
    trackingNumber: null,
    note: 'weighed 1.21 kg',
    at: h.clock.nowMs(),
    ...over,
  };
}

const runDispatcher = () =>
  createDispatcher({ ctx: h.ctx, source, renderer: pandaPonMessages, allowPrivate: true, schedule: 'none' }).runOnce();

interface Delivered {
  id: string;
  envelope: { messageType: string; messageBody: string; messagePlatform: number; timestamp: string };
  body: Record<string, unknown>;
}

function verified(r: Receiver, key: string, from: number): Delivered[] {
  const verifier = new Webhook(key);
  return r
    .messages()
    .slice(from)
    .map((d) => {
      const headers = {
        'webhook-id': String(d.headers['webhook-id']),
        'webhook-timestamp': String(d.headers['webhook-timestamp']),
        'webhook-signature': String(d.headers['webhook-signature']),
      };
      assert.doesNotThrow(() => verifier.verify(d.body, headers), headers['webhook-id']);
      const envelope = JSON.parse(d.body) as Delivered['envelope'];
      assert.equal(typeof envelope.messageBody, 'string', 'messageBody is a JSON string');
      return { id: headers['webhook-id'], envelope, body: JSON.parse(envelope.messageBody) };
    });
}

describe('warehouse messages', () => {
  const parcels: ParcelEventPayload[] = [];
  const shipments: ShipmentEventPayload[] = [];
  const ids = new Map<string, ParcelEventPayload | ShipmentEventPayload>();

  test('one signed PARCEL_STATUS_CHANGE / LOGISTICS_ORDER_STATUS_CHANGE per event, body from the payload', async () => {
    parcels.push(
      parcel(dev, {}),
      parcel(dev, { state: 'RECEIVED', fromState: 'EXPECTED', action: 'receive', actor: 'operator', weightGrams: 430 }),
      parcel(sub, {
        parcelId: 'WP1000000000000002',
        orderId: '3779263200012345',
        tmallOrderId: null,
        state: 'PROBLEM',
        fromState: 'QC',
        action: 'flag_problem',
        actor: 'operator',
        qcResult: 'issue',
        photoCount: 4,
        note: 'damaged: corner crushed',
      }),
    );
    shipments.push(
      shipment(dev, {}),
      shipment(sub, { shipmentId: 'LO1000000000000010', state: 'REQUESTED', fromState: null, action: 'book' }),
    );
    const from = rx.messages().length;
    await inTransaction(h.ctx, async (tx) => {
      for (const p of parcels) ids.set(await emitParcelEvent(tx, dev.developerId, p), p);
      for (const s of shipments) ids.set(await emitShipmentEvent(tx, dev.developerId, s), s);
    });
    const stats = await runDispatcher();
    assert.equal(stats.delivered, parcels.length + shipments.length);
    const delivered = verified(rx, secret, from);
    assert.equal(delivered.length, parcels.length + shipments.length, 'one message per event');
    assert.deepEqual(new Set(delivered.map((d) => d.id)), new Set(ids.keys()), 'webhook-id is the event id');
    for (const d of delivered) {
      const event = ids.get(d.id)!;
      assert.equal(d.envelope.messagePlatform, 2);
      assert.match(d.envelope.timestamp, /^\d{13}$/);
      if ('parcelId' in event) {
        assert.equal(d.envelope.messageType, 'PARCEL_STATUS_CHANGE');
        ParcelStatusBody.parse(d.body);
        assert.deepEqual(
          [d.body.parcelId, d.body.orderId, d.body.tmallOrderId, d.body.status, d.body.beforeStatus, d.body.action, d.body.operator],
          [event.parcelId, event.orderId, event.tmallOrderId, event.state, event.fromState, event.action, event.actor],
        );
        assert.deepEqual(
          [d.body.trackingNumber, d.body.carrier, d.body.weightGrams, d.body.qcResult, d.body.photoCount, d.body.remark],
          [event.trackingNumber, event.carrier, event.weightGrams, event.qcResult, event.photoCount, event.note],
        );
        assert.deepEqual([d.body.subUserId, d.body.modifyTime, d.body.logisticsOrderId], [event.ownerUserId, event.at, null]);
      } else {
        assert.equal(d.envelope.messageType, 'LOGISTICS_ORDER_STATUS_CHANGE');
        LogisticsOrderStatusBody.parse(d.body);
        assert.deepEqual(
          [d.body.logisticsOrderId, d.body.renderId, d.body.serviceId, d.body.status, d.body.beforeStatus, d.body.action],
          [event.shipmentId, event.renderId, event.serviceId, event.state, event.fromState, event.action],
        );
        assert.deepEqual(
          [d.body.parcelIds, d.body.estimateFen, d.body.actualFen, d.body.supplementaryFen, d.body.chargeableGrams, d.body.remark],
          [event.parcelIds, event.estimateFen, event.actualFen, event.supplementaryFen, event.chargeableGrams, event.note],
        );
        assert.deepEqual([d.body.subUserId, d.body.modifyTime], [event.ownerUserId, event.at]);
      }
    }
    assert.equal(otherRx.messages().length, 0, 'another developer’s endpoint receives nothing');
    assert.equal((await runDispatcher()).delivered, 0, 'a second pass sends nothing again');
  });

  test('the owner owns its messages: a buyer sub-account sees its own in the log, not its siblings’', async () => {
    const owners = await h.db.kysely
      .selectFrom('callback_messages')
      .select(['id', 'owner_user_id', 'aggregate_id', 'event_type'])
      .where('developer_id', '=', dev.developerId)
      .execute();
    assert.equal(owners.length, ids.size);
    for (const o of owners) {
      const event = ids.get(o.id)!;
      assert.equal(o.owner_user_id, event.ownerUserId);
      const about = 'parcelId' in event ? (event.orderId ?? event.parcelId) : event.shipmentId;
      assert.equal(o.aggregate_id, about, 'a parcel sits under its order, else itself; a shipment under its id');
    }
    const subLog = ok(await pageCallbackLog(ctxOf(dev, sub, 'buyer'), { pageSize: 50 }));
    const mine = [...ids].filter(([, e]) => e.ownerUserId === sub.userId).map(([id]) => id);
    assert.deepEqual(new Set(subLog.rows.map((m) => m.messageId)), new Set(mine));
    assert.ok(subLog.rows.every((m) => m.messagePlatform === 2 && m.status === 'delivered'));
    const sibling = await h.subAccount(dev, 'buyer');
    assert.equal(ok(await pageCallbackLog(ctxOf(dev, sibling, 'buyer'), { pageSize: 50 })).total, 0);
    assert.equal(ok(await pageCallbackLog(ctxOf(other), { pageSize: 50 })).total, 0, 'another developer sees none');
    const byOrder = ok(await pageCallbackLog(ctxOf(dev), { orderId: '3779263200012345' }));
    assert.deepEqual(
      byOrder.rows.map((m) => m.eventType),
      ['PARCEL_CHANGE'],
    );
  });

  test('events of a developer without a callback URL are consumed without a message', async () => {
    const silent = await h.developer('warehouse-callbacks-silent');
    const before = rx.messages().length + otherRx.messages().length;
    await inTransaction(h.ctx, async (tx) => {
      await emitParcelEvent(tx, silent.developerId, parcel(silent, { parcelId: 'WP1000000000000003' }));
      await emitShipmentEvent(tx, silent.developerId, shipment(silent, { shipmentId: 'LO1000000000000011' }));
    });
    const stats = await runDispatcher();
    assert.equal(stats.ingested, 2);
    assert.equal(stats.attempted, 0);
    assert.equal(rx.messages().length + otherRx.messages().length, before);
    const rows = await h.db.kysely.selectFrom('callback_messages').select('id').where('developer_id', '=', silent.developerId).execute();
    assert.equal(rows.length, 0);
  });
});
