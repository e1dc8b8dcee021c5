import type { Database } from 'better-sqlite3';
import {
  eventTypeGuard,
  type DecodedEventOf,
  type EventType,
  type PackManifest,
  normalizePackageName,
} from '@market/contracts';
import { pickIndexedVersion } from '../domain/indexed-version.js';
import { documentFrom } from '../domain/search-document.js';
import { putDocument, removeDocument, setDocumentDownloads } from './document-store.js';
import { countDownloads, monthlyDownloads } from './monthly-downloads.js';

type IndexedManifest = Pick<PackManifest, 'description' | 'keywords' | 'categories' | 'authors'>;

interface VersionRow {
  version: string;
  name: string;
  manifest: string;
  yanked: number;
  deprecation: string | null;
}

const prepare = (db: Database) => ({
  putPending: db.prepare<[string, string, string, string, string]>(
    'INSERT OR REPLACE INTO pending_versions (submission_id, pkg, version, name, manifest) VALUES (?, ?, ?, ?, ?)',
  ),
  pendingBySubmission: db.prepare<[string], { name: string; manifest: string }>(
    'SELECT name, manifest FROM pending_versions WHERE submission_id = ?',
  ),
  dropPending: db.prepare<[string]>('DELETE FROM pending_versions WHERE submission_id = ?'),
  dropPendingVersion: db.prepare<[string, string]>('DELETE FROM pending_versions WHERE pkg = ? AND version = ?'),
  // name@version is immutable: a second Stored of one version changes nothing.
  publish: db.prepare<[string, string, string, string]>(
    'INSERT OR IGNORE INTO versions (pkg, version, name, manifest) VALUES (?, ?, ?, ?)',
  ),
  setYanked: db.prepare<[number, string, string]>('UPDATE versions SET yanked = ? WHERE pkg = ? AND version = ?'),
  setDeprecation: db.prepare<[string | null, string, string]>(
    'UPDATE versions SET deprecation = ? WHERE pkg = ? AND version = ?',
  ),
  versionsOf: db.prepare<[string], VersionRow>(
    'SELECT version, name, manifest, yanked, deprecation FROM versions WHERE pkg = ?',
  ),
});

const cache = new WeakMap<Database, ReturnType<typeof prepare>>();
const statements = (db: Database) => {
  let s = cache.get(db);
  if (!s) cache.set(db, (s = prepare(db)));
  return s;
};

/** Every event type the search projection applies (its consumer steps over the others unread). */
export const searchEventTypes = [
  'PackageVersionVerified',
  'PackageVersionRejected',
  'PackageVersionStored',
  'PackageVersionYanked',
  'PackageVersionUnyanked',
  'PackageVersionDeprecated',
  'DownloadsCounted',
] as const satisfies readonly EventType[];
export type SearchEvent = DecodedEventOf<(typeof searchEventTypes)[number]>;
export const isSearchEvent = eventTypeGuard(searchEventTypes);

/**
 * The search projection: runs inside the read model's transaction (with its checkpoint), so each
 * event is applied exactly once.
 */
export const applySearchEvent = (db: Database, event: SearchEvent): void => {
  const s = statements(db);
  switch (event.type) {
    case 'PackageVersionVerified': {
      const { submissionId, name, version, manifest } = event.data;
      // Only what a search document shows: dependencies, files and the rest are not kept.
      const { description, keywords, categories, authors } = manifest;
      s.putPending.run(
        submissionId,
        normalizePackageName(name),
        version,
        name,
        JSON.stringify({ description, keywords, categories, authors }),
      );
      return;
    }
    case 'PackageVersionRejected':
      s.dropPending.run(event.data.submissionId);
      return;
    case 'PackageVersionStored': {
      const { submissionId, name, version } = event.data;
      const pkg = normalizePackageName(name);
      const pending = s.pendingBySubmission.get(submissionId);
      // Stored always follows Verified in the pipeline; without a manifest there is nothing to index.
      if (!pending) return;
      s.publish.run(pkg, version, pending.name, pending.manifest);
      s.dropPendingVersion.run(pkg, version);
      s.dropPending.run(submissionId);
      reindexPackage(db, pkg);
      return;
    }
    case 'PackageVersionYanked':
    case 'PackageVersionUnyanked': {
      const pkg = normalizePackageName(event.data.name);
      const changed = s.setYanked.run(event.type === 'PackageVersionYanked' ? 1 : 0, pkg, event.data.version).changes;
      if (changed > 0) reindexPackage(db, pkg);
      return;
    }
    case 'PackageVersionDeprecated': {
      const pkg = normalizePackageName(event.data.name);
      // An empty message lifts the deprecation (as in npm).
      const message = event.data.message.trim() === '' ? null : event.data.message;
      if (s.setDeprecation.run(message, pkg, event.data.version).changes > 0) reindexPackage(db, pkg);
      return;
    }
    case 'DownloadsCounted': {
      const pkg = normalizePackageName(event.data.name);
      setDocumentDownloads(db, pkg, countDownloads(db, pkg, event.data.count, event.data.windowEnd));
      return;
    }
  }
};

/** Recomputes a package's document from its published versions: its indexed version, or none. */
const reindexPackage = (db: Database, pkg: string): void => {
  const versions = statements(db).versionsOf.all(pkg);
  const chosen = pickIndexedVersion(versions.map((v) => ({ ...v, yanked: v.yanked === 1 })));
  if (!chosen) {
    removeDocument(db, pkg);
    return;
  }
  const manifest = JSON.parse(chosen.manifest) as IndexedManifest;
  putDocument(
    db,
    documentFrom(chosen.name, chosen.version, manifest, monthlyDownloads(db, pkg), chosen.deprecation !== null),
  );
};
