import type { SystemCtx } from '../../platform/context.ts';
import type { DeveloperGate } from '../../platform/http/index.ts';
import { resumeDevSession } from './sessions.ts';

/**
 * What the HTTP layer needs of this module to admit developer console sessions on developer
 * and signed routes. `securityCtx` gives a context on the wall clock.
 */
export function developerGate(securityCtx: () => SystemCtx): DeveloperGate {
  return {
    async resume(token) {
      const session = await resumeDevSession(securityCtx(), token);
      if (!session) return null;
      return { ...session.developer, tokenHash: session.tokenHash, csrfToken: session.csrfToken };
    },
  };
}
