import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { catalogSource, signedTaobaoOrder } from './helpers/catalog.ts';
import { onPostgres } from './helpers/db.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import {
  caughtUp,
  clusterRoot,
  clusterUnavailable,
  query,
  removeRoot,
  startPrimary,
  startReplica,
  type Cluster,
} from './helpers/pg-cluster.ts';

// A real streaming replica (pg_basebackup -R) serves the catalog and search reads; what writes,
// or must read its own writes, stays on the primary.
const skip = (onPostgres ? null : 'PostgreSQL only (PONTE_TEST_DB=postgres)') ?? clusterUnavailable();
if (skip) console.log(`# scale-out-replica skipped: ${skip}`);

const PRODUCTS = 40;

/** How often a server has run statements matching a pattern, from its own pg_stat_statements. */
const calls = async (server: Cluster, pattern: string) =>
  Number(
    (await query<{ n: string | null }>(server.url(), 'SELECT sum(calls) AS n FROM pg_stat_statements WHERE query ILIKE $1', [pattern]))[0]
      ?.n ?? 0,
  );

test('PONTE_DATABASE_REPLICA_URL is PostgreSQL only: refused without DATABASE_URL', () => {
  assert.throws(
    () => loadConfig({ PONTE_DATABASE_REPLICA_URL: 'postgres://replica/ponte' }),
    /PONTE_DATABASE_REPLICA_URL needs DATABASE_URL/,
  );
});

describe('catalog and search reads on a streaming replica', { skip: skip ?? false }, () => {
  let root: string;
  let primary: Cluster;
  let replica: Cluster;
  let h: Harness;
  const schema = () => h.testDb.env.PONTE_DB_SCHEMA;

  before(async () => {
    root = clusterRoot();
    primary = await startPrimary(root);
    replica = await startReplica(root, primary);
    h = await createHarness({}, { catalogProducts: PRODUCTS, postgres: { databaseUrl: primary.url(), replicaUrl: replica.url() } });
    await caughtUp(primary, replica);
  });
  after(async () => {
    await h?.close();
    replica?.stop();
    primary?.stop();
    removeRoot(root);
  });

  test('keyword search and product detail are answered by the replica, the order is written to the primary', async () => {
    const { source, products } = await catalogSource(h, PRODUCTS);
    const product = products.find((p) => p.platform === 'taobao');
    assert.ok(product);
    const searchesBefore = { replica: await calls(replica, '%ts_rank%'), primary: await calls(primary, '%ts_rank%') };
    const developer = await h.developer();
    const keyword = product.title.en.split(' ').find((word) => /^[A-Za-z]{4,}$/.test(word)) ?? '';
    const found = await h.call(developer, 'POST', '/v2/taobao/product/search', { keyword, language: 'en' });
    assert.equal(found.code, 200, found.msg);
    assert.ok(found.data.totalRecords > 0, `"${keyword}" finds the product it comes from`);
    const detail = await h.call(developer, 'GET', `/v2/taobao/product/get?itemId=${product.itemId}`);
    assert.equal(detail.code, 200, detail.msg);

    assert.ok((await calls(replica, '%ts_rank%')) > searchesBefore.replica, 'the replica ran the keyword search');
    assert.equal(await calls(primary, '%ts_rank%'), searchesBefore.primary, 'the primary ran no keyword search');
    assert.ok((await calls(replica, '%from "sandbox_products" as "p" where "p"."item_id"%')) > 0, 'the replica read the product');

    const orderId = await signedTaobaoOrder(h, source, products);
    const stored = await query(primary.url(), `SELECT 1 FROM ${schema()}.purchase_orders WHERE order_id = $1`, [orderId]);
    assert.equal(stored.length, 1, 'the order is on the primary');
  });

  test('a product the replica has not replayed yet is found on the primary', async () => {
    const db = h.db.catalogReads;
    assert.notEqual(db, h.db, 'the harness reads the catalog from the replica');
    const source = (await catalogSource(h, 0)).source;
    // Pausing replay makes the replica lag by construction, without timing.
    await query(replica.url(), 'SELECT pg_wal_replay_pause()');
    try {
      await query(primary.url(), `UPDATE ${schema()}.sandbox_products SET map_id = 'lagging-map-id' WHERE product_index = 0`);
      const found = await source.findProduct('lagging-map-id');
      assert.equal((found as { index?: number } | null)?.index, 0);
    } finally {
      await query(replica.url(), 'SELECT pg_wal_replay_resume()');
    }
  });
});
