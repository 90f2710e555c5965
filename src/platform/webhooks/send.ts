import { performance } from 'node:perf_hooks';
import { outboundRequest, type NetworkError } from './outbound.ts';
import type { CallbackUrlFailure, LookupAll } from './ssrf.ts';

/*
 * One delivery attempt. PandaPon's contract is "answer HTTP 200 within 1000 ms", so success is
 * status 200 exactly (not any 2xx) and the default timeout is 1000 ms. Every network outcome is a
 * value: the dispatcher records it as an attempt and consults the retry schedule.
 */

export const DEFAULT_SEND_TIMEOUT_MS = 1000;
const SNIPPET_BYTES = 1024;
const USER_AGENT = 'Ponte-Webhooks/1';

export type SendError = CallbackUrlFailure | NetworkError;

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

function sinceMs(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
}

export async function sendWebhook(input: SendInput): Promise<SendResult> {
  const timeoutMs = input.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) throw new RangeError(`timeoutMs must be positive, got ${timeoutMs}`);
  const startedAt = performance.now();
  const result = await outboundRequest({
    url: input.url,
    method: 'POST',
    headers: { 'user-agent': USER_AGENT, ...input.headers },
    body: Buffer.from(input.body, 'utf8'),
    timeoutMs,
    // After the status line arrived the receiver has answered; the body only feeds the snippet.
    maxBodyBytes: SNIPPET_BYTES,
    read: 'prefix' as const,
    allowPrivate: input.allowPrivate,
    ...(input.lookup ? { lookup: input.lookup } : {}),
  });
  const latencyMs = sinceMs(startedAt);
  if (result.ok)
    return { ok: result.statusCode === 200, statusCode: result.statusCode, latencyMs, responseSnippet: result.body.toString('utf8') };
  return { ok: false, statusCode: null, latencyMs, responseSnippet: '', error: result.error, detail: result.detail };
}
