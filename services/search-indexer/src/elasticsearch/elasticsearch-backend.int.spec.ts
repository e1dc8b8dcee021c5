import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '@market/testing';
import { markAllForSearchSync } from '../read-model/search-sync.js';
import { deprecateEvent, downloadsEvent, publishEvents, yankEvent } from '../testing/package-events.js';
import { openProjectionHarness } from '../testing/projection-harness.js';
import { describeSearchBackendContract } from '../testing/search-backend-contract.js';
import type { SearchResult } from '../search/search-types.js';
import { connectElasticsearch } from './connect-elasticsearch.js';
import { ElasticsearchIndexWriter } from './index-writer.js';

// Set ELASTICSEARCH_URL (e.g. http://127.0.0.1:9200) to run the contract against a real
// Elasticsearch 9; the suite never starts one itself. Each test uses its own index, deleted after.
const url = process.env.ELASTICSEARCH_URL;

const dir = tempDir('elasticsearch-backend');
afterAll(() => dir.remove());

/** The SQLite read model fed through the projection, written to a fresh index, refreshed before answering. */
const open = async () => {
  const harness = openProjectionHarness(dir.path);
  const index = `market-contract-${randomUUID()}`;
  const es = await connectElasticsearch({
    url: url!,
    index,
    db: harness.db,
    position: harness.position,
    refresh: 'wait_for',
  });
  return {
    harness,
    es,
    backend: es.backend,
    apply: async (...events: Parameters<typeof harness.apply>) => {
      harness.apply(...events);
      await es.writer.flush();
    },
    cleanup: async () => {
      await es.client.indices.delete({ index, ignore_unavailable: true });
      await es.close();
      harness.close();
    },
  };
};

if (url) {
  describeSearchBackendContract(`Elasticsearch (${url})`, open);

  describe(`Elasticsearch index writer (${url})`, () => {
    const names = async (backend: Awaited<ReturnType<typeof open>>['backend'], q: string) =>
      (JSON.parse(await backend.search({ q, filters: {}, page: 1, perPage: 20 })) as SearchResult).hits.map(
        (h) => `${h.name}@${h.version}:${h.deprecated}`,
      );

    it('ignores a replay or a lagging writer: an older position never replaces a newer state', async () => {
      const t = await open();
      try {
        await t.apply(
          ...publishEvents({ name: 'acme/gears', version: '1.0.0', description: 'gear' }),
          ...publishEvents({ name: 'acme/gears', version: '2.0.0', description: 'gear' }),
        );
        const stalePosition = t.harness.position();
        await t.apply(yankEvent('acme/gears', '2.0.0'), deprecateEvent('acme/gears', '1.0.0'));
        expect(await names(t.backend, 'gear')).toEqual(['acme/gears@1.0.0:true']);
        // The same state written again (a redelivery after a crash before the marks were cleared): no change.
        markAllForSearchSync(t.harness.db);
        await t.es.writer.flush();
        expect(await names(t.backend, 'gear')).toEqual(['acme/gears@1.0.0:true']);
        // A writer whose read model is behind (another replica, or a replay) writes with its older position.
        const lagging = new ElasticsearchIndexWriter({
          client: t.es.client,
          index: t.es.index,
          db: t.harness.db,
          position: () => stalePosition - 1n,
          refresh: 'wait_for',
        });
        markAllForSearchSync(t.harness.db);
        await lagging.flush();
        expect(await names(t.backend, 'gear')).toEqual(['acme/gears@1.0.0:true']);
        expect(t.es.writer.pending()).toBe(0);
      } finally {
        await t.cleanup();
      }
    });

    it('deletes a package with nothing searchable left, and a lost index is refilled from the read model', async () => {
      const t = await open();
      try {
        await t.apply(
          ...publishEvents({ name: 'acme/a', version: '1.0.0', description: 'sprocket' }),
          ...publishEvents({ name: 'acme/b', version: '1.0.0', description: 'sprocket' }),
          downloadsEvent('acme/b', '1.0.0', 100, new Date('2025-06-01T00:00:00Z')),
        );
        await t.apply(yankEvent('acme/a', '1.0.0'));
        expect(await names(t.backend, 'sprocket')).toEqual(['acme/b@1.0.0:false']);
        // --rebuild (or a wiped Elasticsearch volume): a new, empty index gets every document again.
        await t.es.writer.prepare({ recreate: true });
        expect(await names(t.backend, 'sprocket')).toEqual([]);
        await t.es.writer.flush();
        expect(await names(t.backend, 'sprocket')).toEqual(['acme/b@1.0.0:false']);
      } finally {
        await t.cleanup();
      }
    });
  });
} else {
  console.warn('Elasticsearch search backend suite skipped: set ELASTICSEARCH_URL=http://host:9200 to run it.');
  describe.skip('SearchBackend contract: Elasticsearch (ELASTICSEARCH_URL not set)', () => {
    describeSearchBackendContract('Elasticsearch', () => Promise.reject(new Error('ELASTICSEARCH_URL not set')));
  });
}
