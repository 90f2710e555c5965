/**
 * JSON with ids kept exact: an integer literal beyond 2^53 (an id from before Ponte's rule that
 * ids stay below it) becomes its digits as a string instead of a rounded number, so ids travel as
 * strings end to end. Uses JSON.parse's source text access (Node 22+).
 */
type Reviver = (key: string, value: unknown, context?: { source?: string }) => unknown;

const exactIntegers: Reviver = (_key, value, context) => {
  if (typeof value !== 'number' || Number.isSafeInteger(value)) return value;
  const source = context?.source;
  return source !== undefined && /^-?\d+$/.test(source) ? source : value;
};

export function parseJson(text: string): unknown {
  return JSON.parse(text, exactIntegers as Parameters<typeof JSON.parse>[1]);
}
