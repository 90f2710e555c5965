/**
 * The warehouse's calendar: it is in China, so a storage "day" is a calendar day in
 * Asia/Shanghai (UTC+8, no daylight saving), whatever the server's zone. Day numbers count
 * from 1970-01-01 there; fees, reminders and abandonment are counted in them, and a rate card's
 * `effectiveFrom`/`effectiveTo` dates are days of this calendar.
 */
const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The warehouse day an instant falls in. */
export function warehouseDay(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
}

/** The instant a warehouse day starts (00:00 in Asia/Shanghai). */
export function dayStartMs(day: number): number {
  return day * DAY_MS - CHINA_OFFSET_MS;
}

/** Whole days a parcel has been stored on `nowMs`: 0 on the day it was stored. */
export function daysStored(storedAtMs: number, nowMs: number): number {
  return warehouseDay(nowMs) - warehouseDay(storedAtMs);
}

/** The day a `YYYY-MM-DD` date names in this calendar (the date is a Shanghai date, not a UTC one). */
export function dayOfDate(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** The Shanghai date (`YYYY-MM-DD`) an instant falls on. */
export function chinaDate(ms: number): string {
  return new Date(warehouseDay(ms) * DAY_MS).toISOString().slice(0, 10);
}
