/**
 * Row types of every table, snake_case as in SQL. Times are epoch milliseconds (bigint in
 * PostgreSQL, parsed back to safe JS numbers), money is integer fen, booleans are 0/1.
 * Modules add their tables here as they land; the migrations in migrations.ts create them.
 */
import type { Generated } from 'kysely';

export interface DeveloperTable {
  developer_id: string;
  name: string;
  main_user_id: string;
  created_at: number;
}

export interface UserTable {
  user_id: string;
  developer_id: string;
  role: string;
  created_at: number;
}

export interface ApiKeyTable {
  access_key: string;
  developer_id: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_valid_until: number | null;
  require_hmac: number;
  created_at: number;
  rotated_at: number | null;
}

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

export interface AddressTable {
  id: Generated<number>;
  developer_id: string;
  owner_user_id: string;
  name: string;
  province: string;
  city: string;
  district: string;
  address: string;
  phone: string;
  created_at: number;
  updated_at: number;
}

export interface Database {
  developers: DeveloperTable;
  users: UserTable;
  api_keys: ApiKeyTable;
  nonces: NonceTable;
  rate_buckets: RateBucketTable;
  meta: MetaTable;
  addresses: AddressTable;
}
