/**
 * The envelope `{requestId, code, developId, msg, data}` as a typed result: `code` 200 is
 * `{ok: true, data}`, any other is `{ok: false, code, name, msg}` with the code's name from the
 * published error table. An answer that is no envelope at all (a proxy's 502 page) fails with
 * name `TRANSPORT` and the HTTP status as its code.
 */
import { parseJson } from './json.ts';
import { ERROR_CODES } from './openapi-types.ts';

export type ErrorName = Exclude<keyof typeof ERROR_CODES, 'SUCCESS'>;

export interface Envelope<T> {
  requestId: string;
  code: number;
  developId: string;
  msg: string;
  data: T | null;
}

export type Failure = { ok: false; code: number; name: ErrorName | 'TRANSPORT'; msg: string; data: unknown; requestId: string };
export type Result<T> = { ok: true; data: T; requestId: string } | Failure;

const NAMES = new Map<number, ErrorName>(
  Object.entries(ERROR_CODES).flatMap(([name, code]) => (name === 'SUCCESS' ? [] : [[code, name as ErrorName] as const])),
);

/** The envelope of an answer, or null when the body is not one. */
export function envelopeOf<T>(text: string): Envelope<T> | null {
  try {
    const value = parseJson(text) as Partial<Envelope<T>> | null;
    return value && typeof value.code === 'number' && typeof value.requestId === 'string' ? (value as Envelope<T>) : null;
  } catch {
    return null;
  }
}

export function resultOf<T>(envelope: Envelope<T> | null, response: Response, text: string): Result<T> {
  if (envelope === null) {
    return { ok: false, code: response.status, name: 'TRANSPORT', msg: text.slice(0, 200), data: null, requestId: '' };
  }
  if (envelope.code === ERROR_CODES.SUCCESS) return { ok: true, data: envelope.data as T, requestId: envelope.requestId };
  const name = NAMES.get(envelope.code) ?? 'INTERNAL';
  return { ok: false, code: envelope.code, name, msg: envelope.msg, data: envelope.data, requestId: envelope.requestId };
}
