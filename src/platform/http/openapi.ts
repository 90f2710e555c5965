import { ERROR_TABLE, codeOf, type ErrorName } from '../errors.ts';
import {
  canonicalString,
  computeQuerySign,
  computeSignature,
  queryCanonicalString,
  QUERY_SIGNED_PREFIXES,
  type SignInput,
  takesQueryForm,
} from '../auth/index.ts';
import { sha256Hex } from '../crypto.ts';
import { DEV_SESSION_COOKIE, SESSION_COOKIE } from './cookies.ts';
import { rolesOf, type AnyRoute, type OperatorRole } from './route.ts';

/** The OpenAPI extension naming how a signed operation may be signed (the console's playground reads it). */
export const SIGNING_EXTENSION = 'x-ponte-signing';

/** The README's test vectors; the signatures below are computed by the signing code itself, so they cannot drift. */
const VECTOR = {
  accessKey: '58c0201dfdf148eca63cbf6bb5e7cf03',
  secret: '3f1b2c4d5e6f708192a3b4c5d6e7f809',
  nonceStr: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  timestamp: '1715669977082',
  body: '{"name":"Somchai","province":"浙江省"}',
} as const;

function vectorRow(label: string, input: SignInput): string {
  const signed = input.signType === 'HMAC-SHA256' ? canonicalString(input) : `${canonicalString(input)}&secret=${VECTOR.secret}`;
  return `| ${label} | \`${signed}\` | \`${computeSignature(input, VECTOR.secret)}\` |`;
}

/** The query form's vectors (warehouse logistics): the header vector's values plus a user id, all in the query. */
function queryVectorRows(): string[] {
  const pairs: Array<[string, string]> = [
    ['access-key', VECTOR.accessKey],
    ['nonce-str', VECTOR.nonceStr],
    ['timestamp', VECTOR.timestamp],
    ['user-id', '2100007341207'],
  ];
  const md5 = `${queryCanonicalString(pairs, 'MD5')}&secret=${VECTOR.secret}`;
  return [
    `| query MD5 | \`${md5}\` | \`${computeQuerySign(pairs, VECTOR.secret)}\` |`,
    `| query HMAC-SHA256 | \`${queryCanonicalString(pairs, 'HMAC-SHA256', VECTOR.body)}\` | \`${computeQuerySign(pairs, VECTOR.secret, 'HMAC-SHA256', VECTOR.body)}\` |`,
  ];
}

/** How a request is signed, with worked examples: shown in the reference's authentication panel and introduction. */
export function signingGuideMarkdown(): string {
  const base = { accessKey: VECTOR.accessKey, timestamp: VECTOR.timestamp, nonceStr: VECTOR.nonceStr };
  return [
    [
      'Send five headers with every signed request: `access-key`,',
      '`timestamp` (13-digit ms or 10-digit s, within ±600 s of the server),',
      '`nonce-str` (8–64 characters, never reused within the window: a replay answers 405),',
      '`user-id` (main user or sub-account) and `signature`; optionally `sign-type: HMAC-SHA256`.',
    ].join(' '),
    '',
    '1. canonical = the system parameters sorted by name: `access-key=…&nonce-str=…&timestamp=…`',
    '2. **MD5 mode** (default): `signature = UPPER(HEX(MD5(canonical + "&secret=" + secret)))`.',
    [
      '3. **HMAC-SHA256 mode** (`sign-type: HMAC-SHA256`, covers the body):',
      '`signature = UPPER(HEX(HMAC-SHA256(secret, canonical + "&body-sha256=" + HEX(SHA256(raw body bytes)))))`.',
    ].join(' '),
    [
      '4. **multipart/form-data** (only the routes that take it, e.g. the 1688 voucher upload): the body is not signed,',
      'as 1688 leaves `imageData` out of its signature. In HMAC mode `body-sha256` is then the SHA-256 of the empty',
      `string (\`${sha256Hex('')}\`), the same string as a GET; the same upload sent as JSON (base64) is signed as usual.`,
    ].join(' '),
    [
      `5. **query form** (only under ${QUERY_SIGNED_PREFIXES.map((p) => `\`${p}\``).join(' and ')}): \`access-key\`, \`user-id\`,`,
      '`timestamp`, optional `nonce-str` (or its header) and `sign-type`, and `sign` as query parameters;',
      'canonical = every query parameter except `sign`, sorted by name, `name=value` joined by `&`; then MD5 or HMAC as above',
      '(`sign` in place of `signature`). Same window, nonce and refusal codes as the headers.',
    ].join(' '),
    [
      `Each signed operation states its forms in \`${SIGNING_EXTENSION}\`: \`forms\` (\`header\`, and \`query\` where the query form`,
      'is read) and, for an operation that takes a multipart upload, `multipart` with the file field and its size limit.',
    ].join(' '),
    '',
    [
      `Test vectors: access-key \`${VECTOR.accessKey}\`, secret \`${VECTOR.secret}\`,`,
      `nonce-str \`${VECTOR.nonceStr}\`, timestamp \`${VECTOR.timestamp}\`,`,
      `body (UTF-8) \`${VECTOR.body}\` (SHA-256 \`${sha256Hex(VECTOR.body)}\`).`,
    ].join(' '),
    '',
    '| mode | string signed | signature |',
    '|---|---|---|',
    vectorRow('MD5', base),
    vectorRow('HMAC-SHA256', { ...base, signType: 'HMAC-SHA256', body: VECTOR.body }),
    vectorRow('HMAC-SHA256, empty body (GET)', { ...base, signType: 'HMAC-SHA256', body: '' }),
    ...queryVectorRows(),
    '',
    [
      'The reference cannot compute a signature for you:',
      '`npx ponte curl --developer ID GET /v2/open/address/list` prints a command that signs each time it runs,',
      'and the TypeScript SDK (`@ponte/sdk`, in `sdk/`) signs every call.',
    ].join(' '),
  ].join('\n');
}

/** The signature headers, documented once as security schemes and required together. */
export const SECURITY_SCHEMES = {
  accessKey: { type: 'apiKey', in: 'header', name: 'access-key', description: 'AccessKey issued to the developer (32 hex).' },
  timestamp: {
    type: 'apiKey',
    in: 'header',
    name: 'timestamp',
    description: 'Send time: 13-digit ms or 10-digit s since the epoch, within ±600 s of the server.',
  },
  nonceStr: {
    type: 'apiKey',
    in: 'header',
    name: 'nonce-str',
    description: 'Random string (8–64 chars, 32 recommended); reuse within the window is refused (405).',
  },
  userId: { type: 'apiKey', in: 'header', name: 'user-id', description: "The developer's main user id or one of its sub-accounts." },
  signature: { type: 'apiKey', in: 'header', name: 'signature', description: signingGuideMarkdown() },
  adminToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'Operator endpoints (/admin/…, /sandbox/…): the admin token from PONTE_ADMIN_TOKEN or <data dir>/admin.token.',
  },
  consoleSession: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'An operator signed in with POST /console/api/login; each operation lists the roles it admits.',
  },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: 'x-csrf-token',
    description: 'With a session cookie, on every request but GET: the csrfToken the login (or developer sign-in) answered.',
  },
  developerSession: {
    type: 'apiKey',
    in: 'cookie',
    name: DEV_SESSION_COOKIE,
    description: [
      'A developer signed in to the developer console with POST /console/dev/api/signin (a one-time link an operator makes).',
      'On a signed route it is read only when the request presents no signature at all (no access-key header, no access-key or sign',
      "query parameter): the call then acts as the developer's main user and spends the main key's rate limit;",
      'every non-GET must also send x-csrf-token. A request that presents a signature is judged by its signature alone.',
    ].join(' '),
  },
} as const;

export const ADMIN_SECURITY: Array<Record<string, string[]>> = [{ adminToken: [] }, { consoleSession: [], csrfToken: [] }];

/** The five headers are one requirement (all together), in the order a client sends them. */
export const SIGNED_SCHEMES = ['accessKey', 'timestamp', 'nonceStr', 'userId', 'signature'] as const;
const DEVELOPER_SECURITY: Array<Record<string, string[]>> = [{ developerSession: [], csrfToken: [] }];
const SIGNED_SECURITY = [Object.fromEntries(SIGNED_SCHEMES.map((name) => [name, []])), ...DEVELOPER_SECURITY];

const GATEWAY: ErrorName[] = [
  'BAD_PARAMETER',
  'ACCESS_KEY_INVALID',
  'SIGNATURE_MISMATCH',
  'TIMESTAMP_OUT_OF_WINDOW',
  'NONCE_REUSED',
  'USER_ID_INVALID',
  'SIGN_TYPE_REQUIRED',
  'NO_PERMISSION',
  'RATE_LIMITED',
  'DEV_SESSION_INVALID',
  'CSRF_TOKEN_INVALID',
];

const ADMIN_GATE: ErrorName[] = ['BAD_PARAMETER', 'ADMIN_TOKEN_INVALID', 'SESSION_INVALID', 'CSRF_TOKEN_INVALID', 'OPERATOR_FORBIDDEN'];
const DEVELOPER_GATE: ErrorName[] = ['BAD_PARAMETER', 'DEV_SESSION_INVALID', 'CSRF_TOKEN_INVALID'];

const GATES: Record<AnyRoute['auth'], ErrorName[]> = {
  signed: GATEWAY,
  admin: ADMIN_GATE,
  developer: DEVELOPER_GATE,
  public: ['BAD_PARAMETER'],
};
const SECURITY: Record<AnyRoute['auth'], Array<Record<string, string[]>>> = {
  signed: SIGNED_SECURITY,
  admin: ADMIN_SECURITY,
  developer: DEVELOPER_SECURITY,
  public: [],
};

export function routeCodes(route: AnyRoute): ErrorName[] {
  const codes = new Set<ErrorName>([...GATES[route.auth], ...route.errors, 'INTERNAL']);
  return [...codes].sort((a, b) => codeOf(a) - codeOf(b));
}

function authSentence(route: AnyRoute): string {
  switch (route.auth) {
    case 'signed':
      return `Signed request (or a developer console session: see the developerSession scheme); sub-account action: \`${route.action}\`.`;
    case 'developer':
      return `Developer console endpoint: the \`${DEV_SESSION_COOKIE}\` cookie, with \`x-csrf-token\` unless GET.`;
    case 'admin':
      return operatorSentence(rolesOf(route));
    default:
      return 'No signature needed.';
  }
}

export interface SigningForms {
  forms: Array<'header' | 'query'>;
  /** Present when the operation also takes multipart/form-data, whose body is not signed. */
  multipart?: { fileField: string; maxBytes: number };
}

/** Derived from the declaration: the path decides the query form (as the gateway does), `multipart` the upload. */
export function signingForms(route: AnyRoute): SigningForms {
  return {
    forms: takesQueryForm(route.path) ? ['header', 'query'] : ['header'],
    ...(route.multipart ? { multipart: { fileField: route.multipart.field, maxBytes: route.multipart.maxBytes } } : {}),
  };
}

export function describeOperation(route: AnyRoute, aliases: string[] | null) {
  if (aliases === null) return { hide: true };
  const codes = routeCodes(route)
    .map((name) => `| ${codeOf(name)} | ${name} | ${ERROR_TABLE[name].messages.en} |`)
    .join('\n');
  const parts = [
    route.description ?? '',
    aliases.length > 0 ? `Also served at: ${aliases.map((a) => `\`${a}\``).join(', ')}.` : '',
    authSentence(route),
    [
      route.auth === 'public' && route.probe
        ? "A probe: the HTTP status is the answer's `code`, the body the envelope; `code` is one of:"
        : 'Every answer is HTTP 200 with the envelope; `code` is one of:',
      '',
      '| code | name | message (en) |',
      '|---|---|---|',
      '| 200 | SUCCESS | success |',
      codes,
    ].join('\n'),
  ];
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: route.tags,
    description: parts.filter(Boolean).join('\n\n'),
    security: SECURITY[route.auth],
    ...(route.auth === 'signed' ? { [SIGNING_EXTENSION]: signingForms(route) } : {}),
  };
}

/** How an operator endpoint is called, for its description. */
export function operatorSentence(roles: readonly OperatorRole[]): string {
  return [
    'Operator endpoint: `Authorization: Bearer <admin token>`, or the console session cookie',
    `(with \`x-csrf-token\` unless GET) of an operator with role ${roles.map((r) => `\`${r}\``).join(', ')}.`,
  ].join(' ');
}

export function errorTableMarkdown(): string {
  const rows = Object.entries(ERROR_TABLE).map(
    ([name, entry]) => `| ${entry.code} | ${name} | ${entry.messages.zh} | ${entry.messages.en} |`,
  );
  return ['| code | name | msg (zh) | msg (en) |', '|---|---|---|---|', ...rows].join('\n');
}
