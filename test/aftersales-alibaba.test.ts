import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { signedHeaders } from '../sdk/index.ts';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import type { Source, SourceProduct } from '../src/sources/source.ts';
import { orderTestbed } from './helpers/catalog.ts';
import type { Answer, Harness } from './helpers/harness.ts';

/**
 * The 1688 after-sales routes (AR1–AR6 and the cancel/modify extensions) in process: each one's
 * answer and its refusals, and the voucher upload in both of its forms.
 */
const UPLOAD = '/alibaba/refund/voucher/upload';

let h: Harness;
let source: Source;
let products: SourceProduct[];
let dev: CreatedDeveloper;

before(async () => {
  ({ h, source, products } = await orderTestbed({}, 200));
  dev = await h.developer('buyer');
});
after(() => h.close());

async function picture(format: 'png' | 'jpeg', width = 64, height = 48): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.6 } } });
  // EXIF that must not survive the re-encoding.
  return (format === 'png' ? image.png() : image.jpeg())
    .withExif({ IFD0: { Copyright: 'secret-owner', Artist: 'gps 30.1,120.2' } })
    .toBuffer();
}

/** A multipart upload as a browser or curl -F sends it, signed like any request (the body is not covered). */
async function uploadMultipart(
  who: CreatedDeveloper,
  file: Buffer,
  opts: { signType?: 'MD5' | 'HMAC-SHA256'; field?: string; signedBody?: string } = {},
): Promise<Answer> {
  const form = new FormData();
  form.append(opts.field ?? 'imageData', new Blob([new Uint8Array(file)], { type: 'image/png' }), 'voucher.png');
  form.append('fileName', 'voucher.png');
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  const payload = Buffer.from(await request.arrayBuffer());
  const headers = {
    ...signedHeaders({ ...who, body: opts.signedBody ?? '', signType: opts.signType, timestamp: String(h.clock.nowMs()) }),
    'content-type': request.headers.get('content-type')!,
    'accept-language': 'en',
  };
  const response = await h.app.inject({ method: 'POST', url: UPLOAD, headers, payload });
  return { ...response.json(), headers: response.headers, status: response.statusCode };
}

async function served(answer: Answer): Promise<{ status: number; type: string; cache: string; bytes: Buffer }> {
  const response = await h.app.inject({ method: 'GET', url: answer.data.imageRelativeUrl });
  return {
    status: response.statusCode,
    type: String(response.headers['content-type']),
    cache: String(response.headers['cache-control']),
    bytes: response.rawPayload,
  };
}

describe('AR3 voucher upload', () => {
  test('multipart, signed in HMAC mode without the body: stored re-encoded and served at the answered link', async () => {
    const png = await picture('png');
    const answer = await uploadMultipart(dev, png, { signType: 'HMAC-SHA256' });
    assert.equal(answer.code, 200, answer.msg);
    assert.match(answer.data.imageRelativeUrl, /^\/media\/vouchers\/[0-9a-f]{32}\.jpg$/);
    assert.equal(answer.data.imageDomain, 'http://localhost:80');
    assert.equal(answer.data.imageUrl, `${answer.data.imageDomain}${answer.data.imageRelativeUrl}`);
    const image = await served(answer);
    assert.equal(image.status, 200);
    assert.equal(image.type, 'image/jpeg');
    assert.match(image.cache, /immutable/);
    const meta = await sharp(image.bytes).metadata();
    assert.equal(meta.format, 'jpeg', 'a PNG is re-encoded');
    assert.deepEqual([meta.width, meta.height], [64, 48]);
    assert.equal(meta.exif, undefined, 'EXIF is dropped');
    assert.equal(meta.hasAlpha, false);
    assert.ok(!image.bytes.includes(Buffer.from('secret-owner')));
  });

  test('multipart in HMAC mode: a signature over the multipart bytes does not match (the body is not signed)', async () => {
    const answer = await uploadMultipart(dev, await picture('png'), { signType: 'HMAC-SHA256', signedBody: 'the multipart bytes' });
    assert.equal(answer.code, 402);
    assert.match(answer.msg, /EMPTY string: a multipart body is not signed/);
  });

  test('multipart in MD5 mode', async () => {
    const answer = await uploadMultipart(dev, await picture('jpeg'));
    assert.equal(answer.code, 200, answer.msg);
    assert.equal((await served(answer)).status, 200);
  });

  test('JSON base64 (signed over the body, HMAC mode); a data: URL prefix is accepted', async () => {
    const jpeg = await picture('jpeg', 30, 20);
    const body = { imageData: `data:image/jpeg;base64,${jpeg.toString('base64')}`, fileName: 'x.jpg' };
    const answer = await h.call(dev, 'POST', `/v2${UPLOAD}`, body, { signType: 'HMAC-SHA256' });
    assert.equal(answer.code, 200, answer.msg);
    const image = await served(answer);
    const meta = await sharp(image.bytes).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height, meta.exif], ['jpeg', 30, 20, undefined]);
  });

  test('a non-image, a GIF, and base64 that is not base64 answer 1001', async () => {
    const text = Buffer.from('%PDF-1.4 not a picture at all');
    assert.equal((await uploadMultipart(dev, text)).code, 1001);
    assert.equal((await h.call(dev, 'POST', UPLOAD, { imageData: text.toString('base64') })).code, 1001);
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00f' } })
      .gif()
      .toBuffer();
    const refused = await h.call(dev, 'POST', UPLOAD, { imageData: gif.toString('base64') }, { headers: { 'accept-language': 'en' } });
    assert.equal(refused.code, 1001);
    assert.match(refused.msg, /gif/);
    assert.equal((await h.call(dev, 'POST', UPLOAD, { imageData: '***' })).code, 1001);
  });

  test('over 1 MB decoded answers 1002 naming the limit, in both forms', async () => {
    // Random pixels do not compress: a real picture above the limit.
    const noise = Buffer.alloc(700 * 700 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2_654_435_761) >>> 24;
    const big = await sharp(noise, { raw: { width: 700, height: 700, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    assert.ok(big.length > 1024 * 1024);
    const viaForm = await uploadMultipart(dev, big, {});
    assert.equal(viaForm.code, 1002, viaForm.msg);
    assert.match(viaForm.msg, /1048576/);
    const viaJson = await h.call(dev, 'POST', UPLOAD, { imageData: big.toString('base64') });
    assert.equal(viaJson.code, 1002, viaJson.msg);
    assert.match(viaJson.msg, /1048576/);
  });

  test('no picture, or the file under another field, answers 400', async () => {
    assert.equal((await h.call(dev, 'POST', UPLOAD, {})).code, 400);
    const wrong = await uploadMultipart(dev, await picture('png'), { field: 'picture' });
    assert.equal(wrong.code, 400);
    assert.match(wrong.msg, /picture/);
  });

  test('other routes still refuse a multipart body', async () => {
    const form = new FormData();
    form.append('name', 'x');
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const payload = Buffer.from(await request.arrayBuffer());
    const headers = {
      ...signedHeaders({ ...dev, body: '', timestamp: String(h.clock.nowMs()) }),
      'content-type': request.headers.get('content-type')!,
    };
    const response = await h.app.inject({ method: 'POST', url: '/v2/open/address/addOrUpdate', headers, payload });
    assert.equal(response.json().code, 400);
    assert.match(response.json().msg, /content-type/);
  });

  test('an unknown voucher link answers 404', async () => {
    const response = await h.app.inject({ method: 'GET', url: `/media/vouchers/${'0'.repeat(32)}.jpg` });
    assert.equal(response.json().code, 404);
    assert.equal((await h.app.inject({ method: 'GET', url: '/media/vouchers/../x.jpg' })).json().code, 404);
  });
});
