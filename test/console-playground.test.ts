/**
 * The developer console's request playground in a real browser, signed out: it signs a GET and a
 * POST in both modes, the server accepts them, and the canonical string on screen is the one the
 * README's rule gives (computed here with node:crypto, independently of console/src/dev/signing.ts).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSkip, consoleBed } from './helpers/browser.ts';

const skip = browserSkip();

/** README "Signing requests": access-key, nonce-str, timestamp sorted; HMAC appends the body's SHA-256. */
function expectedCanonical(accessKey: string, nonce: string, timestamp: string, signType: string, body: string): string {
  const canonical = `access-key=${accessKey}&nonce-str=${nonce}&timestamp=${timestamp}`;
  if (signType !== 'HMAC-SHA256') return canonical;
  return `${canonical}&body-sha256=${createHash('sha256').update(body, 'utf8').digest('hex')}`;
}

async function region(page: Page, name: string): Promise<string> {
  return (await page.getByRole('region', { name, exact: true }).locator('pre').textContent()) ?? '';
}

async function chooseOperation(page: Page, filter: string, id: string): Promise<void> {
  await page.getByLabel('Filter operations').fill(filter);
  await page.getByRole('button', { name: id, exact: true }).click();
}

/** Signs in the given mode with a fresh nonce, checks the canonical string, sends, and answers the envelope. */
async function signAndSend(page: Page, accessKey: string, signType: string, body: string): Promise<{ code: number; msg: string }> {
  await page.getByLabel('Sign type').selectOption(signType);
  await page.getByRole('button', { name: 'New nonce' }).click();
  await page.getByRole('button', { name: 'Now' }).click();
  const nonce = await page.getByLabel('Nonce').inputValue();
  const timestamp = await page.getByLabel('Timestamp').inputValue();
  assert.equal(await region(page, 'Canonical string'), expectedCanonical(accessKey, nonce, timestamp, signType, body));
  const answers = page.waitForResponse((response) => response.request().method() !== 'OPTIONS' && response.url().includes('/v2/open/'));
  await page.getByRole('button', { name: 'Send' }).click();
  await answers;
  const shown = page.getByRole('region', { name: 'Answer', exact: true }).locator('pre');
  await shown.filter({ hasText: '"requestId"' }).waitFor();
  return JSON.parse((await shown.textContent()) ?? '{}') as { code: number; msg: string };
}

describe('developer console: request playground', { skip }, () => {
  const bed = consoleBed();

  test('signs a GET and a POST in MD5 and HMAC-SHA256; a wrong secret shows the signature error', async () => {
    const { h, newContext, watch } = bed();
    const developer = await h.developer();
    const context = await newContext();
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto('/console/dev/');
    await page.getByRole('link', { name: 'Open the request playground' }).click();

    await chooseOperation(page, 'wallet/balance', 'GET /v2/open/wallet/balance');
    await page.getByLabel('Access key').fill(developer.accessKey);
    await page.getByLabel('Secret key').fill(developer.accessSecret);
    await page.getByLabel('User id').fill(String(developer.userId));
    for (const signType of ['MD5', 'HMAC-SHA256']) {
      const answer = await signAndSend(page, developer.accessKey, signType, '');
      assert.equal(answer.code, 200, `${signType} GET: ${answer.msg}`);
    }

    await chooseOperation(page, 'addOrUpdate', 'POST /v2/open/address/addOrUpdate');
    const body = JSON.stringify({
      name: 'Somchai',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      address: '文三路 1 号',
      phone: '+66 81 234 5678',
    });
    await page.getByLabel('JSON body').fill(body);
    for (const signType of ['MD5', 'HMAC-SHA256']) {
      const answer = await signAndSend(page, developer.accessKey, signType, body);
      assert.equal(answer.code, 200, `${signType} POST: ${answer.msg}`);
    }
    const addresses = await h.call(developer, 'GET', '/v2/open/address/list?language=en');
    assert.equal((addresses.data as unknown[]).length, 2, 'both POSTs reached the server');

    // Another last character, whatever the secret ends with.
    const wrongLast = developer.accessSecret.endsWith('0') ? '1' : '0';
    await page.getByLabel('Secret key').fill(`${developer.accessSecret.slice(0, -1)}${wrongLast}`);
    const refused = await signAndSend(page, developer.accessKey, 'MD5', body);
    assert.equal(refused.code, 402);
    assert.match(refused.msg, /signature mismatch/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the secret is neither stored nor sent', async () => {
    const { h, newContext } = bed();
    const developer = await h.developer();
    const context = await newContext();
    const page = await context.newPage();
    const sent: string[] = [];
    page.on('request', (request) => sent.push(`${request.url()} ${JSON.stringify(request.headers())} ${request.postData() ?? ''}`));
    await page.goto('/console/dev/#/playground');
    await chooseOperation(page, 'wallet/balance', 'GET /v2/open/wallet/balance');
    await page.getByLabel('Access key').fill(developer.accessKey);
    await page.getByLabel('Secret key').fill(developer.accessSecret);
    await page.getByLabel('User id').fill(String(developer.userId));
    const answer = await signAndSend(page, developer.accessKey, 'MD5', '');
    assert.equal(answer.code, 200);
    assert.ok(!sent.some((line) => line.includes(developer.accessSecret)), 'the secret went over the wire');
    const stored =
      (await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))) +
      JSON.stringify(await context.cookies());
    assert.ok(!stored.includes(developer.accessSecret), 'the secret was stored');
    await context.close();
  });
});
