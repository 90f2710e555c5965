/**
 * Ponte TypeScript SDK: signs requests with Ponte's documented rule and returns the PandaPon
 * envelope. `request('POST /v2/open/address/addOrUpdate', { body })` is typed from the server's
 * own zod schemas; `call(method, path, …)` is the untyped escape hatch.
 */
import { randomBytes } from 'node:crypto';
import { computeSignature, type SignType } from '../src/platform/auth/signature.ts';
import type { Operations } from '../src/app.ts';

export { computeSignature, canonicalString, computeQuerySign, queryCanonicalString, type SignType } from '../src/platform/auth/signature.ts';
export { verifyWebhook, type VerifyResult as WebhookVerifyResult } from '../src/platform/webhooks/signing.ts';
export type { Operations } from '../src/app.ts';

export interface Envelope<T> {
  requestId: string;
  code: number;
  developId: string;
  msg: string;
  data: T | null;
}

export interface PonteClientOptions {
  baseUrl: string;
  accessKey: string;
  accessSecret: string;
  userId: string;
  signType?: SignType;
  /** Language of `msg`: zh (default), en, th, vi, es. */
  language?: string;
  fetch?: typeof fetch;
}

export interface CallOptions {
  query?: Record<string, string | number | boolean | undefined> | undefined;
  body?: unknown;
  /** Extra or overriding headers (e.g. `Idempotency-Key`). */
  headers?: Record<string, string>;
}

export interface SignedHeadersInput {
  accessKey: string;
  accessSecret: string;
  userId: string;
  signType?: SignType | undefined;
  body?: string | undefined;
  timestamp?: string | undefined;
  nonceStr?: string | undefined;
}

/** The five (or six) signature headers for one request. */
export function signedHeaders(input: SignedHeadersInput): Record<string, string> {
  const timestamp = input.timestamp ?? String(Date.now());
  const nonceStr = input.nonceStr ?? randomBytes(16).toString('hex');
  const signType = input.signType ?? 'MD5';
  const signature = computeSignature({ accessKey: input.accessKey, timestamp, nonceStr, body: input.body ?? '', signType }, input.accessSecret);
  return {
    'access-key': input.accessKey,
    timestamp,
    'nonce-str': nonceStr,
    'user-id': input.userId,
    signature,
    ...(signType === 'HMAC-SHA256' ? { 'sign-type': 'HMAC-SHA256' } : {}),
  };
}

type OpKey = keyof Operations & string;
type OpInput<K extends OpKey> = (Operations[K]['query'] extends undefined
  ? { query?: undefined }
  : {} extends Operations[K]['query']
    ? { query?: Operations[K]['query'] }
    : { query: Operations[K]['query'] }) &
  (Operations[K]['body'] extends undefined ? { body?: undefined } : { body: Operations[K]['body'] }) &
  (Operations[K]['params'] extends undefined ? { params?: undefined } : { params: Operations[K]['params'] }) & {
    headers?: Record<string, string>;
  };

export class PonteClient {
  private readonly options: PonteClientOptions;

  constructor(options: PonteClientOptions) {
    this.options = options;
  }

  /** Typed call of a documented operation, e.g. `request('GET /v2/open/address/list', {})`. */
  async request<K extends OpKey>(operation: K, input: OpInput<K>): Promise<Envelope<Operations[K]['data']>> {
    const [method, template] = operation.split(' ') as [string, string];
    // Path parameters (`{refundId}`) are filled from `params`, each one path segment.
    const params = (input.params ?? {}) as Record<string, string | number>;
    const path = template.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (_whole, name: string) => encodeURIComponent(String(params[name] ?? '')));
    return this.call<Operations[K]['data']>(method, path, input as CallOptions);
  }

  async call<T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<Envelope<T>> {
    const url = new URL(path, this.options.baseUrl);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    if (this.options.language && !url.searchParams.has('language')) url.searchParams.set('language', this.options.language);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = {
      ...signedHeaders({ ...this.options, body }),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    };
    const response = await (this.options.fetch ?? fetch)(url, { method, headers, ...(body !== undefined ? { body } : {}) });
    return (await response.json()) as Envelope<T>;
  }
}
