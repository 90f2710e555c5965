import type { SystemCtx } from '../../platform/context.ts';
import type { ConsoleGate } from '../../platform/http/index.ts';
import { recordAudit } from './audit.ts';
import { resumeSession } from './sessions.ts';

/**
 * What the HTTP layer needs of this module to admit console sessions on admin routes and to
 * audit them. `securityCtx` gives a context on the wall clock (sessions and audit times are real
 * time, not the sandbox's business time).
 */
export function consoleGate(securityCtx: () => SystemCtx, secureCookies: boolean): ConsoleGate {
  return {
    secureCookies,
    async resume(token) {
      const session = await resumeSession(securityCtx(), token);
      if (!session) return null;
      return { kind: 'operator', ...session.operator, tokenHash: session.tokenHash, csrfToken: session.csrfToken };
    },
    audit: (entry) => recordAudit(securityCtx(), entry),
  };
}
