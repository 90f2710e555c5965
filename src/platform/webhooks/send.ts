import http from 'node:http';
import https from 'node:https';
import { isIPv6 } from 'node:net';
import { performance } from 'node:perf_hooks';
import { checkCallbackUrl, hostAsIp, type CallbackUrlFailure, type LookupAll } from './ssrf.ts';

/*
 * One delivery attempt. PandaPon's contract is "answer HTTP 200 within 1000 ms", so success is
 * status 200 exactly (not any 2xx) and the default timeout is 1000 ms. Every network outcome is a
 * value: the dispatcher records it as an attempt and consults the retry schedule.
 */

export const DEFAULT_SEND_TIMEOUT_MS = 1000;
const SNIPPET_BYTES = 1024;
const USER_AGENT = 'Ponte-Webhooks/1';

export type SendError =
  | CallbackUrlFailure
  | 'timeout'
  | 'connection-refused'
  | 'connection-reset'
  | 'unreachable'
  | 'tls-error'
  | 'network-error';

export type SendInput = {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs?: number;
  allowPrivate: boolean;
  lookup?: LookupAll;
};

export type SendResult = {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  /** First 1 KiB of the response body, for the delivery log. */
  responseSnippet: string;
  error?: SendError;
  /** Human-readable cause for the delivery log (resolver answer, errno, ...). */
  detail?: string;
};

type Target = { url: URL; address: string };
type Outcome = Omit<SendResult, 'latencyMs'>;

const failed = (error: SendError, detail: string): Outcome => ({ ok: false, statusCode: null, responseSnippet: '', error, detail });

function sinceMs(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
}

function classifyNetworkError(err: NodeJS.ErrnoException): Outcome {
  const code = err.code ?? '';
  const detail = code ? `${code}: ${err.message}` : err.message;
  if (code === 'ECONNREFUSED') return failed('connection-refused', detail);
  if (code === 'ECONNRESET' || code === 'EPIPE') return failed('connection-reset', detail);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return failed('unreachable', detail);
  if (/^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/.test(code)) return failed('tls-error', detail);
  return failed('network-error', detail);
}

/** Resolves and checks the URL within the same deadline as the request: a hung resolver is a timeout too. */
async function resolveTarget(input: SendInput, timeoutMs: number): Promise<{ ok: true; target: Target } | { ok: false; outcome: Outcome }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const check = await Promise.race([checkCallbackUrl(input.url, { allowPrivate: input.allowPrivate, lookup: input.lookup }), deadline]);
  clearTimeout(timer);
  if (check === 'timeout') return { ok: false, outcome: failed('timeout', `resolving the host took over ${timeoutMs} ms`) };
  if (!check.ok) return { ok: false, outcome: failed(check.reason, check.detail) };
  const address = check.addresses[0];
  if (address === undefined) throw new Error('checkCallbackUrl returned ok without addresses');
  return { ok: true, target: { url: check.url, address } };
}

function requestOptions(target: Target, headers: Record<string, string>, body: Buffer): https.RequestOptions {
  const { url, address } = target;
  const options: https.RequestOptions = {
    // Connect to the address that passed the SSRF check rather than the name: resolving again
    // here would let a rebinding DNS server answer a private address the second time.
    host: address,
    family: isIPv6(address) ? 6 : 4,
    port: url.port || (url.protocol === 'https:' ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    method: 'POST',
    headers: { 'user-agent': USER_AGENT, ...headers, host: url.host, 'content-length': String(body.length) },
    // A fresh connection per attempt: no pooled socket outlives the timeout or crosses endpoints.
    agent: false,
  };
  // TLS must still verify the certificate for the name, and SNI must not carry an IP literal.
  if (url.protocol === 'https:' && hostAsIp(url) === null) options.servername = url.hostname;
  return options;
}

/** POST once, never following redirects (a 3xx is simply "not 200"); waitMs is what is left of the attempt's limitMs, which a timeout names. */
function post(target: Target, headers: Record<string, string>, body: Buffer, time: { waitMs: number; limitMs: number }): Promise<Outcome> {
  return new Promise((resolve) => {
    const send = target.url.protocol === 'https:' ? https.request : http.request;
    const req = send(requestOptions(target, headers, body));
    const chunks: Buffer[] = [];
    let received = 0;
    let statusCode: number | null = null;
    let settled = false;
    const settle = (outcome: Outcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    };
    const settleWithResponse = (): void => {
      const responseSnippet = Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString('utf8');
      settle({ ok: statusCode === 200, statusCode, responseSnippet });
    };
    // After the status line arrived the receiver has answered; a slow body only shortens the snippet.
    const timer = setTimeout(() => {
      if (statusCode !== null) settleWithResponse();
      else settle(failed('timeout', `no response within ${time.limitMs} ms`));
    }, time.waitMs);
    req.on('response', (res) => {
      statusCode = res.statusCode ?? null;
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        received += chunk.length;
        if (received >= SNIPPET_BYTES) settleWithResponse();
      });
      res.on('end', settleWithResponse);
      res.on('error', settleWithResponse);
    });
    req.on('error', (err: NodeJS.ErrnoException) => settle(classifyNetworkError(err)));
    req.end(body);
  });
}

export async function sendWebhook(input: SendInput): Promise<SendResult> {
  const timeoutMs = input.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) throw new RangeError(`timeoutMs must be positive, got ${timeoutMs}`);
  const startedAt = performance.now();
  const resolved = await resolveTarget(input, timeoutMs);
  if (!resolved.ok) return { ...resolved.outcome, latencyMs: sinceMs(startedAt) };
  const remainingMs = Math.max(1, timeoutMs - (performance.now() - startedAt));
  const outcome = await post(resolved.target, input.headers, Buffer.from(input.body, 'utf8'), { waitMs: remainingMs, limitMs: timeoutMs });
  return { ...outcome, latencyMs: sinceMs(startedAt) };
}
