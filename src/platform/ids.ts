import { randomBytes, randomInt } from 'node:crypto';

/**
 * PandaPon-shaped 19-digit numeric ids (developer, user, order ids): a snowflake of milliseconds
 * since the Twitter epoch, a random 10-bit node id per process (so several nodes on one
 * PostgreSQL rarely collide; unique constraints catch the rest) and a 12-bit sequence.
 * They sort by creation time, which the internal ids need.
 */
const EPOCH_MS = 1288834974657n;
const nodeId = BigInt(randomInt(1024));
let lastMs = 0n;
let sequence = 0n;

export function newNumericId(nowMs: number = Date.now()): string {
  let ms = BigInt(nowMs) - EPOCH_MS;
  if (ms < lastMs) ms = lastMs;
  if (ms === lastMs) {
    sequence = (sequence + 1n) & 4095n;
    if (sequence === 0n) ms = lastMs + 1n;
  } else {
    sequence = 0n;
  }
  lastMs = ms;
  return ((ms << 22n) | (nodeId << 12n) | sequence).toString();
}

/** 32 lowercase hex characters, the shape of PandaPon's requestId, access keys and secrets. */
export function newHex32(): string {
  return randomBytes(16).toString('hex');
}

export const NUMERIC_ID_PATTERN = /^[1-9]\d{0,19}$/;
