import pino, { type Logger } from 'pino';

/**
 * One JSON line per event on stdout (or a destination given by tests). An error under `err` is
 * written with its cause chain (`err.cause.cause…`) and an AggregateError's errors: a driver
 * error wrapped by the code that met it keeps the driver's message and stack.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, base: { service: 'ponte' }, serializers: { err: pino.stdSerializers.errWithCause } }, destination ?? process.stdout);
}
