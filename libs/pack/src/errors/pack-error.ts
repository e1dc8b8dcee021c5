/**
 * Every failure this lib reports on purpose. `manifest_invalid` and `archive_invalid` are
 * spelled like the contracts' rejection reasons so verify can pass the code straight through.
 */
export type PackErrorCode =
  | 'manifest_invalid'
  | 'archive_invalid'
  | 'pack_dir_invalid'
  | 'statement_invalid'
  | 'command_invalid'
  | 'key_invalid'
  | 'extract_target_exists'
  | 'size_limit_exceeded';

export class PackError<C extends PackErrorCode = PackErrorCode> extends Error {
  override readonly name: string = 'PackError';

  constructor(
    readonly code: C,
    /** Precise, human-readable: names the field, path or limit at fault. */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${detail}`, options);
  }
}

export class ManifestInvalidError extends PackError<'manifest_invalid'> {
  override readonly name = 'ManifestInvalidError';
  constructor(detail: string, options?: { cause?: unknown }) {
    super('manifest_invalid', detail, options);
  }
}

export class ArchiveInvalidError extends PackError<'archive_invalid'> {
  override readonly name = 'ArchiveInvalidError';
  constructor(detail: string, options?: { cause?: unknown }) {
    super('archive_invalid', detail, options);
  }
}

export const isPackError = <C extends PackErrorCode>(error: unknown, code?: C): error is PackError<C> =>
  error instanceof PackError && (code === undefined || error.code === code);
