/**
 * An expected failure with a machine-readable `code`, answered as RFC 9457 problem+json:
 * `throw new ProblemError(409, 'version_exists', 'acme/widgets@1.0.0 is already published')`.
 * `extra` members are added to the document (e.g. `{ conflicts }`), never over the core ones.
 */
export class ProblemError extends Error {
  readonly type = 'problem' as const;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}

export const isProblemError = (error: unknown): error is ProblemError =>
  error instanceof ProblemError ||
  (typeof error === 'object' &&
    error !== null &&
    (error as { type?: unknown }).type === 'problem' &&
    typeof (error as { status?: unknown }).status === 'number' &&
    typeof (error as { code?: unknown }).code === 'string');
