import type { estypes } from '@elastic/elasticsearch';

export interface BulkFailure {
  id: string;
  operation: string;
  status: number;
  reason: string;
}

/**
 * The items of a bulk response that really failed. Not failures, because the writes are
 * idempotent upserts versioned by the read model's position (`version_type: external_gte`):
 * - 409 version conflict: the index already holds a newer state of that package (another replica
 *   or an earlier run got further), which must win;
 * - 404 on a delete: the document was not there (never indexed, or deleted before).
 */
export const bulkFailures = (response: estypes.BulkResponse): BulkFailure[] => {
  if (!response.errors) return [];
  const failures: BulkFailure[] = [];
  for (const item of response.items) {
    for (const [operation, result] of Object.entries(item)) {
      if (result === undefined) continue;
      const { status } = result;
      if (status < 300 || status === 409 || (operation === 'delete' && status === 404)) continue;
      failures.push({
        id: result._id ?? '?',
        operation,
        status,
        reason: result.error ? `${result.error.type}: ${result.error.reason ?? ''}` : `status ${status}`,
      });
    }
  }
  return failures;
};
