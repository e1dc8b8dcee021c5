/** Errors of the read-model helpers, each with a literal `type` callers can switch on. */
export class ReadModelError extends Error {
  constructor(
    readonly type: 'async_apply' | 'migration_failed' | 'bad_position',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ReadModelError';
  }
}
