/**
 * The developer console in a real browser: an operator's one-time sign-in link signs the developer
 * in (and only once); a key rotation shows the new secret once while the old one still signs within
 * the grace; a callback from the log is redelivered to a real receiver.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createDispatcher } from '../src/modules/callbacks/index.ts';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { emitEvent } from '../src/platform/outbox/index.ts';
import { createSandboxSource } from '../src/sources/sandbox/source.ts';
import { pandaPonMessages } from '../src/wire/callbacks/bodies.ts';
import { browserSkip, type ConsoleBed, consoleBed } from './helpers/browser.ts';
import { startReceiver } from './helpers/callback-receiver.ts';
import { ADMIN_TOKEN } from './helpers/harness.ts';

const skip = browserSkip();

async function signinLink(bed: ConsoleBed, developerId: string): Promise<string> {
  const response = await fetch(`${bed.baseUrl}/admin/developers/signin-link`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ developerId }),
  });
  const answer = (await response.json()) as { code: number; data: { url: string } };
  assert.equal(answer.code, 200, JSON.stringify(answer));
  return new URL(answer.data.url).hash;
}

async function signIn(bed: ConsoleBed, page: Page, developer: CreatedDeveloper): Promise<void> {
  await page.goto(`/console/dev/${await signinLink(bed, developer.developerId)}`);
  await page.getByText(`(user ${developer.userId})`).waitFor();
}

describe('developer console', { skip }, () => {
  const bed = consoleBed({ allowPrivateUrls: true });

  test('a sign-in link signs in once; a rotation shows the secret once and the old one signs within the grace', async () => {
    const { h, newContext, watch } = bed();
    const developer = await h.developer();
    const hash = await signinLink(bed(), developer.developerId);
    const context = await newContext();
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`/console/dev/${hash}`);
    await page.getByText(`(user ${developer.userId})`).waitFor();
    const keys = page.getByRole('table', { name: 'Access keys' });
    await keys.getByText(developer.accessKey).waitFor();

    await page.getByLabel('Old secret keeps signing for').selectOption('3600');
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('alert').filter({ hasText: 'shown only once' }).waitFor();
    const secret = await page.getByLabel('Secret key').inputValue();
    assert.match(secret, /^[0-9a-f]{32}$/);
    assert.notEqual(secret, developer.accessSecret);
    assert.equal((await h.call(developer, 'GET', '/v2/open/wallet/balance')).code, 200, 'the old secret signs within the grace');
    assert.equal((await h.call({ ...developer, accessSecret: secret }, 'GET', '/v2/open/wallet/balance')).code, 200);
    await page.getByRole('button', { name: 'I have saved it' }).click();
    assert.equal(await page.getByLabel('Secret key').count(), 0, 'the secret is gone from the page');
    await page.reload();
    await keys.getByText(developer.accessKey).waitFor();
    assert.equal(await page.getByText(secret).count(), 0, 'the secret is not shown again');

    const second = await newContext();
    const again = await second.newPage();
    await again.goto(`/console/dev/${hash}`);
    await again.getByRole('alert').waitFor();
    assert.equal(await again.getByRole('navigation', { name: 'Menu' }).count(), 0, 'the link works once');
    await second.close();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a callback from the log is redelivered to the receiver', async () => {
    const { h, newContext, watch } = bed();
    const receiver = await startReceiver();
    try {
      const developer = await h.developer();
      assert.equal((await h.call(developer, 'POST', '/v2/open/callback/set', { url: receiver.url })).code, 200);
      const orderId = '1999999999999999999';
      const messageId = await emitEvent(h.ctx, {
        developerId: developer.developerId,
        type: 'ORDER_PAY_SUCCESS',
        aggregateType: 'purchase_order',
        aggregateId: orderId,
        payload: {
          orderId,
          platform: '1688',
          ownerUserId: developer.userId,
          state: 'paid',
          totalAmountFen: 990,
          paidAmountFen: 990,
          version: 2,
        },
      });
      const dispatcher = createDispatcher({
        ctx: h.ctx,
        source: await createSandboxSource(h.db),
        renderer: pandaPonMessages,
        allowPrivate: true,
        schedule: 'none',
      });
      await dispatcher.runOnce();
      assert.equal(receiver.messages().length, 1);

      const context = await newContext();
      const page = await context.newPage();
      const problems = watch(page);
      await signIn(bed(), page, developer);
      await page.getByRole('link', { name: 'Callbacks' }).click();
      const row = page.getByRole('row').filter({ hasText: orderId });
      await row.getByRole('button', { name: 'Redeliver' }).click();
      await page.getByRole('status').filter({ hasText: 'Queued for redelivery' }).waitFor();
      await dispatcher.runOnce();
      const received = receiver.messages();
      assert.equal(received.length, 2, 'the receiver got the message again');
      assert.equal(received[1]?.headers['webhook-id'], messageId);

      await page.reload();
      await row.getByRole('button', { name: 'Details' }).click();
      const attempts = page.getByRole('table', { name: 'Attempts' });
      await attempts.getByRole('cell', { name: 'manual' }).waitFor();
      assert.equal(await attempts.getByRole('row').count(), 3, 'a header and two attempts');
      assert.deepEqual(problems, []);
      await context.close();
    } finally {
      await receiver.close();
    }
  });
  test('every screen loads from the session at phone width, without an error', async () => {
    const { h, newContext, watch } = bed();
    const developer = await h.developer();
    const context = await newContext({ phone: true });
    const page = await context.newPage();
    const problems = watch(page);
    await signIn(bed(), page, developer);
    const screens: Array<[string, string[]]> = [
      ['wallet', ['Ledger']],
      ['orders/taobao', ['Taobao orders']],
      ['orders/1688', ['1688 orders']],
      ['aftersales', ['Taobao after-sales']],
      ['aftersales/1688', ['1688 after-sales']],
      ['parcels', ['Parcels', 'Shipments']],
      ['callbacks', ['Callbacks']],
    ];
    for (const [hash, tables] of screens) {
      await page.goto(`/console/dev/#/${hash}`);
      for (const name of tables) {
        await page.locator(`table[aria-label="${name}"][aria-busy="false"]`).waitFor({ state: 'attached' });
      }
      assert.equal(await page.getByRole('alert').count(), 0, `${hash} shows no error`);
    }
    await page.goto('/console/dev/#/wallet');
    await page.getByText('¥0.00').first().waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });
});
