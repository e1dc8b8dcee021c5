export const logLevels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof logLevels)[number];

/** The lowest level a logger writes; `silent` writes nothing. */
export type LogThreshold = LogLevel | 'silent';
export const logThresholds: readonly LogThreshold[] = [...logLevels, 'silent'];

const rank: Record<LogThreshold, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export const isLogThreshold = (value: unknown): value is LogThreshold =>
  typeof value === 'string' && (logThresholds as readonly string[]).includes(value);

export const shouldLog = (level: LogLevel, threshold: LogThreshold): boolean => rank[level] >= rank[threshold];

/** LOG_LEVEL from the environment; an unknown value falls back to `info` (libs/config reports it). */
export const thresholdFromEnv = (env: NodeJS.ProcessEnv = process.env): LogThreshold => {
  const value = env.LOG_LEVEL?.trim().toLowerCase();
  return isLogThreshold(value) ? value : 'info';
};
