/** Operator controls of the sandbox: its clock, which drives the simulated sellers. */
import { z } from 'zod';
import { defineAdminRoute, ok, type RouteServices } from '../../platform/http/index.ts';
import { fail } from '../../platform/errors.ts';
import { parseDuration } from '../../platform/duration.ts';
import type { SandboxClock } from '../../sources/sandbox/clock.ts';
import { advanceSandbox } from '../../modules/fulfilment/index.ts';

const ClockView = z.object({ nowMs: z.number().int(), offsetMs: z.number().int(), now: z.string().describe('ISO 8601, UTC') });

/** The app registers these routes only where business time is a sandbox clock; anywhere else reaching one is a bug. */
function sandboxClockOf(services: RouteServices): SandboxClock {
  if (!services.sandboxClock) throw new Error('sandbox route registered without a sandbox clock');
  return services.sandboxClock;
}

function view(clock: SandboxClock): z.input<typeof ClockView> {
  return { nowMs: clock.nowMs(), offsetMs: clock.offset, now: new Date(clock.nowMs()).toISOString() };
}

const read = defineAdminRoute({
  method: 'GET',
  path: '/sandbox/clock',
  operationId: 'sandboxClockGet',
  summary: 'Read the sandbox clock',
  tags: ['Sandbox'],
  roles: ['admin'],
  data: ClockView,
  errors: [],
  handler: async (ctx, { services }) => {
    const clock = sandboxClockOf(services);
    await clock.load(ctx);
    return ok(view(clock));
  },
});

const advance = defineAdminRoute({
  method: 'POST',
  path: '/sandbox/clock/advance',
  operationId: 'sandboxClockAdvance',
  summary: 'Advance the sandbox clock and run everything due',
  description: [
    'Moves business time forward (`by`: e.g. `30m`, `2h`, `1d`) and runs every simulated seller action that became due:',
    'price changes, stock-outs (line refunds), shipping, tracking events, arrival at the warehouse, sellers answering refund applications and the refund timers.',
    '`planned`/`ran` count the order phases planned and seller actions run since the clock moved,',
    "by any process (the server's own scheduler, other nodes); `refundActions` the after-sales moves made since",
    '(sellers answering refund applications, refund timers expiring, stock-out line refunds).',
  ].join(' '),
  tags: ['Sandbox'],
  roles: ['admin'],
  body: z.object({ by: z.string().max(16) }),
  data: ClockView.extend({ planned: z.number().int(), ran: z.number().int(), refundActions: z.number().int() }),
  errors: [],
  handler: async (ctx, { body, services }) => {
    let ms: number;
    try {
      ms = parseDuration(body.by);
    } catch {
      return fail('BAD_PARAMETER', { field: 'by', rule: 'a duration such as 30m, 2h or 1d' });
    }
    const clock = sandboxClockOf(services);
    const done = await advanceSandbox(ctx, clock, services.source, ms, services.warehouseFloor);
    return ok({ ...view(clock), planned: done.planned, ran: done.ran, refundActions: done.refundActions });
  },
});

/** Operator controls of the sandbox: its clock, which drives the simulated sellers. */
export const sandboxRoutes = [read, advance] as const;
