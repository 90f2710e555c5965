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
    };
    if (!route.alsoPost) return [own];
    return [own, { ...own, operationId: `${route.operationId}Post`, method: 'POST', input: route.query ? 'body' : 'none' }];
  });
}
