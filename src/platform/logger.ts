import pino, { type Logger } from 'pino';

/** One JSON line per event on stdout (or a destination given by tests). */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, base: { service: 'ponte' } }, destination ?? process.stdout);
}
