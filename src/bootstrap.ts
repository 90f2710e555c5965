import type { Config } from './config.ts';
import type { SystemCtx } from './platform/context.ts';
import { getMeta, setMeta } from './platform/db/index.ts';
import { asDeveloperId, asUserId } from './platform/ids.ts';
import { createDeveloper, pinKey, revealSecret, type CreatedDeveloper } from './modules/accounts/index.ts';

const DEMO_KEY = 'demo_developer_id';

/**
 * The first start creates a demo developer so a newcomer can call the API at once. When
 * PONTE_DEMO_ACCESS_KEY/SECRET are set the demo key is pinned to them on every start, so CI
 * pipelines can use fixed credentials with a reused data dir.
 */
export async function ensureDemoDeveloper(ctx: SystemCtx, config: Config): Promise<{ created: boolean; developer: CreatedDeveloper }> {
  const existingId = await getMeta(ctx, DEMO_KEY);
  if (!existingId) {
    const developer = await createDeveloper(ctx, { name: 'demo', accessKey: config.demoAccessKey, accessSecret: config.demoAccessSecret });
    await setMeta(ctx, DEMO_KEY, developer.developerId);
    return { created: true, developer };
  }
  if (config.demoAccessKey && config.demoAccessSecret) await pinKey(ctx, existingId, config.demoAccessKey, config.demoAccessSecret);
  const keys = await revealSecret(ctx, existingId);
  const main = await ctx.db
    .selectFrom('developers')
    .select('main_user_id')
    .where('developer_id', '=', existingId)
    .executeTakeFirstOrThrow();
  if (!keys) throw new Error(`demo developer ${existingId} has no access key`);
  return { created: false, developer: { developerId: asDeveloperId(existingId), userId: asUserId(main.main_user_id), ...keys } };
}

/**
 * A ready-to-paste shell snippet that signs when it runs (MD5 mode, computed by openssl), so it
 * can be pasted again and again: a fixed nonce-str would answer 405 from the second paste on.
 * The credentials are printed as given, so any text will do (the CLI passes its arguments).
 */
export function signedCurl(
  baseUrl: string,
  developer: Record<keyof CreatedDeveloper, string>,
  method: 'GET' | 'POST',
  path: string,
  body?: string,
): string {
  const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;
  const canonical = `access-key=${developer.accessKey}&nonce-str=$nonce&timestamp=$ts&secret=${developer.accessSecret}`;
  const curl = [
    `curl -s -X ${method} ${quote(`${baseUrl}${path}`)}`,
    `  -H ${quote(`access-key: ${developer.accessKey}`)}`,
    '  -H "timestamp: $ts"',
    '  -H "nonce-str: $nonce"',
    `  -H ${quote(`user-id: ${developer.userId}`)}`,
    '  -H "signature: $sig"',
    ...(body !== undefined ? [`  -H 'content-type: application/json'`, `  -d ${quote(body)}`] : []),
  ];
  const sign = `ts=$(date +%s); nonce=$(openssl rand -hex 16); sig=$(printf '%s' "${canonical}" | openssl dgst -md5 -r | cut -c1-32 | tr a-f A-F)`;
  return `${sign}\n${curl.join(' \\\n')}`;
}

export function demoBanner(baseUrl: string, demo: { created: boolean; developer: CreatedDeveloper }): string {
  const d = demo.developer;
  return [
    '',
    `Ponte is listening on ${baseUrl}  (API reference: ${baseUrl}/docs, OpenAPI: ${baseUrl}/openapi.json)`,
    demo.created ? 'Created the demo developer:' : 'Demo developer:',
    `  developer id : ${d.developerId}`,
    `  main user id : ${d.userId}`,
    `  access key   : ${d.accessKey}`,
    `  access secret: ${d.accessSecret}`,
    `Admin endpoints (/admin/…, /sandbox/…) take 'Authorization: Bearer <token>': PONTE_ADMIN_TOKEN or <data dir>/admin.token.`,
    'Try it (the snippet signs each time you paste it; needs openssl. `npx ponte curl --developer ID GET /path` prints one for any path):',
    signedCurl(baseUrl, d, 'GET', '/v2/open/address/list'),
    '',
  ].join('\n');
}
