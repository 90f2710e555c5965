import { randomUUID } from 'node:crypto';
import { maxHeaderSize } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { codeOf, messageFor, pickLanguage, type Language } from '../errors.ts';
import { namedRule } from './validation.ts';

/*
 * Requests Node's HTTP parser refuses before any route sees them (request line and headers over
 * maxHeaderSize, Content-Length with Transfer-Encoding, a bad chunk size, a timeout) are answered
 * in the envelope too, written straight to the socket as Node's `clientError` contract asks, and
 * the connection is closed, since its framing can no longer be trusted. Where nothing can be
 * written (the peer reset the connection, or a response on it has already begun) it is closed.
 */

/** Node's parser errors carry `code` (HPE_…), `reason` and the bytes being parsed (`rawPacket`). */
type ClientError = Error & { code?: string; reason?: string; rawPacket?: unknown };

/** The request's Accept-Language, when the bytes Node was parsing still hold it. */
function languageOf(error: ClientError): Language {
  const header = Buffer.isBuffer(error.rawPacket) ? /\r\naccept-language:[ \t]*([^\r\n]*)/i.exec(error.rawPacket.toString('latin1')) : null;
  return pickLanguage(header?.[1]);
}

function ruleFor(error: ClientError, language: Language): { field: string; rule: string } {
  if (error.code === 'HPE_HEADER_OVERFLOW') return { field: 'headers', rule: namedRule('headerSize', language, maxHeaderSize) };
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { field: 'request', rule: namedRule('requestTimeout', language) };
  const reason = `${error.code ?? 'HPE_ERROR'}: ${error.reason ?? error.message}`;
  return { field: 'request', rule: namedRule('http', language, reason) };
}

/** The raw HTTP/1.1 answer: HTTP 200 with the envelope, like every other answer of the API. */
function clientErrorResponse(error: ClientError, requestId: string): string {
  const language = languageOf(error);
  const body = JSON.stringify({
    requestId,
    code: codeOf('BAD_PARAMETER'),
    developId: '',
    msg: messageFor('BAD_PARAMETER', language, ruleFor(error, language)),
    data: null,
  });
  const head = [
    'HTTP/1.1 200 OK',
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    `x-request-id: ${requestId}`,
    'connection: close',
  ];
  return `${head.join('\r\n')}\r\n\r\n${body}`;
}

type InFlight = { headersSent: boolean; req?: { complete: boolean }; once(event: 'finish', listener: () => void): unknown };

/**
 * Answers once the connection is free. A response still owed to an earlier, complete request
 * (keep-alive, pipelining) goes first, or the client would read the envelope as its answer; when
 * the refused bytes belong to the request being answered (a bad chunk in its body) and its answer
 * has already begun, a second answer cannot be framed, so the connection is only closed.
 */
function whenFree(socket: Socket, answer: () => void): void {
  const current = (socket as Socket & { _httpMessage?: InFlight | null })._httpMessage;
  if (current?.req?.complete) {
    current.once('finish', () => setImmediate(() => whenFree(socket, answer)));
    return;
  }
  if (current?.headersSent || !socket.writable) {
    socket.destroy();
    return;
  }
  answer();
}

export function clientErrorHandler(logger: Logger): (error: Error, socket: Socket) => void {
  return (raw, socket) => {
    const error = raw as ClientError;
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const requestId = randomUUID().replaceAll('-', '');
    logger.info({ requestId, clientError: error.code ?? error.message }, 'request refused by the HTTP parser');
    whenFree(socket, () => socket.end(clientErrorResponse(error, requestId), () => socket.destroy()));
  };
}
