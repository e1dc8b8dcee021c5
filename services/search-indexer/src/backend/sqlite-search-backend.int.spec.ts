import { afterAll } from 'vitest';
import { tempDir } from '@market/testing';
import { NameSuggester } from '../search/name-suggester.js';
import { SearchEngine } from '../search/search-engine.js';
import { openProjectionHarness } from '../testing/projection-harness.js';
import { describeSearchBackendContract } from '../testing/search-backend-contract.js';
import { SqliteSearchBackend } from './sqlite-search-backend.js';

const dir = tempDir('sqlite-search-backend');
afterAll(() => dir.remove());

// The embedded adapter, always: a real read model file fed through the projection.
describeSearchBackendContract('SQLite FTS5', () => {
  const harness = openProjectionHarness(dir.path);
  const engine = new SearchEngine(harness.db, harness.position);
  const backend = new SqliteSearchBackend(engine, new NameSuggester(harness.db));
  return Promise.resolve({
    backend,
    apply: (...events) => Promise.resolve(harness.apply(...events)),
    cleanup: () => Promise.resolve(harness.close()),
  });
});
