import { EXIT, type ExitCode } from './exit-codes.js';

/** A failure the CLI explains itself: what happened (`message`), what to do (`hint`), how to exit. */
export class CliError extends Error {
  readonly type = 'cli_error' as const;
  override readonly name = 'CliError';

  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const usageError = (message: string, hint?: string): CliError =>
  new CliError('usage', message, EXIT.usage, hint);
