import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import { z } from 'zod';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { defineRoute, ok, registerRoute, type HttpDeps } from '../src/platform/http/index.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

/**
 * Path parameters: a route declares `{name}` segments and a `params` schema; they are validated
 * like query and body (the error names the field), reach the handler as `input.params`, and are
 * documented in /openapi.json as `in: path` parameters of the `{name}` path.
 */
const echo = defineRoute({
  method: 'GET',
  path: '/test/echo/{itemId}/part/{partNo}',
  aliases: ['/test/v1/echo/{itemId}/part/{partNo}'],
  operationId: 'testEchoPath',
  summary: 'echoes its path parameters',
  tags: ['Test'],
  action: 'read',
  params: z.object({
    itemId: z
      .string()
      .regex(/^\d{1,19}$/)
      .describe('a numeric id'),
    partNo: z.coerce.number().int().min(1).max(99),
  }),
  query: z.object({ note: z.string().max(10).optional() }),
  data: z.object({ itemId: z.string(), partNo: z.number().int(), note: z.string().nullable() }),
  errors: [],
  handler: async (_ctx, { params, query }) => ok({ itemId: params.itemId, partNo: params.partNo, note: query.note ?? null }),
});

const EN = { headers: { 'accept-language': 'en' } };
let h: Harness;
let dev: CreatedDeveloper;
before(async () => {
  h = await createHarness({}, { extraRoutes: [echo] });
  dev = await h.developer();
});
after(() => h.close());

describe('path parameters', () => {
  test('reach the handler validated and coerced, on the primary path and its alias', async () => {
    for (const base of ['/test/echo', '/test/v1/echo']) {
      const answer = await h.call(dev, 'GET', `${base}/12345/part/7?note=hi`);
      assert.equal(answer.code, 200, answer.msg);
      assert.deepEqual(answer.data, { itemId: '12345', partNo: 7, note: 'hi' });
    }
  });

  test('a bad value answers 400 naming the parameter', async () => {
    const badId = await h.call(dev, 'GET', '/test/echo/12a45/part/7', undefined, EN);
    assert.equal(badId.code, 400);
    assert.match(badId.msg, /^bad parameter: itemId /);
    const badPart = await h.call(dev, 'GET', '/test/echo/12345/part/100', undefined, EN);
    assert.equal(badPart.code, 400);
    assert.match(badPart.msg, /^bad parameter: partNo /);
  });

  test('a missing segment is a path the app does not serve', async () => {
    const answer = await h.call(dev, 'GET', '/test/echo/12345/part/', undefined, EN);
    assert.notEqual(answer.code, 200);
  });

  test('/openapi.json documents `{name}` paths with in: path parameters (alias hidden)', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const op = doc.paths['/test/echo/{itemId}/part/{partNo}']?.get;
    assert.ok(
      op,
      Object.keys(doc.paths)
        .filter((p: string) => p.startsWith('/test'))
        .join(', '),
    );
    assert.equal(op.operationId, 'testEchoPath');
    const inPath = op.parameters.filter((p: { in: string }) => p.in === 'path');
    assert.deepEqual(inPath.map((p: { name: string; required: boolean }) => [p.name, p.required]).toSorted(), [
      ['itemId', true],
      ['partNo', true],
    ]);
    assert.equal(inPath.find((p: { name: string }) => p.name === 'itemId').schema.pattern, '^\\d{1,19}$');
    assert.ok(op.parameters.some((p: { in: string; name: string }) => p.in === 'query' && p.name === 'note'));
    assert.equal(doc.paths['/test/v1/echo/{itemId}/part/{partNo}'], undefined);
  });

  test('a path whose `{name}` segments and params schema disagree is refused at registration', () => {
    const broken = { ...echo, operationId: 'testBroken', path: '/test/broken/{other}', aliases: [] };
    // The check runs before the route touches its dependencies, so none are needed here.
    assert.throws(() => registerRoute(Fastify(), {} as HttpDeps, broken), /testBroken: path \/test\/broken\/\{other\}/);
  });
});
