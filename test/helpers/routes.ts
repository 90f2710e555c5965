import { SIGNED_ROUTES } from '../../src/app.ts';
import type { Action } from '../../src/platform/auth/index.ts';
import type { AnyRoute } from '../../src/platform/http/index.ts';

/** One signed operation as a client sees it: a method on a path, with its parameters in one place. */
export interface SignedOperation {
  operationId: string;
  method: 'GET' | 'POST';
  path: string;
  action: Action;
  /** Where the parameters go: the query string, the JSON body, or nowhere (the route takes none). */
  input: 'query' | 'body' | 'none';
  /** The `{name}` segments of the path: those parameters go into the path, whatever `input` says. */
  pathParams: string[];
}

/**
 * The URL path of `path` with its `{name}` segments filled from `params` (a missing one becomes
 * `0`, a well-formed segment that names no row), and the parameters left for the query or body.
 */
export function fillPath(path: string, params: Record<string, unknown>): { path: string; rest: Record<string, unknown> } {
  const rest = { ...params };
  const filled = path.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (_whole, name: string) => {
    const value = rest[name];
    delete rest[name];
    return encodeURIComponent(value === undefined ? '0' : String(value));
  });
  return { path: filled, rest };
}

/**
 * Every signed operation the app serves, read from the app's own route list, so a route is covered
 * by the suites that walk this list the day it is registered. This is the only place tests reach
 * the list.
 * A GET route also served as POST is two operations (`…Post`, parameters in the body), as in /openapi.json.
 */
export function signedOperations(): SignedOperation[] {
  const routes: readonly AnyRoute[] = SIGNED_ROUTES;
  return routes.flatMap((route) => {
    if (route.auth !== 'signed') return [];
    const own: SignedOperation = {
      operationId: route.operationId,
      method: route.method,
      path: route.path,
      action: route.action,
      input: route.body ? 'body' : route.query ? 'query' : 'none',
      pathParams: [...route.path.matchAll(/\{([A-Za-z][A-Za-z0-9_]*)\}/g)].map((m) => m[1]!),
    };
    if (!route.alsoPost) return [own];
    return [own, { ...own, operationId: `${route.operationId}Post`, method: 'POST', input: route.query ? 'body' : 'none' }];
  });
}
