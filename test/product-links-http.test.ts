import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { addProductFromLink, createSource } from '../src/sources/manual/index.ts';
import { ADMIN_TOKEN, createHarness, type Harness } from './helpers/harness.ts';
import { importedLine } from './helpers/manual-bed.ts';

const FIXTURES = new URL('./fixtures/catalog-import/', import.meta.url).pathname;

describe('POST /admin/catalog/products/from-link', () => {
  let h: Harness;
  let server: Server;
  let base: string;
  before(async () => {
    h = await createHarness({ allowPrivateUrls: true });
    server = createServer((request, response) => {
      if (request.url === '/dress.png') response.writeHead(200, { 'content-type': 'image/png' }).end(readFileSync(`${FIXTURES}dress.png`));
      else response.writeHead(404).end();
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.close();
    await h.close();
  });

  /** The operator's completion of a link: the fixture dress, pictures by URL. */
  function body(link: string, change: Record<string, unknown> = {}): Record<string, any> {
    const { platform: _p, id: _i, images: _images, ...rest } = importedLine('652000000301');
    for (const sku of rest.skus) delete sku.image;
    return { ...rest, link, pictures: [`${base}/dress.png`], ...change };
  }
  const post = (payload: unknown, headers: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` }) =>
    h.app.inject({ method: 'POST', url: '/admin/catalog/products/from-link', headers, payload: payload as object });

  it('adds the product a share text links to, and updates it when added again', async () => {
    const share = '【淘宝】https://item.taobao.com/item.htm?id=652000000301&spm=a1z10 「真丝连衣裙」点击链接直接打开';
    const first = (await post(body(share))).json();
    assert.equal(first.code, 200, first.msg);
    assert.deepEqual(
      { ...first.data, itemId: typeof first.data.itemId },
      { platform: 'taobao', id: '652000000301', itemId: 'string', created: true },
    );
    const source = await createSource(h.db, h.config);
    const product = await source.findProduct(first.data.itemId);
    assert.equal(product?.skus[0]?.priceFen, 29900);
    assert.deepEqual(product?.imageUrls, [`${base}/dress.png`]);
    const again = (await post(body(share, { skus: [{ ...body(share).skus[0], priceFen: 31900 }] }))).json();
    assert.equal(again.code, 200, again.msg);
    assert.equal(again.data.created, false);
    assert.equal((await source.findProduct(first.data.itemId))?.skus[0]?.priceFen, 31900);
  });

  it('takes SKU properties by name alone: ids come from the names, the same in every product; given ids are kept', async () => {
    const sku = (skuId: string, properties: unknown[]) => ({ ...body('').skus[0], skuId, properties });
    const named = [
      { propName: '颜色', valueName: '红色' },
      { propName: '尺码', valueName: 'XL' },
    ];
    const first = (await post(body('https://item.taobao.com/item.htm?id=652000000306', { skus: [sku('6520000003061', named)] }))).json();
    const given = [{ propId: 20509, valueId: 28315, propName: { zh: '尺码', en: 'Size' }, valueName: 'M' }];
    const skus = [sku('6520000003071', named.slice(0, 1)), sku('6520000003072', given)];
    const second = (await post(body('https://item.taobao.com/item.htm?id=652000000307', { skus }))).json();
    assert.equal(first.code, 200, first.msg);
    assert.equal(second.code, 200, second.msg);
    const source = await createSource(h.db, h.config);
    type Row = [string, string, number, number];
    const ids = async (itemId: string): Promise<Row[][]> =>
      ((await source.findProduct(itemId))?.skus ?? []).map((s) =>
        s.properties.map((p): Row => [p.propName.zh, p.valueName.zh, p.propId, p.valueId]),
      );
    const [red, xl] = (await ids(first.data.itemId))[0] ?? [];
    const [[redAgain] = [], [m] = []] = await ids(second.data.itemId);
    assert.ok(red && xl);
    assert.deepEqual(redAgain, red);
    assert.deepEqual(m, ['尺码', 'M', 20509, 28315]);
    assert.deepEqual(xl.slice(0, 2), ['尺码', 'XL']);
    assert.ok([xl[2], xl[3]].every((id) => Number.isSafeInteger(id) && id >= 0 && id < 2 ** 31));
    assert.notEqual(xl[2], red[2]);
  });

  it('refuses a short link, naming the field', async () => {
    const answer = (await post(body('https://m.tb.cn/h.UrX3n2r'))).json();
    assert.equal(answer.code, 400);
    assert.match(answer.msg, /link .*short links/);
  });

  it('refuses file paths and missing pictures, naming the field', async () => {
    const local = (await post(body('https://item.taobao.com/item.htm?id=652000000302', { pictures: ['/etc/passwd'] }))).json();
    assert.equal(local.code, 400);
    assert.match(local.msg, /pictures/);
    const gone = (await post(body('https://item.taobao.com/item.htm?id=652000000303', { pictures: [`${base}/gone.png`] }))).json();
    assert.equal(gone.code, 400);
    assert.match(gone.msg, /pictures\[0\].*404/);
  });

  it('refuses a private picture address unless the deployment allows them', async () => {
    const source = await createSource(h.db, h.config);
    const refused = await addProductFromLink(h.ctx, body('https://detail.1688.com/offer/652000000304.html') as never, {
      allowPrivateUrls: false,
      source,
    });
    assert.equal(refused.ok, false);
    assert.ok(!refused.ok && refused.params?.field === 'pictures[0]', JSON.stringify(refused));
  });

  it('is an operator route: no bearer token, no product', async () => {
    const answer = await post(body('https://item.taobao.com/item.htm?id=652000000305'), {});
    assert.notEqual(answer.json().code, 200);
    const source = await createSource(h.db, h.config);
    assert.equal(await source.findProduct('652000000305'), null);
  });
});
