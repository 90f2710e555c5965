import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createDispatcher } from '../src/modules/callbacks/index.ts';
import { pandaPonMessages } from '../src/wire/callbacks/bodies.ts';
import { emitEvent } from '../src/platform/outbox/index.ts';
import { verifyWebhook } from '../src/platform/webhooks/index.ts';
import { verifyWebhook as sdkVerifyWebhook } from '../sdk/src/index.ts';
import { callbackWebhooksDocument } from '../src/wire/callbacks/webhooks.ts';
import { createSandboxSource } from '../src/sources/sandbox/source.ts';
import { startReceiver, type Receiver } from './helpers/callback-receiver.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

describe('callbacks over HTTP: subscription, log, redelivery, OpenAPI webhooks', () => {
  let h: Harness;
  let rx: Receiver;

  before(async () => {
    h = await createHarness({ allowPrivateUrls: true });
    h.clock.set(Date.now());
    rx = await startReceiver();
  });
  after(async () => {
    await rx.close();
    await h.close();
  });

  test('set → get → rotate → log → redeliver, with permissions', async () => {
    const dev = await h.developer();
    const missing = await h.call(dev, 'GET', '/v2/open/callback/get');
    assert.equal(missing.code, 404);
    const set = await h.call(dev, 'POST', '/v2/open/callback/set', { url: rx.url });
    assert.equal(set.code, 200, JSON.stringify(set));
    assert.equal(set.data.url, rx.url);
    assert.match(set.data.secret, /^whsec_/);
    const got = await h.call(dev, 'GET', '/v2/open/callback/get');
    assert.deepEqual(got.data, { url: rx.url, secret: set.data.secret, messageBodyAsString: false, previousSecretValidUntil: null });
    const asString = await h.call(dev, 'POST', '/v2/open/callback/set', { url: rx.url, messageBodyAsString: true });
    assert.equal(asString.data.messageBodyAsString, true);
    assert.equal((await h.call(dev, 'GET', '/v2/open/callback/get')).data.messageBodyAsString, true);
    assert.equal(
      (await h.call(dev, 'POST', '/v2/open/callback/set', { url: rx.url, messageBodyAsString: false })).data.messageBodyAsString,
      false,
    );

    rx.mode = 'error';
    const bad = await h.call(dev, 'POST', '/v2/open/callback/set', { url: `${rx.url}/x` });
    assert.equal(bad.code, 400);
    assert.match(bad.msg, /HTTP 500/);
    rx.mode = 'ok';
    const notUrl = await h.call(dev, 'POST', '/v2/open/callback/set', { url: 'file:///etc/passwd' });
    assert.equal(notUrl.code, 400);

    const viewer = await h.subAccount(dev, 'viewer');
    assert.equal((await h.call(viewer, 'POST', '/v2/open/callback/log/page', {})).code, 200);

    const rotated = await h.call(dev, 'POST', '/v2/open/callback/secret/rotate', { graceSeconds: 3600 });
    assert.equal(rotated.code, 200);
    assert.equal(rotated.data.previousSecretValidUntil, h.clock.nowMs() + 3_600_000);

    rx.mode = 'error';
    const eventId = await emitEvent(h.ctx, {
      developerId: dev.developerId,
      type: 'ORDER_PAY_SUCCESS',
      aggregateType: 'purchase_order',
      aggregateId: '1999999999999999999',
      payload: {
        orderId: '1999999999999999999',
        platform: '1688',
        ownerUserId: dev.userId,
        state: 'paid',
        totalAmountFen: 990,
        paidAmountFen: 990,
        version: 2,
      },
    });
    const d = createDispatcher({
      ctx: h.ctx,
      source: await createSandboxSource(h.db),
      renderer: pandaPonMessages,
      allowPrivate: true,
      schedule: 'none',
    });
    await d.runOnce();
    const delivery = rx.messages().find((r) => r.headers['webhook-id'] === eventId)!;
    const nowSeconds = Math.floor(h.clock.nowMs() / 1000);
    assert.ok(verifyWebhook({ headers: delivery.headers, body: delivery.body, secrets: [set.data.secret], nowSeconds }).ok);
    assert.ok(sdkVerifyWebhook({ headers: delivery.headers, body: delivery.body, secrets: [rotated.data.secret], nowSeconds }).ok);

    const log = await h.call(dev, 'POST', '/v2/open/callback/log/page', { pageSize: 10 });
    assert.equal(log.code, 200, JSON.stringify(log));
    assert.equal(log.data.totalRecords, 1);
    const m = log.data.data[0];
    assert.equal(m.messageId, eventId);
    assert.equal(m.messageType, 'ORDER_PAY_SUCCESS');
    assert.equal(m.messagePlatform, 1);
    assert.equal(m.status, 'failed');
    assert.equal(m.attempts.length, 1);
    assert.equal(m.attempts[0].statusCode, 500);
    assert.ok(m.attempts[0].responseSnippet.length <= 1024);
    assert.equal(JSON.parse(m.messageBody).payStatus, 2);

    const both = await h.call(dev, 'POST', '/v2/open/callback/redeliver', {});
    assert.equal(both.code, 400);
    const other = await h.developer();
    assert.equal(
      (await h.call(other, 'POST', '/v2/open/callback/redeliver', { messageId: eventId })).code,
      404,
      'another tenant’s message is not found',
    );
    rx.mode = 'ok';
    const again = await h.call(dev, 'POST', '/v2/open/callback/redeliver', {
      failedSince: new Date(h.clock.nowMs() - 60_000).toISOString(),
    });
    assert.equal(again.code, 200);
    assert.deepEqual(again.data, { queued: 1, messageIds: [eventId] });
    await d.runOnce();
    const after = await h.call(dev, 'POST', '/v2/open/callback/log/page', { status: 'delivered' });
    assert.equal(after.data.data[0].attempts.length, 2);
    assert.equal(after.data.data[0].nextAttemptAt, null);
  });

  test('the OpenAPI webhooks section documents every message type with an example matching its schema', () => {
    const doc = callbackWebhooksDocument() as Record<string, any>;
    const types = Object.keys(doc);
    for (const t of [
      'TAOBAO_ORDER_BUYER_VIEW_BUYER_STATUS',
      'TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
      'TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND',
      'ORDER_CREATE',
      'ORDER_PAY_SUCCESS',
      'ORDER_CANCEL',
      'ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
      'ORDER_BUYER_VIEW_ORDER_BUYER_REFUND',
    ]) {
      assert.ok(types.includes(t), t);
    }
    for (const [type, entry] of Object.entries(doc)) {
      const media = entry.post.requestBody.content['application/json'];
      assert.equal(media.example.messageType, type);
      assert.equal(media.schema.properties.messagePlatform.const, media.example.messagePlatform);
      const bodyProperty = media.schema.properties.messageBody;
      // The Taobao status body is the array itself by default (the seed page), a JSON string on request.
      const inline = type === 'TAOBAO_ORDER_BUYER_VIEW_BUYER_STATUS';
      const schema = inline ? bodyProperty.oneOf[1].contentSchema : bodyProperty.contentSchema;
      if (inline) assert.deepEqual(bodyProperty.oneOf[0].items, schema.items);
      assert.equal(typeof media.example.messageBody, inline ? 'object' : 'string', type);
      const body = inline ? media.example.messageBody : JSON.parse(media.example.messageBody);
      const objectSchema = schema.type === 'array' ? schema.items : schema;
      const sample = Array.isArray(body) ? body[0] : body;
      assert.deepEqual(Object.keys(sample).sort(), Object.keys(objectSchema.properties).sort(), type);
      assert.deepEqual([...objectSchema.required].sort(), Object.keys(objectSchema.properties).sort(), `${type}: every field required`);
    }
  });
});
