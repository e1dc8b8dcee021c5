/** Bus failures, each with a literal `type`. */
export class BusError extends Error {
  constructor(
    readonly type: 'stopped' | 'wait_timeout' | 'bad_message',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BusError';
  }
}
