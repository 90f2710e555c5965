/**
 * After-sales decisions in a real browser: a support operator opens a developer's refund
 * application by its id, reads it and agrees; the server has it refunded and the wallet credited
 * once, and a decision the new state does not allow comes back as the server's refusal.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { getRefundSystem } from '../src/modules/aftersales/index.ts';
import { getBalance } from '../src/modules/wallet/index.ts';
import { browserSkip, consoleBed } from './helpers/browser.ts';
import { catalogSource } from './helpers/catalog.ts';
import { operatorPage, postFromPage, stateShown } from './helpers/console-floor.ts';
import { applyRefund, fundedBuyer, paidOrder, refundCredits, skuPicker } from './helpers/refunds.ts';

const skip = browserSkip();
const PRODUCTS = 200;
const FUNDED_FEN = 100_000_000;

describe('after-sales console', { skip }, () => {
  const bed = consoleBed({}, { catalogProducts: PRODUCTS });
  let shop: Awaited<ReturnType<typeof catalogSource>>;
  let pick: ReturnType<typeof skuPicker>;
  before(async () => {
    shop = await catalogSource(bed().h, PRODUCTS);
    pick = skuPicker(shop.products);
  });

  test('a support operator agrees to a refund: refunded on the server, the wallet credited once', async () => {
    const { h } = bed();
    const buyer = await fundedBuyer(h.ctx, 'refund buyer', FUNDED_FEN);
    const order = await paidOrder(buyer, shop.source, pick, 'taobao');
    const refund = await applyRefund(buyer, order, 'refund');

    const { page, problems } = await operatorPage(bed(), 'support', '#/refunds');
    await page.getByLabel('Refund id').fill(refund.refundId);
    await page.getByRole('button', { name: 'Open' }).click();
    await stateShown(page, refund.status);
    await page.getByRole('list', { name: 'Messages and history' }).getByText('test application').waitFor();
    await page.getByRole('button', { name: 'Agree to the refund' }).click();
    await stateShown(page, '100');

    const after = await getRefundSystem(h.ctx, refund.refundId);
    assert.ok(after.ok);
    assert.equal(after.refund.status, '100');
    assert.equal(after.refund.refundedFen, refund.applyFen);
    assert.deepEqual(await refundCredits(h.ctx, refund.refundId), { count: 1, fen: refund.applyFen });
    // The order's only line refunded in full: the goods by the refund, the freight with the closed order.
    const balance = await getBalance(h.ctx, buyer.dev.developerId);
    assert.equal(balance, FUNDED_FEN, 'everything paid came back');

    // A refunded application cannot be refused: the server says so, in the page.
    await page.getByLabel('Refusal reason').fill('too late');
    await page.getByRole('button', { name: 'Refuse the refund' }).click();
    await page.getByRole('alert').filter({ hasText: 'Error 2101' }).waitFor();
    assert.deepEqual(problems, []);
  });

  test('an unknown refund id is the server’s 404, and a purchaser may not decide refunds', async () => {
    const { h } = bed();
    const buyer = await fundedBuyer(h.ctx, 'other buyer');
    const order = await paidOrder(buyer, shop.source, pick, 'taobao');
    const refund = await applyRefund(buyer, order, 'refund');

    const support = await operatorPage(bed(), 'support', '#/refunds/0000000000000000');
    await support.page.getByRole('alert').filter({ hasText: 'Error 404' }).waitFor();

    const { page } = await operatorPage(bed(), 'purchaser', `#/refunds/${refund.refundId}`);
    assert.equal(await page.getByRole('link', { name: 'After-sales' }).count(), 0);
    const answer = await postFromPage(page, '/admin/refunds/agree', { refundId: refund.refundId });
    assert.equal(answer.code, 4004, answer.msg);
    const still = await getRefundSystem(h.ctx, refund.refundId);
    assert.ok(still.ok);
    assert.equal(still.refund.status, refund.status);
  });
});
