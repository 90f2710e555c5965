/**
 * Serves the built consoles: `/console` (operators) and `/console/dev` (developers) are the same
 * single-page app, which picks its side from the path and routes within the page by the URL hash.
 * Hashed assets are cached for good; the page itself never is, so a new build shows at once.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { CONSOLE_DIST } from './build.ts';

/**
 * The console's page loads only its own scripts and styles; no other site may frame it (it holds
 * an operator's session), and no address leaves it as a referrer (a sign-in link's token is in the hash).
 */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-cache',
};

const NOT_BUILT = 'The web consoles are not built: run `npm run console:build` (npm start builds them).\n';

export async function registerConsolePages(app: FastifyInstance): Promise<void> {
  const built = existsSync(join(CONSOLE_DIST, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: join(CONSOLE_DIST, 'assets'),
      prefix: '/console/assets/',
      immutable: true,
      maxAge: '365d',
      decorateReply: true,
    });
  }
  const page = (reply: FastifyReply) =>
    built
      ? reply.headers(PAGE_HEADERS).type('text/html; charset=utf-8').sendFile('index.html', CONSOLE_DIST)
      : reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
  // The router ignores a trailing slash, so each also answers without one.
  for (const url of ['/console/', '/console/dev/']) app.get(url, { schema: { hide: true } }, (_request, reply) => page(reply));
}
