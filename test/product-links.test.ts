import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseProductLink } from '../src/sources/manual/index.ts';

const ACCEPTED: [string, 'taobao' | '1688', string][] = [
  ['https://item.taobao.com/item.htm?id=680145512345', 'taobao', '680145512345'],
  ['http://item.taobao.com/item.htm?spm=a1z10.1-c.w4004-1.2.1c2d&id=680145512345&ns=1', 'taobao', '680145512345'],
  ['item.taobao.com/item.htm?id=680145512345', 'taobao', '680145512345'],
  ['https://detail.tmall.com/item.htm?id=612345678901&skuId=4812345678901', 'taobao', '612345678901'],
  ['https://chaoshi.detail.tmall.com/item.htm?id=612345678901', 'taobao', '612345678901'],
  ['https://world.taobao.com/item/680145512345.htm?id=680145512345', 'taobao', '680145512345'],
  ['https://h5.m.taobao.com/awp/core/detail.htm?id=680145512345', 'taobao', '680145512345'],
  ['https://m.tmall.com/item.htm?id=612345678901', 'taobao', '612345678901'],
  ['https://main.m.taobao.com/detail/index.html?id=680145512345', 'taobao', '680145512345'],
  ['https://a.m.taobao.com/i680145512345.htm', 'taobao', '680145512345'],
  ['https://a.m.taobao.com/i680145512345.htm?sid=abc', 'taobao', '680145512345'],
  ['HTTPS://ITEM.TAOBAO.COM/item.htm?id=680145512345', 'taobao', '680145512345'],
  ['https://item.taobao.com/item.htm?id=680145512345#detail', 'taobao', '680145512345'],
  ['https://detail.1688.com/offer/712345678901.html', '1688', '712345678901'],
  ['https://detail.1688.com/offer/712345678901.html?spm=a26352.13672862.offerlist.1', '1688', '712345678901'],
  ['https://m.1688.com/offer/712345678901.html', '1688', '712345678901'],
  ['detail.1688.com/offer/712345678901.html', '1688', '712345678901'],
  ['https://dj.1688.com/ci_bb?a=1&offerId=712345678901', '1688', '712345678901'],
  [
    '【淘宝】https://item.taobao.com/item.htm?id=680145512345 「纯棉短袖T恤男夏季」点击链接直接打开 或者 淘宝搜索直接打开',
    'taobao',
    '680145512345',
  ],
  ['复制这段话 【天猫】https://detail.tmall.com/item.htm?id=612345678901，打开手机天猫', 'taobao', '612345678901'],
  ['  https://detail.1688.com/offer/712345678901.html\n', '1688', '712345678901'],
  // A short link first, a full one after it: the full one answers.
  ['https://m.tb.cn/h.5abcXYZ https://item.taobao.com/item.htm?id=680145512345', 'taobao', '680145512345'],
];

const REFUSED: [string, RegExp][] = [
  ['', /empty/],
  ['   ', /empty/],
  ['hello there', /no Taobao/],
  ['https://m.tb.cn/h.5abcXYZ?tk=abc', /short links/],
  ['【淘宝】https://m.tb.cn/h.UrX3n2r 「T恤」点击链接直接打开', /short links/],
  ['https://item.taobao.com/item.htm', /names no item/],
  ['https://item.taobao.com/item.htm?id=', /names no item/],
  ['https://item.taobao.com/item.htm?id=abc123456', /not a 6-19 digit number/],
  ['https://item.taobao.com/item.htm?id=12345', /not a 6-19 digit number/],
  ['https://item.taobao.com/item.htm?id=12345678901234567890', /not a 6-19 digit number/],
  ['https://item.taobao.com/item.htm?id=-680145512345', /not a 6-19 digit number/],
  ['https://item.taobao.com/item.htm?id=6801%0A45512345', /not a 6-19 digit number/],
  ['https://detail.1688.com/offer/abc.html', /names no offer/],
  ['https://detail.1688.com/', /names no offer/],
  ['https://shop123.taobao.com/', /not a Taobao, Tmall or 1688 product page/],
  ['https://item.taobao.com.evil.example/item.htm?id=680145512345', /names no item/],
  ['https://item.taobao.com@evil.example/item.htm?id=680145512345', /names no item/],
  ['https://eviltaobao.com/item.htm?id=680145512345', /not a Taobao/],
  ['https://example.com/item.htm?id=680145512345', /no Taobao/],
  ['javascript:alert(1)//item.taobao.com', /names no item/],
  [`https://item.taobao.com/item.htm?id=680145512345&x=${'a'.repeat(5000)}`, /longer than/],
];

describe('parseProductLink', () => {
  for (const [text, platform, id] of ACCEPTED) {
    it(`reads ${platform} ${id} from ${JSON.stringify(text.slice(0, 70))}`, () => {
      assert.deepEqual(parseProductLink(text), { ok: true, platform, id });
    });
  }
  for (const [text, reason] of REFUSED) {
    it(`refuses ${JSON.stringify(text.slice(0, 70))}`, () => {
      const parsed = parseProductLink(text);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.match(parsed.reason, reason);
    });
  }
  it('answers every hostile text with a value, quickly', () => {
    const hostile = [
      '\u0000https://item.taobao.com/item.htm?id=680145512345',
      'https://item.taobao.com/item.htm?id=680145512345\u0000',
      '%68ttps://item.taobao.com/item.htm?id=680145512345',
      'https://item.taobao.com/item.htm?id=６８０１４５５１２３４５',
      'https://item.taobao.com/item.htm?id=680145512345%00',
      'https://[::1]/item.htm?id=680145512345',
      'taobao.com'.repeat(400),
      'https://m.1688.com/offer/'.repeat(150),
      '【】'.repeat(2000),
      'https://item.taobao.com/item.htm?' + 'id=1&'.repeat(800),
    ];
    const started = performance.now();
    for (const text of hostile) {
      const parsed = parseProductLink(text);
      if (parsed.ok) assert.match(parsed.id, /^\d{6,19}$/, JSON.stringify(text.slice(0, 60)));
    }
    assert.ok(performance.now() - started < 500, 'no pathological backtracking');
  });
  it('refuses what is not a string without throwing', () => {
    for (const value of [null, undefined, 42, {}, []]) assert.equal(parseProductLink(value as unknown as string).ok, false);
  });
});
