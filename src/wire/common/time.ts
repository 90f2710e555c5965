const CHINA_OFFSET_MS = 8 * 3_600_000;

/** PandaPon shows times as `yyyy-MM-dd HH:mm:ss` in China time (UTC+8). */
export function chinaTime(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}
