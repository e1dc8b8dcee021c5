import { isPackError } from '@market/pack';
import { INTEGRITY_CODES, MarketError } from '../sdk.js';
import { CliError } from './cli-error.js';
import { EXIT, type ExitCode } from './exit-codes.js';

/** What the user sees of a failure, and what `--json` prints under `error`. */
export interface ErrorReport {
  code: string;
  message: string;
  hint?: string;
  exitCode: ExitCode;
  /** HTTP status when the registry answered. */
  status?: number;
  details?: Record<string, unknown>;
}

/** What to do about a server's problem code. */
const SERVER_HINTS: Record<string, string> = {
  version_exists: 'name@version is immutable: bump the version in pack.toml and publish again',
  version_pending: 'this version is being verified right now; wait for it to finish',
  key_unknown: 'register your key first: market key register --namespace <ns> --owner "<you>"',
  key_not_authorized: 'this key is not registered for the namespace; use a key that is, or register one for it',
  key_exists: 'this key is already registered; nothing to do',
  endorsement_required:
    'another key owns this namespace: have its holder endorse your key (--endorser-key <their.pem>)',
  endorsement_invalid: 'the endorsement must be signed by a key registered for every namespace you claim',
  command_expired: "your clock is more than 5 minutes off the registry's: fix the system time",
  signature_invalid: 'sign with the private key whose public key was registered (--key <file>)',
  already_yanked: 'nothing to do: the version is already yanked',
  not_yanked: 'nothing to do: the version is not yanked',
  version_yanked: 'point the tag at a version that is not yanked',
  unsatisfiable: 'relax the ranges in market.toml, or check `market info <name>` for the versions that exist',
  read_model_behind: 'the registry is catching up; try again in a moment',
};

const INTEGRITY_HINT =
  'nothing was installed and your previous installation is untouched; do not use this pack until the publisher or the registry operator explains it';

export const describeError = (error: unknown, context: { url?: string } = {}): ErrorReport => {
  if (error instanceof CliError) {
    return {
      code: error.code,
      message: error.message,
      hint: error.hint,
      exitCode: error.exitCode,
      ...(Object.keys(error.details).length ? { details: error.details } : {}),
    };
  }
  if (error instanceof MarketError) return describeMarketError(error, context);
  if (isPackError(error)) {
    const exitCode: ExitCode =
      error.code === 'archive_invalid' || error.code === 'size_limit_exceeded'
        ? EXIT.integrity
        : error.code === 'extract_target_exists'
          ? EXIT.internal
          : EXIT.localFile;
    const hint =
      error.code === 'manifest_invalid'
        ? 'fix pack.toml (see libs/pack/README.md for its fields)'
        : error.code === 'key_invalid'
          ? 'the key file must be an Ed25519 private key in PKCS#8 PEM, as `market keygen` writes it'
          : error.code === 'archive_invalid'
            ? INTEGRITY_HINT
            : undefined;
    return { code: error.code, message: error.detail, hint, exitCode };
  }
  const errno = error as NodeJS.ErrnoException | null;
  if (errno && typeof errno.code === 'string' && typeof errno.syscall === 'string') {
    const path = errno.path ? ` ${errno.path}` : '';
    if (errno.code === 'ENOENT')
      return { code: 'file_not_found', message: `no such file or directory:${path}`, exitCode: EXIT.notFound };
    if (errno.code === 'EACCES' || errno.code === 'EPERM') {
      return {
        code: 'permission_denied',
        message: `permission denied:${path}`,
        hint: 'check the file permissions',
        exitCode: EXIT.internal,
      };
    }
    return {
      code: errno.code.toLowerCase(),
      message: `${errno.syscall} failed:${path} (${errno.code})`,
      exitCode: EXIT.internal,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: 'internal',
    message: `unexpected error: ${message}`,
    hint: 'rerun with --verbose for the stack trace, and report it',
    exitCode: EXIT.internal,
  };
};

const describeMarketError = (error: MarketError, context: { url?: string }): ErrorReport => {
  const base = { code: error.code, message: error.detail, ...(error.status ? { status: error.status } : {}) };
  if (INTEGRITY_CODES.has(error.code) && error.status === 0) {
    const hint =
      error.code === 'cache_corrupt'
        ? `a cached archive was modified on disk: delete it (or the whole cache directory) and install again`
        : INTEGRITY_HINT;
    return { ...base, hint, exitCode: EXIT.integrity };
  }
  if (error.code === 'network_error' || error.code === 'timeout') {
    return {
      ...base,
      hint: `is the marketplace running at ${context.url ?? 'the configured URL'}? set MARKET_URL or pass --url`,
      exitCode: EXIT.unreachable,
    };
  }
  if (error.code === 'submission_timeout') {
    return {
      ...base,
      hint: 'verification is slow or stuck; the submission may still complete (GET /v1/submissions/<id>)',
      exitCode: EXIT.unreachable,
    };
  }
  if (error.code === 'bad_response' || error.status >= 500) {
    return {
      ...base,
      hint: `the registry at ${context.url ?? 'the configured URL'} failed; try again, or ask its operator`,
      exitCode: EXIT.unreachable,
    };
  }
  if (error.code === 'invalid_argument') return { ...base, exitCode: EXIT.usage };
  if (error.status === 404)
    return {
      ...base,
      hint: SERVER_HINTS[error.code] ?? 'check the name and version (market search <words>)',
      exitCode: EXIT.notFound,
    };
  const details =
    error.code === 'unsatisfiable' && error.problem.conflicts ? { conflicts: error.problem.conflicts } : undefined;
  return { ...base, hint: SERVER_HINTS[error.code], exitCode: EXIT.refused, ...(details ? { details } : {}) };
};
