import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { authenticate, type GatewaySettings } from '../auth/gateway.ts';
import { roleAllows, rowsVisibleTo } from '../auth/roles.ts';
import type { Ctx, SystemCtx } from '../context.ts';
import { safeEqual } from '../crypto.ts';
import { fail, pickLanguage, type Failure, type Language } from '../errors.ts';
import { sendEnvelope, sendFailure, setRateHeaders } from './envelope.ts';
import { wireFailure } from './fields.ts';
import { describeOperation } from './openapi.ts';
import { envelopeSchema, type AnyRoute, type Result, type RouteServices } from './route.ts';
import { badParameterParams } from './validation.ts';
import { isMultipartRequest, readMultipart, withMultipart } from './multipart.ts';

export interface HttpDeps {
  system: () => SystemCtx;
  gateway: GatewaySettings;
  /** Check every answer against its schema (tests turn this on; a mismatch is a bug → 500). */
  validateResponses: boolean;
  /** Operator token for admin routes (Authorization: Bearer …). */
  adminToken: string;
  /** Handed to every route handler as `input.services`. */
  services: RouteServices;
}

function adminAuthorized(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization ?? '';
  return header.startsWith('Bearer ') && safeEqual(header.slice(7).trim(), token);
}

export function requestLanguage(request: FastifyRequest): Language {
  const query = request.query as Record<string, unknown> | undefined;
  const body = request.body as Record<string, unknown> | undefined;
  const fromQuery = typeof query?.language === 'string' ? query.language : undefined;
  const fromBody = body && typeof body === 'object' && typeof body.language === 'string' ? body.language : undefined;
  return pickLanguage(fromQuery, fromBody, request.headers['accept-language']);
}

function parse(schema: z.ZodType | undefined, value: unknown, language: Language, where: string): { ok: true; value: unknown } | Failure {
  if (!schema) return { ok: true, value: undefined };
  const input = value ?? (where === 'query' ? {} : value);
  const result = schema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : fail('BAD_PARAMETER', badParameterParams(result.error, language, where, input));
}

/** The query a GET route reads; a GET route served as POST reads its parameters from the body too. */
function queryInput(route: AnyRoute, request: FastifyRequest): unknown {
  if (request.method === route.method) return request.query;
  const body = request.body !== null && typeof request.body === 'object' && !Array.isArray(request.body) ? request.body : {};
  return { ...(request.query as object | undefined), ...body };
}

async function runRoute(deps: HttpDeps, route: AnyRoute, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const language = requestLanguage(request);
  const system = { ...deps.system(), requestId: request.id };
  let ctx: Ctx | (SystemCtx & { language: Language }) = { ...system, language };
  let developerId = '';
  if (route.auth === 'admin' && !adminAuthorized(request, deps.adminToken)) {
    return sendFailure(request, reply, fail('ADMIN_TOKEN_INVALID'), language, '');
  }
  if (route.auth === 'signed') {
    const auth = await authenticate(system, deps.gateway, request.headers, request.rawBody, {
      routePath: request.routeOptions.url ?? '',
      url: request.url,
    });
    if ('rate' in auth && auth.rate) setRateHeaders(reply, auth.rate);
    if (!auth.ok) return sendFailure(request, reply, auth, language, auth.developerId ?? '');
    developerId = auth.caller.developerId;
    request.developerId = developerId;
    if (!roleAllows(auth.user.role, route.action)) {
      return sendFailure(request, reply, fail('NO_PERMISSION', { role: auth.user.role, action: route.action }), language, developerId);
    }
    ctx = {
      ...system,
      language,
      developerId: auth.caller.developerId,
      userId: auth.user.userId,
      rowsVisible: rowsVisibleTo(auth.user.role),
      role: auth.user.role,
    };
  }
  const query = parse(route.query, queryInput(route, request), language, 'query');
  if (!query.ok) return sendFailure(request, reply, query, language, developerId);
  const form = route.multipart && isMultipartRequest(request) ? await readMultipart(request, route.multipart, language) : null;
  if (form && !form.ok) return sendFailure(request, reply, form, language, developerId);
  const body = parse(route.body, form ? form.fields : request.body, language, 'body');
  if (!body.ok) return sendFailure(request, reply, body, language, developerId);
  const params = parse(route.params, request.params, language, 'path');
  if (!params.ok) return sendFailure(request, reply, params, language, developerId);
  const result: Result<unknown> = await route.handler(ctx as Ctx, {
    query: query.value,
    body: body.value,
    params: params.value,
    headers: request.headers,
    services: deps.services,
    file: form?.file,
  });
  if (!result.ok) return sendFailure(request, reply, wireFailure(route.fields, result), language, developerId);
  const data = deps.validateResponses ? route.data.parse(result.data) : result.data;
  return sendEnvelope(request, reply, { code: 200, msg: 'SUCCESS', data, developerId, language });
}

/** A `{name}` segment of a declared path. */
const PATH_PARAMETER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/**
 * Routes declare path parameters the way OpenAPI writes them (`/refund/cancel/{refundId}`), so the
 * declared path is the documented one; Fastify's router wants `:refundId`. A `{name}` without a
 * member of `params` (or the reverse) is a declaration bug, refused at boot.
 */
function fastifyUrl(route: AnyRoute, path: string): string {
  const names = [...path.matchAll(PATH_PARAMETER)].map((m) => m[1]!);
  const declared = route.params && 'shape' in route.params ? Object.keys(route.params.shape as object) : [];
  if (names.toSorted().join() !== declared.toSorted().join()) {
    throw new Error(`${route.operationId}: path ${path} has parameters [${names}] but params declares [${declared}]`);
  }
  return path.replace(PATH_PARAMETER, ':$1');
}

export function registerRoute(app: FastifyInstance, deps: HttpDeps, route: AnyRoute): void {
  if (route.multipart) withMultipart(app, route.multipart, (scope) => registerPaths(scope, deps, route));
  else registerPaths(app, deps, route);
}

function registerPaths(app: FastifyInstance, deps: HttpDeps, route: AnyRoute): void {
  const paths = [route.path, ...(route.aliases ?? [])];
  for (const [index, path] of paths.entries()) {
    const aliases = index === 0 ? paths.slice(1) : null;
    const url = fastifyUrl(route, path);
    app.route({
      method: route.method,
      url,
      schema: {
        ...describeOperation(route, aliases),
        ...(route.params ? { params: route.params } : {}),
        ...(route.query ? { querystring: route.query } : {}),
        ...(route.body ? { body: route.body } : {}),
        ...(route.multipart ? { consumes: ['application/json', 'multipart/form-data'] } : {}),
        response: { 200: envelopeSchema(route.data) },
      },
      handler: (request, reply) => runRoute(deps, route, request, reply),
    });
    if (!route.alsoPost) continue;
    const described = describeOperation(route, aliases);
    app.route({
      method: 'POST',
      url,
      schema: {
        ...described,
        ...('operationId' in described
          ? {
              operationId: `${described.operationId}Post`,
              description: [
                `The same as GET ${route.path}, as POST: parameters in the JSON body (or the query string).`,
                '',
                described.description,
              ].join('\n'),
            }
          : {}),
        ...(route.params ? { params: route.params } : {}),
        ...(route.query ? { body: route.query } : {}),
        response: { 200: envelopeSchema(route.data) },
      },
      handler: (request, reply) => runRoute(deps, route, request, reply),
    });
  }
}
