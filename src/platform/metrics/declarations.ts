/**
 * Every metric Ponte declares, in one list: the registry is built from it and the README's
 * "Metrics and health" table is compared with it (test/metrics.test.ts), so the text cannot drift.
 * prom-client's default process_* and nodejs_* metrics come on top, under their usual names.
 */
export const METRICS = {
  httpRequests: {
    name: 'ponte_http_requests_total',
    type: 'counter',
    help: 'HTTP requests answered, by declared route path (never the raw URL), method, HTTP status and envelope code',
    labels: ['route', 'method', 'status', 'code'],
  },
  httpDuration: {
    name: 'ponte_http_request_duration_seconds',
    type: 'histogram',
    help: 'Time from request to answer, by declared route path and method',
    labels: ['route', 'method'],
  },
  rateLimited: {
    name: 'ponte_rate_limited_total',
    type: 'counter',
    help: 'Signed requests refused by the rate limit (code 429), by declared route path',
    labels: ['route'],
  },
  callbackAttempts: {
    name: 'ponte_callback_attempts_total',
    type: 'counter',
    help: 'Callback delivery attempts by outcome: delivered, retrying, failed (no retry left) or lost (recorded by another dispatcher)',
    labels: ['result'],
  },
  jobRuns: {
    name: 'ponte_job_runs_total',
    type: 'counter',
    help: 'Background job runs started, by job',
    labels: ['job'],
  },
  jobFailures: {
    name: 'ponte_job_failures_total',
    type: 'counter',
    help: 'Background job runs that failed, by job',
    labels: ['job'],
  },
  outboxDepth: {
    name: 'ponte_outbox_pending_events',
    type: 'gauge',
    help: 'Outbox events not yet handed to the callbacks dispatcher (read at scrape)',
    labels: [],
  },
  outboxLag: {
    name: 'ponte_outbox_oldest_pending_seconds',
    type: 'gauge',
    help: 'Age of the oldest outbox event not yet handed on, in business time; 0 when none is pending (read at scrape)',
    labels: [],
  },
  followerBacklog: {
    name: 'ponte_outbox_follower_backlog_events',
    type: 'gauge',
    help: 'Outbox events past the re-read window that a follower (meta key *_cursor) has not yet passed; near 0 between its turns (read at scrape)',
    labels: ['follower'],
  },
  followerLag: {
    name: 'ponte_outbox_follower_lag_seconds',
    type: 'gauge',
    help: 'How far a follower trails beyond its re-read window: age of its oldest unpassed event minus the window, in business time; 0 when caught up (read at scrape)',
    labels: ['follower'],
  },
  walletBalance: {
    name: 'ponte_wallet_balance_fen',
    type: 'gauge',
    help: 'Sum of all developer wallet balances, in fen (read at scrape)',
    labels: [],
  },
  wallets: {
    name: 'ponte_wallets',
    type: 'gauge',
    help: 'Number of developer wallets (read at scrape)',
    labels: [],
  },
  dbPool: {
    name: 'ponte_db_pool_connections',
    type: 'gauge',
    help: 'PostgreSQL pool: total and idle connections, and queries waiting for one (PostgreSQL only)',
    labels: ['state'],
  },
  sqliteCheckpoints: {
    name: 'ponte_sqlite_checkpoints_total',
    type: 'counter',
    help: 'Passive WAL checkpoints run by the checkpoint thread, by outcome: complete, partial (a reader still needed some frames) or error (SQLite file only)',
    labels: ['outcome'],
  },
  sqliteWalFrames: {
    name: 'ponte_sqlite_wal_frames',
    type: 'gauge',
    help: 'Frames in the WAL (log) and those copied into the database (checkpointed) at the last checkpoint (SQLite file only)',
    labels: ['kind'],
  },
  scrapeErrors: {
    name: 'ponte_scrape_errors_total',
    type: 'counter',
    help: 'Scrape-time reads that failed or took longer than their bound; their gauges read NaN in that scrape',
    labels: ['collector'],
  },
} as const;

export type MetricKey = keyof typeof METRICS;
