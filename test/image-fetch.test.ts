import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import type { LookupAll } from '../src/platform/webhooks/index.ts';
import type { Source } from '../src/sources/source.ts';
import { MAX_IMAGE_BYTES, queryDescriptor } from '../src/wire/goods/image-input.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

// Image search by URL fetches through the same pinned, capped path as callbacks: a download is
// read only up to the size cap, and the connection goes to the address the SSRF check approved.
const CHUNK = Buffer.alloc(64 * 1024, 0x41);
const STREAM_LIMIT_BYTES = 64 * 1024 * 1024;
// Loopback socket buffers hold several MiB (up to ~10) that the server counts as sent before the
// client closes; reading the whole stream would count all 64 MiB.
const SLACK_BYTES = 16 * 1024 * 1024;

let h: Harness;
let dev: CreatedDeveloper;
let base = '';
let sentBytes = 0;
let requests: http.IncomingHttpHeaders[] = [];
let jpeg: Buffer;

/** Streams CHUNKs with backpressure until the client goes away or STREAM_LIMIT_BYTES are out. */
function stream(res: http.ServerResponse): void {
  const next = (): void => {
    while (sentBytes < STREAM_LIMIT_BYTES && !res.destroyed) {
      const flushed = res.write(CHUNK, (err) => {
        if (!err) sentBytes += CHUNK.length;
      });
      if (!flushed) return void res.once('drain', next);
    }
    res.end();
  };
  next();
}

const server = http.createServer((req, res) => {
  requests.push(req.headers);
  if (req.url === '/chunked') {
    res.writeHead(200, { 'content-type': 'image/jpeg' });
    return stream(res);
  }
  if (req.url === '/declared') {
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(STREAM_LIMIT_BYTES) });
    return stream(res);
  }
  res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg);
});

before(async () => {
  jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#36c' } })
    .jpeg()
    .toBuffer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  h = await createHarness({ allowPrivateUrls: true }, { catalogProducts: 20 });
  dev = await h.developer();
});
after(async () => {
  server.closeAllConnections();
  server.close();
  await h.close();
});

describe('image search by URL reads at most the size cap', () => {
  for (const [platform, path] of [
    ['taobao', '/v2/taobao/product/image/search'],
    ['1688', '/v2/alibaba/product/image/query'],
  ] as const) {
    test(`${platform}: a chunked download without content-length answers 1002 and stops being read near the cap`, async () => {
      sentBytes = 0;
      const answer = await h.call(dev, 'POST', path, { imageAddress: `${base}/chunked` }, { headers: { 'accept-language': 'en' } });
      assert.equal(answer.code, 1002, answer.msg);
      assert.ok(sentBytes > MAX_IMAGE_BYTES, `the server streamed ${sentBytes} bytes`);
      assert.ok(sentBytes < MAX_IMAGE_BYTES + SLACK_BYTES, `the server streamed ${sentBytes} bytes before the connection closed`);
    });
  }

  test('a declared content-length over the cap answers 1002 before the body is read', async () => {
    sentBytes = 0;
    const answer = await h.call(dev, 'POST', '/v2/taobao/product/image/search', { imageAddress: `${base}/declared` });
    assert.equal(answer.code, 1002, answer.msg);
    assert.ok(sentBytes < SLACK_BYTES, `the server streamed ${sentBytes} bytes`);
  });

  test('an image under the cap is searched', async () => {
    const answer = await h.call(dev, 'POST', '/v2/taobao/product/image/search', { imageAddress: `${base}/small.jpg`, pageSize: 3 });
    assert.equal(answer.code, 200, answer.msg);
  });
});

describe('image search by URL connects to the address the SSRF check approved', () => {
  test('a resolver that answers another address the second time is asked once, and its first answer is used', async () => {
    const port = new URL(base).port;
    let calls = 0;
    // 127.0.0.2 is loopback too, but nothing listens there: a second resolution would be refused.
    const rebinding: LookupAll = async () => [{ address: calls++ === 0 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
    requests = [];
    const source = {} as Source; // only Ponte media URLs consult the source
    const result = await queryDescriptor(
      source,
      { imageAddress: `http://images.test:${port}/small.jpg` },
      { allowPrivate: true, lookup: rebinding },
    );
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(calls, 1);
    assert.equal(requests.length, 1);
    assert.equal(requests[0]?.host, `images.test:${port}`);
  });
});
