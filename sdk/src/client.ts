/**
 * `createClient(options)`: openapi-fetch over the generated `paths`, with signing and automatic
 * Idempotency-Keys as request middleware and retries as its fetch. `GET`/`POST` are typed per
 * operation and answer a `Result`; `call` is the untyped escape hatch answering the envelope.
 */
import { randomUUID } from 'node:crypto';
import createFetchClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './openapi-types.ts';
import { type Envelope, envelopeOf, type Result, resultOf } from './result.ts';
import { DEFAULT_RETRY, type RetryPolicy, retryingFetch } from './retry.ts';
import { type Credentials, signedHeaders } from './signing.ts';

export interface ClientOptions extends Credentials {
  baseUrl: string;
  /** Language of `msg`: zh (default), en, th, vi, es. */
  language?: string;
  /** Per attempt; default 30 000. */
  timeoutMs?: number;
  /** Attempts after the first; default 2. */
  retries?: number;
  /** Backoff and clock for tests; the defaults suit production. */
  retryPolicy?: Partial<RetryPolicy>;
  fetch?: typeof fetch;
}

type Method = 'get' | 'post';
type PathsWith<M extends Method> = { [P in keyof paths]: paths[P] extends Record<M, object> ? P : never }[keyof paths];
type OperationOf<P extends keyof paths, M extends Method> = paths[P] extends Record<M, infer O> ? O : never;
type QueryOf<O> = O extends { parameters: { query?: infer Q } }
  ? [Q] extends [undefined]
    ? unknown
    : object extends NonNullable<Q>
      ? { params?: { query?: Q } }
      : { params: { query: Q } }
  : unknown;
type PathParamsOf<O> = O extends { parameters: { path: infer R } }
  ? [R] extends [undefined]
    ? unknown
    : { params: { path: R } }
  : unknown;
type InputOf<O> = QueryOf<O> &
  PathParamsOf<O> &
  (O extends { requestBody: { content: { 'application/json': infer B } } } ? { body: B } : unknown) & { headers?: Record<string, string> };
type DataOf<O> = O extends { responses: { 200: { content: { 'application/json': { data: infer D } } } } } ? D : unknown;
type Call<M extends Method> = <P extends PathsWith<M>>(
  path: P,
  ...input: InputArgs<InputOf<OperationOf<P, M>>>
) => Promise<Result<DataOf<OperationOf<P, M>>>>;
type InputArgs<I> = object extends I ? [input?: I] : [input: I];

export interface CallOptions {
  query?: Record<string, string | number | boolean | undefined> | undefined;
  body?: unknown;
  /** Extra or overriding headers (e.g. `Idempotency-Key`). */
  headers?: Record<string, string>;
}

export interface PonteClient {
  GET: Call<'get'>;
  POST: Call<'post'>;
  call<T = unknown>(method: string, path: string, options?: CallOptions): Promise<Envelope<T>>;
  /** The openapi-fetch client underneath, middleware and retries included. */
  raw: Client<paths>;
}

/** The creates: the operations that take an Idempotency-Key, so a retry never orders twice. */
export const CREATE_OPERATIONS: ReadonlySet<string> = new Set<PathsWith<'post'>>([
  '/v2/taobao/order/create',
  '/v2/taobao/cart/create/order',
  '/v2/alibaba/order/create',
  '/v2/alibaba/order/batch/create',
  '/v2/alibaba/cart/create/order',
  '/v2/taobao/order/refund/submit',
  '/alibaba/refund/detail/create',
]);

/** Signs a request in the header form; run again for every retry, since each needs its own nonce. */
export async function signRequest(request: Request, credentials: Credentials): Promise<Request> {
  const body = request.body ? new Uint8Array(await request.clone().arrayBuffer()) : undefined;
  const headers = new Headers(request.headers);
  for (const [name, value] of Object.entries(signedHeaders({ ...credentials, body }))) headers.set(name, value);
  return new Request(request, { headers });
}

function requestMiddleware(options: ClientOptions): Middleware {
  return {
    async onRequest({ request, schemaPath }) {
      const headers = new Headers(request.headers);
      if (CREATE_OPERATIONS.has(schemaPath) && !headers.has('idempotency-key')) headers.set('idempotency-key', randomUUID());
      const url = new URL(request.url);
      if (options.language && !url.searchParams.has('language')) url.searchParams.set('language', options.language);
      return signRequest(new Request(url, new Request(request, { headers })), options);
    },
  };
}

type Answer = { data?: unknown; error?: unknown; response: Response };

export function createClient(options: ClientOptions): PonteClient {
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY,
    ...options.retryPolicy,
    ...(options.retries === undefined ? {} : { retries: options.retries }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
  const raw = createFetchClient<paths>({
    baseUrl: options.baseUrl,
    fetch: retryingFetch(options.fetch ?? globalThis.fetch, policy, (request) => signRequest(request, options)),
  });
  raw.use(requestMiddleware(options));
  // Text, then our own parse: ids beyond 2^53 stay exact strings (json.ts).
  const send = async (method: string, path: string, init: object) => {
    const answer = await (raw.request as unknown as (m: string, p: string, i: object) => Promise<Answer>)(method, path, {
      ...init,
      parseAs: 'text',
    });
    const text = String(answer.data ?? answer.error ?? '');
    return { envelope: envelopeOf(text), response: answer.response, text };
  };
  // One untyped body serves every operation; Call<M> states what each path takes and answers.
  const typed =
    (method: Method) =>
    async (path: string, init: object = {}) => {
      const { envelope, response, text } = await send(method, path, init);
      return resultOf(envelope, response, text);
    };
  return {
    GET: typed('get') as Call<'get'>,
    POST: typed('post') as Call<'post'>,
    async call<T>(method: string, path: string, callOptions: CallOptions = {}) {
      const init = { params: { query: callOptions.query }, body: callOptions.body, headers: callOptions.headers };
      const { envelope, response, text } = await send(method, path, init);
      if (envelope === null) throw new Error(`${method} ${path}: HTTP ${response.status}, not an envelope: ${text.slice(0, 200)}`);
      return envelope as Envelope<T>;
    },
    raw,
  };
}
