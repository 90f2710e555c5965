/**
 * The developer console's request playground in a real browser, signed out: it signs a GET and a
 * POST in both modes, a warehouse-logistics call in the query form and a multipart voucher upload,
 * the server accepts them, and the canonical string on screen is the one the README's rule gives
 * (computed here with node:crypto, independently of console/src/dev/signing.ts).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Page, Request } from 'playwright-core';
import sharp from 'sharp';
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

interface Envelope {
  code: number;
  msg: string;
  data: any;
}

/** Picks the sign type and takes a fresh nonce and the current time; answers the nonce and timestamp shown. */
async function freshSigning(page: Page, signType: string): Promise<{ nonce: string; timestamp: string }> {
  await page.getByLabel('Sign type').selectOption(signType);
  await page.getByRole('button', { name: 'New nonce' }).click();
  await page.getByRole('button', { name: 'Now' }).click();
  return { nonce: await page.getByLabel('Nonce').inputValue(), timestamp: await page.getByLabel('Timestamp').inputValue() };
}

/** Sends what the playground shows; answers the envelope on screen and the request the browser made. */
async function send(page: Page): Promise<{ answer: Envelope; request: Request }> {
  const answered = page.waitForResponse(
    (response) => response.request().resourceType() === 'fetch' && !response.url().endsWith('/openapi.json'),
  );
  const shown = page.getByRole('region', { name: 'Answer', exact: true }).locator('pre');
  await page.getByRole('button', { name: 'Send' }).click();
  const response = await answered;
  await shown.filter({ hasText: '"requestId"' }).waitFor();
  return { answer: JSON.parse((await shown.textContent()) ?? '{}') as Envelope, request: response.request() };
}

/** Signs in the given mode with a fresh nonce, checks the canonical string, sends, and answers the envelope. */
async function signAndSend(page: Page, accessKey: string, signType: string, body: string): Promise<Envelope> {
  const { nonce, timestamp } = await freshSigning(page, signType);
  assert.equal(await region(page, 'Canonical string'), expectedCanonical(accessKey, nonce, timestamp, signType, body));
  return (await send(page)).answer;
}

async function fillCredentials(page: Page, developer: { accessKey: string; accessSecret: string; userId: string | number }): Promise<void> {
  await page.getByLabel('Access key').fill(developer.accessKey);
  await page.getByLabel('Secret key').fill(developer.accessSecret);
  await page.getByLabel('User id').fill(String(developer.userId));
}

/** The secret with another last character, whatever it ends with. */
function wrongSecret(secret: string): string {
  return `${secret.slice(0, -1)}${secret.endsWith('0') ? '1' : '0'}`;
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
    await fillCredentials(page, developer);
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

    await page.getByLabel('Secret key').fill(wrongSecret(developer.accessSecret));
    const refused = await signAndSend(page, developer.accessKey, 'MD5', body);
    assert.equal(refused.code, 402);
    assert.match(refused.msg, /signature mismatch/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a warehouse-logistics operation signs in the query; a stale timestamp and a wrong secret show the refusals', async () => {
    const { h, newContext, watch } = bed();
    const developer = await h.developer();
    const context = await newContext();
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto('/console/dev/#/playground');
    await chooseOperation(page, 'parcelList', 'POST /v2/open/pp/logistics/parcelList');
    await fillCredentials(page, developer);
    await page.getByLabel('Signature in').selectOption('query');
    const body = '{"pageNo":1}';
    await page.getByLabel('JSON body').fill(body);
    for (const signType of ['MD5', 'HMAC-SHA256']) {
      const { nonce, timestamp } = await freshSigning(page, signType);
      // README "Query form": every query parameter but sign, sorted by name; HMAC appends the body's SHA-256.
      const signed = [
        `access-key=${developer.accessKey}`,
        `nonce-str=${nonce}`,
        ...(signType === 'HMAC-SHA256' ? ['sign-type=HMAC-SHA256'] : []),
        `timestamp=${timestamp}`,
        `user-id=${developer.userId}`,
      ].join('&');
      const bodyHash = createHash('sha256').update(body, 'utf8').digest('hex');
      assert.equal(await region(page, 'Canonical string'), signType === 'MD5' ? signed : `${signed}&body-sha256=${bodyHash}`);
      const { answer, request } = await send(page);
      assert.equal(answer.code, 200, `${signType} query form: ${answer.msg}`);
      assert.equal(answer.data.total, 0);
      const url = new URL(request.url());
      assert.equal(url.searchParams.get('sign'), (await region(page, 'Signature')).trim());
      assert.equal(request.headers().signature, undefined, 'no signature header in the query form');
    }

    // Typed over by hand: an hour old, outside the window.
    await freshSigning(page, 'MD5');
    await page.getByLabel('Timestamp').fill(String(Date.now() - 3_600_000));
    const stale = (await send(page)).answer;
    assert.equal(stale.code, 403, stale.msg);
    await freshSigning(page, 'MD5');
    await page.getByLabel('Secret key').fill(wrongSecret(developer.accessSecret));
    const refused = (await send(page)).answer;
    assert.equal(refused.code, 402);
    assert.match(refused.msg, /every query parameter except sign/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a multipart voucher upload: the file is sent as a form, unsigned; a wrong secret and a non-image are refused', async () => {
    const { h, newContext, watch } = bed();
    const developer = await h.developer();
    const context = await newContext();
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto('/console/dev/#/playground');
    await chooseOperation(page, 'voucher/upload', 'POST /alibaba/refund/voucher/upload');
    await fillCredentials(page, developer);
    await page.getByLabel('Body as').selectOption('multipart');
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 40, b: 90 } } })
      .png()
      .toBuffer();
    await page.getByLabel('File for imageData').setInputFiles({ name: 'voucher.png', mimeType: 'image/png', buffer: png });
    await page.getByLabel('fileName').fill('voucher.png');
    assert.match(await region(page, 'HTTP request'), /imageData=@voucher\.png/);
    for (const signType of ['MD5', 'HMAC-SHA256']) {
      const { nonce, timestamp } = await freshSigning(page, signType);
      // README: a multipart body is not signed, so HMAC mode covers the empty string.
      assert.equal(await region(page, 'Canonical string'), expectedCanonical(developer.accessKey, nonce, timestamp, signType, ''));
      const { answer, request } = await send(page);
      assert.equal(answer.code, 200, `${signType} upload: ${answer.msg}`);
      assert.match(request.headers()['content-type'] ?? '', /^multipart\/form-data; boundary=/);
      const stored = await h.app.inject({ method: 'GET', url: answer.data.imageRelativeUrl });
      assert.equal(stored.headers['content-type'], 'image/jpeg', 'the uploaded picture is served');
    }

    await freshSigning(page, 'HMAC-SHA256');
    await page.getByLabel('Secret key').fill(wrongSecret(developer.accessSecret));
    const refused = (await send(page)).answer;
    assert.equal(refused.code, 402);
    assert.match(refused.msg, /EMPTY string: a multipart body is not signed/);
    await page.getByLabel('Secret key').fill(developer.accessSecret);
    await page
      .getByLabel('File for imageData')
      .setInputFiles({ name: 'voucher.png', mimeType: 'image/png', buffer: Buffer.from('not a picture') });
    await freshSigning(page, 'MD5');
    const invalid = (await send(page)).answer;
    assert.equal(invalid.code, 1001, invalid.msg);
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
    await fillCredentials(page, developer);
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
