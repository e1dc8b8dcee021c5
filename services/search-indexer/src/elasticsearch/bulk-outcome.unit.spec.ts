import { describe, expect, it } from 'vitest';
import { bulkFailures } from './bulk-outcome.js';

const item = (operation: 'index' | 'delete', status: number, type?: string) => ({
  [operation]: { _index: 'idx', _id: `id-${status}`, status, ...(type ? { error: { type, reason: 'why' } } : {}) },
});

describe('bulkFailures', () => {
  it('none when the response says no errors', () => {
    expect(bulkFailures({ errors: false, took: 1, items: [item('index', 201)] })).toEqual([]);
  });

  it('an older version (409) and deleting a missing document (404) are not failures; the rest are', () => {
    const failures = bulkFailures({
      errors: true,
      took: 1,
      items: [
        item('index', 201),
        item('index', 409, 'version_conflict_engine_exception'),
        item('delete', 404),
        item('delete', 200),
        item('index', 400, 'document_parsing_exception'),
        item('index', 429, 'es_rejected_execution_exception'),
      ],
    });
    expect(failures).toEqual([
      { id: 'id-400', operation: 'index', status: 400, reason: 'document_parsing_exception: why' },
      { id: 'id-429', operation: 'index', status: 429, reason: 'es_rejected_execution_exception: why' },
    ]);
  });

  it('a 404 on an index operation is a failure (the index is gone)', () => {
    expect(
      bulkFailures({ errors: true, took: 1, items: [item('index', 404, 'index_not_found_exception')] }),
    ).toHaveLength(1);
  });
});
