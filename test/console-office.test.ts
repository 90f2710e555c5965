/**
 * The operator console's office screens in a real browser: developers, wallets, orders and
 * callbacks, each driven by the role that uses it, with the server refusing what a role may not do.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createDispatcher } from '../src/modules/callbacks/index.ts';
import type { OperatorRole } from '../src/platform/http/index.ts';
import { createSandboxSource } from '../src/sources/sandbox/source.ts';
import { getProductsByIndexes } from '../src/sources/sandbox/store/index.ts';
import { pandaPonMessages } from '../src/wire/callbacks/bodies.ts';
import { browserSkip, consoleBed } from './helpers/browser.ts';
import { startReceiver } from './helpers/callback-receiver.ts';
import { addOperator, PASSWORD } from './helpers/operators.ts';
import { type Buyer, fundedBuyer, paidOrder, skuPicker } from './helpers/refunds.ts';

const skip = browserSkip();
const CATALOG = 60;

describe('operator console: office screens', { skip }, () => {
  const bed = consoleBed({ allowPrivateUrls: true }, { catalogProducts: CATALOG });

  async function signedIn(login: string, role: OperatorRole): Promise<{ page: Page; problems: string[]; close(): Promise<void> }> {
    const { h, newContext, watch } = bed();
    await addOperator(h, login, role);
    const context = await newContext();
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto('/console/');
    await page.getByLabel('Login').fill(login);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(`Signed in as ${login} (${role})`).waitFor();
    return { page, problems, close: () => context.close() };
  }

  let pick: ReturnType<typeof skuPicker> | undefined;
  /** A paid Taobao order of a new funded developer; `beforePaying` runs between the two (e.g. to subscribe callbacks). */
  async function paid(beforePaying: (buyer: Buyer) => Promise<void> = async () => {}) {
    const { h } = bed();
    const source = await createSandboxSource(h.db);
    pick ??= skuPicker(
      await getProductsByIndexes(
        h.db,
        Array.from({ length: CATALOG }, (_, i) => i),
      ),
    );
    const buyer = await fundedBuyer(h.ctx, `buyer-${Date.now()}`);
    await beforePaying(buyer);
    return { buyer, source, order: await paidOrder(buyer, source, pick, 'taobao') };
  }

  test('an admin creates a developer and sees its secret once', async () => {
    const { page, problems, close } = await signedIn('office.admin', 'admin');
    // The dashboard is the first screen every role opens on.
    await page.getByRole('heading', { name: 'Orders by state' }).waitFor();
    await page.getByRole('link', { name: 'Developers' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Acme Imports');
    await page.getByRole('button', { name: 'Create developer' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'shown only once' });
    await notice.waitFor();
    const secret = (await notice.locator('code').textContent()) ?? '';
    assert.ok(secret.length >= 16, `a secret is shown: ${secret}`);
    const row = page.getByRole('table', { name: 'Developers' }).getByRole('row').filter({ hasText: 'Acme Imports' });
    await row.getByRole('link').click();
    await page.getByRole('heading', { name: /Acme Imports/ }).waitFor();
    assert.equal(await page.getByText(secret).count(), 0, 'the secret is not shown again');
    assert.deepEqual(problems, []);
    await close();
  });

  test('an admin gives a developer its own rate limit, which the gateway holds, and clears it; finance only reads it', async () => {
    const { h } = bed();
    const developer = await h.developer('limited-shop');
    const { page, problems, close } = await signedIn('office.limits', 'admin');
    await page.goto(`/console/#/developers/${developer.developerId}`);
    const section = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Rate limit' }) });
    await section.getByText('This developer uses the deployment default.').waitFor();
    await section.getByLabel('Requests per second').fill('5');
    await section.getByLabel('Burst').fill('4');
    await section.getByRole('button', { name: 'Set limit' }).click();
    await section.getByRole('alert').filter({ hasText: 'limit.burst' }).waitFor();
    await section.getByLabel('Burst').fill('2');
    await section.getByLabel('Requests per second').fill('2');
    await section.getByRole('button', { name: 'Set limit' }).click();
    await section.getByText('This developer has its own limit.').waitFor();
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await h.call(developer, 'GET', '/v2/open/address/list')).code);
    assert.deepEqual(codes, [200, 200, 429], 'the gateway holds the developer to 2');
    await section.getByRole('button', { name: 'Use the deployment default' }).click();
    await section.getByText('This developer uses the deployment default.').waitFor();
    assert.equal(await section.getByLabel('Burst').inputValue(), String(h.config.rateLimitBurst), 'the form shows the default again');
    assert.deepEqual(problems, []);
    await close();

    const finance = await signedIn('office.limits.finance', 'finance');
    await finance.page.goto(`/console/#/developers/${developer.developerId}`);
    await finance.page.getByText('This developer uses the deployment default.').waitFor();
    assert.equal(await finance.page.getByRole('button', { name: 'Set limit' }).count(), 0, 'finance has no form');
    await finance.close();
  });

  test('finance tops up and adjusts a wallet; the ledger shows the running balance to the fen', async () => {
    const { h } = bed();
    const developer = await h.developer('wallet-owner');
    const { page, problems, close } = await signedIn('office.finance', 'finance');
    await page.getByRole('link', { name: 'Wallets' }).click();
    await page.getByLabel('Developer id').fill(developer.developerId);
    await page.getByRole('button', { name: 'Open wallet' }).click();
    await page.getByLabel('Top-up amount (yuan)').fill('100');
    await page.getByRole('button', { name: 'Top up', exact: true }).click();
    const ledger = page.getByRole('table', { name: 'Ledger' });
    await ledger.getByText('¥100.00').first().waitFor();
    await page.getByLabel('Adjustment (yuan, negative to debit)').fill('-0.01');
    await page.getByLabel('Reason').fill('bank fee');
    await page.getByRole('button', { name: 'Adjust', exact: true }).click();
    await ledger.getByText('¥99.99').waitFor();
    await ledger.getByText('-¥0.01').waitFor();
    await ledger.getByText('bank fee').waitFor();
    assert.deepEqual(problems, []);
    await close();
  });

  test('a warehouse login has no Wallets screen and the server refuses its adjustment', async () => {
    const { h } = bed();
    const developer = await h.developer('not-for-warehouse');
    const { page, close } = await signedIn('office.floor', 'warehouse');
    assert.equal(await page.getByRole('link', { name: 'Wallets' }).count(), 0);
    const code = await page.evaluate(async (developerId) => {
      const me = (await (await fetch('/console/api/me')).json()) as { data: { csrfToken: string } };
      const response = await fetch('/admin/wallets/adjust', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.data.csrfToken },
        body: JSON.stringify({ developerId, amountFen: 100, reason: 'not allowed' }),
      });
      return ((await response.json()) as { code: number }).code;
    }, developer.developerId);
    assert.equal(code, 4004);
    await close();
  });

  test('the orders list filters by state and opens an order with its history', async () => {
    const { order } = await paid();
    const { page, problems, close } = await signedIn('office.support', 'support');
    await page.getByRole('link', { name: 'Orders' }).click();
    await page.getByLabel('Order state').selectOption('cancelled');
    const list = page.getByRole('table', { name: 'Orders' });
    await page.getByText('Nothing here yet.').waitFor();
    assert.equal(await list.getByRole('link', { name: order.orderId }).count(), 0);
    await page.getByLabel('Order state').selectOption('paid');
    await list.getByRole('link', { name: order.orderId }).click();
    await page.getByRole('heading', { name: `Order ${order.orderId}` }).waitFor();
    const history = page.getByRole('table', { name: 'History' });
    await history.getByRole('cell', { name: 'paid', exact: true }).first().waitFor();
    assert.ok((await history.getByRole('row').count()) >= 2, 'a header and at least one step');
    assert.deepEqual(problems, []);
    await close();
  });

  test('the callbacks screen redelivers a failed message and the receiver gets the new attempt', async () => {
    const { h } = bed();
    const rx = await startReceiver();
    try {
      const { buyer, source } = await paid(async ({ dev }) => {
        const set = await h.call(dev, 'POST', '/v2/open/callback/set', { url: rx.url });
        assert.equal(set.code, 200, JSON.stringify(set));
        rx.mode = 'error';
      });
      const dispatcher = createDispatcher({ ctx: h.ctx, source, renderer: pandaPonMessages, allowPrivate: true, schedule: 'none' });
      await dispatcher.runOnce();
      const failedAttempts = rx.messages().length;
      assert.ok(failedAttempts >= 1, 'the receiver was called and answered 500');
      rx.mode = 'ok';
      const { page, problems, close } = await signedIn('office.callbacks', 'admin');
      await page.getByRole('link', { name: 'Callbacks' }).click();
      await page.getByLabel('Developer id').fill(buyer.dev.developerId);
      await page.getByLabel('Delivery state').selectOption('failed');
      const log = page.getByRole('table', { name: 'Callback deliveries' });
      await log.getByText('HTTP 500').first().waitFor();
      await log.getByRole('button', { name: 'Redeliver' }).first().click();
      await page.getByRole('status').filter({ hasText: 'A new attempt is queued' }).waitFor();
      await dispatcher.runOnce();
      assert.equal(rx.messages().length, failedAttempts + 1, 'one new attempt reached the receiver');
      assert.deepEqual(problems, []);
      await close();
    } finally {
      await rx.close();
    }
  });
});
