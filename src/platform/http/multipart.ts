/**
 * multipart/form-data for the routes that declare it (`multipart` in the route spec), and for no
 * other: the parser (@fastify/multipart) is registered in an encapsulated scope holding only those
 * routes, so every other route still refuses any body that is not JSON. The body is read after
 * the signature is checked, so an unsigned upload costs no parsing; its file reaches the handler
 * as `input.file`, its text fields become the body the route's schema validates.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fail, type Failure, type Language } from '../errors.ts';
import type { MultipartSpec, UploadedFile } from './route.ts';
import { namedRule } from './validation.ts';

/** Text fields of a form are small (a file name, an id): the same cap for each. */
const FIELD_LIMIT_BYTES = 64 * 1024;

/** Registers routes in a scope of their own that parses multipart bodies with the spec's limits. */
export function withMultipart(app: FastifyInstance, spec: MultipartSpec, register: (scope: FastifyInstance) => void): void {
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      // One byte past the limit, so a larger file is seen as truncated instead of cut to fit.
      limits: { fileSize: spec.maxBytes + 1, files: 1, fields: 20, parts: 21, fieldSize: FIELD_LIMIT_BYTES },
      throwFileSizeLimit: false,
    });
    register(scope);
  });
}

export function isMultipartRequest(request: FastifyRequest): boolean {
  return typeof request.isMultipart === 'function' && request.isMultipart();
}

export interface MultipartBody {
  ok: true;
  fields: Record<string, unknown>;
  file: UploadedFile | undefined;
}

/**
 * Reads the whole form: the one file of `spec.field` (bytes up to one past the limit, `truncated`
 * beyond) and the text fields. Parts are always read to the end, so a refusal leaves no body
 * behind on a kept-alive connection.
 */
export async function readMultipart(request: FastifyRequest, spec: MultipartSpec, language: Language): Promise<MultipartBody | Failure> {
  const fields: Record<string, unknown> = {};
  let file: UploadedFile | undefined;
  let refusal: Failure | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname !== spec.field)
          refusal ??= fail('BAD_PARAMETER', { field: part.fieldname, rule: `the file goes in ${spec.field}` });
        file = { fileName: part.filename, mimeType: part.mimetype, bytes, truncated: part.file.truncated || bytes.length > spec.maxBytes };
      } else if (typeof part.value === 'string' && part.value.includes('\u0000')) {
        refusal ??= fail('BAD_PARAMETER', { field: part.fieldname, rule: namedRule('nul', language) });
      } else {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT') return fail('BAD_PARAMETER', { field: spec.field, rule: 'one file per request' });
    const message = error instanceof Error ? error.message : String(error);
    return fail('BAD_PARAMETER', { field: 'body', rule: `multipart/form-data: ${message}` });
  }
  return refusal ?? { ok: true, fields, file };
}
