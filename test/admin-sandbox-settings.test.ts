/** The sandbox sellers' rates set from the console are stored, read back by every source on its next tick, and used by the plans. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSource } from '../src/sources/manual/index.ts';
import { ADMIN_TOKEN, createHarness, type Harness } from './helpers/harness.ts';
import { addOperator, consoleCall, signIn } from './helpers/operators.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

const admin = async (method: 'GET' | 'POST', payload?: object) =>
  (
    await h.app.inject({
      method,
      url: '/admin/sandbox/settings',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      ...(payload ? { payload } : {}),
    })
  ).json();

const orders = Array.from({ length: 40 }, (_, i) => ({
  orderId: String(1_000_000 + i),
  platform: 'taobao' as const,
  totalAmountFen: 10_000,
}));

describe('/admin/sandbox/settings', () => {
  it('shows the environment’s rates until one is stored, then the stored one, which another node’s plans use', async () => {
    const initial = await admin('GET');
    assert.equal(initial.code, 200, initial.msg);
    assert.equal(initial.data.priceChangeRate, h.config.sandboxSellers.priceChangeRate);
    assert.equal(initial.data.source.priceChangeRate, 'env');

    const otherNode = await createSource(h.db, h.config);
    const changes = () => orders.filter((order) => otherNode.planBeforePayment(order).some((step) => step.kind === 'modify_price')).length;
    await otherNode.sellerSettings?.refresh();
    assert.ok(changes() > 0 && changes() < orders.length, 'the default rate changes some prices');

    const saved = await admin('POST', { priceChangeRate: 1 });
    assert.equal(saved.code, 200, saved.msg);
    assert.equal(saved.data.source.priceChangeRate, 'stored');
    assert.equal(saved.data.stockOutRate, h.config.sandboxSellers.stockOutRate, 'rates not sent stay as they were');
    await otherNode.sellerSettings?.refresh();
    assert.equal(changes(), orders.length, 'rate 1: every seller changes the price');
    await admin('POST', { priceChangeRate: 0 });
    await otherNode.sellerSettings?.refresh();
    assert.equal(changes(), 0, 'rate 0: none does');
  });

  it('refuses a rate out of 0..1 and agree + refuse above 1, naming the field; only admins may call it', async () => {
    const out = await admin('POST', { stockOutRate: 1.5 });
    assert.equal(out.code, 400);
    assert.match(out.msg, /stockOutRate/);
    const both = await admin('POST', { refundAgreeRate: 0.7, refundRefuseRate: 0.4 });
    assert.equal(both.code, 400);
    assert.match(both.msg, /refundRefuseRate/);
    assert.equal((await admin('GET')).data.source.refundAgreeRate, 'env', 'a refused save stores nothing');
    await addOperator(h, 'dock', 'warehouse');
    const floor = await signIn(h, 'dock');
    assert.equal((await consoleCall(h, floor, 'POST', '/admin/sandbox/settings', { stockOutRate: 0 })).code, 4004);
  });
});
