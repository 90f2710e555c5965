/**
 * Retries with full-jitter backoff (a random wait in [0, min(cap, base·2^attempt)), so clients
 * that failed together do not retry together), for network errors, timeouts, HTTP 429 and 5xx,
 * and the envelope's rate-limit code 429, whose `x-ratelimit-reset` (seconds) is waited instead.
 * Each attempt is signed anew: the server refuses a nonce it has already seen.
 */
import { ERROR_CODES } from './openapi-types.ts';

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  timeoutMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 2,
  timeoutMs: 30_000,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  random: Math.random,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return Math.floor(policy.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt));
}

/** Whether a request may be sent again after an answer that may have acted: reads, and calls carrying an Idempotency-Key. */
function repeatable(request: Request): boolean {
  return request.method === 'GET' || request.method === 'HEAD' || request.headers.has('idempotency-key');
}

/** The wait a rate-limit answer asks for, in ms; null when the answer is not a rate limit. */
async function rateLimitWaitMs(response: Response): Promise<number | null> {
  let limited = response.status === 429;
  if (!limited && response.ok && response.headers.get('content-type')?.includes('application/json')) {
    const envelope = (await response.clone().json()) as { code?: unknown } | null;
    limited = envelope?.code === ERROR_CODES.RATE_LIMITED;
  }
  if (!limited) return null;
  const reset = Number(response.headers.get('x-ratelimit-reset') ?? response.headers.get('retry-after'));
  return Number.isFinite(reset) && reset >= 0 ? reset * 1000 : 0;
}

/** The wait before another attempt, or null when this outcome is final. */
async function retryWaitMs(request: Request, outcome: Response | Error, policy: RetryPolicy, attempt: number): Promise<number | null> {
  if (outcome instanceof Error) return repeatable(request) ? backoffMs(policy, attempt) : null;
  const reset = await rateLimitWaitMs(outcome);
  // The limiter refused before the call did anything, so any call may go again once the bucket refills.
  if (reset !== null) return Math.max(reset, backoffMs(policy, attempt));
  return outcome.status >= 500 && repeatable(request) ? backoffMs(policy, attempt) : null;
}

async function attempt(fetchImpl: typeof fetch, request: Request, timeoutMs: number): Promise<Response | Error> {
  const signal = AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]);
  try {
    return await fetchImpl(new Request(request, { signal }));
  } catch (error) {
    // A caller's own abort is final; a timeout or a network failure may be retried.
    if (request.signal.aborted) throw error;
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * The fetch openapi-fetch calls: the first attempt sends the request as the middleware signed
 * it, each further one a copy that `resign` signed again (same body, same Idempotency-Key).
 */
export function retryingFetch(fetchImpl: typeof fetch, policy: RetryPolicy, resign: (request: Request) => Promise<Request>): typeof fetch {
  return async (input, init) => {
    const original = new Request(input, init);
    const body = original.body ? await original.arrayBuffer() : undefined;
    const copy = () => new Request(original, body === undefined ? {} : { body });
    let request = copy();
    for (let n = 0; ; n++) {
      const outcome = await attempt(fetchImpl, request, policy.timeoutMs);
      const waitMs = n < policy.retries ? await retryWaitMs(request, outcome, policy, n) : null;
      if (waitMs === null) {
        if (outcome instanceof Error) throw outcome;
        return outcome;
      }
      await policy.sleep(waitMs);
      request = await resign(copy());
    }
  };
}
