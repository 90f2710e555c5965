/**
 * What the playground reads from /openapi.json: the signed operations (those whose security lists
 * the `signature` scheme), their query parameters, and an example body built from the schema's
 * required fields, and how each may be signed (`x-ponte-signing`, generated from the route
 * declaration). The document is the server's own, so the playground never lists a route twice.
 */
import type { SignForm } from './signing.ts';

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  example?: unknown;
  minimum?: number;
  minItems?: number;
  description?: string;
}

interface RawOperation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: JsonSchema; description?: string }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  'x-ponte-signing'?: { forms?: string[]; multipart?: { fileField: string; maxBytes: number } };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface QueryParam {
  name: string;
  required: boolean;
  description: string;
}

export interface SignedOperation {
  id: string;
  method: 'GET' | 'POST';
  path: string;
  summary: string;
  tag: string;
  query: QueryParam[];
  /** The JSON body's schema; null when the operation takes none. */
  body: JsonSchema | null;
  /** Where its signature may travel: always the headers, on some routes the query too. */
  forms: SignForm[];
  /** A multipart upload it also takes: the file field, its limit and the form's text fields. */
  multipart: MultipartForm | null;
}

export interface MultipartForm {
  fileField: string;
  maxBytes: number;
  textFields: string[];
}

function isSigned(operation: RawOperation): boolean {
  return (operation.security ?? []).some((requirement) => 'signature' in requirement);
}

function signingOf(doc: OpenApiDocument, operation: RawOperation): Pick<SignedOperation, 'forms' | 'multipart'> {
  const signing = operation['x-ponte-signing'];
  const forms: SignForm[] = signing?.forms?.includes('query') ? ['header', 'query'] : ['header'];
  const upload = signing?.multipart;
  const schema = operation.requestBody?.content?.['multipart/form-data']?.schema;
  if (!upload || !schema) return { forms, multipart: null };
  const textFields = Object.keys(resolve(doc, schema).properties ?? {}).filter((name) => name !== upload.fileField);
  return { forms, multipart: { fileField: upload.fileField, maxBytes: upload.maxBytes, textFields } };
}

export function signedOperations(doc: OpenApiDocument): SignedOperation[] {
  const found: SignedOperation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if ((method !== 'get' && method !== 'post') || !isSigned(operation)) continue;
      found.push({
        id: `${method.toUpperCase()} ${path}`,
        method: method === 'get' ? 'GET' : 'POST',
        path,
        summary: operation.summary ?? '',
        tag: operation.tags?.[0] ?? '',
        query: (operation.parameters ?? [])
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => ({ name: parameter.name, required: parameter.required ?? false, description: parameter.description ?? '' })),
        body: operation.requestBody?.content?.['application/json']?.schema ?? null,
        ...signingOf(doc, operation),
      });
    }
  }
  return found.sort((a, b) => a.tag.localeCompare(b.tag) || a.path.localeCompare(b.path));
}

/** Operations grouped by tag, keeping only those whose path, summary or tag contains the filter text. */
export function groupByTag(operations: SignedOperation[], filter: string): Array<[string, SignedOperation[]]> {
  const needle = filter.trim().toLowerCase();
  const groups = new Map<string, SignedOperation[]>();
  for (const operation of operations) {
    const haystack = `${operation.method} ${operation.path} ${operation.summary} ${operation.tag}`.toLowerCase();
    if (needle && !haystack.includes(needle)) continue;
    groups.set(operation.tag, [...(groups.get(operation.tag) ?? []), operation]);
  }
  return [...groups];
}

function resolve(doc: OpenApiDocument, schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  return doc.components?.schemas?.[name] ?? {};
}

/** A value satisfying the schema's shape: required properties only, the first choice of a union or enum. */
export function exampleOf(doc: OpenApiDocument, raw: JsonSchema, depth = 0): unknown {
  const schema = resolve(doc, raw);
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const choice = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (choice) return exampleOf(doc, choice, depth + 1);
  if (schema.allOf?.length) return Object.assign({}, ...schema.allOf.map((part) => exampleOf(doc, part, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (depth > 8) return null;
  switch (type) {
    case 'object': {
      const entries = (schema.required ?? []).map((name) => [name, exampleOf(doc, schema.properties?.[name] ?? {}, depth + 1)]);
      return Object.fromEntries(entries);
    }
    case 'array':
      return schema.minItems && schema.items ? [exampleOf(doc, schema.items, depth + 1)] : [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string':
      return 'string';
    default:
      return null;
  }
}
