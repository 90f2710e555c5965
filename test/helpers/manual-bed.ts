import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sandboxIdSecret } from '../../src/sources/sandbox/build.ts';
import { importCatalog } from '../../src/sources/sandbox/store/import.ts';
import type { Db } from '../../src/platform/db/index.ts';

const FIXTURES = new URL('../fixtures/catalog-import/', import.meta.url).pathname;

/** The catalog-import fixture's first Taobao line (a dress, SKU 0 in stock), under a new id, with more stock. */
export function importedLine(id: string, platform: 'taobao' | '1688' = 'taobao'): Record<string, any> {
  const lines = readFileSync(`${FIXTURES}catalog.jsonl`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const line = JSON.parse(lines.find((l) => JSON.parse(l).platform === platform)!);
  line.id = id;
  for (const [i, sku] of line.skus.entries()) {
    sku.skuId = `${id.slice(0, 12)}${i}`;
    sku.stock = 100;
    delete sku.specId;
  }
  return line;
}

/** Imports lines the way `ponte catalog import` does, into a harness database (its master key is 32 × 7). */
export async function importLines(db: Db, lines: Record<string, unknown>[]): Promise<void> {
  const report = await importCatalog(
    db,
    lines.map((l) => JSON.stringify(l)),
    { secret: sandboxIdSecret(Buffer.alloc(32, 7)), baseDir: FIXTURES },
  );
  assert.ok(report.ok && report.skipped.length === 0, JSON.stringify(report));
}
