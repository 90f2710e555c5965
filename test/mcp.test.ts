/**
 * The MCP server as an agent meets it, driven by the official SDK's MCP client against a real
 * server process: over stdio (`ponte mcp`, which calls the server over HTTP) and over Streamable
 * HTTP (`POST /mcp`, each request signed). A full purchase where the spends without `confirm`
 * spend nothing; a role without order.pay refused; bad arguments answered as tool errors naming
 * the field; the endpoint's own gate (unsigned, tampered, replayed); no other developer's order.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { signedHeaders, signRequest } from '../sdk/src/index.ts';
import { TOOLS } from '../src/mcp/index.ts';
import { dropPostgresSchema } from '../src/platform/db/index.ts';
import { onPostgres, testDatabaseUrl } from './helpers/db.ts';
import { type ServerProcess, startServerProcess, tempDataDir } from './helpers/process.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const ADMIN = `admin-${randomBytes(12).toString('hex')}`;
const schema = `t_${randomBytes(6).toString('hex')}`;
const ADDRESS = {
  name: 'Somchai',
  phone: '+66 81 234 5678',
  country: 'TH',
  state: 'Bangkok',
  city: 'Bangkok',
  district: 'Khlong Toei',
  address: '99 Sukhumvit Rd',
  zip: '10110',
};

interface Keys {
  developerId: string;
  userId: string;
  accessKey: string;
  secretKey: string;
}

let server: ServerProcess;
let owner: Keys;
let stranger: Keys;

async function admin<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { code: number; data: T; msg: string };
  assert.equal(answer.code, 200, `${path}: ${answer.msg}`);
  return answer.data;
}

async function developer(name: string): Promise<Keys> {
  const made = await admin<Keys>('/admin/developers/create', { name });
  await admin('/admin/wallets/topup', { developerId: made.developerId, amountFen: 100_000_000, note: 'mcp test' });
  return made;
}

async function subAccount(of: Keys, role: string): Promise<Keys> {
  const made = await admin<{ userId: string }>('/admin/developers/subaccounts/create', { developerId: of.developerId, role });
  return { ...of, userId: made.userId };
}

const credentials = (keys: Keys) => ({
  accessKey: keys.accessKey,
  accessSecret: keys.secretKey,
  userId: keys.userId,
  signType: 'HMAC-SHA256' as const,
});

async function httpClient(keys: Keys): Promise<Client> {
  const signing: typeof fetch = async (input, init) => fetch(await signRequest(new Request(input, init), credentials(keys)));
  const client = new Client({ name: 'ponte-test', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.baseUrl}/mcp`), { fetch: signing }));
  return client;
}

async function stdioClient(keys: Keys): Promise<Client> {
  const client = new Client({ name: 'ponte-test', version: '1' });
  const env = {
    PATH: process.env.PATH ?? '',
    PONTE_ACCESS_KEY: keys.accessKey,
    PONTE_ACCESS_SECRET: keys.secretKey,
    PONTE_USER_ID: keys.userId,
  };
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: ['src/cli.ts', 'mcp', '--base-url', server.baseUrl], cwd: ROOT, env }),
  );
  return client;
}

type ToolAnswer = { isError: boolean; text: string; value: Record<string, unknown> };

async function tool(client: Client, name: string, args: Record<string, unknown>): Promise<ToolAnswer> {
  const result = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: { type: string; text: string }[] };
  const text = result.content.map((part) => part.text).join('\n');
  let value: Record<string, unknown> = {};
  if (!result.isError) value = JSON.parse(text) as Record<string, unknown>;
  return { isError: result.isError === true, text, value };
}

async function ok(client: Client, name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const answer = await tool(client, name, args);
  assert.equal(answer.isError, false, `${name}: ${answer.text}`);
  return answer.value;
}

const balance = async (client: Client) => (await ok(client, 'wallet_balance', {})).balance as number;

/** A cart line of some in-stock SKU, added through the tools. */
async function cartLine(client: Client, keyword: string): Promise<string> {
  const found = (await ok(client, 'search_products', { keyword, pageSize: 5 })) as { items: { itemId: string }[]; total: number };
  assert.ok(found.total > 0 && found.items.length > 0, `no ${keyword} in the sandbox catalog`);
  const detail = (await ok(client, 'product_detail', { itemId: found.items[0]!.itemId })) as {
    skus: { skuId: string; stock: number }[];
  };
  const sku = detail.skus.find((s) => s.stock > 2)!;
  const added = await ok(client, 'cart_add', { itemId: found.items[0]!.itemId, skuId: sku.skuId, quantity: 2 });
  return String(added.id);
}

/** The purchase as an agent walks it: every spend previewed first, and the preview spends nothing. */
async function purchase(client: Client): Promise<{ orderId: string; amountFen: number }> {
  const cartId = await cartLine(client, 'dress');
  const before = await balance(client);
  const previewed = await ok(client, 'order_create', { cartIds: [cartId], address: ADDRESS });
  assert.equal(previewed.placed, false);
  const amountFen = previewed.amountFen as number;
  assert.ok(amountFen > 0);
  assert.match(String(previewed.next), new RegExp(`confirm: true and expectedAmountFen: ${amountFen}`));
  const wrongAmount = await tool(client, 'order_create', {
    cartIds: [cartId],
    address: ADDRESS,
    confirm: true,
    expectedAmountFen: amountFen + 1,
  });
  assert.equal(wrongAmount.isError, true);
  assert.match(wrongAmount.text, new RegExp(`${amountFen} fen`));
  const placed = await ok(client, 'order_create', { cartIds: [cartId], address: ADDRESS, confirm: true, expectedAmountFen: amountFen });
  assert.equal(placed.placed, true);
  const orderId = String(placed.purchaseOrderId);
  const unpaid = await ok(client, 'order_pay', { orderId });
  assert.deepEqual([unpaid.paid, unpaid.amountFen, unpaid.balanceFen], [false, amountFen, before]);
  assert.equal(await balance(client), before, 'previews charged nothing');
  const paid = await ok(client, 'order_pay', { orderId, confirm: true });
  assert.deepEqual([paid.paid, paid.payAmount], [true, amountFen]);
  assert.equal(await balance(client), before - amountFen);
  const again = await ok(client, 'order_pay', { orderId, confirm: true });
  assert.equal(again.alreadyPaid, true);
  assert.equal(await balance(client), before - amountFen, 'paying twice charges once');
  const status = (await ok(client, 'order_status', { orderId })) as { paidFen: number; lines: { subOrderId: string }[] };
  assert.equal(status.paidFen, amountFen);
  assert.equal(status.lines[0]!.subOrderId, `${orderId}-1`);
  return { orderId, amountFen };
}

before(async () => {
  server = await startServerProcess({
    ...(onPostgres ? { DATABASE_URL: testDatabaseUrl, PONTE_DB_SCHEMA: schema } : {}),
    PONTE_DATA_DIR: tempDataDir(),
    PONTE_SANDBOX_PRODUCTS: '200',
    PONTE_SANDBOX_PRICE_CHANGE_RATE: '0',
    PONTE_SANDBOX_STOCK_OUT_RATE: '0',
    PONTE_ADMIN_TOKEN: ADMIN,
    // The image search fetches the sandbox's own pictures from 127.0.0.1.
    PONTE_CALLBACK_ALLOW_PRIVATE: '1',
  });
  owner = await developer('mcp owner');
  stranger = await developer('mcp stranger');
});
after(async () => {
  await server?.stop();
  if (onPostgres) await dropPostgresSchema(testDatabaseUrl, schema);
});

test('docs/mcp.md lists every tool with its effect, and no other', () => {
  const rows = [
    ...readFileSync(new URL('../docs/mcp.md', import.meta.url), 'utf8').matchAll(/^\| `(\w+)` \|.*\| (read|write|spend) \|$/gm),
  ];
  assert.deepEqual(rows.map((m) => `${m[1]} ${m[2]}`).sort(), TOOLS.map((t) => `${t.name} ${t.effect}`).sort());
});

describe('MCP over stdio (ponte mcp)', () => {
  test('lists every tool, each description naming its units or limits', { timeout: 60_000 }, async () => {
    const client = await stdioClient(owner);
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), TOOLS.map((t) => t.name).sort());
      for (const t of tools) {
        assert.equal(t.inputSchema.type, 'object', t.name);
        // Money is named in fen wherever a tool takes or answers it; the rest name their limits.
        assert.match(`${t.description} ${JSON.stringify(t.inputSchema)}`, /\bfen\b|\d/, t.name);
      }
      const spending = tools.filter((t) => t.annotations?.destructiveHint).map((t) => t.name);
      assert.deepEqual(spending.sort(), ['order_create', 'order_pay']);
      for (const name of spending) assert.match(tools.find((t) => t.name === name)!.description!, /confirm: true/);
    } finally {
      await client.close();
    }
  });

  test('a full purchase, where order_create and order_pay without confirm spend nothing', { timeout: 120_000 }, async () => {
    const client = await stdioClient(owner);
    try {
      await purchase(client);
    } finally {
      await client.close();
    }
  });
});

describe('MCP over Streamable HTTP (POST /mcp)', () => {
  test('a full purchase, signed per request', { timeout: 120_000 }, async () => {
    const client = await httpClient(owner);
    try {
      await purchase(client);
    } finally {
      await client.close();
    }
  });

  test('a buyer may place but not pay; a viewer may not even fill the cart', { timeout: 120_000 }, async () => {
    const buyer = await httpClient(await subAccount(owner, 'buyer'));
    const viewer = await httpClient(await subAccount(owner, 'viewer'));
    try {
      const cartId = await cartLine(buyer, 'dress');
      const { amountFen } = await ok(buyer, 'order_create', { cartIds: [cartId], address: ADDRESS });
      const placed = await ok(buyer, 'order_create', { cartIds: [cartId], address: ADDRESS, confirm: true, expectedAmountFen: amountFen });
      const refused = await tool(buyer, 'order_pay', { orderId: String(placed.purchaseOrderId), confirm: true });
      assert.equal(refused.isError, true);
      assert.match(refused.text, /order\.pay|PERMISSION|FORBIDDEN/i);
      const viewed = await tool(viewer, 'cart_add', { itemId: '1', skuId: '1', quantity: 1 });
      assert.equal(viewed.isError, true);
      assert.match(viewed.text, /cart\.write|PERMISSION|FORBIDDEN/i);
    } finally {
      await buyer.close();
      await viewer.close();
    }
  });

  test('bad arguments are tool errors that name the field, and nothing is called', { timeout: 60_000 }, async () => {
    const client = await httpClient(owner);
    try {
      const cases: [string, Record<string, unknown>, RegExp][] = [
        ['search_products', { keyword: 'x'.repeat(101) }, /keyword/],
        ['search_products', { keyword: 'dress', pageSize: 500 }, /pageSize/],
        ['order_pay', { orderId: 'abc', confirm: true }, /orderId/],
        ['order_create', { cartIds: [], address: ADDRESS }, /cartIds/],
        ['landed_cost', { destination: 'thailand', items: [{ unitPriceFen: 100, quantity: 1 }] }, /destination/],
        ['cart_add', { itemId: 'x', skuId: 'y', quantity: 1.5 }, /quantity/],
      ];
      for (const [name, args, field] of cases) {
        const answer = await tool(client, name, args);
        assert.equal(answer.isError, true, `${name} ${JSON.stringify(args)}`);
        assert.match(answer.text, field, `${name}: ${answer.text}`);
      }
      const unknown = await tool(client, 'order_status', { orderId: '999999999' });
      assert.equal(unknown.isError, true);
      assert.match(unknown.text, /NOT_FOUND/);
    } finally {
      await client.close();
    }
  });

  test("another developer's order is not found through its own key", { timeout: 120_000 }, async () => {
    const mine = await httpClient(owner);
    const theirs = await httpClient(stranger);
    try {
      const cartId = await cartLine(mine, 'dress');
      const { amountFen } = await ok(mine, 'order_create', { cartIds: [cartId], address: ADDRESS });
      const placed = await ok(mine, 'order_create', { cartIds: [cartId], address: ADDRESS, confirm: true, expectedAmountFen: amountFen });
      const orderId = String(placed.purchaseOrderId);
      for (const [name, args] of [
        ['order_status', { orderId }],
        ['order_pay', { orderId, confirm: true }],
      ] as const) {
        const answer = await tool(theirs, name, args);
        assert.equal(answer.isError, true, name);
        assert.match(answer.text, /NOT_FOUND/, name);
      }
    } finally {
      await mine.close();
      await theirs.close();
    }
  });

  test('the other tools: 1688 goods, image search, freight, landed cost, after-sales, parcels', { timeout: 120_000 }, async () => {
    const client = await httpClient(owner);
    try {
      const offers = (await ok(client, 'search_products', { platform: '1688', pageSize: 3 })) as {
        items: { itemId: string; priceFen: number }[];
      };
      assert.ok(offers.items.length > 0 && offers.items.every((o) => Number.isInteger(o.priceFen)), JSON.stringify(offers));
      const offer = await ok(client, 'product_detail', { platform: '1688', itemId: offers.items[0]!.itemId });
      assert.equal(offer.offerId, offers.items[0]!.itemId);
      const goods = (await ok(client, 'search_products', { keyword: 'dress', pageSize: 1 })) as {
        items: { itemId: string; picUrl: string; priceFen: number }[];
      };
      const looksAlike = (await ok(client, 'search_by_image', { imageUrl: goods.items[0]!.picUrl, pageSize: 5 })) as {
        items: { itemId: string }[];
      };
      assert.ok(
        looksAlike.items.some((hit) => hit.itemId === goods.items[0]!.itemId),
        'a picture finds its own product',
      );
      const detail = (await ok(client, 'product_detail', { itemId: goods.items[0]!.itemId })) as { skus: { skuId: string }[] };
      const unit = {
        itemId: goods.items[0]!.itemId,
        skuId: detail.skus[0]!.skuId,
        quantity: 2,
        country: 'TH',
        unitPriceFen: goods.items[0]!.priceFen,
      };
      const freight = (await ok(client, 'freight_estimate', unit)) as { freightList?: { priceFen: number }[] };
      assert.ok(JSON.stringify(freight).includes('priceFen'), JSON.stringify(freight).slice(0, 300));
      const landed = await ok(client, 'landed_cost', {
        destination: 'TH',
        items: [{ unitPriceFen: 10_000, quantity: 2, hsChapter: '61' }],
        internationalFreightFen: 5_000,
      });
      assert.ok(JSON.stringify(landed).length > 20);

      const { orderId, amountFen } = await purchase(client);
      const subOrderId = `${orderId}-1`;
      const options = (await ok(client, 'aftersales_options', { subOrderId, refundType: 1, goodsStatus: 1 })) as {
        refundOrderTemplate: { refundReasons: { reasonId: string }[]; maxRefundFee: { refundFee: number } };
      };
      const template = options.refundOrderTemplate;
      assert.equal(template.maxRefundFee.refundFee, amountFen);
      const opened = await ok(client, 'aftersales_open', {
        subOrderId,
        refundType: 1,
        goodsStatus: 1,
        reasonId: template.refundReasons[0]!.reasonId,
        refundFeeFen: amountFen,
        description: 'ordered by mistake',
      });
      assert.match(String(opened.refundId), /^\d+$/);
      const status = await ok(client, 'aftersales_status', { refundId: String(opened.refundId) });
      assert.ok(JSON.stringify(status).includes(`"refundId":"${opened.refundId}"`), JSON.stringify(status).slice(0, 300));
      const tooMuch = await tool(client, 'aftersales_open', {
        subOrderId,
        refundType: 1,
        goodsStatus: 1,
        reasonId: template.refundReasons[0]!.reasonId,
        refundFeeFen: amountFen + 1,
      });
      assert.equal(tooMuch.isError, true);
      const parcels = (await ok(client, 'parcels', { orderId })) as { total: number; list: unknown[] };
      assert.equal(typeof parcels.total, 'number');
      const missing = await tool(client, 'parcel_detail', { parcelId: 'WP000000000' });
      assert.match(missing.text, /NOT_FOUND/);
    } finally {
      await client.close();
    }
  });

  test('the endpoint refuses unsigned, tampered and replayed requests', { timeout: 60_000 }, async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const post = (extra: Record<string, string>, payload = body) =>
      fetch(`${server.baseUrl}/mcp`, { method: 'POST', headers: { ...headers, ...extra }, body: payload });
    const unsigned = await post({});
    assert.equal(unsigned.status, 401);
    assert.equal(((await unsigned.json()) as { code: number }).code, 401);
    const signed = signedHeaders({ ...credentials(owner), body });
    const tampered = await post(signed, body.replace('tools/list', 'tools/call'));
    assert.equal(tampered.status, 401);
    assert.equal(((await tampered.json()) as { code: number }).code, 402);
    const md5 = await post(signedHeaders({ ...credentials(owner), signType: 'MD5', body }));
    assert.equal(md5.status, 401);
    assert.equal(((await md5.json()) as { code: number }).code, 408, 'MD5 does not cover the body: refused');
    const first = await post(signed);
    assert.equal(first.status, 200);
    const listed = (await first.json()) as { result: { tools: unknown[] } };
    assert.equal(listed.result.tools.length, TOOLS.length);
    const replayed = await post(signed);
    assert.equal(replayed.status, 401);
    assert.equal(((await replayed.json()) as { code: number }).code, 405);
    const get = await fetch(`${server.baseUrl}/mcp`);
    assert.equal(get.status, 405);
  });
});
