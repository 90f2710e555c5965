import { randomBytes } from 'node:crypto';
import type { Config } from './config.ts';
import type { SystemCtx } from './platform/context.ts';
import { getMeta, setMeta } from './platform/db/index.ts';
import { computeSignature } from './platform/auth/index.ts';
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
  const main = await ctx.db.selectFrom('developers').select('main_user_id').where('developer_id', '=', existingId).executeTakeFirstOrThrow();
  if (!keys) throw new Error(`demo developer ${existingId} has no access key`);
  return { created: false, developer: { developerId: existingId, userId: main.main_user_id, ...keys } };
}

/** A ready-to-paste curl command signed now (valid for the signature window). */
export function signedCurl(baseUrl: string, developer: CreatedDeveloper, method: 'GET' | 'POST', path: string, body?: string): string {
  const timestamp = String(Date.now());
  const nonceStr = randomBytes(16).toString('hex');
  const signature = computeSignature({ accessKey: developer.accessKey, timestamp, nonceStr }, developer.accessSecret);
  const lines = [
    `curl -s -X ${method} '${baseUrl}${path}'`,
    `  -H 'access-key: ${developer.accessKey}'`,
    `  -H 'timestamp: ${timestamp}'`,
    `  -H 'nonce-str: ${nonceStr}'`,
    `  -H 'user-id: ${developer.userId}'`,
    `  -H 'signature: ${signature}'`,
  ];
  if (body !== undefined) lines.push(`  -H 'content-type: application/json'`, `  -d '${body.replaceAll("'", "'\\''")}'`);
  return lines.join(' \\\n');
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
    'Try it (signed now, valid for 10 minutes; `npx ponte curl --developer ID GET /v2/open/address/list` signs a fresh one):',
    signedCurl(baseUrl, d, 'GET', '/v2/open/address/list'),
    '',
  ].join('\n');
}
