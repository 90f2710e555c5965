/**
 * GET /media/warehouse/<photoId>.jpg: a warehouse photo (QC, weighing, packing). As refund
 * vouchers, the 128-bit random id is the capability, so the link needs no signature and can be
 * shown to the developer's own customers; the picture is the JPEG Ponte re-encoded.
 */
import type { FastifyInstance } from 'fastify';
import { PHOTO_PATH_PREFIX, readWarehousePhoto } from '../../modules/warehouse/index.ts';
import type { SystemCtx } from '../../platform/context.ts';
import { fail, pickLanguage } from '../../platform/errors.ts';
import { sendFailure } from '../../platform/http/envelope.ts';

export function registerWarehouseMedia(app: FastifyInstance, system: () => SystemCtx): void {
  app.get<{ Params: { file: string } }>(`${PHOTO_PATH_PREFIX}:file`, { schema: { hide: true } }, async (request, reply) => {
    const id = /^([0-9a-f]{32})\.jpg$/.exec(request.params.file)?.[1];
    const photo = id ? await readWarehousePhoto(system(), id) : null;
    if (!photo) {
      const language = pickLanguage(request.headers['accept-language']);
      return sendFailure(request, reply, fail('NOT_FOUND', { what: `photo ${request.params.file}` }), language, '');
    }
    // A stored photo never changes: any cache may keep it for good.
    return reply
      .header('content-type', photo.mime)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(photo.bytes);
  });
}
