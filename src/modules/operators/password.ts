/**
 * Operator passwords: scrypt (memory-hard, Node's built-in), with the parameters stored beside
 * the hash as `scrypt$N$r$p$salt$hash` (base64url), so raising them later only changes new hashes
 * and a login can tell an old one to rehash.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParameters {
  N: number;
  r: number;
  p: number;
}

/** 2^15 × 8 × 128 bytes = 32 MiB of memory per hash: the OWASP floor for scrypt. */
export const SCRYPT_PARAMETERS: ScryptParameters = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
export const PASSWORD_MIN_LENGTH = 12;

function derive(password: string, salt: Buffer, parameters: ScryptParameters): Promise<Buffer> {
  // Node refuses anything above maxmem (32 MiB by default, exactly what N=2^15, r=8 needs plus overhead).
  const options: ScryptOptions = { ...parameters, maxmem: 256 * parameters.N * parameters.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string, parameters: ScryptParameters = SCRYPT_PARAMETERS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, parameters);
  return ['scrypt', parameters.N, parameters.r, parameters.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export interface StoredHash extends ScryptParameters {
  salt: Buffer;
  key: Buffer;
}

export function parseHash(stored: string): StoredHash | null {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return null;
  const numbers = [n, r, p].map(Number);
  if (!numbers.every((x) => Number.isSafeInteger(x) && x > 0)) return null;
  return { N: numbers[0]!, r: numbers[1]!, p: numbers[2]!, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

/** Constant-time comparison of the derived key; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

let dummy: Promise<string> | null = null;

/** A hash no password is checked against in earnest: what an unknown or locked login is verified against. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('ponte-dummy-password');
  return dummy;
}

/**
 * A locked login still costs one scrypt, so the answer's timing does not tell whether the
 * password was right or the login exists.
 */
export async function burnPasswordWork(password: string): Promise<void> {
  await verifyPassword(password, await dummyHash());
}

/** Why a new password is refused, or null. */
export function passwordProblem(password: string): string | null {
  return [...password].length >= PASSWORD_MIN_LENGTH ? null : `must be at least ${PASSWORD_MIN_LENGTH} characters`;
}
