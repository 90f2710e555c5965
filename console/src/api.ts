/**
 * The consoles call only Ponte's documented HTTP API: the operators' admin routes with the console
 * session cookie, the developers' signed routes with the developer session cookie. Every call
 * sends the session's CSRF token (the server requires it on every non-GET) and the UI language,
 * so error messages come back in the language on screen. Types come from the SDK's generated
 * sdk/src/openapi-types.ts (`npm run sdk:types`, from /openapi.json): one generated file for both.
 */
import type { paths } from '../../sdk/src/openapi-types.ts';

type Method = 'get' | 'post';
type PathsWith<M extends Method> = { [P in keyof paths]: paths[P] extends { [K in M]: object } ? P : never }[keyof paths];
type Operation<P extends keyof paths, M extends Method> = paths[P] extends { [K in M]: infer O } ? O : never;
type Envelope<O> = O extends { responses: { 200: { content: { 'application/json': infer E } } } } ? E : never;
export type DataOf<P extends keyof paths, M extends Method = 'get'> = NonNullable<
  Envelope<Operation<P, M>> extends { data?: infer D } ? D : never
>;
export type QueryOf<P extends keyof paths> = Operation<P, 'get'> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
export type BodyOf<P extends keyof paths> =
  Operation<P, 'post'> extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;
/** A route without a body is called with none. */
type BodyArgs<P extends keyof paths> = [BodyOf<P>] extends [never] ? [] : [body: BodyOf<P>];

/** A refusal from the server: its envelope code and message, as the server wrote them. */
export class ApiError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * A value the browser refused before sending: the field's label and why, in the language on screen.
 * It never reached the server, so it carries no server code (400 would say the server refused it).
 */
export class FieldError extends ApiError {
  readonly field: string;
  constructor(field: string, reason: string) {
    super(0, reason);
    this.field = field;
  }
}

let csrfToken = '';
let language = 'en';
/** Called when the server says the session is gone, so the console can show its sign-in page. */
let onSignedOut: () => void = () => {};

export function setCsrfToken(token: string): void {
  csrfToken = token;
}
export function setApiLanguage(code: string): void {
  language = code;
}
export function onSessionEnd(listener: () => void): void {
  onSignedOut = listener;
}

/** Session and CSRF codes: SESSION_INVALID, CSRF_TOKEN_INVALID, the developer console's session, admin token. */
const SIGNED_OUT_CODES = new Set([4002, 4003, 4012, 411]);

async function send<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': language };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const envelope = (await response.json().catch(() => null)) as { code?: number; msg?: string; data?: T } | null;
  if (!envelope || typeof envelope.code !== 'number') throw new ApiError(response.status, `HTTP ${response.status}`);
  if (envelope.code !== 200) {
    if (SIGNED_OUT_CODES.has(envelope.code)) onSignedOut();
    throw new ApiError(envelope.code, envelope.msg ?? '');
  }
  return envelope.data as T;
}

function withQuery(path: string, query: object | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export function get<P extends PathsWith<'get'>>(path: P, query?: QueryOf<P>): Promise<DataOf<P, 'get'>> {
  return send('GET', withQuery(path, query as object | undefined));
}

export function post<P extends PathsWith<'post'>>(path: P, ...body: BodyArgs<P>): Promise<DataOf<P, 'post'>> {
  return send('POST', path, body[0]);
}
