import { z } from 'zod';
import { definePublicRoute, ok } from '../../platform/http/index.ts';
import { withinMs } from '../../platform/duration.ts';
import { fail } from '../../platform/errors.ts';

/**
 * Liveness and readiness for orchestrators and load balancers, apart from /health (which reports
 * start-up progress for people and start scripts). Both are probes: the HTTP status is the answer.
 */
export const livezRoute = definePublicRoute({
  method: 'GET',
  path: '/livez',
  operationId: 'livez',
  summary: 'Liveness: the process answers',
  description: 'Reads nothing, the database included: a restart cannot fix a database that is down.',
  tags: ['System'],
  probe: true,
  data: z.object({ status: z.literal('live') }),
  errors: [],
  handler: async () => ok({ status: 'live' as const }),
});

/** How long readiness waits for the database before calling it unreachable. */
const READINESS_BOUND_MS = 2000;

export const readyzRoute = definePublicRoute({
  method: 'GET',
  path: '/readyz',
  operationId: 'readyz',
  summary: 'Readiness: the database answers and every migration is applied',
  description: 'HTTP 200 when ready; HTTP 503 with code 503 (NOT_READY) and the reason otherwise.',
  tags: ['System'],
  probe: true,
  data: z.object({ status: z.literal('ready') }),
  errors: ['NOT_READY'],
  handler: async (_ctx, { services: { health } }) => {
    let pending: string[];
    try {
      pending = await withinMs(READINESS_BOUND_MS, health.pendingMigrations());
    } catch (error) {
      return fail('NOT_READY', { reason: `database unreachable (${error instanceof Error ? error.message : String(error)})` });
    }
    if (pending.length > 0) return fail('NOT_READY', { reason: `migrations not applied: ${pending.join(', ')}` });
    return ok({ status: 'ready' as const });
  },
});
