/**
 * `POST /mcp`: the MCP server over Streamable HTTP, stateless (one server and transport per
 * request, JSON answers, no session id), so any node of a deployment serves any request. Each
 * POST is signed like an API request in the header form, HMAC-SHA256 only (it covers the
 * JSON-RPC body), and checked by the gateway with its replay protection and rate limit. The
 * tools then call the API in-process as that same key and user-id, each call signed again with
 * the key's current secret, so sub-account roles and scoping apply as they do to any client.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createClient } from '../../sdk/src/index.ts';
import { authenticate, type Authenticated, type GatewaySettings } from '../platform/auth/index.ts';
import { type HttpDeps, requestLanguage, sendFailure } from '../platform/http/index.ts';
import { createMcpServer } from './server.ts';
import { apiOf } from './tool.ts';

export const MCP_PATH = '/mcp';

/** A fetch that answers from this app's own routes, without a socket. */
function inProcessFetch(app: FastifyInstance): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const payload = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const answer = await app.inject({
      method: request.method as 'GET' | 'POST',
      url: `${url.pathname}${url.search}`,
      headers: Object.fromEntries(request.headers),
      ...(payload ? { payload } : {}),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined) headers.set(name, String(value));
    return new Response(answer.rawPayload, { status: answer.statusCode, headers });
  };
}

function apiFor(app: FastifyInstance, request: FastifyRequest, auth: Authenticated, version: string) {
  const client = createClient({
    baseUrl: `${request.protocol}://${request.host}`,
    accessKey: String(request.headers['access-key']),
    accessSecret: auth.caller.secrets[0] ?? '',
    userId: auth.user.userId,
    signType: 'HMAC-SHA256',
    retries: 0,
    fetch: inProcessFetch(app),
  });
  return createMcpServer(apiOf(client), version);
}

export function registerMcpRoute(app: FastifyInstance, deps: HttpDeps, version: string): void {
  // The body is the whole command (a tool call with confirm: true): only HMAC-SHA256 signs it.
  const hmacOnly: GatewaySettings = { ...deps.gateway, hmacOnly: true };
  app.route({
    method: 'POST',
    url: MCP_PATH,
    // JSON-RPC, not the envelope: docs/mcp.md documents it; the OpenAPI document lists the envelope operations.
    schema: { hide: true },
    handler: async (request, reply) => {
      const auth = await authenticate({ ...deps.system(), requestId: request.id }, hmacOnly, request.headers, request.rawBody, {
        routePath: MCP_PATH,
        url: request.url,
      });
      if (!auth.ok) {
        const status = auth.error === 'RATE_LIMITED' ? 429 : 401;
        return sendFailure(request, reply, auth, requestLanguage(request), auth.developerId ?? '', status);
      }
      const server = apiFor(app, request, auth, version);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      reply.raw.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      reply.hijack();
      await transport.handleRequest(request.raw, reply.raw, request.body);
    },
  });
  // Stateless: no stream to open and no session to end.
  for (const method of ['GET', 'DELETE'] as const) {
    app.route({
      method,
      url: MCP_PATH,
      schema: { hide: true },
      handler: async (_request, reply) =>
        reply
          .code(405)
          .header('allow', 'POST')
          .send({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: POST only (stateless)' }, id: null }),
    });
  }
}
