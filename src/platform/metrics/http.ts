import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { codeOf } from '../errors.ts';
import { identifyAdmin, type OperatorGate } from '../http/admin-gate.ts';
import { requestLanguage, type HttpDeps } from '../http/register.ts';
import { sendFailure } from '../http/envelope.ts';
import { ADMIN_SECURITY, operatorSentence } from '../http/openapi.ts';
import type { Metrics } from './registry.ts';

const RATE_LIMITED = codeOf('RATE_LIMITED');

/**
 * The route label is the declared path (`{name}` segments as the docs write them), never the
 * URL: ids in paths would make one series per id. Requests no route matched share one label.
 */
function routeLabel(request: FastifyRequest): string {
  const url = request.routeOptions.url;
  return url === undefined ? 'unmatched' : url.replace(/:([A-Za-z][A-Za-z0-9_]*)/g, '{$1}');
}

/** Counts every answer (and the rate limit's refusals) and times it; called before any route is registered. */
export function instrumentHttp(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    const route = routeLabel(request);
    const code = request.ponteCode;
    metrics.httpRequests.inc({
      route,
      method: request.method,
      status: String(reply.statusCode),
      code: code === undefined ? '' : String(code),
    });
    metrics.httpDuration.observe({ route, method: request.method }, reply.elapsedTime / 1000);
    if (code === RATE_LIMITED) metrics.rateLimited.inc({ route });
    done();
  });
}

const METRICS_GATE: OperatorGate = { operationId: 'metrics', roles: ['admin'] };

/**
 * GET /metrics, in Prometheus' text format, for the admin token (Prometheus' `authorization`
 * setting) or an admin operator's console session (docs/decisions/022-metrics.md). A scrape is
 * not written to the operator audit: it changes nothing and comes every few seconds. A refusal
 * is the envelope with HTTP 401 or 403, which Prometheus shows as the target's error.
 */
export function registerMetricsRoute(app: FastifyInstance, deps: HttpDeps, metrics: Metrics): void {
  app.route({
    method: 'GET',
    url: '/metrics',
    schema: {
      operationId: METRICS_GATE.operationId,
      summary: 'Prometheus metrics',
      tags: ['System'],
      description: [
        'The metrics of this instance in the Prometheus text format 0.0.4 (the README lists them).',
        operatorSentence(METRICS_GATE.roles),
        'A refusal is the envelope (`ADMIN_TOKEN_INVALID`, `SESSION_INVALID`: HTTP 401; `OPERATOR_FORBIDDEN`: HTTP 403).',
      ].join('\n\n'),
      security: ADMIN_SECURITY,
      produces: ['text/plain; version=0.0.4'],
      response: { 200: z.string().describe('The Prometheus text format') },
    },
    handler: async (request, reply) => {
      const identified = await identifyAdmin(deps, METRICS_GATE, request);
      if (!identified.ok) {
        const status = identified.error === 'OPERATOR_FORBIDDEN' ? 403 : 401;
        return sendFailure(request, reply, identified, requestLanguage(request), '', status);
      }
      const text = await metrics.registry.metrics();
      return reply.code(200).type(metrics.registry.contentType).send(text);
    },
  });
}
