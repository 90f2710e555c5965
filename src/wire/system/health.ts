import { z } from 'zod';
import { definePublicRoute, ok } from '../../platform/http/index.ts';

/** What this app instance reports about itself; buildApp supplies it as `services.health`. */
export interface HealthState {
  startedAtMs: number;
  version: string;
  /** Extra readiness facts contributed by long-running start-up work (e.g. catalog build). */
  components: () => Record<string, { ready: boolean; detail?: string; progress?: number }>;
  /** The migrations the database lacks, for /readyz; rejects when the database does not answer. */
  pendingMigrations: () => Promise<string[]>;
}

export const healthRoute = definePublicRoute({
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
  handler: async (ctx, { services: { health } }) => {
    const components = health.components();
    const ready = Object.values(components).every((c) => c.ready);
    return ok({
      status: ready ? ('ready' as const) : ('starting' as const),
      version: health.version,
      database: ctx.dialect,
      uptimeSeconds: Math.round((Date.now() - health.startedAtMs) / 1000),
      components,
    });
  },
});
