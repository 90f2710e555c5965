/**
 * Row types of every table, snake_case as in SQL. Times are epoch milliseconds (bigint in
 * PostgreSQL, parsed back to safe JS numbers), money is integer fen, booleans are 0/1.
 * These are the platform's own tables; each module adds its tables to Database by declaration
 * merging from its schema.ts, beside the migration that creates them.
 */
/** A claimed nonce: the signed timestamp leads the key (migration 030). */
export interface NonceClaimTable {
  sent_at: number;
  access_key: string;
  nonce: string;
}

/** Claims made before migration 030 (or by a node of the previous release), kept until they expire. */
export interface NonceTable {
  access_key: string;
  nonce: string;
  expires_at: number;
}

export interface RateBucketTable {
  access_key: string;
  tokens: number;
  updated_at: number;
  allowed: number;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  nonces: NonceTable;
  nonce_claims: NonceClaimTable;
  rate_buckets: RateBucketTable;
  meta: MetaTable;
}
