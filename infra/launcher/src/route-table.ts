/** The five services behind the one base URL. */
export type ServiceName = 'ingest' | 'verify' | 'storage' | 'registry-projection' | 'search-indexer';

/**
 * Maps a request to the service that owns it (docs/http-api.md). Pure, so it is unit-tested
 * and shared by the dev router; production uses the same table in infra/compose/nginx.conf.
 */
export const routeFor = (method: string, path: string): ServiceName | undefined => {
  const p = path.split('?')[0]!;
  const m = method.toUpperCase();
  const read = m === 'GET' || m === 'HEAD';
  if (p === '/v1/packages' || p.startsWith('/v1/packages/')) return read ? 'registry-projection' : 'ingest';
  if (p.startsWith('/v1/submissions/')) return 'ingest';
  if (p === '/v1/keys') return read ? undefined : 'ingest';
  if (p.startsWith('/v1/keys/')) return read ? 'registry-projection' : undefined;
  if (p === '/v1/resolve' || p.startsWith('/v1/audit/')) return 'registry-projection';
  if (p.startsWith('/v1/blobs/')) return 'storage';
  if (p === '/v1/search' || p.startsWith('/v1/search/')) return 'search-indexer';
  return undefined;
};

/**
 * Requests whose answer is a bulk body (a blob download): the dev router hands their connection
 * to the service instead of copying the bytes through itself (see router.ts).
 */
export const isBulkDownload = (method: string, path: string): boolean =>
  method.toUpperCase() === 'GET' && path.startsWith('/v1/blobs/');
