import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sampleFxSnapshot, sampleRateCard } from '../src/modules/freight/index.ts';
import { connect, type Db } from '../src/platform/db/index.ts';
import { freshDatabase, onPostgres, type TestDb } from './helpers/db.ts';
import { ponte, tempDataDir } from './helpers/process.ts';

describe('ponte freight load-card / load-fx', () => {
  let env: Record<string, string>;
  let dir: string;
  let testDb: TestDb | null = null;
  before(async () => {
    dir = tempDataDir();
    testDb = onPostgres ? await freshDatabase() : null;
    env = { ...(testDb?.env ?? {}), PONTE_DATA_DIR: dir };
  });
  after(async () => {
    await testDb?.drop();
  });

  test('a valid card becomes active; a bad one exits naming the field and changes nothing', async () => {
    const card = structuredClone(sampleRateCard()) as any;
    card.version = 'cli-1';
    const good = join(dir, 'card.json');
    writeFileSync(good, JSON.stringify(card));
    const loaded = JSON.parse(await ponte(['freight', 'load-card', good, '--json'], env));
    assert.deepEqual(loaded, { version: 'cli-1', channels: card.channels.length });

    card.version = 'cli-2';
    card.channels[3].zones[0].transitDays = [3];
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(card));
    await assert.rejects(ponte(['freight', 'load-card', bad], env), /card\.channels\[3\]\.zones\[0\]\.transitDays/);
    await assert.rejects(ponte(['freight', 'load-card', join(dir, 'missing.json')], env), /missing\.json/);

    const fx = join(dir, 'fx.json');
    const rates = (sampleFxSnapshot() as { perCny: Record<string, number> }).perCny;
    writeFileSync(fx, JSON.stringify({ asOf: '2026-12-02', source: 'placeholder', perCny: { ...rates, USD: 0.139 } }));
    assert.deepEqual(JSON.parse(await ponte(['freight', 'load-fx', fx, '--json'], env)), { asOf: '2026-12-02' });
    const { VND: _vnd, ...noDong } = rates;
    writeFileSync(fx, JSON.stringify({ asOf: '2026-12-03', source: 'placeholder', perCny: noDong }));
    await assert.rejects(ponte(['freight', 'load-fx', fx], env), /fx\.perCny\.VND/, 'the active duty table converts VND');

    const db: Db = onPostgres ? testDb!.open() : connect({ sqliteFile: join(dir, 'ponte.sqlite'), dataDir: dir });
    try {
      const rows = await db.kysely.selectFrom('freight_rate_cards').select(['version', 'active']).execute();
      assert.deepEqual(
        rows.map((r) => [r.version, Number(r.active)]),
        [['cli-1', 1]],
      );
    } finally {
      await db.close();
    }
  });
});
