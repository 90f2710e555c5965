import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { QUERY_TRANSFORMS } from '../src/platform/images/index.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

// Image search over a small generated catalog: transformed copies of served product images must
// find their product, over both the Taobao and the 1688 endpoints.
const SIZE = 400;
let h: Harness;
let dev: CreatedDeveloper;
before(async () => {
  h = await createHarness({}, { catalogProducts: SIZE });
  dev = await h.developer();
});
after(() => h.close());

async function servedImage(picUrl: string): Promise<Buffer> {
  return (await h.app.inject({ method: 'GET', url: new URL(picUrl).pathname })).rawPayload;
}

describe('image search finds the source product of transformed images', () => {
  for (const [platform, listPath, imagePath, idField, picField] of [
    ['taobao', '/v2/taobao/product/search', '/v2/taobao/product/image/search', 'itemId', 'picUrl'],
    ['1688', '/v2/alibaba/product/keywords/query', '/v2/alibaba/product/image/query', 'offerId', 'imageUrl'],
  ] as const) {
    test(`${platform}: every transform family, top-10 recall 1.0 over 8 products`, async () => {
      const list = await h.call(dev, 'POST', listPath, { pageSize: 8, sort: '{"price":"asc"}' });
      let top1 = 0;
      let queries = 0;
      for (const [i, item] of (list.data.data as Record<string, string>[]).entries()) {
        const jpeg = await servedImage(item[picField]!);
        for (const transform of QUERY_TRANSFORMS) {
          const query = await transform.apply(jpeg, (i % 4) / 4);
          const answer = await h.call(dev, 'POST', imagePath, { imageBase64: query.toString('base64'), pageSize: 10 });
          assert.equal(answer.code, 200, answer.msg);
          const ids = answer.data.data.map((r: Record<string, string>) => r[idField]);
          assert.ok(ids.includes(item[idField]), `${transform.name} of ${item[idField]} not in top 10`);
          queries++;
          if (ids[0] === item[idField]) top1++;
        }
      }
      assert.ok(top1 / queries >= 0.9, `recall@1 ${top1}/${queries}`);
    });
  }

  test('imageAddress pointing at a Ponte media URL finds that product first', async () => {
    const item = (await h.call(dev, 'POST', '/v2/taobao/product/search', { pageSize: 1 })).data.data[0];
    const answer = await h.call(dev, 'POST', '/v2/taobao/product/image/search', { imageAddress: item.picUrl, pageSize: 5 });
    assert.equal(answer.code, 200, answer.msg);
    assert.equal(answer.data.data[0].itemId, item.itemId);
  });
});

describe('image search refuses bad input with 1001–1003 codes, never a crash', () => {
  const search = (body: unknown) => h.call(dev, 'POST', '/v2/alibaba/product/image/query', body, { headers: { 'accept-language': 'en' } });

  test('corrupt, non-image and non-base64 input → 1001', async () => {
    assert.equal((await search({ imageBase64: Buffer.from('not an image at all').toString('base64') })).code, 1001);
    const truncated = (
      await sharp({ create: { width: 64, height: 64, channels: 3, background: '#f00' } })
        .jpeg()
        .toBuffer()
    ).subarray(0, 40);
    assert.equal((await search({ imageBase64: truncated.toString('base64') })).code, 1001);
    assert.equal((await search({ imageBase64: '%%% not base64 %%%' })).code, 1001);
  });

  test('an image over the pixel limit → 1002', async () => {
    const huge = await sharp({ create: { width: 6000, height: 6000, channels: 3, background: '#0a0' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    const answer = await search({ imageBase64: huge.toString('base64') });
    assert.equal(answer.code, 1002, answer.msg);
  });

  test('unreachable or private imageAddress → 1003; no image at all → 400', async () => {
    const privateAddress = await search({ imageAddress: 'http://127.0.0.1:9/x.jpg' });
    assert.equal(privateAddress.code, 1003);
    assert.match(privateAddress.msg, /private-address/);
    assert.equal((await search({ imageAddress: 'not a url' })).code, 1003);
    assert.equal((await search({})).code, 400);
  });
});
