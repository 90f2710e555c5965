/*
 * The one rule every string from outside obeys: no U+0000. PostgreSQL text cannot hold it
 * ("invalid byte sequence for encoding UTF8: 0x00") while SQLite stores it, so it is refused
 * where input enters (requests, import lines) and both databases behave alike.
 */

export type FieldPath = Array<string | number>;

const NUL = '\u0000';

/**
 * The path of the first string, or object key, in `value` that contains U+0000; null when there is
 * none. Walks with an explicit stack: a deeply nested JSON body must not overflow the call stack.
 */
export function nulPath(value: unknown, prefix: FieldPath = []): FieldPath | null {
  const stack: Array<{ value: unknown; path: FieldPath }> = [{ value, path: prefix }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes(NUL)) return path;
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: [...path, i] });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (const [key] of entries) if (key.includes(NUL)) return [...path, key];
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], path: [...path, entries[i]![0]] });
    }
  }
  return null;
}
