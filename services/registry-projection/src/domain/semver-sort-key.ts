/**
 * A string whose plain byte order (SQLite BINARY collation) equals semver precedence, so
 * `ORDER BY sort_key` lists versions correctly without loading them into JS.
 *
 * - numbers are length-prefixed (`<3-digit length><digits>`): semver forbids leading zeros, so a
 *   longer number is larger and equal lengths compare digit by digit (no size limit, unlike
 *   the `semver` package, which refuses numbers above 2^53);
 * - a release sorts after all its prereleases (`~` > `-`);
 * - prerelease identifiers: numeric (`0…`) before alphanumeric (`1…`), separated by `!`, which
 *   sorts below every identifier character, so a shorter identifier list sorts first.
 * Build metadata has no precedence and is left out (ties are broken by the version text).
 */
export const semverSortKey = (version: string): string => {
  const match = SEMVER.exec(version);
  if (!match) throw new TypeError(`not a semantic version: ${JSON.stringify(version)}`);
  const [, major, minor, patch, prerelease] = match as unknown as [string, string, string, string, string | undefined];
  const core = [major, minor, patch].map(encodeNumber).join('.');
  if (prerelease === undefined) return `${core}~`;
  return `${core}-${prerelease.split('.').map(encodeIdentifier).join('!')}`;
};

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

const encodeNumber = (digits: string): string => `${String(digits.length).padStart(3, '0')}${digits}`;

const encodeIdentifier = (id: string): string => (/^\d+$/.test(id) ? `0${encodeNumber(id)}` : `1${id}`);
