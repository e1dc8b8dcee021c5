import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '@market/contracts';
import { SqliteReadModel } from '@market/read-model';
import { tempDir } from '@market/testing';
import { SearchEngine } from '../search/search-engine.js';
import { publishEvents } from '../testing/package-events.js';
import { projectAt } from '../testing/projection-harness.js';
import { dumpSearchReadModel } from './dump-read-model.js';
import { searchMigrations } from './search-schema.js';

const dir = tempDir('prefix-index-upgrade');
afterAll(() => dir.remove());

/** The migrations before the one that widened the prefix indexes (index 5). */
const BEFORE_PREFIX_INDEXES = searchMigrations.slice(0, 5);

const open = (path: string, migrations: readonly string[]) =>
  SqliteReadModel.open({ path, name: 'search-indexer', migrations });

const feed = (rm: SqliteReadModel, events: DomainEvent[]) => {
  let position = rm.lastPosition();
  for (const event of events) projectAt(rm, ++position, event);
};

const prefixOption = (rm: SqliteReadModel) =>
  rm.db.prepare<[], string>("SELECT sql FROM sqlite_master WHERE name = 'docs_fts'").pluck().get();

describe('prefix index migration (real SQLite file)', () => {
  it('re-indexes the documents a read model already holds, without replaying history', () => {
    const path = join(dir.path, 'upgrade.sqlite');
    const old = open(path, BEFORE_PREFIX_INDEXES);
    feed(old, [
      ...publishEvents({ name: 'acme/reactive-streams', version: '1.0.0', description: 'Backpressured streams' }),
      ...publishEvents({ name: 'acme/reaction-wheel', version: '2.1.0', description: 'Spacecraft attitude control' }),
      ...publishEvents({ name: 'acme/unrelated', version: '0.1.0', description: 'Nothing to see' }),
    ]);
    new SearchEngine(old.db); // flushes the documents into the old index
    expect(prefixOption(old)).toContain("prefix = '2 3'");
    const before = dumpSearchReadModel(old.db);
    const position = old.lastPosition();
    old.close();

    const upgraded = open(path, searchMigrations);
    expect(prefixOption(upgraded)).toContain("prefix = '2 3 4 5 6'");
    // Same position: the documents were kept, only the FTS index is rebuilt from them.
    expect(upgraded.lastPosition()).toBe(position);
    const engine = new SearchEngine(upgraded.db);
    const names = (q: string) =>
      engine
        .search({ q, filters: {}, page: 1, perPage: 20 })
        .hits.map((h) => h.name)
        .sort();
    expect(names('reac')).toEqual(['acme/reaction-wheel', 'acme/reactive-streams']);
    expect(names('reacti')).toEqual(['acme/reaction-wheel', 'acme/reactive-streams']);
    expect(names('reactiv')).toEqual(['acme/reactive-streams']);
    expect(names('spacec')).toEqual(['acme/reaction-wheel']);
    expect(names('nothing')).toEqual(['acme/unrelated']);
    expect(dumpSearchReadModel(upgraded.db)).toEqual(before);
    upgraded.close();
  });
});
