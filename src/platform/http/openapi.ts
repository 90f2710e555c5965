import { ERROR_TABLE, codeOf, type ErrorName } from '../errors.ts';
import type { AnyRoute } from './route.ts';

/** The signature headers, documented once as security schemes and required together. */
export const SECURITY_SCHEMES = {
  accessKey: { type: 'apiKey', in: 'header', name: 'access-key', description: 'AccessKey issued to the developer (32 hex).' },
  timestamp: { type: 'apiKey', in: 'header', name: 'timestamp', description: 'Send time: 13-digit ms or 10-digit s since the epoch, within ±600 s of the server.' },
  nonceStr: { type: 'apiKey', in: 'header', name: 'nonce-str', description: 'Random string (8–64 chars, 32 recommended); reuse within the window is refused (405).' },
  userId: { type: 'apiKey', in: 'header', name: 'user-id', description: "The developer's main user id or one of its sub-accounts." },
  signature: {
    type: 'apiKey',
    in: 'header',
    name: 'signature',
    description:
      'UPPER(HEX(MD5("access-key=…&nonce-str=…&timestamp=…&secret=" + secret))) by default; with header `sign-type: HMAC-SHA256`, UPPER(HEX(HMAC-SHA256(secret, "access-key=…&nonce-str=…&timestamp=…&body-sha256=<hex sha256 of raw body>"))). See the README for test vectors.',
  },
  adminToken: { type: 'http', scheme: 'bearer', description: 'Operator endpoints (/admin/…, /sandbox/…): the admin token from PONTE_ADMIN_TOKEN or <data dir>/admin.token.' },
} as const;

const SIGNED_SECURITY = [{ accessKey: [], timestamp: [], nonceStr: [], userId: [], signature: [] }];

const GATEWAY: ErrorName[] = ['BAD_PARAMETER', 'ACCESS_KEY_INVALID', 'SIGNATURE_MISMATCH', 'TIMESTAMP_OUT_OF_WINDOW', 'NONCE_REUSED', 'USER_ID_INVALID', 'SIGN_TYPE_REQUIRED', 'NO_PERMISSION', 'RATE_LIMITED'];

export function routeCodes(route: AnyRoute): ErrorName[] {
  const base: ErrorName[] = route.auth === 'signed' ? GATEWAY : route.auth === 'admin' ? ['BAD_PARAMETER', 'ADMIN_TOKEN_INVALID'] : ['BAD_PARAMETER'];
  const codes = new Set<ErrorName>([...base, ...route.errors, 'INTERNAL']);
  return [...codes].sort((a, b) => codeOf(a) - codeOf(b));
}

export function describeOperation(route: AnyRoute, aliases: string[] | null) {
  if (aliases === null) return { hide: true };
  const codes = routeCodes(route)
    .map((name) => `| ${codeOf(name)} | ${name} | ${ERROR_TABLE[name].messages.en} |`)
    .join('\n');
  const parts = [
    route.description ?? '',
    aliases.length > 0 ? `Also served at: ${aliases.map((a) => `\`${a}\``).join(', ')}.` : '',
    route.auth === 'signed' ? `Signed request; sub-account action: \`${route.action}\`.` : route.auth === 'admin' ? 'Operator endpoint: `Authorization: Bearer <admin token>`.' : 'No signature needed.',
    `Every answer is HTTP 200 with the envelope; \`code\` is one of:\n\n| code | name | message (en) |\n|---|---|---|\n| 200 | SUCCESS | success |\n${codes}`,
  ];
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: route.tags,
    description: parts.filter(Boolean).join('\n\n'),
    security: route.auth === 'signed' ? SIGNED_SECURITY : route.auth === 'admin' ? [{ adminToken: [] }] : [],
  };
}

export function errorTableMarkdown(): string {
  const rows = Object.entries(ERROR_TABLE).map(([name, entry]) => `| ${entry.code} | ${name} | ${entry.messages.zh} | ${entry.messages.en} |`);
  return ['| code | name | msg (zh) | msg (en) |', '|---|---|---|---|', ...rows].join('\n');
}
