import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '@market/contracts';
import { SqliteReadModel } from '@market/read-model';
import type { Database } from 'better-sqlite3';
import { tempDir, type TempDir } from '@market/testing';
import { foldPackage } from '../domain/evolve-package.js';
import { emptyPackageState } from '../domain/package-state.js';
import { packageView } from '../domain/package-view.js';
import { resolve } from '../resolver/resolve.js';
import {
  deprecateEvent,
  distTagRemovedEvent,
  distTagSetEvent,
  keyRegisteredEvent,
  publishEvents,
  rejectedEvents,
  unyankEvent,
  yankEvent,
} from '../testing/package-event-builders.js';
import { applyRegistryEvent, isRegistryEvent } from './apply-registry-event.js';
import { dumpReadModel } from './dump-read-model.js';
import { findKey } from './key-queries.js';
import { backfillPackageDocuments, findPackageDocument } from './package-documents.js';
import { findPackage, findVersion } from './package-queries.js';
import { REGISTRY_READ_MODEL, registryMigrations } from './registry-schema.js';
import { resolvableVersions } from './resolvable-versions.js';

/** The projection as it was before migration #1: its tables only (documents and counts skipped). */
const applyOldSchema = (db: Database, event: DomainEvent): void => {
  db.exec(
    'CREATE TEMP TABLE IF NOT EXISTS package_documents (name TEXT PRIMARY KEY, body TEXT, dependents_at INTEGER, digest TEXT)',
  );
  db.exec('CREATE TEMP TABLE IF NOT EXISTS dependents_counts (name TEXT PRIMARY KEY, count INTEGER)');
  if (isRegistryEvent(event)) applyRegistryEvent(db, event);
  db.exec('DROP TABLE temp.package_documents; DROP TABLE temp.dependents_counts');
};

/** A realistic history: look-alike spellings, a dependency graph, yanks, tags, a rejection, a pending version. */
const history = (): DomainEvent[] => [
  keyRegisteredEvent('abcdef0123456789', ['acme']),
  ...publishEvents({ name: 'acme/base', version: '1.0.0' }),
  ...publishEvents({ name: 'acme/base', version: '1.1.0' }),
  ...publishEvents({ name: 'Acme/Base', version: '2.0.0' }),
  ...publishEvents({ name: 'acme/http_client', version: '0.9.0', dependencies: { 'acme/base': '^1.0.0' } }),
  ...publishEvents({ name: 'acme/http-client', version: '1.0.0', dependencies: { 'Acme/Base': '^2.0.0' } }),
  ...publishEvents({
    name: 'acme/app',
    version: '1.0.0',
    dependencies: { 'acme/http.client': '^1.0.0', 'acme/base': '>=1.1.0' },
  }),
  ...rejectedEvents({ name: 'acme/app', version: '1.1.0' }),
  ...publishEvents({ name: 'acme/app', version: '1.1.0', dependencies: { 'acme/base': '^1.0.0' } }),
  ...publishEvents({ name: 'acme/app', version: '2.0.0-beta.1' }).slice(0, 2), // verified, never stored
  yankEvent('acme/base', '2.0.0', 'broke the API'),
  deprecateEvent('acme/base', '1.0.0', 'use 1.1'),
  distTagSetEvent('acme/base', 'lts', '1.0.0'),
  distTagSetEvent('acme/app', 'latest', '1.0.0'),
  distTagSetEvent('acme/app', 'next', '2.0.0-beta.1'),
  unyankEvent('acme/base', '2.0.0'),
  yankEvent('acme/base', '2.0.0', 'really broken'),
  distTagRemovedEvent('acme/base', 'lts'),
  distTagSetEvent('acme/base', 'lts', '1.1.0'),
];

describe('registry read model', () => {
  let dir: TempDir;
  let rm: SqliteReadModel;
  const project = (events: DomainEvent[]) =>
    events.forEach((event, i) =>
      rm.apply(BigInt(i + 1), (db) => isRegistryEvent(event) && applyRegistryEvent(db, event)),
    );

  beforeEach(() => {
    dir = tempDir('registry-rm');
    rm = SqliteReadModel.open({
      path: join(dir.path, 'rm.sqlite'),
      name: REGISTRY_READ_MODEL,
      migrations: registryMigrations,
    });
  });
  afterEach(() => {
    rm.close();
    dir.remove();
  });

  it('serves published packages under their normalised name, with tags, yanks and dependents', () => {
    project(history());
    const base = findPackage(rm.db, 'acme/base')!;
    expect(base.name).toBe('acme/base');
    expect(base.versions.map((v) => [v.version, v.yanked, v.deprecated])).toEqual([
      ['1.0.0', false, 'use 1.1'],
      ['1.1.0', false, null],
      ['2.0.0', true, null],
    ]);
    expect(base.versions[2]!.yankedReason).toBe('really broken');
    expect(base.distTags).toEqual({ latest: '1.1.0', lts: '1.1.0' });
    // app@1.0.0 (explicit latest) depends on base; http-client@1.0.0 (latest) too; app@1.1.0 is not latest.
    expect(base.dependents).toBe(2);

    const app = findPackage(rm.db, 'acme/app')!;
    expect(app.versions.map((v) => v.version)).toEqual(['1.0.0', '1.1.0']);
    expect(app.distTags).toEqual({ latest: '1.0.0' }); // `next` waits for 2.0.0-beta.1 to be stored
    expect(app.dependents).toBe(0);

    const client = findVersion(rm.db, 'acme/http-client', '1.0.0')!;
    expect(client).toMatchObject({ name: 'acme/http_client', dependencies: { 'acme/base': '^2.0.0' }, license: 'MIT' });
    expect(findVersion(rm.db, 'acme/app', '2.0.0-beta.1')).toBeNull();
    expect(findPackage(rm.db, 'acme/nothing')).toBeNull();
    expect(findKey(rm.db, 'abcdef0123456789')).toMatchObject({ namespaces: ['acme'], owner: 'ada' });
  });

  it('gives the same view live and folded from the events (the as-of path)', () => {
    const events = history();
    project(events);
    for (const name of ['acme/base', 'acme/http-client', 'acme/app']) {
      const own = events.filter((e) => e.stream === `package-${name}`);
      const folded = packageView(foldPackage(emptyPackageState(name), own), null);
      expect(folded).toEqual({ ...findPackage(rm.db, name)!, dependents: null });
    }
  });

  it('keeps each package document equal to the live query after every event, dependents included', () => {
    const names = ['acme/base', 'acme/http-client', 'acme/app', 'acme/nothing'];
    const etags = new Set<string>();
    history().forEach((event, i) => {
      rm.apply(BigInt(i + 1), (db) => isRegistryEvent(event) && applyRegistryEvent(db, event));
      for (const name of names) {
        const view = findPackage(rm.db, name);
        const document = findPackageDocument(rm.db, name);
        expect(document?.body ?? null, `${name} after event ${i}`).toBe(view ? JSON.stringify(view) : null);
        if (document) etags.add(`${document.etag} ${document.body}`);
      }
    });
    // A strong ETag names one body.
    const byEtag = new Map<string, string>();
    for (const entry of etags) {
      const [etag, body] = [entry.slice(0, entry.indexOf(' ')), entry.slice(entry.indexOf(' ') + 1)];
      expect(byEtag.get(etag) ?? body).toBe(body);
      byEtag.set(etag, body);
    }
  });

  it('backfills the documents of a read model written before they existed', () => {
    project(history());
    const before = dumpReadModel(rm.db);
    rm.db.exec('DELETE FROM package_documents');
    expect(rm.db.transaction(() => backfillPackageDocuments(rm.db))()).toBe(3);
    expect(rm.db.transaction(() => backfillPackageDocuments(rm.db))()).toBe(0);
    expect(dumpReadModel(rm.db)).toBe(before);
  });

  it('upgrades a read model from before documents: same dump as one projected with them', () => {
    const events = history();
    project(events);
    const expected = dumpReadModel(rm.db);
    const path = join(dir.path, 'old.sqlite');
    const old = SqliteReadModel.open({ path, name: REGISTRY_READ_MODEL, migrations: registryMigrations.slice(0, 1) });
    events.forEach((event, i) => old.apply(BigInt(i + 1), (db) => applyOldSchema(db, event)));
    old.close();
    const upgraded = SqliteReadModel.open({ path, name: REGISTRY_READ_MODEL, migrations: registryMigrations });
    try {
      upgraded.db.transaction(() => backfillPackageDocuments(upgraded.db))();
      expect(dumpReadModel(upgraded.db)).toBe(expected);
    } finally {
      upgraded.close();
    }
  });

  it('rebuilds to an identical canonical dump', () => {
    const events = history();
    project(events);
    const before = dumpReadModel(rm.db);
    expect(JSON.parse(before).pending_versions).toHaveLength(1);
    rm.drop();
    expect(dumpReadModel(rm.db)).toBe(
      JSON.stringify({
        packages: [],
        versions: [],
        dependencies: [],
        dist_tags: [],
        explicit_tags: [],
        pending_versions: [],
        keys: [],
        package_documents: [],
        dependents_counts: [],
      }),
    );
    project(events);
    expect(dumpReadModel(rm.db)).toBe(before);
  });

  it('applies nothing twice when an event is redelivered', () => {
    const events = history();
    project(events);
    const before = dumpReadModel(rm.db);
    project(events);
    expect(dumpReadModel(rm.db)).toBe(before);
  });

  it('resolves 50 transitive dependencies from the read model', () => {
    const events: DomainEvent[] = [];
    for (let i = 0; i < 50; i++) {
      const deps: Record<string, string> = {};
      for (let j = i + 1; j < Math.min(50, i + 4); j++) deps[`bench/p${j}`] = '^1.0.0';
      for (const version of ['0.9.0', '1.0.0', '1.1.0', '1.2.0', '1.3.0', '1.4.0', '2.0.0'])
        events.push(...publishEvents({ name: `bench/p${i}`, version, dependencies: deps }));
    }
    project(events);
    // Speed is measured by `npm run bench -- pipeline` (resolve_50_deps_ms), never asserted here.
    const result = rm.db.transaction(() => resolve({ 'bench/p0': '^1.0.0' }, resolvableVersions(rm.db)))();
    expect(result.ok && result.resolved.size).toBe(50);
  });
});
