import { describe, expect, it } from 'vitest';
import { isBulkDownload, routeFor } from './route-table.js';

describe('routeFor', () => {
  it.each([
    ['POST', '/v1/packages', 'ingest'],
    ['POST', '/v1/packages/acme/widgets/versions/1.0.0/yank', 'ingest'],
    ['PUT', '/v1/packages/acme/widgets/dist-tags/beta', 'ingest'],
    ['DELETE', '/v1/packages/acme/widgets/dist-tags/beta', 'ingest'],
    ['GET', '/v1/packages/acme/widgets', 'registry-projection'],
    ['GET', '/v1/packages/acme/widgets/versions/1.0.0?x=1', 'registry-projection'],
    ['GET', '/v1/submissions/0190', 'ingest'],
    ['POST', '/v1/keys', 'ingest'],
    ['GET', '/v1/keys/abcd', 'registry-projection'],
    ['POST', '/v1/resolve', 'registry-projection'],
    ['GET', '/v1/blobs/sha256/00', 'storage'],
    ['HEAD', '/v1/blobs/sha256/00', 'storage'],
    ['GET', '/v1/search?q=x', 'search-indexer'],
    ['GET', '/v1/search/suggest?q=x', 'search-indexer'],
  ])('%s %s → %s', (method, path, service) => expect(routeFor(method, path)).toBe(service));

  it.each([
    ['GET', '/'],
    ['GET', '/v1/keys'],
    ['DELETE', '/v1/keys/abcd'],
    ['GET', '/v1/packagesx'],
    ['GET', '/v2/search'],
  ])('%s %s has no route', (method, path) => expect(routeFor(method, path)).toBeUndefined());
});

describe('isBulkDownload', () => {
  it.each([
    ['GET', '/v1/blobs/sha256/00?package=a%2Fb%401.0.0', true],
    ['get', '/v1/blobs/sha256/00', true],
    ['HEAD', '/v1/blobs/sha256/00', false],
    ['POST', '/v1/blobs/sha256/00', false],
    ['GET', '/v1/blobsx', false],
    ['GET', '/v1/packages/acme/x', false],
  ])('%s %s → %s', (method, path, bulk) => expect(isBulkDownload(method, path)).toBe(bulk));
});
