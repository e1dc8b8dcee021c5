/** Relay failures, each with a literal `type`. */
export class RelayError extends Error {
  constructor(
    readonly type: 'stream_tip_unreadable' | 'stream_diverged' | 'publish_timeout',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RelayError';
  }
}

/** A publish the JetStream server answered with an error (same shape as nats.js's `api_error`). */
export class JetStreamPublishError extends Error {
  readonly api_error: { err_code?: number; description: string };
  constructor(description: string, errCode?: number) {
    super(description);
    this.name = 'JetStreamPublishError';
    this.api_error = { err_code: errCode, description };
  }
}

const WRONG_LAST_SEQUENCE = 10071;

/** The server refused a publish because the stream moved on (another relay, or a stale resume point). */
export const isWrongLastSequence = (error: unknown): boolean => {
  const e = error as { api_error?: { err_code?: number }; message?: string } | undefined;
  return e?.api_error?.err_code === WRONG_LAST_SEQUENCE || /wrong last sequence/i.test(e?.message ?? '');
};
