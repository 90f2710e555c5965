/**
 * bench:orders' PostgreSQL baseline: a plain `pg` pool, no Ponte and no HTTP, issuing the
 * statements one create + pay of Ponte issues on PostgreSQL (README, "Statements per order"),
 * as named prepared statements, in the same transactions, with the same concurrency and pool
 * size. Its orders/s is what this machine's PostgreSQL allows for that statement sequence right
 * now, so Ponte's rate divided by it is a load-independent measure of Ponte's own overhead.
 * Keep the sequence in step with the order path when either changes.
 *
 * The statements are the same; the round trips are not. Plain `pg` waits for each statement's
 * answer before it sends the next, while Ponte writes BEGIN with a transaction's first statement
 * (src/platform/db/pg-client.ts) and the gateway's caller lookup, rate-limit upsert and nonce
 * claim together (src/platform/auth/admission.ts): 19 statements in 13 round trips against this
 * client's 19.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';

export interface BaselineInput {
  databaseUrl: string;
  schema: string;
  developerId: string;
  userId: string;
  accessKey: string;
  skus: { itemId: string; skuId: string; stock: number; amountFen: number }[];
  concurrency: number;
  poolSize: number;
  seconds: number;
}

const ORDER_COLUMNS =
  'order_id, developer_id, owner_user_id, platform, state, shop_index, product_amount_fen, shipping_fee_fen, adjust_amount_fen, total_amount_fen, paid_amount_fen, receiver_json, client_order_id, idempotency_key, idempotency_hash, batch_id, batch_seq, close_reason, carrier, tracking_number, created_at, paid_at, shipped_at, arrived_at, closed_at, updated_at, version';

/** Ponte's statements, in its order; the texts differ only in quoting and aliasing. */
const SQL = {
  caller: `SELECT k.developer_id, d.main_user_id, k.secret_sealed, k.previous_secret_sealed, k.previous_valid_until, k.require_hmac, d.disabled, u.user_id, u.role
    FROM api_keys AS k JOIN developers AS d ON d.developer_id = k.developer_id
    LEFT JOIN users AS u ON u.developer_id = k.developer_id AND u.user_id = $1 WHERE k.access_key = $2`,
  rate: `INSERT INTO rate_buckets (access_key, tokens, updated_at, allowed)
    SELECT $1::text, 1e9::double precision, $2::bigint, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed
    ON CONFLICT (access_key) DO UPDATE SET tokens = rate_buckets.tokens - 1, allowed = 1, updated_at = GREATEST(rate_buckets.updated_at, $2::bigint)
    RETURNING tokens, allowed`,
  nonce: `INSERT INTO nonce_claims (sent_at, access_key, nonce) SELECT $1::bigint, $2::text, $3::text
    WHERE NOT EXISTS (SELECT nonce FROM nonces WHERE access_key = $2 AND nonce = $3 AND expires_at >= $4) ON CONFLICT DO NOTHING`,
  product: 'SELECT * FROM sandbox_products WHERE numeric_id = $1',
  reserve: `INSERT INTO sku_reservations (item_id, sku_id, reserved) VALUES ($1, $2, 1)
    ON CONFLICT (item_id, sku_id) DO UPDATE SET reserved = sku_reservations.reserved + excluded.reserved
    WHERE sku_reservations.reserved + excluded.reserved <= $3 RETURNING reserved`,
  order: `WITH created AS (INSERT INTO purchase_orders (${ORDER_COLUMNS}) VALUES ($1, $2, $3, 'taobao', 'waiting_payment', 0, $4, 0, 0, $4, 0, $5,
    NULL, NULL, NULL, $1, 0, NULL, NULL, NULL, $6, NULL, NULL, NULL, NULL, $6, 1) ON CONFLICT DO NOTHING RETURNING *),
    logged AS (INSERT INTO purchase_order_history (order_id, from_state, to_state, action, actor, at, note)
    SELECT created.order_id, NULL, created.state, 'create', $7::text, created.created_at, NULL FROM created)
    SELECT * FROM created`,
  line: `INSERT INTO purchase_order_lines (order_id, line_no, item_id, sku_id, spec_id, title, quantity, unit_price_fen, amount_fen)
    VALUES ($1, 1, $2, $3, $3, 'bench', 1, $4, $4)`,
  event: `INSERT INTO outbox_events (id, developer_id, type, aggregate_type, aggregate_id, payload_json, created_at, dispatched_at, attempts, next_attempt_at, last_error)
    VALUES ($1, $2, $3, 'purchase_order', $4, $5, $6, NULL, 0, $6, NULL) ON CONFLICT DO NOTHING RETURNING id`,
  pay: `WITH moved AS (UPDATE purchase_orders SET paid_amount_fen = total_amount_fen, paid_at = $1, state = 'paid', updated_at = $1, version = version + 1
    WHERE order_id = $2 AND state = 'waiting_payment' AND developer_id = $3 RETURNING *),
    logged AS (INSERT INTO purchase_order_history (order_id, from_state, to_state, action, actor, at, note)
    SELECT moved.order_id, 'waiting_payment', 'paid', 'pay', $4::text, $1::bigint, NULL FROM moved)
    SELECT * FROM moved`,
  claim: `INSERT INTO ledger_transactions (id, developer_id, kind, ref, amount_fen, note, created_at) VALUES ($1, $2, 'order_charge', $3, $4, NULL, $5)
    ON CONFLICT DO NOTHING RETURNING id`,
  debit: `WITH moved AS (UPDATE wallets SET balance_fen = balance_fen + $1, updated_at = $2 WHERE developer_id = $3 AND balance_fen >= $4 AND balance_fen <= $5
    RETURNING balance_fen)
    INSERT INTO ledger_entries (transaction_id, developer_id, created_at, account, amount_fen, balance_after_fen)
    SELECT $6::text, $3::text, $2::bigint, 'wallet', $1::bigint, moved.balance_fen FROM moved
    UNION ALL SELECT $6::text, $3::text, $2::bigint, 'platform', $7::bigint, NULL FROM moved
    RETURNING balance_after_fen`,
} as const;

type Client = pg.PoolClient;
const run = (client: Client, name: keyof typeof SQL, values: unknown[]) => client.query({ name, text: SQL[name], values });

let sequence = 0;
/** Ids of the baseline's rows: distinct from Ponte's 16-digit ones, unique within the run. */
const nextId = () => `B${Date.now()}${String(++sequence).padStart(8, '0')}`;

/** The per-request gateway statements Ponte runs before any handler. */
async function authenticate(pool: pg.Pool, input: BaselineInput, now: number): Promise<void> {
  const client = await pool.connect();
  try {
    await run(client, 'caller', [input.userId, input.accessKey]);
    await run(client, 'rate', [input.accessKey, now]);
    await run(client, 'nonce', [now, input.accessKey, randomUUID(), now]);
  } finally {
    client.release();
  }
}

async function inTransaction<T>(pool: pg.Pool, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const value = await fn(client);
    await client.query('COMMIT');
    return value;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

type Sku = BaselineInput['skus'][number];

/** Create: pricing read outside, then reserve, order with its history, line, event in one transaction; false when out of stock. */
async function create(pool: pg.Pool, input: BaselineInput, sku: Sku, orderId: string): Promise<boolean> {
  const now = Date.now();
  await authenticate(pool, input, now);
  await pool.query({ name: 'product', text: SQL.product, values: [sku.itemId] });
  return inTransaction(pool, async (client) => {
    if ((await run(client, 'reserve', [sku.itemId, sku.skuId, sku.stock])).rows.length === 0) return false;
    await run(client, 'order', [orderId, input.developerId, input.userId, sku.amountFen, '{"name":"bench"}', now, `user:${input.userId}`]);
    await run(client, 'line', [orderId, sku.itemId, sku.skuId, sku.amountFen]);
    await run(client, 'event', [nextId(), input.developerId, 'ORDER_CREATE', orderId, JSON.stringify({ orderId }), now]);
    return true;
  });
}

/** Pay: the guarded move with its history, the ledger claim, the event, then the debit with its entries, in one transaction. */
async function pay(pool: pg.Pool, input: BaselineInput, sku: Sku, orderId: string): Promise<void> {
  const now = Date.now();
  await authenticate(pool, input, now);
  await inTransaction(pool, async (client) => {
    await run(client, 'pay', [now, orderId, input.developerId, `user:${input.userId}`]);
    const transactionId = nextId();
    await run(client, 'claim', [transactionId, input.developerId, orderId, -sku.amountFen, now]);
    await run(client, 'event', [
      nextId(),
      input.developerId,
      'ORDER_PAY_SUCCESS',
      orderId,
      JSON.stringify({ orderId, transactionId }),
      now,
    ]);
    await run(client, 'debit', [
      -sku.amountFen,
      now,
      input.developerId,
      sku.amountFen,
      Number.MAX_SAFE_INTEGER,
      transactionId,
      sku.amountFen,
    ]);
  });
}

/** Runs create + pay with `concurrency` workers for `seconds`; answers the orders completed and the elapsed seconds. */
export async function runBaseline(input: BaselineInput): Promise<{ orders: number; elapsedS: number }> {
  const pool = new pg.Pool({ connectionString: input.databaseUrl, max: input.poolSize, options: `-c search_path=${input.schema}` });
  const skus = [...input.skus];
  let next = 0;
  let orders = 0;
  const started = performance.now();
  const deadline = started + input.seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline && skus.length > 0) {
      const sku = skus[next++ % skus.length]!;
      const orderId = nextId();
      if (!(await create(pool, input, sku, orderId))) {
        skus.splice(skus.indexOf(sku), 1);
        continue;
      }
      await pay(pool, input, sku, orderId);
      orders++;
    }
  };
  try {
    await Promise.all(Array.from({ length: input.concurrency }, worker));
  } finally {
    await pool.end();
  }
  return { orders, elapsedS: (performance.now() - started) / 1000 };
}
