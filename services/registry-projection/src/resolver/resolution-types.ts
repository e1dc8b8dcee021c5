/** What the resolver needs to know about one published version. */
export interface CandidateVersion {
  version: string;
  yanked: boolean;
  /** Normalised dependency name → semver range. */
  dependencies: ReadonlyMap<string, string>;
}

/**
 * All published versions of one package (any order), or undefined for an unknown package.
 * Called at most once per package per resolution.
 */
export type GetVersions<C extends CandidateVersion> = (normalizedName: string) => readonly C[] | undefined;

/** One requirement on a package and who made it: `root` or `ns/name@version`. */
export interface Requirement {
  range: string;
  requiredBy: string;
}

/**
 * Why no solution exists. `conflicting_ranges` lists a minimal set of requirements that no
 * version satisfies together; `chosen_version` is a narrower finding (the version picked for a
 * package did not fit a later requirement) reported only if nothing better explains the failure.
 */
export type Conflict =
  | { kind: 'unknown_package'; name: string; requirements: Requirement[] }
  | { kind: 'no_matching_version'; name: string; requirements: Requirement[]; available: string[] }
  | { kind: 'conflicting_ranges'; name: string; requirements: Requirement[] }
  | { kind: 'chosen_version'; name: string; version: string; requirements: Requirement[] }
  | { kind: 'search_limit'; steps: number };

export type ResolveResult<C extends CandidateVersion> =
  | { ok: true; resolved: Map<string, C> }
  | { ok: false; conflicts: Conflict[]; explanation: string };

export interface ResolveOptions {
  /** Candidate versions tried before giving up (hostile or pathological graphs). */
  maxSteps?: number;
}
