import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ERROR_TABLE } from '../src/platform/errors.ts';
import { shippingFeeFen, shippingRuleText } from '../src/modules/orders/index.ts';
import { expectedShipping } from './helpers/pricing.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

test('/openapi.json is OpenAPI 3.1 generated from the zod schemas', async () => {
  const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  assert.equal(doc.openapi, '3.1.0');
  const op = doc.paths['/v2/open/address/addOrUpdate'].post;
  assert.equal(op.operationId, 'addressAddOrUpdate');
  const body = op.requestBody.content['application/json'].schema;
  assert.deepEqual(body.required.sort(), ['address', 'city', 'district', 'name', 'phone', 'province']);
  assert.equal(body.properties.address.maxLength, 200);
  const envelope = op.responses['200'].content['application/json'].schema;
  assert.deepEqual(Object.keys(envelope.properties), ['requestId', 'code', 'developId', 'msg', 'data']);
  assert.ok(doc.paths['/v2/open/address/list'].get, 'list documented');
  assert.equal(doc.paths['/open/address/addOrUpdate'], undefined, 'v1 aliases are listed in the description, not duplicated');
  assert.match(op.description, /Also served at: `\/open\/address\/addOrUpdate`/);
});

test('each signed operation documents the signature headers and its error codes', async () => {
  const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), [
    'accessKey',
    'adminToken',
    'consoleSession',
    'csrfToken',
    'developerSession',
    'nonceStr',
    'signature',
    'timestamp',
    'userId',
  ]);
  for (const [path, methods] of Object.entries<Record<string, { security: unknown[]; description: string }>>(doc.paths)) {
    for (const op of Object.values(methods)) {
      if (path === '/health' || path === '/livez' || path === '/readyz') {
        assert.deepEqual(op.security, [], path);
        continue;
      }
      if (path === '/console/api/login' || path === '/console/dev/api/signin') {
        assert.deepEqual(op.security, [], path);
        continue;
      }
      if (path.startsWith('/console/dev/api/')) {
        assert.deepEqual(op.security, [{ developerSession: [], csrfToken: [] }], path);
        for (const code of [4003, 4012]) assert.match(op.description, new RegExp(`\\| ${code} \\|`), `${path} lists ${code}`);
        continue;
      }
      if (path.startsWith('/admin/') || path.startsWith('/sandbox/') || path.startsWith('/console/api/') || path === '/metrics') {
        assert.deepEqual(op.security, [{ adminToken: [] }, { consoleSession: [], csrfToken: [] }], path);
        assert.match(op.description, /of an operator with role `/, path);
        continue;
      }
      // The signature headers, or a developer console session (docs/decisions/019).
      assert.deepEqual(
        op.security,
        [
          { accessKey: [], timestamp: [], nonceStr: [], userId: [], signature: [] },
          { developerSession: [], csrfToken: [] },
        ],
        path,
      );
      for (const code of [401, 402, 403, 405, 406, 429, 500, 4003, 4012])
        assert.match(op.description, new RegExp(`\\| ${code} \\|`), `${path} lists ${code}`);
    }
  }
  for (const entry of Object.values(ERROR_TABLE)) assert.match(doc.info.description, new RegExp(`\\| ${entry.code} \\|`));
});

test('/openapi.json documents the callback messages in its webhooks section', async () => {
  const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  const names = Object.keys(doc.webhooks ?? {});
  assert.ok(
    names.some((n) => n.includes('TAOBAO_ORDER_BUYER_VIEW_BUYER_STATUS')),
    names.join(', '),
  );
  assert.ok(names.length >= 6, `${names.length} message types`);
});

test('/docs renders from local assets only (works offline)', async () => {
  const page = await h.app.inject({ method: 'GET', url: '/docs/' });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<html/i);
  const external = [...page.body.matchAll(/(?:src|href)="(https?:\/\/[^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(external, [], 'no external scripts, styles or fonts');
  const scripts = [...page.body.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
  assert.ok(scripts.length > 0);
  for (const src of scripts) {
    const asset = await h.app.inject({ method: 'GET', url: src.startsWith('/') ? src : `/docs/${src.replace(/^\.\//, '')}` });
    assert.equal(asset.statusCode, 200, src);
  }
});

test('/health answers in the envelope without a signature', async () => {
  const health = (await h.app.inject({ method: 'GET', url: '/health' })).json();
  assert.equal(health.code, 200);
  assert.equal(health.data.status, 'ready');
  assert.equal(health.data.database, process.env.PONTE_TEST_DB === 'postgres' ? 'postgres' : 'sqlite');
});

/** Every string in the document that quotes a yuan amount, with where it is. */
function yuanTexts(node: unknown, where: string, out: { where: string; text: string }[] = []): { where: string; text: string }[] {
  if (typeof node === 'string') {
    if (/¥\d/.test(node)) out.push({ where, text: node });
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) yuanTexts(value, `${where}/${key}`, out);
  }
  return out;
}

/** The fee a rule text states, read back from the words (so the test checks the text, not the code). */
function feeStated(text: string, goodsFen: number, grams: number): number {
  const fen = (yuan: string) => Math.round(Number(yuan) * 100);
  const [, first, extra] = /¥(\d+\.\d\d) for the first kg \+ ¥(\d+\.\d\d) per further started kg/.exec(text) ?? [];
  assert.ok(first && extra, text);
  const free = /free from ¥(\d+\.\d\d) of goods/.exec(text)?.[1];
  if (free !== undefined && goodsFen >= fen(free)) return 0;
  return fen(first) + fen(extra) * (Math.max(1, Math.ceil(grams / 1000)) - 1);
}

test('shipping-rule descriptions in /openapi.json are the rule itself, and the rule is what is charged', async () => {
  const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  const quoted = yuanTexts(doc.paths, 'paths');
  const expected: Record<string, 'taobao' | '1688'> = {
    '/v2/taobao/cart/preview/order': 'taobao',
    '/v2/alibaba/cart/preview/order': '1688',
    '/v2/alibaba/order/create/preview': '1688',
    '/v2/alibaba/order/batch/preview': '1688',
  };
  for (const [path, _platform] of Object.entries(expected)) {
    assert.ok(
      quoted.some((q) => q.where.startsWith(`paths/${path}/`)),
      `${path} quotes its shipping rule`,
    );
  }
  for (const q of quoted) {
    const platform = Object.entries(expected).find(([path]) => q.where.startsWith(`paths/${path}/`))?.[1];
    assert.ok(platform, `${q.where} quotes a yuan amount outside the shipping rule: ${q.text}`);
    assert.ok(q.text.includes(shippingRuleText(platform)), `${q.where}: ${q.text}`);
  }
  for (const platform of ['taobao', '1688'] as const) {
    const text = shippingRuleText(platform);
    for (const goodsFen of [0, 5_000, 9_899, 9_900, 50_000]) {
      for (const grams of [0, 999, 1_000, 1_001, 4_500]) {
        const charged = shippingFeeFen(platform, goodsFen, grams);
        assert.equal(charged, expectedShipping(platform, goodsFen, grams), `${platform} charge ${goodsFen} fen, ${grams} g`);
        assert.equal(feeStated(text, goodsFen, grams), charged, `${platform} text "${text}" at ${goodsFen} fen, ${grams} g`);
      }
    }
  }
});

test('/health polls are logged at debug, other requests at info', async () => {
  const lines: string[] = [];
  const { createLogger } = await import('../src/platform/logger.ts');
  const logger = createLogger('info', { write: (line: string) => lines.push(line) } as unknown as NodeJS.WritableStream);
  const local = await createHarness({}, { logger });
  try {
    for (let i = 0; i < 3; i++) await local.app.inject({ method: 'GET', url: '/health' });
    await local.app.inject({ method: 'GET', url: '/openapi.json' });
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    assert.deepEqual(
      requests.map((l) => l.route),
      ['/openapi.json'],
      'one info line, none for /health',
    );
    assert.equal(requests[0].level, 30);
  } finally {
    await local.close();
  }
});

test("/docs is titled as Ponte's reference and hides the hosted-service buttons", async () => {
  const page = (await h.app.inject({ method: 'GET', url: '/docs/' })).body;
  assert.match(page, /<title>Ponte API reference<\/title>/);
  const config = JSON.parse(page.match(/createApiReference\('#app', (\{[\s\S]*?\n\s*\})\)/)![1]!);
  assert.deepEqual(config.agent, { disabled: true }, 'Ask AI');
  assert.deepEqual(config.mcp, { disabled: true }, 'Generate MCP');
  assert.equal(config.showDeveloperTools, 'never', 'Deploy, Share, Configure');
  assert.equal(config.telemetry, false);
  assert.deepEqual(config.authentication.preferredSecurityScheme, [['accessKey', 'timestamp', 'nonceStr', 'userId', 'signature']]);
});

test('the authentication panel explains the signing with the README test vectors', async () => {
  const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  const schemes = doc.components.securitySchemes;
  for (const [name, header] of [
    ['accessKey', 'access-key'],
    ['timestamp', 'timestamp'],
    ['nonceStr', 'nonce-str'],
    ['userId', 'user-id'],
    ['signature', 'signature'],
  ] as const) {
    assert.deepEqual(
      { type: schemes[name].type, in: schemes[name].in, name: schemes[name].name },
      { type: 'apiKey', in: 'header', name: header },
    );
  }
  const guide: string = schemes.signature.description;
  // The signatures of README "Signing requests", computed there independently with md5sum/openssl.
  for (const signature of [
    '51670AEBF2E50CC744BF09F049D36632',
    'C4F6F4E206038B5B5B6EC27A0AD134CEEC2747E66B6701261F6C62FC4C0A8EB7',
    '0BE2F652C6F1C38B70171C191832AF11A6FB35F6A565762BFA79D546585B200C',
  ]) {
    assert.ok(guide.includes(signature), signature);
    assert.ok(doc.info.description.includes(signature), `introduction shows ${signature}`);
  }
  assert.ok(guide.includes('body-sha256=d94dc699d15d0ea6242d8430aa1162eb57ac382a16bfe1737d7c2367b3c03798'));
  assert.ok(
    guide.includes(
      'access-key=58c0201dfdf148eca63cbf6bb5e7cf03&nonce-str=a1b2c3d4e5f60718293a4b5c6d7e8f90&timestamp=1715669977082&secret=3f1b2c4d5e6f708192a3b4c5d6e7f809',
    ),
  );
});
