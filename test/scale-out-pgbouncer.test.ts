import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/runtime.ts';
import { catalogSource, signedTaobaoOrder } from './helpers/catalog.ts';
import { freshSchemaName, onPostgres } from './helpers/db.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import {
  clusterRoot,
  clusterUnavailable,
  pgbouncerUnavailable,
  query,
  removeRoot,
  startPgBouncer,
  startPrimary,
  type Bouncer,
  type Cluster,
} from './helpers/pg-cluster.ts';
import { tempDataDir } from './helpers/process.ts';

// PgBouncer in transaction mode refuses the startup `options` that carry search_path, so with
// PONTE_PG_SCHEMA_MODE=none the pooler sets the schema and Ponte checks it landed there.
const skip = (onPostgres ? null : 'PostgreSQL only (PONTE_TEST_DB=postgres)') ?? clusterUnavailable() ?? pgbouncerUnavailable();
if (skip) console.log(`# scale-out-pgbouncer skipped: ${skip}`);

const runtimeEnv = (databaseUrl: string, schema: string) => ({
  DATABASE_URL: databaseUrl,
  PONTE_DB_SCHEMA: schema,
  PONTE_PG_SCHEMA_MODE: 'none',
  PONTE_DATA_DIR: tempDataDir(),
});

const tablesIn = async (primary: Cluster, schema: string) =>
  Number(
    (
      await query<{ n: string }>(
        primary.url(),
        "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'",
        [schema],
      )
    )[0]?.n,
  );

/** How often the primary has run statements matching a pattern, from pg_stat_statements. */
const calls = async (primary: Cluster, pattern: string) =>
  Number(
    (await query<{ n: string | null }>(primary.url(), 'SELECT sum(calls) AS n FROM pg_stat_statements WHERE query ILIKE $1', [pattern]))[0]
      ?.n ?? 0,
  );

describe('PostgreSQL through PgBouncer in transaction mode', { skip: skip ?? false }, () => {
  let root: string;
  let primary: Cluster;
  let bouncer: Bouncer;
  let h: Harness | undefined;
  const schema = freshSchemaName();

  before(async () => {
    root = clusterRoot();
    primary = await startPrimary(root);
    bouncer = await startPgBouncer(root, primary, schema);
  });
  after(async () => {
    await h?.close();
    await bouncer?.stop();
    primary?.stop();
    removeRoot(root);
  });

  test('PONTE_PG_SCHEMA_MODE=none starts through the pooler, migrates into the configured schema and takes a signed order', async () => {
    const runtime = await openRuntime(loadConfig(runtimeEnv(bouncer.url, schema)));
    await runtime.close();
    assert.ok((await tablesIn(primary, schema)) > 20, 'the migrations created the tables in the schema');
    assert.equal(await tablesIn(primary, 'public'), 0, 'nothing landed in public');

    h = await createHarness({}, { catalogProducts: 40, postgres: { databaseUrl: bouncer.url, schema, schemaMode: 'none' } });
    const { source, products } = await catalogSource(h, 40);
    const orderId = await signedTaobaoOrder(h, source, products);
    const stored = await query(primary.url(), `SELECT 1 FROM ${schema}.purchase_orders WHERE order_id = $1`, [orderId]);
    assert.equal(stored.length, 1, 'the order is in the schema on the primary');
  });

  test('the schema costs a statement per pooled server connection, none per transaction', async () => {
    assert.ok(h, 'needs the harness of the test above');
    const setsBefore = await calls(primary, 'SET search_path%');
    const beginsBefore = await calls(primary, 'begin%');
    for (let i = 0; i < 20; i++)
      await h.db.kysely.transaction().execute((trx) => trx.selectFrom('developers').select('developer_id').execute());
    assert.equal((await calls(primary, 'begin%')) - beginsBefore, 20);
    assert.equal((await calls(primary, 'SET search_path%')) - setsBefore, 0, 'the warm pool reused its server connections');
    assert.ok(setsBefore <= 4, `one SET per server connection (default_pool_size 4), saw ${setsBefore}`);
  });

  test('without the pooler or a role default setting the schema, mode none refuses to start and names the fix', async () => {
    const other = freshSchemaName();
    await assert.rejects(
      openRuntime(loadConfig(runtimeEnv(primary.url(), other))),
      new RegExp(
        `current schema is "public", not "${other}" \\(PONTE_DB_SCHEMA\\): .*connect_query='SET search_path=${other}'.*ALTER ROLE`,
      ),
    );
    assert.equal(await tablesIn(primary, 'public'), 0, 'it refused before migrating anything into public');
  });
});
