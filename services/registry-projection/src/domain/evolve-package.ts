import type { DomainEvent, EventOf } from '@market/contracts';
import { normalizePackageName } from '@market/contracts';
import type { PackageState, PendingVersion, PublishedVersion, VersionManifest } from './package-state.js';

/** Package events that change what the registry shows; the rest of a package stream is history only. */
export const packageStateEventTypes = [
  'PackageVersionVerified',
  'PackageVersionRejected',
  'PackageVersionStored',
  'PackageVersionYanked',
  'PackageVersionUnyanked',
  'PackageVersionDeprecated',
  'DistTagSet',
  'DistTagRemoved',
] as const;

/**
 * state + event → state, the one definition of what each event means to the registry. The
 * projection and the as-of view both fold through it, so "now" and "as of T" cannot disagree.
 * Events that do not fit the state (a yank of an unknown version, a Stored without its
 * Verified) change nothing: a read model must never stop on history it cannot explain.
 */
export const evolvePackage = (state: PackageState, event: DomainEvent): PackageState => {
  switch (event.type) {
    case 'PackageVersionVerified':
      return onVerified(state, event);
    case 'PackageVersionRejected':
      return dropPending(state, event.data.version, event.data.submissionId);
    case 'PackageVersionStored':
      return onStored(state, event);
    case 'PackageVersionYanked':
      return updateVersion(state, event.data.version, (v) => ({ ...v, yanked: { reason: event.data.reason } }));
    case 'PackageVersionUnyanked':
      return updateVersion(state, event.data.version, (v) => (v.yanked ? { ...v, yanked: null } : v));
    case 'PackageVersionDeprecated':
      // npm semantics: deprecating with an empty message lifts the deprecation.
      return updateVersion(state, event.data.version, (v) => ({ ...v, deprecated: event.data.message || null }));
    case 'DistTagSet':
      if (state.explicitTags.get(event.data.tag) === event.data.version) return state;
      return { ...state, explicitTags: withEntry(state.explicitTags, event.data.tag, event.data.version) };
    case 'DistTagRemoved':
      if (!state.explicitTags.has(event.data.tag)) return state;
      return { ...state, explicitTags: withoutEntry(state.explicitTags, event.data.tag) };
    default:
      return state;
  }
};

/** Folds events (already filtered by the caller, e.g. occurredAt ≤ T) from the empty state. */
export const foldPackage = (initial: PackageState, events: Iterable<DomainEvent>): PackageState => {
  let state = initial;
  for (const event of events) state = evolvePackage(state, event);
  return state;
};

const onVerified = (state: PackageState, event: EventOf<'PackageVersionVerified'>): PackageState => {
  const { data } = event;
  // name@version is immutable once published: a late or duplicate verification changes nothing.
  if (state.versions.has(data.version)) return state;
  const pending: PendingVersion = {
    version: data.version,
    verifiedAt: event.occurredAt,
    submissionId: data.submissionId,
    sha256: data.sha256,
    blake3: data.blake3,
    size: data.size,
    keyId: data.keyId,
    signature: data.signature,
    manifest: manifestOf(data.manifest),
    dependencies: normaliseDependencies(data.manifest.dependencies),
  };
  return { ...state, pending: withEntry(state.pending, data.version, pending) };
};

const onStored = (state: PackageState, event: EventOf<'PackageVersionStored'>): PackageState => {
  const { data } = event;
  const pending = state.pending.get(data.version);
  if (!pending || pending.submissionId !== data.submissionId || state.versions.has(data.version)) return state;
  const { verifiedAt: _verifiedAt, ...facts } = pending;
  const published: PublishedVersion = { ...facts, publishedAt: event.occurredAt, yanked: null, deprecated: null };
  return {
    ...state,
    displayName: state.displayName ?? data.name,
    createdAt: state.createdAt ?? event.occurredAt,
    versions: withEntry(state.versions, data.version, published),
    pending: withoutEntry(state.pending, data.version),
  };
};

const dropPending = (state: PackageState, version: string, submissionId: string): PackageState =>
  state.pending.get(version)?.submissionId === submissionId
    ? { ...state, pending: withoutEntry(state.pending, version) }
    : state;

const updateVersion = (
  state: PackageState,
  version: string,
  change: (v: PublishedVersion) => PublishedVersion,
): PackageState => {
  const current = state.versions.get(version);
  if (!current) return state;
  const next = change(current);
  return next === current ? state : { ...state, versions: withEntry(state.versions, version, next) };
};

const manifestOf = (m: EventOf<'PackageVersionVerified'>['data']['manifest']): VersionManifest => ({
  description: m.description,
  license: m.license,
  authors: m.authors,
  categories: m.categories,
  keywords: m.keywords,
  ...(m.homepage !== undefined ? { homepage: m.homepage } : {}),
  ...(m.repository !== undefined ? { repository: m.repository } : {}),
});

/**
 * Dependency names are folded like package names so the resolver finds `acme/My_Lib` as
 * `acme/my-lib`. Two look-alike keys in one manifest should not pass verify; if they do, the
 * first one listed wins rather than the projection failing.
 */
export const normaliseDependencies = (deps: Readonly<Record<string, string>>): ReadonlyMap<string, string> => {
  const out = new Map<string, string>();
  for (const [name, range] of Object.entries(deps)) {
    const key = normalizePackageName(name);
    if (!out.has(key)) out.set(key, range);
  }
  return out;
};

const withEntry = <K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> => new Map(map).set(key, value);

const withoutEntry = <K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> => {
  const next = new Map(map);
  next.delete(key);
  return next;
};
