/**
 * Hostile request material for the after-sales hostile journey: a body with one member's JSON text
 * written as is (JSON.stringify cannot send 2^53 + 1 or 1e400), the refusal check that a 400 names
 * its field, and a decompression-bomb PNG built by hand (a sharp-made one would need the memory the
 * bomb is about).
 */
import assert from 'node:assert/strict';
import { crc32, deflateSync } from 'node:zlib';
import { refused } from './aftersales-journey.ts';
import type { Answer } from './independent-client.ts';

/** `body` as JSON text with `member` set to `jsonText` exactly as written. */
export function withRaw(body: Record<string, unknown>, member: string, jsonText: string): string {
  const mark = '\u0001raw\u0001';
  return JSON.stringify({ ...body, [member]: mark }).replace(JSON.stringify(mark), jsonText);
}

/** Amount texts no amount field may take: a string, a float, negative, 2^53, 2^53 + 1, Infinity, huge, null, an array. */
export const BAD_AMOUNTS = [
  '"100"',
  '1.5',
  '-1',
  '9007199254740992',
  '9007199254740993',
  '1e400',
  '1234567890123456789012345678',
  'null',
  '[1]',
];

/** A 400 whose message names `field`. */
export async function badField(call: Promise<Answer>, field: string): Promise<void> {
  const msg = await refused(call, 400);
  assert.ok(msg.includes(field), `"${msg}" names ${field}`);
}

/** A PNG whose header claims 60000 × 60000 pixels, in well under 2 kB. */
export function pngBomb(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(60_000, 0);
  ihdr.writeUInt32BE(60_000, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, no interlace
  const rows = deflateSync(Buffer.alloc(7501 * 4)); // the first rows only: the header is the bomb
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', rows), chunk('IEND', Buffer.alloc(0))]);
}
