import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '@market/contracts';
import { SqliteReadModel } from '@market/read-model';
import { tempDir } from '@market/testing';
import { projectAt } from '../testing/projection-harness.js';
import { dumpSearchReadModel } from '../read-model/dump-read-model.js';
import { searchMigrations } from '../read-model/search-schema.js';
import {
  deprecateEvent,
  downloadsEvent,
  type PackSpec,
  publishEvents,
  storedEvent,
  unyankEvent,
  yankEvent,
} from '../testing/package-events.js';
import { FREQUENT_TERM_DOCS } from '../typo/vocabulary.js';
import { IndexMirror } from './index-mirror.js';
import { NameSuggester } from './name-suggester.js';
import { SearchEngine } from './search-engine.js';
import type { SearchRequest } from './search-types.js';

const dir = tempDir('search-engine');
afterAll(() => dir.remove());

/** A read model on a real file, fed through the projection exactly as the consumer does. */
const setup = () => {
  const rm = SqliteReadModel.open({
    path: join(dir.path, `${Math.random()}.sqlite`),
    name: 'search-indexer',
    migrations: searchMigrations,
  });
  let position = 0n;
  const history: DomainEvent[] = [];
  const apply = (...events: DomainEvent[]) => {
    for (const event of events) {
      history.push(event);
      projectAt(rm, ++position, event);
    }
  };
  const engine = new SearchEngine(rm.db);
  const search = (q: string, more: Partial<SearchRequest> = {}) =>
    engine.search({ q, filters: {}, page: 1, perPage: 20, ...more });
  const names = (q: string, more: Partial<SearchRequest> = {}) => search(q, more).hits.map((h) => h.name);
  return { rm, apply, search, names, history, suggester: new NameSuggester(rm.db) };
};

const publish = (spec: PackSpec, downloads = 0) => [
  ...publishEvents(spec),
  ...(downloads > 0 ? [downloadsEvent(spec.name, spec.version, downloads, new Date('2025-06-01T00:00:00Z'))] : []),
];

describe('search projection and engine (real SQLite file)', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('indexes a version only once it is stored; a rejected one never', () => {
    const [submitted, verified] = publishEvents(
      { name: 'acme/widgets', version: '1.0.0', description: 'Widget kit' },
      { stored: false },
    );
    t.apply(submitted!, verified!);
    expect(t.search('widgets').total).toBe(0);
    t.apply(storedEvent(verified!));
    expect(t.names('widgets')).toEqual(['acme/widgets']);
    const rejected = publishEvents({ name: 'acme/sprockets', version: '1.0.0' }, { stored: false })[1]!;
    const data = rejected.data as { submissionId: string; name: string; version: string };
    t.apply(rejected, {
      ...rejected,
      eventId: crypto.randomUUID(),
      type: 'PackageVersionRejected',
      data: { ...data, reason: 'signature_invalid', detail: 'bad' },
    } as DomainEvent);
    expect(t.rm.db.prepare('SELECT count(*) AS n FROM pending_versions').get()).toEqual({ n: 0 });
    expect(t.search('sprockets').total).toBe(0);
  });

  it('indexes the highest non-yanked version; all yanked, the package disappears', () => {
    t.apply(
      ...publish({ name: 'acme/widgets', version: '1.0.0', description: 'first generation widgets' }),
      ...publish({ name: 'acme/widgets', version: '2.0.0', description: 'second generation widgets' }),
    );
    expect(t.search('widgets').hits.map((h) => h.version)).toEqual(['2.0.0']);
    t.apply(yankEvent('acme/widgets', '2.0.0'));
    expect(t.search('widgets').hits.map((h) => [h.version, h.description])).toEqual([
      ['1.0.0', 'first generation widgets'],
    ]);
    expect(t.search('second').total).toBe(0);
    t.apply(yankEvent('acme/widgets', '1.0.0'));
    expect(t.search('widgets')).toMatchObject({ total: 0, hits: [] });
    expect(t.search('', { filters: { namespace: ['acme'] } }).total).toBe(0);
    expect(t.suggester.suggest('wid', 10)).toEqual([]);
    t.apply(unyankEvent('acme/widgets', '1.0.0'));
    expect(t.names('widgets')).toEqual(['acme/widgets']);
  });

  it('ranks a query ending in a prefix of a common word as the query without it, over the same matches', () => {
    // `mainline` is in over half the documents (and, past FREQUENT_TERM_DOCS, known to be): `mai*`
    // has (near) zero IDF, so it filters but does not rank, and the engine leaves it out of bm25.
    const common = { authors: ['Mainline Org'] };
    for (let i = 0; i < FREQUENT_TERM_DOCS; i++)
      t.apply(...publish({ name: `acme/filler-${i}`, version: '1.0.0', description: 'filler', ...common }));
    for (let i = 0; i < FREQUENT_TERM_DOCS / 2; i++)
      t.apply(...publish({ name: `acme/other-${i}`, version: '1.0.0', description: 'filler' }));
    t.apply(
      ...publish({ name: 'acme/toml-kit', version: '1.0.0', description: 'toml toml files', ...common }, 10),
      ...publish({ name: 'acme/toml-lite', version: '1.0.0', description: 'toml files', ...common }, 5_000),
      ...publish({ name: 'acme/parser', version: '1.0.0', description: 'a toml parser', ...common }, 50),
      ...publish({ name: 'acme/reader', version: '1.0.0', description: 'reads toml', ...common }, 0),
      ...publish({ name: 'acme/toml-other', version: '1.0.0', description: 'toml, by someone else' }, 900),
      ...publish({ name: 'acme/mail', version: '1.0.0', description: 'mail toml templates' }, 20),
      ...publish({ name: 'acme/a', version: '1.0.0', description: 'unrelated', ...common }),
      ...publish({ name: 'acme/b', version: '1.0.0', description: 'unrelated', ...common }),
      ...publish({ name: 'acme/c', version: '1.0.0', description: 'unrelated' }),
    );
    const withPrefix = t.names('toml mai');
    expect(new Set(withPrefix)).toEqual(
      new Set(['acme/toml-kit', 'acme/toml-lite', 'acme/parser', 'acme/reader', 'acme/mail']),
    );
    expect(withPrefix).toEqual(t.names('toml').filter((name) => withPrefix.includes(name)));
  });

  it('ranks name matches above keyword matches above description matches', () => {
    t.apply(
      ...publish({ name: 'acme/in-description', version: '1.0.0', description: 'a parser for toml files' }, 1000),
      ...publish({ name: 'acme/in-keywords', version: '1.0.0', description: 'config files', keywords: ['toml'] }, 1000),
      ...publish({ name: 'acme/toml-kit', version: '1.0.0', description: 'config files' }, 1000),
    );
    expect(t.names('toml')).toEqual(['acme/toml-kit', 'acme/in-keywords', 'acme/in-description']);
  });

  it('blends in downloads, puts an exact name first and deprecated packages lower', () => {
    t.apply(
      ...publish({ name: 'acme/router', version: '1.0.0', description: 'a router' }, 10),
      ...publish({ name: 'acme/fast-router', version: '1.0.0', description: 'a router' }, 5_000_000),
      ...publish({ name: 'acme/tiny-router', version: '1.0.0', description: 'a router' }, 1_000),
    );
    expect(t.names('router')).toEqual(['acme/router', 'acme/fast-router', 'acme/tiny-router']);
    expect(t.names('routing router')).toEqual([]);
    expect(t.names('acme/router')[0]).toBe('acme/router');
    t.apply(deprecateEvent('acme/fast-router', '1.0.0'));
    const hits = t.search('router').hits;
    expect(hits.map((h) => [h.name, h.deprecated])).toEqual([
      ['acme/router', false],
      ['acme/tiny-router', false],
      ['acme/fast-router', true],
    ]);
    t.apply(deprecateEvent('acme/fast-router', '1.0.0', ''));
    expect(t.names('router')[1]).toBe('acme/fast-router');
  });

  it('counts monthly downloads over the 30 days up to the latest window', () => {
    t.apply(...publishEvents({ name: 'acme/counted', version: '1.0.0' }));
    const day = (d: number) => new Date(Date.UTC(2025, 0, 1) + d * 86_400_000);
    t.apply(downloadsEvent('acme/counted', '1.0.0', 100, day(0)), downloadsEvent('acme/counted', '1.0.0', 20, day(10)));
    expect(t.search('counted').hits[0]!.downloads).toBe(120);
    t.apply(downloadsEvent('acme/counted', '1.0.0', 3, day(35)));
    expect(t.search('counted').hits[0]!.downloads).toBe(23);
    t.apply(downloadsEvent('acme/counted', '1.0.0', 1000, day(1)));
    expect(t.search('counted').hits[0]!.downloads).toBe(23);
  });

  it('filters, and counts facets over the matching set', () => {
    t.apply(
      ...publish(
        {
          name: 'acme/a-lint',
          version: '1.0.0',
          description: 'lint rules',
          categories: ['Linting'],
          keywords: ['eslint', 'rules'],
          authors: ['Ann'],
        },
        30,
      ),
      ...publish(
        {
          name: 'acme/b-lint',
          version: '1.0.0',
          description: 'lint rules',
          categories: ['linting', 'cli'],
          keywords: ['rules'],
          authors: ['Bob'],
        },
        20,
      ),
      ...publish(
        {
          name: 'other/c-lint',
          version: '1.0.0',
          description: 'lint rules',
          categories: ['cli'],
          keywords: ['eslint'],
          authors: ['Ann'],
        },
        10,
      ),
      ...publish(
        { name: 'other/unrelated', version: '1.0.0', description: 'images', categories: ['cli'], authors: ['Ann'] },
        5,
      ),
    );
    const all = t.search('lint');
    expect(all.total).toBe(3);
    expect({ ...all.facets.categories }).toEqual({ linting: 2, cli: 2 });
    expect({ ...all.facets.namespaces }).toEqual({ acme: 2, other: 1 });
    expect({ ...all.facets.authors }).toEqual({ ann: 2, bob: 1 });
    expect({ ...all.facets.keywords }).toEqual({ eslint: 2, rules: 2 });
    expect(t.names('lint', { filters: { category: ['LINTING'] } })).toEqual(['acme/a-lint', 'acme/b-lint']);
    expect(t.names('lint', { filters: { category: ['cli'], author: ['ann'] } })).toEqual(['other/c-lint']);
    expect(t.names('lint', { filters: { keyword: ['eslint', 'rules'] } })).toEqual(['acme/a-lint']);
    expect(t.names('', { filters: { category: ['cli'] } })).toEqual(['acme/b-lint', 'other/c-lint', 'other/unrelated']);
    expect(t.search('', { filters: { namespace: ['other'] } }).facets.categories).toEqual({ cli: 2 });
    expect(t.search('lint', { filters: { keyword: ['"; DROP TABLE docs; --'] } }).total).toBe(0);
  });

  it('matches prefixes of the last term and tolerates typos', () => {
    t.apply(
      ...publish({ name: 'npm/express', version: '4.0.0', description: 'Fast web framework' }, 9_000_000),
      ...publish({ name: 'npm/lodash', version: '4.0.0', description: 'Utility library' }, 9_000_000),
    );
    expect(t.names('expr')).toEqual(['npm/express']);
    expect(t.names('lodahs')).toEqual(['npm/lodash']);
    expect(t.names('expresss')).toEqual(['npm/express']);
    expect(t.names('fast web framwork')).toEqual(['npm/express']);
    expect(t.names('zzzzqqqq')).toEqual([]);
  });

  it('finds a name a whole-name typo away, where the edit joins words or falls in a short one', () => {
    t.apply(
      ...publish({ name: 'npm/git-date-extractor', version: '1.0.0', description: 'Dates of commits' }, 50),
      ...publish({ name: 'vtmn/css-tag', version: '1.0.0', description: 'Tagged templates' }, 40),
      ...publish({ name: 'sapui5/sap.ovp', version: '1.0.0', description: 'Overview pages' }, 30),
      ...publish({ name: 'acme/css-tools', version: '1.0.0', description: 'Stylesheet tools' }, 9_000),
      ...publish({ name: 'npm/express', version: '4.0.0', description: 'Fast web framework' }, 9_000_000),
      ...publish({ name: 'npm/expres', version: '0.0.1', description: 'A squatter' }, 1),
    );
    expect(t.names('gitdate-extractor')).toEqual(['npm/git-date-extractor']);
    expect(t.names('npm/gitdate-extractor')).toEqual(['npm/git-date-extractor']);
    expect(t.search('gitdate-extractor').total).toBe(1);
    expect(t.names('css-tg')[0]).toBe('vtmn/css-tag');
    expect(t.names('sp.ovp')).toContain('sapui5/sap.ovp');
    // Within the namespace typed only.
    expect(t.names('acme/gitdate-extractor')).toEqual([]);
    // A name being typed is a prefix, not a typo: express before the squatter one edit away.
    expect(t.names('expre')[0]).toBe('npm/express');
    // Word corrections that name another package (tsg → tsc, ems → esm: tsc-esm, two edits away)
    // do not hide the one a single edit away; common words crowd ts and gems out of the corrections.
    t.apply(
      ...publish({ name: 'npm/ts-gems', version: '1.0.0', description: 'Typed helpers' }, 2_000),
      ...publish({ name: 'npm/tsc-esm', version: '1.0.0', description: 'Loader' }, 20),
    );
    for (let i = 0; i < 12; i++)
      t.apply(...publish({ name: `acme/filler-${i}`, version: '1.0.0', description: 'tsc tsx tsd esm elms' }, 1));
    expect(t.names('tsg-ems')[0]).toBe('npm/ts-gems');
    // Filters still apply to packages found this way.
    expect(t.names('gitdate-extractor', { filters: { namespace: ['vtmn'] } })).toEqual([]);
  });

  it('keeps finding whole-name typos as packages arrive past what its name filter was sized for', () => {
    const mirror = new IndexMirror(t.rm.db); // sized for an empty index: 1,024 names
    for (let i = 0; i < 1_100; i++)
      t.apply(...publish({ name: `acme/widget-kit-${i}`, version: '1.0.0', description: 'Widgets' }, 10));
    mirror.refresh();
    expect(mirror.names.full).toBe(false);
    expect(mirror.names.capacity).toBe(2_200);
    expect(t.names('acme/widgetkit-1099')).toEqual(['acme/widget-kit-1099']);
    expect(t.names('widget-kti-7')).toContain('acme/widget-kit-7');
  });

  it('pages through the results without gaps or repeats', () => {
    for (let i = 0; i < 45; i++)
      t.apply(...publish({ name: `acme/tool-${i}`, version: '1.0.0', description: 'a tool' }, 100 + i * 7));
    const seen: string[] = [];
    for (let page = 1; page <= 5; page++) seen.push(...t.names('tool', { page, perPage: 10 }));
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
    expect(t.search('tool', { page: 9, perPage: 10 }).hits).toEqual([]);
  });

  it('suggests names by prefix, exact name first, most downloaded next', () => {
    t.apply(
      ...publish({ name: 'npm/react', version: '18.0.0' }, 1000),
      ...publish({ name: 'npm/react-dom', version: '18.0.0' }, 5000),
      ...publish({ name: 'npm/react-router', version: '6.0.0' }, 3000),
      ...publish({ name: 'types/react', version: '18.0.0' }, 4000),
    );
    expect(t.suggester.suggest('react', 10).map((s) => s.name)).toEqual([
      'types/react',
      'npm/react',
      'npm/react-dom',
      'npm/react-router',
    ]);
    expect(t.suggester.suggest('react-r', 10).map((s) => s.name)).toEqual(['npm/react-router']);
    expect(t.suggester.suggest('types/re', 10).map((s) => s.name)).toEqual(['types/react']);
    expect(t.suggester.suggest('"*^:(', 10)).toEqual([]);
  });

  it('rebuilds to exactly the same documents from the same history', () => {
    t.apply(
      ...publish({ name: 'acme/one', version: '1.0.0', keywords: ['x'] }, 10),
      ...publish({ name: 'acme/two', version: '1.0.0' }, 20),
      yankEvent('acme/one', '1.0.0'),
      ...publish({ name: 'acme/one', version: '1.1.0' }),
      deprecateEvent('acme/two', '1.0.0'),
      downloadsEvent('acme/two', '1.0.0', 5, new Date('2025-06-02T00:00:00Z')),
    );
    const dump = (rm: SqliteReadModel) => dumpSearchReadModel(rm.db);
    const before = dump(t.rm);
    const again = setup();
    again.apply(...t.history);
    expect(dump(again.rm)).toEqual(before);
    expect(again.search('acme').hits).toEqual(t.search('acme').hits);
  });
});
