import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { authenticate, type AuthFailure, type GatewaySettings } from '../auth/gateway.ts';
import { roleAllows, rowsVisibleTo } from '../auth/roles.ts';
import type { Ctx, SystemCtx } from '../context.ts';
import { codeOf, fail, pickLanguage, type Failure, type Language } from '../errors.ts';
import { type ConsoleGate, identifyAdmin } from './admin-gate.ts';
import { identifyDeveloper, sessionCaller, type DeveloperGate, type SignedCaller } from './dev-session.ts';
import { sendEnvelope, sendFailure, setRateHeaders } from './envelope.ts';
import { wireFailure } from './fields.ts';
import { describeOperation } from './openapi.ts';
import {
  envelopeSchema,
  rolesOf,
  type AdminCtx,
  type AnyRoute,
  type DeveloperCtx,
  type PublicCtx,
  type Result,
  type RouteServices,
} from './route.ts';
import { badParameterParams } from './validation.ts';
import { isMultipartRequest, readMultipart, withMultipart } from './multipart.ts';

export interface HttpDeps {
  system: () => SystemCtx;
  gateway: GatewaySettings;
  /** Check every answer against its schema (tests turn this on; a mismatch is a bug → 500). */
  validateResponses: boolean;
  /** Operator token for admin routes (Authorization: Bearer …). */
  adminToken: string;
  /** Console sessions and the audit of admin calls (the operators module, handed in by buildApp). */
  console: ConsoleGate;
  /** Developer console sessions (the devconsole module, handed in by buildApp). */
  developers: DeveloperGate;
  /** Handed to every route handler as `input.services`. */
  services: RouteServices;
}

type AdminRoute = Extract<AnyRoute, { auth: 'admin' }>;
type DeveloperRoute = Extract<AnyRoute, { auth: 'developer' }>;

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

/** A signed route's caller: a developer console session when no signature is presented, else the signature gateway. */
async function identifySigned(deps: HttpDeps, system: SystemCtx, request: FastifyRequest): Promise<SignedCaller | AuthFailure> {
  const bySession = await sessionCaller(deps.developers, deps.gateway, request);
  if (bySession) return bySession;
  const auth = await authenticate(system, deps.gateway, request.headers, request.rawBody, {
    routePath: request.routeOptions.url ?? '',
    url: request.url,
  });
  return auth.ok ? { ok: true, developerId: auth.caller.developerId, user: auth.user, rate: auth.rate } : auth;
}

async function runRoute(deps: HttpDeps, route: AnyRoute, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const language = requestLanguage(request);
  const system = { ...deps.system(), requestId: request.id };
  if (route.auth === 'admin') return runAdminRoute(deps, route, request, reply, { ...system, language });
  if (route.auth === 'developer') return runDeveloperRoute(deps, route, request, reply, { ...system, language });
  let ctx: Ctx | PublicCtx = { ...system, language };
  let developerId = '';
  if (route.auth === 'signed') {
    const auth = await identifySigned(deps, system, request);
    if ('rate' in auth && auth.rate) setRateHeaders(reply, auth.rate);
    if (!auth.ok) return sendFailure(request, reply, auth, language, auth.developerId ?? '');
    developerId = auth.developerId;
    request.developerId = developerId;
    if (!roleAllows(auth.user.role, route.action)) {
      return sendFailure(request, reply, fail('NO_PERMISSION', { role: auth.user.role, action: route.action }), language, developerId);
    }
    ctx = {
      ...system,
      language,
      developerId: auth.developerId,
      userId: auth.user.userId,
      rowsVisible: rowsVisibleTo(auth.user.role),
      role: auth.user.role,
    };
  }
  const result = await handle(deps, route, request, reply, ctx);
  sendResult(request, reply, result, language, developerId, route.auth === 'public' ? route.probe : undefined);
}

async function runDeveloperRoute(
  deps: HttpDeps,
  route: DeveloperRoute,
  request: FastifyRequest,
  reply: FastifyReply,
  base: PublicCtx,
): Promise<void> {
  const identified = await identifyDeveloper(deps.developers, request);
  if (!identified.ok) return sendFailure(request, reply, identified, base.language, '');
  const { developer, csrfToken } = identified;
  request.developerId = developer.developerId;
  const result = await handle(deps, route, request, reply, { ...base, developer, csrfToken });
  sendResult(request, reply, result, base.language, developer.developerId);
}

/**
 * An admin call is audited once its answer is known and before it is sent, in this flow: when
 * the audit row cannot be written the request answers INTERNAL (the error handler) rather than
 * succeeding unrecorded; a handler that throws is recorded as INTERNAL. A call refused before
 * anyone is identified (no token, no live session) has no actor to record.
 */
async function runAdminRoute(
  deps: HttpDeps,
  route: AdminRoute,
  request: FastifyRequest,
  reply: FastifyReply,
  base: PublicCtx,
): Promise<void> {
  const identified = await identifyAdmin(deps, { operationId: route.operationId, roles: rolesOf(route) }, request);
  const { actor } = identified;
  const audit = (code: number) =>
    actor
      ? deps.console.audit({
          actor,
          operationId: route.operationId,
          method: request.method,
          path: request.url,
          body: request.body,
          code,
          clientAddress: request.ip,
        })
      : Promise.resolve();
  let result: Result<unknown> = identified.ok ? { ok: true, data: null } : identified;
  if (identified.ok) {
    try {
      result = await handle(deps, route, request, reply, { ...base, actor: identified.actor });
    } catch (error) {
      // A bug answers 500 through the error handler; the attempt is still on record.
      await audit(codeOf('INTERNAL')).catch((auditError: unknown) => request.log.error({ err: auditError }, 'audit write failed'));
      throw error;
    }
  }
  await audit(result.ok ? 200 : codeOf(result.error));
  sendResult(request, reply, result, base.language, '');
}

/** A probe's HTTP status is its code (200 or a 5xx), for load balancers that read nothing else. */
function sendResult(
  request: FastifyRequest,
  reply: FastifyReply,
  result: Result<unknown>,
  language: Language,
  developerId: string,
  probe?: true,
): void {
  if (result.ok) sendEnvelope(request, reply, { code: 200, msg: 'SUCCESS', data: result.data, developerId, language });
  else sendFailure(request, reply, result, language, developerId, probe ? codeOf(result.error) : 200);
}

/** Validates the input, runs the handler, maps its failure's field names and checks its data. */
async function handle(
  deps: HttpDeps,
  route: AnyRoute,
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: Ctx | PublicCtx | AdminCtx | DeveloperCtx,
): Promise<Result<unknown>> {
  const { language } = ctx;
  const query = parse(route.query, queryInput(route, request), language, 'query');
  if (!query.ok) return query;
  const form = route.multipart && isMultipartRequest(request) ? await readMultipart(request, route.multipart, language) : null;
  if (form && !form.ok) return form;
  const body = parse(route.body, form ? form.fields : request.body, language, 'body');
  if (!body.ok) return body;
  const params = parse(route.params, request.params, language, 'path');
  if (!params.ok) return params;
  const result: Result<unknown> = await route.handler(ctx as Ctx & AdminCtx & DeveloperCtx, {
    query: query.value,
    body: body.value,
    params: params.value,
    headers: request.headers,
    services: deps.services,
    file: form?.file,
    client: { address: request.ip, secure: request.protocol === 'https' || deps.console.secureCookies },
    setCookie: (cookie) => void reply.header('set-cookie', cookie),
  });
  if (!result.ok) return wireFailure(route.fields, result);
  return { ok: true, data: deps.validateResponses ? route.data.parse(result.data) : result.data };
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
