import { z } from 'zod';
import { definePublicRoute, ok } from '../../platform/http/index.ts';

export interface HealthState {
  startedAtMs: number;
  version: string;
  /** Extra readiness facts contributed by long-running start-up work (e.g. catalog build). */
  components: () => Record<string, { ready: boolean; detail?: string; progress?: number }>;
}

export function healthRoute(state: HealthState) {
  return definePublicRoute({
    method: 'GET',
    path: '/health',
    operationId: 'health',
    summary: 'Liveness and readiness',
    tags: ['System'],
    data: z.object({
      status: z.enum(['ready', 'starting']),
      version: z.string(),
      database: z.enum(['sqlite', 'postgres']),
      uptimeSeconds: z.number(),
      components: z.record(z.string(), z.object({ ready: z.boolean(), detail: z.string().optional(), progress: z.number().optional() })),
    }),
    errors: [],
    handler: async (ctx) => {
      const components = state.components();
      const ready = Object.values(components).every((c) => c.ready);
      return ok({
        status: ready ? ('ready' as const) : ('starting' as const),
        version: state.version,
        database: ctx.dialect,
        uptimeSeconds: Math.round((Date.now() - state.startedAtMs) / 1000),
        components,
      });
    },
  });
}
