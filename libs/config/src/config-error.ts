/** One environment variable that failed validation. */
export interface ConfigProblem {
  variable: string;
  /** What the variable must hold, e.g. `expected a TCP port (0-65535)`. */
  expected: string;
  /** The value found (credentials in URLs masked), or undefined when unset. */
  received: string | undefined;
}

export class ConfigError extends Error {
  readonly type = 'config_error' as const;

  constructor(readonly problems: ConfigProblem[]) {
    super(`invalid configuration:\n${problems.map(describeProblem).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const describeProblem = ({ variable, expected, received }: ConfigProblem): string =>
  `${variable}: ${expected}, ${received === undefined ? 'but it is not set' : `got ${JSON.stringify(received)}`}`;

export const isConfigError = (error: unknown): error is ConfigError =>
  error instanceof ConfigError || (error as { type?: unknown } | null)?.type === 'config_error';
