/**
 * Every answer the API gives is HTTP 200 with `{requestId, code, developId, msg, data}`:
 * PandaPon clients read `code`, not the HTTP status. The machine-facing system endpoints (a
 * failed readiness probe, a refused metrics scrape) keep the envelope under the HTTP status their
 * callers read.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RateDecision } from '../auth/ratelimit.ts';
import { codeOf, messageFor, type ERROR_TABLE, type Failure, type Language } from '../errors.ts';

export interface EnvelopeArgs {
  code: number;
  msg: keyof typeof ERROR_TABLE;
  params?: Record<string, string | number> | undefined;
  data: unknown;
  developerId: string;
  language: Language;
  /** 200 unless the caller reads only the HTTP status (see above). */
  httpStatus?: number;
}

export function sendEnvelope(request: FastifyRequest, reply: FastifyReply, args: EnvelopeArgs): void {
  request.ponteCode = args.code;
  void reply
    .code(args.httpStatus ?? 200)
    .header('x-request-id', request.id)
    .send({
      requestId: request.id,
      code: args.code,
      developId: args.developerId,
      msg: messageFor(args.msg, args.language, args.params),
      data: args.data ?? null,
    });
}

export function sendFailure(
  request: FastifyRequest,
  reply: FastifyReply,
  failure: Failure,
  language: Language,
  developerId: string,
  httpStatus = 200,
): void {
  sendEnvelope(request, reply, {
    httpStatus,
    code: codeOf(failure.error),
    msg: failure.error,
    params: failure.params,
    data: failure.data ?? null,
    developerId,
    language,
  });
}

export function setRateHeaders(reply: FastifyReply, rate: RateDecision): void {
  void reply.header('x-ratelimit-limit', rate.limit);
  void reply.header('x-ratelimit-remaining', rate.remaining);
  void reply.header('x-ratelimit-reset', Math.ceil(rate.resetMs / 1000));
}
