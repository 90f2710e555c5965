/**
 * Small, fast, deterministic randomness for the sandbox catalog. Everything is 32-bit integer
 * arithmetic (Math.imul, >>>) so results are identical across processes, platforms and Node
 * versions; nothing here may touch Math.random or the clock.
 */

/** lowbias32 (Chris Wellons): every step is invertible, so this is a bijection on uint32. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hashes any number of uint32-ish parts into one uint32; order matters. */
export function hash32(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) h = mix32((h ^ (part >>> 0)) + 0x632be5ab);
  return h;
}

/** FNV-1a over UTF-16 code units, for hashing names into seeds. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix32(h >>> 0);
}

/** splitmix32 stream: one uint32 of state, so a generator per product costs nothing. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  nextU32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('Rng.pick on an empty list');
    return item;
  }

  /** k distinct items in random order (partial Fisher–Yates over indexes). */
  sample<T>(items: readonly T[], k: number): T[] {
    const order = items.map((_, i) => i);
    const count = Math.min(k, items.length);
    const out: T[] = [];
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(this.next() * (order.length - i));
      const chosen = order[j] as number;
      order[j] = order[i] as number;
      order[i] = chosen;
      out.push(items[chosen] as T);
    }
    return out;
  }

  /** Log-uniform in [min, max]: prices and weights spread like real listings, not evenly. */
  logUniform(min: number, max: number): number {
    return Math.exp(Math.log(min) + this.next() * (Math.log(max) - Math.log(min)));
  }
}

const BYTE_HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Eight lowercase hex digits; table lookups because toString(16) dominated SKU generation. */
export function hex8(value: number): string {
  return (
    (BYTE_HEX[value >>> 24] as string) +
    (BYTE_HEX[(value >>> 16) & 255] as string) +
    (BYTE_HEX[(value >>> 8) & 255] as string) +
    (BYTE_HEX[value & 255] as string)
  );
}

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Opaque url-safe text of the given length, like 1688's encrypted ids. */
export function urlSafeText(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += URL_SAFE.charAt(rng.nextU32() & 63);
  return out;
}
