import type { DomainEvent } from '@market/contracts';

/**
 * What ingest needs to know about one package to decide commands: each version's lifecycle and
 * the dist-tags. A yanked version is still published: `name@version` is never reusable.
 */
export type VersionState =
  | { status: 'pending'; submissionId: string }
  | { status: 'rejected'; submissionId: string }
  | { status: 'published'; submissionId: string; yanked: boolean; deprecated: string };

export interface PackageState {
  /** Keyed by versionKey(version): build metadata does not make a new version. */
  versions: ReadonlyMap<string, VersionState>;
  distTags: ReadonlyMap<string, string>;
}

export const initialPackageState = (): PackageState => ({ versions: new Map(), distTags: new Map() });

/** `1.0.0+a` and `1.0.0+b` have equal precedence, so they are one version for immutability. */
export const versionKey = (version: string): string => {
  const plus = version.indexOf('+');
  return plus < 0 ? version : version.slice(0, plus);
};

export const versionOf = (state: PackageState, version: string): VersionState | undefined =>
  state.versions.get(versionKey(version));

const withVersion = (state: PackageState, version: string, next: VersionState): PackageState => {
  const versions = new Map(state.versions);
  versions.set(versionKey(version), next);
  return { ...state, versions };
};

const updatePublished = (
  state: PackageState,
  version: string,
  change: (v: Extract<VersionState, { status: 'published' }>) => VersionState,
): PackageState => {
  const current = versionOf(state, version);
  return current?.status === 'published' ? withVersion(state, version, change(current)) : state;
};

/** Pure: folds one package-stream event into the state. Unknown or foreign events leave it as is. */
export const evolve = (state: PackageState, event: DomainEvent): PackageState => {
  switch (event.type) {
    case 'PackageVersionSubmitted': {
      const current = versionOf(state, event.data.version);
      // A submission never demotes a published version (ingest's decide forbids it; be robust anyway).
      if (current?.status === 'published') return state;
      return withVersion(state, event.data.version, { status: 'pending', submissionId: event.data.submissionId });
    }
    case 'PackageVersionRejected': {
      const current = versionOf(state, event.data.version);
      // Only the outcome of the submission in flight counts: a late verdict on an older attempt does not.
      if (current?.status !== 'pending' || current.submissionId !== event.data.submissionId) return state;
      return withVersion(state, event.data.version, { status: 'rejected', submissionId: current.submissionId });
    }
    case 'PackageVersionStored': {
      const current = versionOf(state, event.data.version);
      if (current?.status === 'published') return state;
      return withVersion(state, event.data.version, {
        status: 'published',
        submissionId: event.data.submissionId,
        yanked: false,
        deprecated: '',
      });
    }
    case 'PackageVersionYanked':
      return updatePublished(state, event.data.version, (v) => ({ ...v, yanked: true }));
    case 'PackageVersionUnyanked':
      return updatePublished(state, event.data.version, (v) => ({ ...v, yanked: false }));
    case 'PackageVersionDeprecated':
      return updatePublished(state, event.data.version, (v) => ({ ...v, deprecated: event.data.message }));
    case 'DistTagSet': {
      const distTags = new Map(state.distTags);
      distTags.set(event.data.tag, event.data.version);
      return { ...state, distTags };
    }
    case 'DistTagRemoved': {
      const distTags = new Map(state.distTags);
      distTags.delete(event.data.tag);
      return { ...state, distTags };
    }
    default:
      return state;
  }
};

export const foldPackage = (events: Iterable<DomainEvent>): PackageState => {
  let state = initialPackageState();
  for (const event of events) state = evolve(state, event);
  return state;
};
