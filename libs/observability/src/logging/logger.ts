import { context, trace } from '@opentelemetry/api';
import { jsonLine } from './json-line.js';
import { type LogLevel, type LogThreshold, shouldLog, thresholdFromEnv } from './log-level.js';

export type LogFields = Record<string, unknown>;

export interface Logger {
  readonly service: string;
  readonly level: LogThreshold;
  isEnabled(level: LogLevel): boolean;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. `{ consumer: 'verify' }`). */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** Default: LOG_LEVEL, else `info`. */
  level?: LogThreshold;
  /** Where each JSON line goes (without the newline). Default: stdout. */
  sink?: (line: string) => void;
  clock?: () => Date;
}

const reserved = new Set(['time', 'level', 'service', 'msg', 'traceId', 'spanId']);

/** JSON lines: `{ time, level, service, msg, traceId?, spanId?, ...fields }`, one per call. */
export const createLogger = (service: string, options: LoggerOptions = {}): Logger => {
  const threshold = options.level ?? thresholdFromEnv();
  const sink = options.sink ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const clock = options.clock ?? (() => new Date());

  const build = (bound: LogFields): Logger => {
    const write = (level: LogLevel, msg: string, fields?: LogFields) => {
      if (!shouldLog(level, threshold)) return;
      const record: Record<string, unknown> = { time: clock().toISOString(), level, service, msg };
      // The active span links a log line to its trace (one publication = one trace).
      const span = trace.getSpanContext(context.active());
      if (span && trace.isSpanContextValid(span)) Object.assign(record, { traceId: span.traceId, spanId: span.spanId });
      for (const source of [bound, fields ?? {}]) {
        for (const [key, value] of Object.entries(source)) record[reserved.has(key) ? `field.${key}` : key] = value;
      }
      sink(jsonLine(record));
    };
    return {
      service,
      level: threshold,
      isEnabled: (level) => shouldLog(level, threshold),
      debug: (msg, fields) => write('debug', msg, fields),
      info: (msg, fields) => write('info', msg, fields),
      warn: (msg, fields) => write('warn', msg, fields),
      error: (msg, fields) => write('error', msg, fields),
      child: (fields) => build({ ...bound, ...fields }),
    };
  };
  return build({});
};
