import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '@market/contracts';
import type { SearchBackend } from '../backend/search-backend.js';
import type { SearchRequest, SearchResult } from '../search/search-types.js';
import {
  deprecateEvent,
  downloadsEvent,
  type PackSpec,
  publishEvents,
  storedEvent,
  unyankEvent,
  yankEvent,
} from './package-events.js';

export interface SearchBackendFixture {
  backend: SearchBackend;
  /**
   * Applies events through the search projection exactly as the service does (SQLite read model),
   * and returns once the backend answers from the result (an external index written and refreshed).
   */
  apply: (...events: DomainEvent[]) => Promise<void>;
  cleanup: () => Promise<void>;
}

const WINDOW_END = new Date('2025-06-01T00:00:00Z');

/** A published version, with its monthly downloads when given. */
const publish = (spec: PackSpec, downloads = 0): DomainEvent[] => [
  ...publishEvents(spec),
  ...(downloads > 0 ? [downloadsEvent(spec.name, spec.version, downloads, WINDOW_END)] : []),
];

/**
 * What every adapter of the search port must do alike (src/backend/search-backend.ts). Each test
 * gets a fresh backend and feeds it only through events (src/testing/package-events.ts). Ranking
 * formulas differ between engines (ADR 0008): the assertions are about what matches, what is
 * filtered and counted, and orders that hold by a wide margin (exact name, deprecation, downloads).
 */
export const describeSearchBackendContract = (name: string, factory: () => Promise<SearchBackendFixture>) => {
  describe(`SearchBackend contract: ${name}`, () => {
    let t: SearchBackendFixture;
    beforeEach(async () => {
      t = await factory();
    });
    afterEach(async () => {
      await t?.cleanup();
    });

    const search = async (q: string, more: Partial<SearchRequest> = {}): Promise<SearchResult> =>
      JSON.parse(await t.backend.search({ q, filters: {}, page: 1, perPage: 20, ...more })) as SearchResult;
    const names = async (q: string, more: Partial<SearchRequest> = {}) =>
      (await search(q, more)).hits.map((h) => h.name);
    const suggested = async (q: string, limit = 10) => (await t.backend.suggest(q, limit)).map((s) => s.name);

    it('answers with the SearchResult shape, a hit showing the indexed version', async () => {
      await t.apply(
        ...publish(
          {
            name: 'acme/widgets',
            version: '1.2.0',
            description: 'Widget kit for forms',
            keywords: ['ui', 'forms'],
            categories: ['Frontend'],
            authors: ['Ada Lovelace'],
          },
          1234,
        ),
      );
      const result = await search('widgets');
      expect(result).toMatchObject({ total: 1, totalExact: true, page: 1, perPage: 20, facetsExact: true });
      expect(result.hits).toHaveLength(1);
      const { score, ...hit } = result.hits[0]!;
      expect(typeof score).toBe('number');
      expect(hit).toEqual({
        name: 'acme/widgets',
        version: '1.2.0',
        description: 'Widget kit for forms',
        keywords: ['ui', 'forms'],
        categories: ['Frontend'],
        authors: ['Ada Lovelace'],
        downloads: 1234,
        deprecated: false,
      });
      expect(result.facets).toEqual({
        categories: { frontend: 1 },
        keywords: { ui: 1, forms: 1 },
        authors: { 'ada lovelace': 1 },
        namespaces: { acme: 1 },
      });
    });

    it('ranks the package the query names first, above a far more popular one that only mentions it', async () => {
      await t.apply(
        ...publish({ name: 'acme/semver', version: '1.0.0', description: 'Version parsing' }, 3),
        ...publish(
          { name: 'tools/semver-utils', version: '1.0.0', description: 'semver helpers, semver ranges' },
          900_000,
        ),
        ...publish({ name: 'tools/versions', version: '1.0.0', description: 'compare semver strings' }, 500_000),
      );
      expect((await names('semver'))[0]).toBe('acme/semver');
      expect((await names('acme/semver'))[0]).toBe('acme/semver');
      expect((await names('@acme/semver'))[0]).toBe('acme/semver');
      expect(new Set(await names('semver'))).toEqual(new Set(['acme/semver', 'tools/semver-utils', 'tools/versions']));
    });

    it('finds a word with one typo, in the name or the description', async () => {
      await t.apply(
        ...publish({ name: 'acme/widgets', version: '1.0.0', description: 'Reusable components' }),
        ...publish({ name: 'acme/other', version: '1.0.0', description: 'Nothing alike' }),
      );
      expect(await names('widgtes')).toEqual(['acme/widgets']);
      expect(await names('wigdets')).toEqual(['acme/widgets']);
      expect(await names('resuable')).toEqual(['acme/widgets']);
      expect(await names('componetns')).toEqual(['acme/widgets']);
    });

    it('matches the last word as a prefix while it may be unfinished, not after a space', async () => {
      await t.apply(
        ...publish({ name: 'acme/widgets', version: '1.0.0', description: 'Reusable components' }),
        ...publish({ name: 'acme/wizard', version: '1.0.0', description: 'Step by step forms' }),
      );
      expect(await names('widg')).toEqual(['acme/widgets']);
      expect(await names('reusable comp')).toEqual(['acme/widgets']);
      expect(new Set(await names('wi'))).toEqual(new Set(['acme/widgets', 'acme/wizard']));
      expect(await names('widg ')).toEqual([]);
      expect(await names('comp reusable')).toEqual([]);
    });

    it('requires every term (AND) and never lets query syntax through', async () => {
      await t.apply(
        ...publish({ name: 'acme/widgets', version: '1.0.0', description: 'Reusable form components' }),
        ...publish({ name: 'acme/forms', version: '1.0.0', description: 'Form validation' }),
      );
      expect(await names('form components')).toEqual(['acme/widgets']);
      // Operators are words (or stopwords) here: "widgets" and "gears" must both match, and nothing has both.
      expect(await names('"widgets" AND (NOT gears* OR')).toEqual([]);
      expect(await names('widgets"*^:')).toEqual(['acme/widgets']);
      expect(await names('the widgets')).toEqual(['acme/widgets']);
    });

    it('filters by category, keyword, author and namespace, case-insensitively, all values required', async () => {
      await t.apply(
        ...publish({
          name: 'acme/alpha-kit',
          version: '1.0.0',
          description: 'kit',
          categories: ['Frontend'],
          keywords: ['ui', 'forms'],
          authors: ['Ada'],
        }),
        ...publish({
          name: 'acme/beta-kit',
          version: '1.0.0',
          description: 'kit',
          categories: ['Backend'],
          keywords: ['ui'],
          authors: ['Bob'],
        }),
        ...publish({
          name: 'other/gamma-kit',
          version: '1.0.0',
          description: 'kit',
          categories: ['Frontend'],
          keywords: ['cli'],
          authors: ['Ada'],
        }),
      );
      const sorted = async (q: string, filters: SearchRequest['filters']) => (await names(q, { filters })).sort();
      expect(await sorted('kit', { category: ['frontend'] })).toEqual(['acme/alpha-kit', 'other/gamma-kit']);
      expect(await sorted('kit', { keyword: ['UI'] })).toEqual(['acme/alpha-kit', 'acme/beta-kit']);
      expect(await sorted('kit', { keyword: ['ui', 'forms'] })).toEqual(['acme/alpha-kit']);
      expect(await sorted('kit', { author: ['ada'] })).toEqual(['acme/alpha-kit', 'other/gamma-kit']);
      expect(await sorted('kit', { namespace: ['ACME'] })).toEqual(['acme/alpha-kit', 'acme/beta-kit']);
      expect(await sorted('kit', { namespace: ['acme'], category: ['frontend'] })).toEqual(['acme/alpha-kit']);
      expect(await sorted('kit', { category: ['nothing'] })).toEqual([]);
      // No query text: the filtered packages.
      expect(await sorted('', { author: ['Bob'] })).toEqual(['acme/beta-kit']);
      expect((await search('', { filters: { category: ['frontend'] } })).total).toBe(2);
    });

    it('counts facets over the matches, lower-cased', async () => {
      await t.apply(
        ...publish({
          name: 'acme/one',
          version: '1.0.0',
          description: 'toolkit',
          categories: ['Frontend'],
          keywords: ['ui'],
        }),
        ...publish({ name: 'acme/two', version: '1.0.0', description: 'toolkit', categories: ['Frontend', 'Testing'] }),
        ...publish({
          name: 'other/three',
          version: '1.0.0',
          description: 'toolkit',
          categories: ['Backend'],
          keywords: ['ui'],
        }),
        ...publish({ name: 'other/four', version: '1.0.0', description: 'unrelated', categories: ['Backend'] }),
      );
      const { facets, facetsExact } = await search('toolkit');
      expect(facetsExact).toBe(true);
      expect(facets).toEqual({
        categories: { frontend: 2, testing: 1, backend: 1 },
        keywords: { ui: 2 },
        authors: { 'test author': 3 },
        namespaces: { acme: 2, other: 1 },
      });
      expect((await search('toolkit', { filters: { namespace: ['other'] } })).facets.categories).toEqual({
        backend: 1,
      });
      expect((await search('')).facets.namespaces).toEqual({ acme: 2, other: 2 });
      expect((await search('nothingmatchesthis')).facets).toEqual({
        categories: {},
        keywords: {},
        authors: {},
        namespaces: {},
      });
    });

    it('pages through the matches with an exact total', async () => {
      const count = 23;
      await t.apply(
        ...Array.from({ length: count }, (_, i) =>
          publish(
            { name: `acme/gadget-${String(i).padStart(2, '0')}`, version: '1.0.0', description: 'gadget' },
            (i + 1) * 10,
          ),
        ).flat(),
        ...publish({ name: 'acme/unrelated', version: '1.0.0', description: 'something else' }),
      );
      const pages = await Promise.all([1, 2, 3, 4].map((page) => search('gadget', { page, perPage: 10 })));
      expect(pages.map((p) => [p.total, p.totalExact, p.page, p.perPage, p.hits.length])).toEqual([
        [count, true, 1, 10, 10],
        [count, true, 2, 10, 10],
        [count, true, 3, 10, 3],
        [count, true, 4, 10, 0],
      ]);
      const all = pages.flatMap((p) => p.hits.map((h) => h.name));
      expect(new Set(all).size).toBe(count);
      // Equally relevant: the most downloaded first, across pages.
      expect(all[0]).toBe('acme/gadget-22');
      expect(all[count - 1]).toBe('acme/gadget-00');
      const browse = await search('', { perPage: 5 });
      expect([browse.total, browse.totalExact, browse.hits.length]).toEqual([count + 1, true, 5]);
      expect(browse.hits[0]!.name).toBe('acme/gadget-22');
    });

    it('shows only published, non-yanked versions: the highest one left, or nothing', async () => {
      const [submitted, verified] = publishEvents(
        { name: 'acme/pending', version: '1.0.0', description: 'sprocket' },
        { stored: false },
      );
      await t.apply(submitted!, verified!);
      expect(await names('sprocket')).toEqual([]);
      await t.apply(storedEvent(verified!));
      expect(await names('sprocket')).toEqual(['acme/pending']);

      await t.apply(
        ...publish({ name: 'acme/gears', version: '1.0.0', description: 'gear train' }),
        ...publish({ name: 'acme/gears', version: '2.0.0', description: 'gear train v2' }),
      );
      const version = async () => (await search('gear')).hits.map((h) => `${h.name}@${h.version}`);
      expect(await version()).toEqual(['acme/gears@2.0.0']);
      await t.apply(yankEvent('acme/gears', '2.0.0'));
      expect(await version()).toEqual(['acme/gears@1.0.0']);
      await t.apply(yankEvent('acme/gears', '1.0.0'));
      expect(await version()).toEqual([]);
      expect(await names('')).not.toContain('acme/gears');
      expect(await suggested('gea')).toEqual([]);
      await t.apply(unyankEvent('acme/gears', '1.0.0'));
      expect(await version()).toEqual(['acme/gears@1.0.0']);
    });

    it('keeps a deprecated package findable, flagged, below an equally relevant live one; an empty message lifts it', async () => {
      await t.apply(
        ...publish({ name: 'acme/old-parser', version: '1.0.0', description: 'parser toolkit' }, 50_000),
        ...publish({ name: 'acme/new-parser', version: '1.0.0', description: 'parser toolkit' }, 20),
      );
      expect((await names('parser toolkit'))[0]).toBe('acme/old-parser');
      await t.apply(deprecateEvent('acme/old-parser', '1.0.0', 'use acme/new-parser'));
      const result = await search('parser toolkit');
      expect(result.hits.map((h) => [h.name, h.deprecated])).toEqual([
        ['acme/new-parser', false],
        ['acme/old-parser', true],
      ]);
      expect(await names('old parser')).toEqual(['acme/old-parser']);
      await t.apply(deprecateEvent('acme/old-parser', '1.0.0', ''));
      expect((await search('parser toolkit')).hits.map((h) => [h.name, h.deprecated])[0]).toEqual([
        'acme/old-parser',
        false,
      ]);
    });

    it('breaks ties between equally relevant packages by monthly downloads, as they change', async () => {
      await t.apply(
        ...publish({ name: 'acme/alpha', version: '1.0.0', description: 'gizmo toolkit' }, 5),
        ...publish({ name: 'acme/bravo', version: '1.0.0', description: 'gizmo toolkit' }, 5_000),
      );
      expect(await names('gizmo')).toEqual(['acme/bravo', 'acme/alpha']);
      expect((await search('gizmo')).hits.map((h) => h.downloads)).toEqual([5_000, 5]);
      await t.apply(downloadsEvent('acme/alpha', '1.0.0', 900_000, new Date('2025-06-08T00:00:00Z')));
      expect(await names('gizmo')).toEqual(['acme/alpha', 'acme/bravo']);
      expect((await search('gizmo')).hits[0]!.downloads).toBe(900_005);
    });

    it('suggests names starting with the typed words, the exact name first, then by downloads', async () => {
      await t.apply(
        ...publish({ name: 'acme/react', version: '1.0.0', description: 'ui' }, 10),
        ...publish({ name: 'acme/react-dom', version: '1.0.0', description: 'dom' }, 9_000),
        ...publish({ name: 'other/react-router', version: '1.0.0', description: 'routing' }, 5_000),
        ...publish({ name: 'other/preact', version: '1.0.0', description: 'small react' }, 100_000),
      );
      expect(await suggested('rea')).toEqual(['acme/react-dom', 'other/react-router', 'acme/react']);
      expect(await suggested('react')).toEqual(['acme/react', 'acme/react-dom', 'other/react-router']);
      expect(await suggested('react r')).toEqual(['other/react-router']);
      expect(await suggested('react', 1)).toEqual(['acme/react']);
      expect(await suggested('other/rea')).toEqual(['other/react-router']);
      expect(await suggested('oth/')).toEqual(['other/preact', 'other/react-router']);
      expect(await suggested('oth/rea')).toEqual([]);
      expect(await suggested('')).toEqual([]);
      const [first] = await t.backend.suggest('react-d', 5);
      expect(first).toEqual({
        name: 'acme/react-dom',
        version: '1.0.0',
        description: 'dom',
        downloads: 9_000,
        deprecated: false,
      });
    });
  });
};
