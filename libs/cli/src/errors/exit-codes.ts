/** The exit codes of `market`, documented in libs/cli/README.md; scripts rely on them. */
export const EXIT = {
  ok: 0,
  /** A bug or an unexpected failure: rerun with --verbose and report it. */
  internal: 1,
  /** Unknown command or option, missing or malformed argument. */
  usage: 2,
  /** The package, version, key, submission or file does not exist. */
  notFound: 3,
  /** The registry could not be reached, timed out or failed (5xx, nonsense answer). */
  unreachable: 4,
  /** The registry (or a local check) refused: conflict, validation, authorization, unsatisfiable ranges. */
  refused: 5,
  /** Integrity: digest, signature, key, namespace, unsafe archive or corrupt cache. Nothing was installed. */
  integrity: 6,
  /** The publication was rejected by verification (the reason is printed). */
  rejected: 7,
  /** A local file is invalid or out of date: pack.toml, market.toml, market.lock (--frozen), config, key file. */
  localFile: 8,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
