/**
 * TypeScript types generated from the server's own `/openapi.json` (itself generated from the
 * routes' zod schemas). The SDK commits it (`npm run sdk:types`), and the consoles import it
 * from there; `--check` fails when the committed file is stale (the tests run it).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/runtime.ts';

export type OpenApiDocument = OpenAPI3;

/** `adapt` may rewrite a copy of the document first (the SDK types webhooks as its verifier returns them). */
export async function generatedTypes(header: string, adapt: (document: OpenApiDocument) => OpenApiDocument = (d) => d): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ponte-api-types-'));
  try {
    const runtime = await openRuntime(loadConfig({ PONTE_DATA_DIR: dataDir, PONTE_LOG_LEVEL: 'silent', PONTE_SANDBOX_PRODUCTS: '0' }));
    const app = await buildApp(runtime);
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    await app.close();
    await runtime.close();
    return header + astToString(await openapiTS(adapt(document)));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The command line of a types script: write the file, or with `--check` only compare. */
export async function writeOrCheck(file: string, text: string, command: string): Promise<void> {
  if (process.argv.includes('--check')) {
    const stale = readFileSync(file, 'utf8') !== text;
    if (stale) process.stderr.write(`${file} is stale: run \`${command}\`\n`);
    process.exitCode = stale ? 1 : 0;
  } else {
    writeFileSync(file, text);
    process.stderr.write(`wrote ${file}\n`);
  }
}
