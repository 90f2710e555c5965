/**
 * The page an order's "IM link" opens: the sandbox has no real Wangwang, so this stands in for
 * the chat with the seller (named in the path), offline and self-contained.
 */
import type { FastifyInstance } from 'fastify';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function registerSandboxChat(app: FastifyInstance): void {
  app.get<{ Params: { nick: string } }>('/sandbox/chat/:nick', { schema: { hide: true } }, async (request, reply) => {
    const nick = escapeHtml(request.params.nick.slice(0, 100));
    const html = `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>旺旺 · ${nick}</title></head>
<body><h1>${nick}</h1><p>Ponte sandbox: this stands in for the seller chat (旺旺). Sandbox sellers do not answer messages.</p></body></html>`;
    return reply.header('content-type', 'text/html; charset=utf-8').send(html);
  });
}
