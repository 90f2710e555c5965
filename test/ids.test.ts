import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newNumericId } from '../src/platform/ids.ts';

describe('numeric ids (docs/decisions/010)', () => {
  test('new ids are 16 digits, below 2^53, strictly increasing, and exact through JSON.parse', () => {
    const nowMs = Date.UTC(2026, 10, 28, 8, 0, 0);
    let previous = '';
    for (let i = 0; i < 40_000; i++) {
      const id = newNumericId(nowMs + Math.floor(i / 10));
      assert.match(id, /^\d{16}$/);
      assert.ok(Number.isSafeInteger(Number(id)), id);
      assert.equal(String(JSON.parse(JSON.stringify({ id: Number(id) })).id), id);
      assert.ok(id > previous, `${id} after ${previous}`);
      previous = id;
    }
  });

  test('each second starts its sequence at a random point in the lower half, so two processes that drew one node id rarely meet', () => {
    const start = Date.UTC(2027, 0, 1);
    // The first id of each of 64 later seconds (a later second always restarts the sequence).
    const starts = Array.from({ length: 64 }, (_, i) => Number(newNumericId(start + i * 1000)) % 2 ** 14);
    assert.ok(
      starts.every((s) => s < 2 ** 13),
      `${starts}`,
    );
    assert.ok(new Set(starts).size > 32, `varied starts: ${starts}`);
  });

  test('they sort after the 19-digit ids of older databases as text, so newest-first listings hold', () => {
    const id = newNumericId(Date.UTC(2026, 0, 1));
    for (const old of ['1999999999999999999', '2127854011615870977', '2999999999999999999']) assert.ok(id > old, `${id} > ${old}`);
  });

  test('still exact in 2115; past the last representable second they are refused, not rounded', () => {
    assert.ok(Number.isSafeInteger(Number(newNumericId(Date.UTC(2115, 8, 1)))));
    assert.throws(() => newNumericId(Date.UTC(2116, 0, 1)), RangeError);
  });
});
