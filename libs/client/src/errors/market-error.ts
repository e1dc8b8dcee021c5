/**
 * Codes the client raises itself (status 0: nothing came from the server, or what came was
 * refused). Server failures keep the server's problem+json `code` and HTTP status.
 */
export type ClientErrorCode =
  | 'network_error'
  | 'timeout'
  | 'bad_response'
  | 'invalid_argument'
  | 'digest_mismatch'
  | 'signature_invalid'
  | 'key_mismatch'
  | 'key_not_authorized'
  | 'archive_mismatch'
  | 'cache_corrupt'
  | 'submission_timeout';

/**
 * Every failure of the SDK: `code` is machine-readable (the server's problem `code`, or a
 * ClientErrorCode), `status` the HTTP status (0 when no HTTP answer is to blame), `detail` says
 * precisely what happened. `problem` keeps the whole problem+json document (e.g. `conflicts`).
 */
export class MarketError extends Error {
  readonly type = 'market_error' as const;
  override readonly name = 'MarketError';

  constructor(
    readonly code: ClientErrorCode | (string & {}),
    readonly status: number,
    readonly detail: string,
    readonly problem: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${detail}`, options);
  }
}

export const isMarketError = (error: unknown, code?: string): error is MarketError =>
  error instanceof MarketError && (code === undefined || error.code === code);

/** Integrity failures: the bytes or their signature are not what the publisher signed. */
export const INTEGRITY_CODES: ReadonlySet<string> = new Set([
  'digest_mismatch',
  'signature_invalid',
  'key_mismatch',
  'key_not_authorized',
  'archive_mismatch',
  'archive_invalid',
  'cache_corrupt',
]);
