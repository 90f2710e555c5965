/**
 * `npm run console:screenshots`: starts Ponte on a scratch data folder with a small sandbox
 * catalog, makes a few orders through the signed API and moves the sandbox clock so every screen
 * has something to show, then photographs the main screens in Debian's Chromium into
 * docs/screenshots/ (the README shows them). Rerun it after a screen changes.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { createClient, type PonteClient } from '../sdk/src/index.ts';
import { launchChromium } from './chromium.ts';
import { systemContext } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createOperator } from '../src/modules/operators/index.ts';
import { startServer } from '../src/server.ts';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const PASSWORD = 'screenshots-passphrase';
const RECEIVER = {
  name: '王五',
  mobile_phone: '13900000000',
  phone: '',
  country: '中国',
  state: '浙江省',
  city: '金华市',
  district: '义乌市',
  address: '稠州北路 1 号 仓库',
  zip: '322000',
};

/** The operator screens and the developer screens photographed, by hash route. */
const OPERATOR_SHOTS = ['dashboard', 'developers', 'orders', 'purchasing', 'warehouse', 'refunds', 'callbacks', 'sandbox'];
const DEVELOPER_SHOTS = ['keys', 'wallet', 'orders', 'callbacks'];

const say = (line: string) => process.stderr.write(`${line}\n`);

async function ok<T>(answer: Promise<{ code: number; msg: string; data: T | null }>): Promise<T> {
  const got = await answer;
  if (got.code !== 200 || got.data === null) throw new Error(`${got.code} ${got.msg}`);
  return got.data;
}

async function seedOrders(client: PonteClient, count: number): Promise<void> {
  const found = await ok(
    client.call<{ data: { itemId: string }[] }>('POST', '/v2/taobao/product/search', { body: { keyword: '', pageSize: 20 } }),
  );
  let made = 0;
  for (const { itemId } of found.data) {
    if (made >= count) break;
    const detail = await ok(
      client.call<{ skuList: { skuId: string; quantity: number }[] }>('GET', '/v2/taobao/product/get', { query: { itemId } }),
    );
    const sku = detail.skuList.find((candidate) => candidate.quantity > 2);
    if (!sku) continue;
    const base = {
      orderLineList: JSON.stringify([{ itemId, skuId: sku.skuId, quantity: '1' }]),
      receiver: JSON.stringify(RECEIVER),
      purchaseAmount: 0,
    };
    // A wrong amount (0) answers 2002 with the amount due, which the second call pays.
    const quote = await client.call<{ purchaseAmount: number }>('POST', '/v2/taobao/order/create', { body: base });
    const due = quote.data?.purchaseAmount ?? 0;
    const order = await ok(
      client.call<{ purchaseOrderId: string }>('POST', '/v2/taobao/order/create', { body: { ...base, purchaseAmount: due } }),
    );
    if (made % 3 !== 2) await ok(client.call('POST', '/v2/taobao/order/pay', { body: { purchaseOrderId: order.purchaseOrderId } }));
    made++;
  }
}

async function shoot(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: false });
  say(`  ${name}.png`);
}

const dataDir = mkdtempSync(join(tmpdir(), 'ponte-screenshots-'));
const server = await startServer(
  loadConfig({ PONTE_DATA_DIR: dataDir, PONTE_PORT: '0', PONTE_HOST: '127.0.0.1', PONTE_SANDBOX_PRODUCTS: '400', PONTE_LOG_LEVEL: 'warn' }),
  { quiet: true },
);
try {
  const ctx = systemContext(server.runtime);
  await createOperator(
    { ...ctx, clock: { nowMs: () => Date.now() } },
    { login: 'admin', name: 'Admin', role: 'admin', password: PASSWORD },
  );
  const admin = async (path: string, body: unknown) =>
    ok(
      fetch(new URL(path, server.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${server.runtime.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((response) => response.json() as Promise<{ code: number; msg: string; data: unknown }>),
    );
  for (let tries = 0; tries < 120; tries++) {
    const health = (await (await fetch(new URL('/health', server.url))).json()) as { data?: { status?: string } };
    if (health.data?.status === 'ready') break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const made = (await admin('/admin/developers/create', { name: 'Bangkok Agent Shop' })) as {
    developerId: string;
    userId: string;
    accessKey: string;
    secretKey: string;
  };
  await admin('/admin/wallets/topup', { developerId: made.developerId, amountFen: 5_000_000, note: 'opening balance' });
  const client = createClient({
    baseUrl: server.url,
    accessKey: made.accessKey,
    accessSecret: made.secretKey,
    userId: made.userId,
    language: 'en',
  });
  await seedOrders(client, 9);
  await admin('/sandbox/clock/advance', { by: '2h' });
  const link = (await admin('/admin/developers/signin-link', { developerId: made.developerId })) as { token: string };

  mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  const operator = await (
    await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 860 }, locale: 'en' })
  ).newPage();
  await operator.goto('/console/');
  await operator.getByLabel('Login').fill('admin');
  await operator.getByLabel('Password').fill(PASSWORD);
  await operator.getByRole('button', { name: 'Sign in' }).click();
  await operator.getByText('Signed in as').waitFor();
  say('operator console:');
  for (const screen of OPERATOR_SHOTS) await shoot(operator, `/console/#/${screen}`, `operator-${screen}`);
  const phone = await (
    await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh' })
  ).newPage();
  await phone.goto('/console/');
  await phone.getByRole('combobox').selectOption('zh');
  await shoot(phone, '/console/', 'operator-login-phone-zh');
  const developer = await (
    await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 860 }, locale: 'en' })
  ).newPage();
  await developer.goto(`/console/dev/#/signin/${link.token}`);
  await developer.waitForLoadState('networkidle');
  say('developer console:');
  for (const screen of DEVELOPER_SHOTS) await shoot(developer, `/console/dev/#/${screen}`, `developer-${screen}`);
  await developer.goto('/console/dev/#/playground');
  await developer.getByLabel('Filter operations').fill('wallet/balance');
  await developer.getByRole('button', { name: 'GET /v2/open/wallet/balance', exact: true }).click();
  await developer.getByLabel('Access key').fill(made.accessKey);
  await developer.getByLabel('Secret key').fill(made.secretKey);
  await developer.getByLabel('User id').fill(made.userId);
  await developer.getByRole('button', { name: 'Send' }).click();
  await developer.getByRole('region', { name: 'Answer', exact: true }).locator('pre').filter({ hasText: '"requestId"' }).waitFor();
  await developer.screenshot({ path: join(OUT, 'developer-playground.png'), fullPage: true });
  say('  developer-playground.png');
  await browser.close();
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
