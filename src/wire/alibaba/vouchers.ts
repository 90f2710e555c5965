/**
 * 1688 refund vouchers: AR3 upload (alibaba.trade.uploadRefundVoucher [UPSTREAM]; PandaPon lists
 * "Upload the refund and return voucher" without a path, so the path is designed) and the public
 * link that serves each picture. Vouchers cited later (AR4 create, AR5 return goods) are such
 * links, "image domain + relative path" as 1688 asks, or any https URL.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Ctx, SystemCtx } from '../../platform/context.ts';
import { fail, pickLanguage, type Failure } from '../../platform/errors.ts';
import { defineRoute, ok } from '../../platform/http/index.ts';
import { sendFailure } from '../../platform/http/envelope.ts';
import { ownedVoucherIds, readVoucherImage, storeVoucher, VOUCHER_MAX_BYTES } from '../../modules/vouchers/index.ts';
import { baseUrl } from '../goods/common.ts';

export const VOUCHER_PATH_PREFIX = '/media/vouchers/';
const VOUCHER_LINK = /\/media\/vouchers\/([0-9a-f]{32})\.jpg$/;

const UploadBody = z
  .object({
    imageData: z
      // No length cap of its own: a picture over the limit is refused as too large (1002), and the
      // server's body limit (PAYLOAD_TOO_LARGE) bounds what is read at all.
      .string()
      .nullish()
      .describe(
        `JSON form: the picture as base64 (a data: URL prefix is accepted), jpg or png, ≤ ${VOUCHER_MAX_BYTES} bytes decoded. ` +
          'Multipart form: the file field of this name.',
      ),
    fileName: z.string().max(200).nullish().describe('informational'),
  })
  .default({});

/** The base64 text of a JSON picture field, decoded; refusals name the field (warehouse photos use it too). */
export function decodeBase64(text: string, field = 'imageData'): Buffer | Failure {
  const body = text.replace(/^data:[\w/+.-]+;base64,/, '').replace(/\s+/g, '');
  if (body.length === 0 || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(body)) return fail('IMAGE_INVALID', { detail: `${field} is not base64` });
  return Buffer.from(body, 'base64');
}

const upload = defineRoute({
  method: 'POST',
  path: '/alibaba/refund/voucher/upload',
  aliases: ['/v2/alibaba/refund/voucher/upload'],
  operationId: 'alibabaRefundVoucherUpload',
  summary: '1688 upload a refund voucher',
  description: [
    'Reference AR3 (alibaba.trade.uploadRefundVoucher [UPSTREAM]; path designed). Takes the picture as',
    '`multipart/form-data` (file field `imageData`) or as JSON `{"imageData": "<base64>", "fileName"?}` [DESIGN both].',
    `jpg or png, at most ${VOUCHER_MAX_BYTES} bytes (1 MB) decoded: larger answers 1002 (a JSON body over the server's`,
    'body limit 413), anything else 1001. The picture',
    'is decoded and re-encoded as JPEG before it is stored (metadata such as EXIF is dropped) and served publicly at',
    '`imageDomain + imageRelativeUrl` (an unguessable link). Cite that URL in `vouchers` of create (AR4) and return',
    'goods (AR5). **Signature**: a multipart body is not signed (as upstream, `imageData` is excluded): in HMAC mode',
    '`body-sha256` is that of the empty string; the JSON form is signed as usual.',
  ].join(' '),
  tags: ['1688 after-sales'],
  action: 'aftersales.write',
  body: UploadBody,
  multipart: { field: 'imageData', maxBytes: VOUCHER_MAX_BYTES },
  data: z.object({
    imageDomain: z.string().describe('scheme and host the picture is served from (the public URL, else the request Host)'),
    imageRelativeUrl: z.string().describe('path of the picture: /media/vouchers/<32 hex>.jpg'),
    imageUrl: z.string().describe('Ponte extension: imageDomain + imageRelativeUrl'),
  }),
  errors: ['IMAGE_INVALID', 'IMAGE_TOO_LARGE', 'PAYLOAD_TOO_LARGE'],
  handler: async (ctx, { body, file, headers, services }) => {
    if (file?.truncated) {
      return fail('IMAGE_TOO_LARGE', { detail: `more than ${VOUCHER_MAX_BYTES} bytes (1 MB, the voucher limit)` });
    }
    const bytes = file ? file.bytes : body.imageData ? decodeBase64(body.imageData) : null;
    if (bytes === null) return fail('BAD_PARAMETER', { field: 'imageData', rule: 'is required (a multipart file or base64 text)' });
    if (!Buffer.isBuffer(bytes)) return bytes;
    const stored = await storeVoucher(ctx, bytes);
    if (!stored.ok) return stored;
    const imageDomain = baseUrl(headers, services.publicUrl);
    const imageRelativeUrl = `${VOUCHER_PATH_PREFIX}${stored.voucher.id}.jpg`;
    return ok({ imageDomain, imageRelativeUrl, imageUrl: `${imageDomain}${imageRelativeUrl}` });
  },
});

export const alibabaVoucherRoutes = [upload] as const;

/** Voucher URLs as AR4 and AR5 take them: an https URL, or a Ponte voucher link (http too, for a local server). */
export const VoucherUrl = z.string().trim().min(1).max(500);

/**
 * Checks cited vouchers: each is an https URL or a Ponte voucher link, and a Ponte link names a
 * voucher the caller uploaded (another developer's picture answers 404, as its rows do).
 */
export async function checkVouchers(ctx: Ctx, urls: readonly string[], field: string): Promise<Failure | null> {
  const ids: string[] = [];
  for (const [i, text] of urls.entries()) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return fail('BAD_PARAMETER', { field: `${field}[${i}]`, rule: 'must be a URL (imageDomain + imageRelativeUrl of an upload)' });
    }
    const link = VOUCHER_LINK.exec(url.pathname);
    if (link && (url.protocol === 'https:' || url.protocol === 'http:')) ids.push(link[1]!);
    else if (url.protocol !== 'https:')
      return fail('BAD_PARAMETER', { field: `${field}[${i}]`, rule: 'must be an https URL or a voucher link' });
  }
  const owned = await ownedVoucherIds(ctx, ids);
  const missing = ids.find((id) => !owned.has(id));
  return missing ? fail('NOT_FOUND', { what: `voucher ${missing}` }) : null;
}

/** GET /media/vouchers/<id>.jpg: the stored picture; the id is the capability, so no signature. */
export function registerVoucherMedia(app: FastifyInstance, system: () => SystemCtx): void {
  app.get<{ Params: { file: string } }>(`${VOUCHER_PATH_PREFIX}:file`, { schema: { hide: true } }, async (request, reply) => {
    const id = /^([0-9a-f]{32})\.jpg$/.exec(request.params.file)?.[1];
    const image = id ? await readVoucherImage(system(), id) : null;
    if (!image) {
      const language = pickLanguage(request.headers['accept-language']);
      return sendFailure(request, reply, fail('NOT_FOUND', { what: `voucher ${request.params.file}` }), language, '');
    }
    // A voucher never changes once stored: any cache may keep it for good.
    return reply
      .header('content-type', image.mime)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(image.bytes);
  });
}
