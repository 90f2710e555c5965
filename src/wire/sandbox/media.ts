/**
 * Product images: `/media/p/<itemId>/<colour index>.jpg`, rendered from the product's image seed
 * on first request and kept in a bounded in-memory cache (descriptors, unlike pixels, are stored
 * at generation time, so search never depends on this cache).
 */
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { renderProductImage } from '../../sources/sandbox/pictures/index.ts';
import { fail, pickLanguage } from '../../platform/errors.ts';
import { sendFailure } from '../../platform/http/envelope.ts';
import type { Source } from '../../sources/source.ts';

const CACHE_LIMIT = 256;

export function registerMediaRoutes(app: FastifyInstance, source: Source): void {
  const cache = new Map<string, Buffer>();
  app.get<{ Params: { itemId: string; file: string } }>('/media/p/:itemId/:file', { schema: { hide: true } }, async (request, reply) => {
    const { itemId, file } = request.params;
    const match = /^(\d{1,2})\.jpg$/.exec(file);
    const product = match ? await source.findProduct(itemId) : null;
    const n = Number(match?.[1] ?? -1);
    const imported = product?.imageUrls?.[n];
    if (imported && /^https?:\/\//i.test(imported)) return reply.redirect(imported, 302);
    const color =
      product?.colors[n] ?? (product && n === 0 && !imported ? { rgb: [200, 200, 200] as [number, number, number] } : undefined);
    if (!product || (!color && !imported)) {
      return sendFailure(
        request,
        reply,
        fail('NOT_FOUND', { what: `image ${itemId}/${file}` }),
        pickLanguage(request.headers['accept-language']),
        '',
      );
    }
    const key = `${product.itemId}/${file}`;
    let image = cache.get(key);
    if (!image) {
      // Imported pictures are operator files, re-encoded so only images ever leave the server.
      image = imported
        ? await sharp(imported).rotate().resize(800, 800, { fit: 'inside' }).jpeg({ quality: 85 }).toBuffer()
        : await renderProductImage(product.imageSeed, color!.rgb, 800);
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(key, image);
    }
    return reply.header('content-type', 'image/jpeg').header('cache-control', 'public, max-age=86400, immutable').send(image);
  });
}
