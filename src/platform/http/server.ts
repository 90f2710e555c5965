import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import scalar, { type ApiReferenceConfiguration } from '@scalar/fastify-api-reference';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { fail, pickLanguage } from '../errors.ts';
import { clientErrorHandler } from './client-error.ts';
import { sendFailure } from './envelope.ts';
import { errorTableMarkdown, SECURITY_SCHEMES, SIGNED_SCHEMES, signingGuideMarkdown } from './openapi.ts';
import { requestLanguage } from './register.ts';
import { methodRule, namedRule, nulField } from './validation.ts';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
    developerId?: string;
    ponteCode?: number;
  }
}

export interface ServerOptions {
  logger: Logger;
  bodyLimitBytes: number;
  version: string;
  /** Extra top-level OpenAPI members (e.g. `webhooks`), merged into /openapi.json. */
  openapiExtras?: () => Record<string, unknown>;
  /** Peers whose X-Forwarded-For names the client (request.ip); from any other peer the header is ignored. */
  trustedProxies?: readonly string[];
}

const INVALID_JSON = 'PONTE_INVALID_JSON';

/**
 * The reference runs offline on the operator's machine: no hosted Scalar services (AI agent, MCP
 * generation, the developer toolbar's Deploy/Share/Configure, telemetry), and the authentication
 * panel opens on the signature headers, whose description explains the signing.
 */
export const DOCS_CONFIGURATION: Partial<ApiReferenceConfiguration> = {
  url: '/openapi.json',
  pageTitle: 'Ponte API reference',
  title: 'Ponte API reference',
  metaData: { title: 'Ponte API reference' },
  withDefaultFonts: false,
  agent: { disabled: true },
  mcp: { disabled: true },
  showDeveloperTools: 'never',
  telemetry: false,
  authentication: { preferredSecurityScheme: [[...SIGNED_SCHEMES]] },
};

/**
 * The Fastify instance with everything every route shares: raw-body JSON parsing (signatures
 * need the exact bytes), the envelope for framework errors and unknown routes, one log line per
 * request, and the OpenAPI document + offline API reference.
 */
export async function createHttpServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as unknown as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimitBytes,
    genReqId: () => randomUUID().replaceAll('-', ''),
    routerOptions: { ignoreTrailingSlash: true },
    clientErrorHandler: clientErrorHandler(options.logger),
    frameworkErrors: routerRefusal,
    // An empty list trusts nobody: request.ip stays the socket's peer.
    trustProxy: [...(options.trustedProxies ?? [])],
  });
  // Validation happens in register.ts (to answer in the envelope, localized); the schemas attached
  // to routes serve the OpenAPI document, so Fastify's own compilers are pass-throughs.
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    request.rawBody = raw;
    if (raw.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(raw.toString('utf8')));
    } catch {
      done(Object.assign(new Error('request body is not valid JSON'), { code: INVALID_JSON, statusCode: 400 }), undefined);
    }
  });
  registerErrorHandling(app, options.bodyLimitBytes);
  registerNulGuard(app);
  registerRequestLog(app);
  closeConnectionsWhenClosing(app);
  await registerDocs(app, options);
  return app;
}

/**
 * The router's own refusals, before any route or hook runs: a path parameter longer than the
 * router takes (find-my-way's maxParamLength, 100) or a path that is not valid percent-encoding.
 * Fastify would answer them outside the envelope (414 / 400 with its own body); they get the envelope.
 */
function routerRefusal(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const language = pickLanguage(request.headers['accept-language']);
  const rule = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'has a segment longer than 100 characters' : 'is not a valid URL';
  sendFailure(request, reply, fail('BAD_PARAMETER', { field: 'path', rule }), language, '');
}

function registerErrorHandling(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const language = requestLanguage(request);
    const developerId = request.developerId ?? '';
    if (error.code === INVALID_JSON)
      return sendFailure(
        request,
        reply,
        fail('BAD_PARAMETER', { field: 'body', rule: namedRule('json', language) }),
        language,
        developerId,
      );
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return sendFailure(request, reply, fail('PAYLOAD_TOO_LARGE', { limit: bodyLimit }), language, developerId);
    if (
      error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
      error.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' ||
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
    ) {
      return sendFailure(
        request,
        reply,
        fail('BAD_PARAMETER', { field: 'content-type', rule: 'must be application/json' }),
        language,
        developerId,
      );
    }
    request.log.error({ err: error, requestId: request.id }, 'unhandled error');
    return sendFailure(request, reply, fail('INTERNAL'), language, developerId);
  });
  const served = servedMethods(app);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const language = requestLanguage(request);
    const methods = served(path).filter((m) => m !== request.method);
    if (methods.length > 0)
      return sendFailure(
        request,
        reply,
        fail('BAD_PARAMETER', { field: 'method', rule: methodRule(request.method, methods, language) }),
        language,
        '',
      );
    return sendFailure(request, reply, fail('NOT_FOUND', { what: `${request.method} ${path}` }), language, '');
  });
}

/**
 * The methods every registered path is served with, so a request with the wrong method hears
 * which one the route takes instead of "not found". `:name` segments match any one segment.
 */
function servedMethods(app: FastifyInstance): (path: string) => string[] {
  const routes: { pattern: RegExp; method: string }[] = [];
  app.addHook('onRoute', (route) => {
    const escaped = route.url
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    const pattern = new RegExp(`^${escaped}/?$`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ pattern, method });
  });
  return (path) => [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))].sort();
}

/**
 * U+0000 in any header, parameter, query or body string is refused before any route reads it
 * (before authentication too: the nonce and key headers reach the database).
 */
function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request, reply) => {
    const field = nulField(request);
    if (field === null) return;
    const language = requestLanguage(request);
    sendFailure(request, reply, fail('BAD_PARAMETER', { field, rule: namedRule('nul', language) }), language, '');
    return reply;
  });
}

/** Load balancers, orchestrators, start scripts and Prometheus poll these every few seconds; those lines would bury the rest. */
const QUIET_ROUTES = new Set(['/health', '/livez', '/readyz', '/metrics']);

function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', (request: FastifyRequest, reply, done) => {
    const route = request.routeOptions.url ?? request.url;
    const level = QUIET_ROUTES.has(route) ? 'debug' : 'info';
    request.log[level](
      {
        requestId: request.id,
        developerId: request.developerId ?? null,
        method: request.method,
        route,
        code: request.ponteCode ?? null,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request',
    );
    done();
  });
}

/**
 * close() ends idle keep-alive connections at once, but one busy at that moment would stay open
 * for the keep-alive timeout after its answer, and close() waits for it: answers sent while
 * closing tell the client to close instead.
 */
function closeConnectionsWhenClosing(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
}

async function registerDocs(app: FastifyInstance, options: ServerOptions): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Ponte — PandaPon OpenAPI',
        version: options.version,
        description: [
          'Taobao and 1688 sourcing for overseas buyers, served by Ponte.',
          '',
          '## Signing requests',
          signingGuideMarkdown(),
          '',
          '## Error codes',
          'Every answer is HTTP 200 with `{requestId, code, developId, msg, data}`.',
          '',
          errorTableMarkdown(),
        ].join('\n'),
      },
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    transform: jsonSchemaTransform,
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => ({ ...app.swagger(), ...(options.openapiExtras?.() ?? {}) }));
  await app.register(scalar, { routePrefix: '/docs', logLevel: 'silent', configuration: DOCS_CONFIGURATION });
}
