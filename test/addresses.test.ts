import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { CreatedDeveloper } from '../src/modules/accounts/index.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

const SAVE = '/v2/open/address/addOrUpdate';
const LIST = '/v2/open/address/list';

function address(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Nguyễn Văn An',
    province: '广东省',
    city: '深圳市',
    district: '南山区',
    address: '科技园南区 1 栋',
    phone: '13800138000',
    ...overrides,
  };
}

describe('addresses: happy path', () => {
  let h: Harness;
  let dev: CreatedDeveloper;
  before(async () => {
    h = await createHarness();
    dev = await h.developer();
  });
  after(() => h.close());

  test('create (id absent, and id 0), update, get, list, delete — v2 and v1 paths alike', async () => {
    const first = await h.call(dev, 'POST', SAVE, address());
    assert.equal(first.code, 200);
    assert.equal(first.data.created, true);
    const second = await h.call(dev, 'POST', '/open/address/addOrUpdate', address({ id: 0, name: 'Somchai' }));
    assert.equal(second.data.created, true);
    assert.notEqual(second.data.id, first.data.id);
    const updated = await h.call(dev, 'POST', SAVE, address({ id: first.data.id, city: '广州市' }));
    assert.deepEqual(updated.data, { id: first.data.id, created: false });
    const one = await h.call(dev, 'GET', `/v2/open/address/get?id=${first.data.id}`);
    assert.equal(one.data.city, '广州市');
    assert.match(one.data.createTime, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const list = await h.call(dev, 'GET', '/open/address/list');
    assert.deepEqual(
      list.data.map((a: { name: string }) => a.name),
      ['Nguyễn Văn An', 'Somchai'],
    );
    assert.equal((await h.call(dev, 'POST', '/v2/open/address/delete', { id: second.data.id })).data, true);
    assert.equal((await h.call(dev, 'GET', LIST)).data.length, 1);
  });
});

describe('addresses: validation names the field and the rule', () => {
  let h: Harness;
  let dev: CreatedDeveloper;
  before(async () => {
    h = await createHarness();
    dev = await h.developer();
  });
  after(() => h.close());

  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['missing name', { name: undefined }, /name is required/],
    ['empty province', { province: '' }, /province is required/],
    ['long address', { address: 'x'.repeat(201) }, /address must be at most 200 characters/],
    ['bad phone', { phone: '12ab' }, /phone must be a phone number/],
    ['phone too short', { phone: '12345' }, /phone must be a phone number/],
    ['id not integer', { id: 1.5 }, /id/],
    ['id negative', { id: -1 }, /id must be ≥ 0/],
    ['name wrong type', { name: 42 }, /name must be of type string/],
  ];
  for (const [label, overrides, pattern] of cases) {
    test(label, async () => {
      const answer = await h.call(dev, 'POST', SAVE, address(overrides), { headers: { 'accept-language': 'en' } });
      assert.equal(answer.code, 400, answer.msg);
      assert.match(answer.msg, pattern);
    });
  }

  test('zh message by default', async () => {
    const answer = await h.call(dev, 'POST', SAVE, address({ phone: 'x' }));
    assert.match(answer.msg, /^参数错误: phone 格式不正确/);
  });

  test('fuzzing the endpoint with random JSON never yields 500', async () => {
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }),
    );
    const body = fc.oneof(
      fc.record(
        { id: value, name: value, province: value, city: value, district: value, address: value, phone: value },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const answer = await h.call(dev, 'POST', SAVE, payload);
        assert.notEqual(answer.code, 500, JSON.stringify(payload));
        assert.ok([200, 400, 404, 409].includes(answer.code), `${answer.code} ${answer.msg}`);
      }),
      { numRuns: 150, seed: 20261128 },
    );
  });
});

describe('addresses: tenancy and sub-accounts', () => {
  let h: Harness;
  let a: CreatedDeveloper;
  let b: CreatedDeveloper;
  before(async () => {
    h = await createHarness();
    a = await h.developer('A');
    b = await h.developer('B');
  });
  after(() => h.close());

  test("developer B updating or deleting developer A's address id → 404, never 406; A's address unchanged", async () => {
    const mine = await h.call(a, 'POST', SAVE, address());
    const id = mine.data.id;
    assert.equal((await h.call(b, 'POST', SAVE, address({ id, name: 'hijack' }))).code, 404);
    assert.equal((await h.call(b, 'POST', '/v2/open/address/delete', { id })).code, 404);
    assert.deepEqual((await h.call(b, 'GET', LIST)).data, []);
    assert.equal((await h.call(a, 'GET', `/v2/open/address/get?id=${id}`)).data.name, 'Nguyễn Văn An', 'unchanged');
  });

  test('a sub-account sees its own rows; the main user sees all; siblings see nothing of each other', async () => {
    const buyer1 = await h.subAccount(a, 'buyer');
    const buyer2 = await h.subAccount(a, 'buyer');
    const own = await h.call(buyer1, 'POST', SAVE, address({ name: 'buyer1 address' }));
    assert.equal(own.code, 200);
    const names = (list: { name: string }[]) => list.map((x) => x.name);
    assert.deepEqual(names((await h.call(buyer1, 'GET', LIST)).data), ['buyer1 address']);
    assert.deepEqual(names((await h.call(buyer2, 'GET', LIST)).data), []);
    assert.equal((await h.call(buyer2, 'GET', `/v2/open/address/get?id=${own.data.id}`)).code, 404);
    assert.equal((await h.call(buyer2, 'POST', SAVE, address({ id: own.data.id }))).code, 404);
    assert.ok(names((await h.call(a, 'GET', LIST)).data).includes('buyer1 address'), 'main user sees sub-account rows');
    assert.equal((await h.call(await h.subAccount(b, 'admin'), 'GET', `/v2/open/address/get?id=${own.data.id}`)).code, 404);
  });
});
