import { semverSortKey } from './semver-sort-key.js';

/** Semver precedence, then the version text, so versions differing only in build metadata still order stably. */
export const compareVersions = (a: string, b: string): number => {
  const ka = semverSortKey(a);
  const kb = semverSortKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
};

export const isPrerelease = (version: string): boolean => {
  const plus = version.indexOf('+');
  return (plus < 0 ? version : version.slice(0, plus)).includes('-');
};
