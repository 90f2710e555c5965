import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { isIPv6 } from 'node:net';
import { checkCallbackUrl, hostAsIp, type CallbackUrlFailure, type LookupAll } from './ssrf.ts';

/*
 * The one way Ponte makes an HTTP request to an address a tenant chose (callback URLs, image
 * addresses): the URL passes the SSRF check, the connection goes to the address that check
 * approved (never a second resolution), redirects are not followed, one deadline covers
 * resolving, connecting and reading, and the response body is read only up to a cap.
 */

export type NetworkError = 'timeout' | 'connection-refused' | 'connection-reset' | 'unreachable' | 'tls-error' | 'network-error';
export type OutboundError = CallbackUrlFailure | NetworkError;

export interface OutboundRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
  /** Stop reading the response body here and close the connection. */
  maxBodyBytes: number;
  /**
   * `prefix`: the first maxBodyBytes are all the caller wants (a delivery-log snippet); once the
   * status line arrived, a slow or longer body still makes an answer. `whole`: the caller needs
   * the entire body; a body over the cap (declared or streamed) is `too-large`, a cut-off one fails.
   */
  read: 'prefix' | 'whole';
  allowPrivate: boolean;
  lookup?: LookupAll;
}

export interface OutboundAnswer {
  ok: true;
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type OutboundFailure<E extends string = OutboundError | 'too-large'> = { ok: false; error: E; detail: string };
export type OutboundResult = OutboundAnswer | OutboundFailure;

type Target = { url: URL; address: string };

const failed = (error: OutboundFailure['error'], detail: string): OutboundFailure => ({ ok: false, error, detail });

function classifyNetworkError(err: NodeJS.ErrnoException): OutboundFailure {
  const code = err.code ?? '';
  const detail = code ? `${code}: ${err.message}` : err.message;
  if (code === 'ECONNREFUSED') return failed('connection-refused', detail);
  if (code === 'ECONNRESET' || code === 'EPIPE') return failed('connection-reset', detail);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return failed('unreachable', detail);
  if (/^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/.test(code)) return failed('tls-error', detail);
  return failed('network-error', detail);
}

/** Resolves and checks the URL within the request's deadline: a hung resolver is a timeout too. */
async function resolveTarget(input: OutboundRequest): Promise<{ ok: true; target: Target } | OutboundFailure> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), input.timeoutMs);
  });
  const check = await Promise.race([checkCallbackUrl(input.url, { allowPrivate: input.allowPrivate, lookup: input.lookup }), deadline]);
  clearTimeout(timer);
  if (check === 'timeout') return failed('timeout', `resolving the host took over ${input.timeoutMs} ms`);
  if (!check.ok) return failed(check.reason, check.detail);
  const address = check.addresses[0];
  if (address === undefined) throw new Error('checkCallbackUrl returned ok without addresses');
  return { ok: true, target: { url: check.url, address } };
}

function requestOptions(target: Target, input: OutboundRequest): https.RequestOptions {
  const { url, address } = target;
  const headers: Record<string, string> = { ...input.headers, host: url.host };
  if (input.body) headers['content-length'] = String(input.body.length);
  const options: https.RequestOptions = {
    // Connect to the address that passed the SSRF check rather than the name: resolving again
    // here would let a rebinding DNS server answer a private address the second time.
    host: address,
    family: isIPv6(address) ? 6 : 4,
    port: url.port || (url.protocol === 'https:' ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    method: input.method,
    headers,
    // A fresh connection per request: no pooled socket outlives the deadline or crosses targets.
    agent: false,
  };
  // TLS must still verify the certificate for the name, and SNI must not carry an IP literal.
  if (url.protocol === 'https:' && hostAsIp(url) === null) options.servername = url.hostname;
  return options;
}

function exchange(target: Target, input: OutboundRequest, timeoutMs: number): Promise<OutboundResult> {
  const whole = input.read === 'whole';
  const cap = input.maxBodyBytes;
  return new Promise((resolve) => {
    const send = target.url.protocol === 'https:' ? https.request : http.request;
    const req = send(requestOptions(target, input));
    const chunks: Buffer[] = [];
    let received = 0;
    let response: http.IncomingMessage | null = null;
    let settled = false;
    const settle = (result: OutboundResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Destroying the request closes the socket: whatever the peer still streams is never read.
      req.destroy();
      resolve(result);
    };
    const answer = (): void => {
      if (!response) return;
      settle({ ok: true, statusCode: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).subarray(0, cap) });
    };
    const tooLarge = (bytes: number): void => settle(failed('too-large', `${bytes} bytes > ${cap}`));
    const timer = setTimeout(() => {
      if (response && !whole) answer();
      // The limit named is the attempt's whole one, not the part of it left after resolving.
      else settle(failed('timeout', `${whole ? 'no complete answer' : 'no response'} within ${input.timeoutMs} ms`));
    }, timeoutMs);
    req.on('response', (res) => {
      response = res;
      const declared = Number(res.headers['content-length'] ?? 0);
      if (whole && declared > cap) return tooLarge(declared);
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        received += chunk.length;
        if (received > cap && whole) tooLarge(received);
        else if (received >= cap && !whole) answer();
      });
      res.on('end', answer);
      res.on('error', (err: NodeJS.ErrnoException) => (whole ? settle(classifyNetworkError(err)) : answer()));
      // 'close' without 'end': the peer hung up mid-body.
      res.on('close', () => (whole ? settle(failed('connection-reset', 'the answer was cut off')) : answer()));
    });
    req.on('error', (err: NodeJS.ErrnoException) => settle(classifyNetworkError(err)));
    req.end(input.body);
  });
}

/** One request, never following redirects (a 3xx is an answer like any other). */
export async function outboundRequest(
  input: OutboundRequest & { read: 'prefix' },
): Promise<OutboundAnswer | OutboundFailure<OutboundError>>;
export async function outboundRequest(input: OutboundRequest): Promise<OutboundResult>;
export async function outboundRequest(input: OutboundRequest): Promise<OutboundResult> {
  if (!(input.timeoutMs > 0 && Number.isFinite(input.timeoutMs)))
    throw new RangeError(`timeoutMs must be positive, got ${input.timeoutMs}`);
  const startedAt = performance.now();
  const resolved = await resolveTarget(input);
  if (!resolved.ok) return resolved;
  const remainingMs = Math.max(1, input.timeoutMs - (performance.now() - startedAt));
  return exchange(resolved.target, input, remainingMs);
}
