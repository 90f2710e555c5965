/**
 * A PandaPon client written from the published rule only (README "Signing requests" and
 * docs/decisions/001-signature-rule.md), sharing no code with the project: it imports nothing
 * from src/ or sdk/, only node: modules and the global fetch. A journey run through it checks the
 * server against what an outside integrator would build from the documentation, so a signing or
 * envelope mistake the SDK shares with the server cannot hide. Also a Standard Webhooks verifier
 * built from the README's callbacks section (secret `whsec_<base64>`, `v1,<base64 HMAC-SHA256>`).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type SignMode = 'MD5' | 'HMAC-SHA256';

export interface Credentials {
  accessKey: string;
  accessSecret: string;
  userId: string;
}

/** The PandaPon envelope every answer carries. */
export interface Envelope<T = any> {
  requestId: string;
  code: number;
  developId: string;
  msg: string;
  data: T;
}

export interface SignParts {
  accessKey: string;
  nonceStr: string;
  timestamp: string;
}

/** `access-key=…&nonce-str=…&timestamp=…`: the system parameters sorted by name. */
export function canonical(p: SignParts): string {
  const pairs: [string, string][] = [
    ['access-key', p.accessKey],
    ['nonce-str', p.nonceStr],
    ['timestamp', p.timestamp],
  ];
  return pairs
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** MD5 mode: UPPER(HEX(MD5(canonical + "&secret=" + secret))). */
export function signMd5(p: SignParts, secret: string): string {
  return createHash('md5')
    .update(`${canonical(p)}&secret=${secret}`, 'utf8')
    .digest('hex')
    .toUpperCase();
}

/** HMAC mode: UPPER(HEX(HMAC-SHA256(secret, canonical + "&body-sha256=" + HEX(SHA256(body bytes))))). */
export function signHmac(p: SignParts, secret: string, body: string | Uint8Array): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return createHmac('sha256', secret)
    .update(`${canonical(p)}&body-sha256=${bodyHash}`, 'utf8')
    .digest('hex')
    .toUpperCase();
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean>;
  /** Filled into `{name}` segments of the path, URL-encoded. */
  params?: Record<string, string>;
  /** A value sent as JSON.stringify(body). */
  body?: unknown;
  /** Exact body text (to send what JSON.stringify cannot make, e.g. 2^53 + 1 as a literal). */
  raw?: string;
  idempotencyKey?: string;
  headers?: Record<string, string>;
  mode?: SignMode;
}

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  text: string;
  envelope: Envelope<T>;
}

export function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`path parameter ${name} missing for ${path}`);
    return encodeURIComponent(value);
  });
}

export class IndependentClient {
  readonly baseUrl: string;
  readonly who: Credentials;
  readonly mode: SignMode;
  readonly language: string;

  constructor(baseUrl: string, who: Credentials, options: { mode?: SignMode; language?: string } = {}) {
    this.baseUrl = baseUrl;
    this.who = who;
    this.mode = options.mode ?? 'MD5';
    this.language = options.language ?? 'en';
  }

  /** The signature headers for a body (the empty string for GET and multipart, as documented). */
  signed(body: string | Uint8Array, mode: SignMode = this.mode): Record<string, string> {
    const parts = { accessKey: this.who.accessKey, nonceStr: randomBytes(16).toString('hex'), timestamp: String(Date.now()) };
    const signature = mode === 'MD5' ? signMd5(parts, this.who.accessSecret) : signHmac(parts, this.who.accessSecret, body);
    return {
      'access-key': parts.accessKey,
      timestamp: parts.timestamp,
      'nonce-str': parts.nonceStr,
      'user-id': this.who.userId,
      signature,
      ...(mode === 'HMAC-SHA256' ? { 'sign-type': 'HMAC-SHA256' } : {}),
    };
  }

  async send<T = any>(method: 'GET' | 'POST', path: string, o: RequestOptions = {}): Promise<Answer<T>> {
    const query = o.query ? `?${new URLSearchParams(Object.entries(o.query).map(([k, v]): [string, string] => [k, String(v)]))}` : '';
    const text = o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
    const bytes = text === undefined ? undefined : Buffer.from(text, 'utf8');
    const headers: Record<string, string> = {
      ...this.signed(bytes ?? '', o.mode),
      'accept-language': this.language,
      ...(bytes ? { 'content-type': 'application/json' } : {}),
      ...(o.idempotencyKey ? { 'idempotency-key': o.idempotencyKey } : {}),
      ...o.headers,
    };
    const response = await fetch(`${this.baseUrl}${fillPath(path, o.params)}${query}`, {
      method,
      headers,
      ...(bytes ? { body: bytes } : {}),
    });
    return read<T>(response);
  }

  get<T = any>(path: string, o: Omit<RequestOptions, 'body' | 'raw'> = {}): Promise<Answer<T>> {
    return this.send<T>('GET', path, o);
  }

  post<T = any>(path: string, body: unknown, o: Omit<RequestOptions, 'body'> = {}): Promise<Answer<T>> {
    return this.send<T>('POST', path, { ...o, body });
  }

  /** multipart/form-data: the form is not covered by the signature (HMAC over the empty string). */
  async upload<T = any>(path: string, form: FormData, mode: SignMode = 'HMAC-SHA256'): Promise<Answer<T>> {
    const headers = { ...this.signed('', mode), 'accept-language': this.language };
    return read<T>(await fetch(`${this.baseUrl}${path}`, { method: 'POST', headers, body: form }));
  }
}

async function read<T>(response: Response): Promise<Answer<T>> {
  const text = await response.text();
  let envelope: Envelope<T>;
  try {
    envelope = JSON.parse(text) as Envelope<T>;
  } catch {
    throw new Error(`HTTP ${response.status}: not a JSON envelope: ${text.slice(0, 300)}`);
  }
  if (typeof envelope?.code !== 'number' || typeof envelope.requestId !== 'string' || typeof envelope.msg !== 'string')
    throw new Error(`HTTP ${response.status}: not an envelope: ${text.slice(0, 300)}`);
  return { status: response.status, headers: response.headers, text, envelope };
}

/** The form of one voucher file in `imageData`. */
export function fileForm(bytes: Uint8Array, fileName: string, type: string, field = 'imageData'): FormData {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(bytes)], { type }), fileName);
  return form;
}

/** A bearer-token call to the operator routes (`/admin/…`, `/sandbox/…`), answering the envelope. */
export async function adminCall<T = any>(
  baseUrl: string,
  token: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Envelope<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await read<T>(response)).envelope;
}

/** Standard Webhooks: `webhook-signature` holds space-separated `v1,<base64>` entries, one must match. */
export function verifyStandardWebhook(
  secret: string,
  headers: { id: string; timestamp: string; signature: string },
  body: string,
): { ok: true } | { ok: false; why: string } {
  if (!secret.startsWith('whsec_')) return { ok: false, why: 'secret is not whsec_<base64>' };
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  if (key.length === 0) return { ok: false, why: 'empty key' };
  if (!/^\d{10}$/.test(headers.timestamp)) return { ok: false, why: `webhook-timestamp ${headers.timestamp} is not epoch seconds` };
  const expected = createHmac('sha256', key).update(`${headers.id}.${headers.timestamp}.${body}`, 'utf8').digest();
  for (const entry of headers.signature.split(' ')) {
    const [version, value] = entry.split(',');
    if (version !== 'v1' || !value) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, why: 'no v1 signature matches' };
}
