import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Router, startRouter } from './router.js';

/** An upstream that echoes what it got: method, path, body digest and length; `/big` streams 8 MiB. */
const startEcho = async (): Promise<http.Server> => {
  const server = http.createServer((req, res) => {
    if (req.url === '/v1/blobs/sha256/big') {
      res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': 8 << 20, etag: '"big"' });
      let left = 8;
      const next = () => {
        while (left > 0) {
          left--;
          if (!res.write(Buffer.alloc(1 << 20, left))) return void res.once('drain', next);
        }
        res.end();
      };
      return next();
    }
    const hash = createHash('sha256');
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      hash.update(chunk);
    });
    req.on('end', () => {
      const body = JSON.stringify({
        method: req.method,
        url: req.url,
        bytes,
        sha256: hash.digest('hex'),
        hop: req.headers['x-hop'],
      });
      res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'echo' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
};

describe('dev router', () => {
  let echo: http.Server;
  let router: Router;

  beforeAll(async () => {
    echo = await startEcho();
    const port = (echo.address() as AddressInfo).port;
    router = await startRouter({
      port: 0,
      upstreams: () => ({ ingest: port, 'registry-projection': port, storage: port }),
    });
  });
  afterAll(async () => {
    await router.close();
    await new Promise((resolve) => echo.close(resolve));
  });

  it('passes a bodyless GET through with its headers, both ways', async () => {
    const res = await fetch(`${router.url}/v1/packages/acme/base?asOf=2025-01-01T00:00:00Z`, {
      headers: { 'x-hop': 'yes' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-upstream')).toBe('echo');
    expect(await res.json()).toEqual({
      method: 'GET',
      url: '/v1/packages/acme/base?asOf=2025-01-01T00:00:00Z',
      bytes: 0,
      sha256: createHash('sha256').digest('hex'),
      hop: 'yes',
    });
  });

  it('streams a request body to the owning service, with a length or chunked', async () => {
    const body = Buffer.alloc(3 << 20, 7);
    const sha256 = createHash('sha256').update(body).digest('hex');
    const sized = await fetch(`${router.url}/v1/packages`, { method: 'POST', body });
    expect(await sized.json()).toMatchObject({ method: 'POST', url: '/v1/packages', bytes: body.length, sha256 });
    const chunked = await fetch(`${router.url}/v1/packages`, {
      method: 'POST',
      body: new Blob([body]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(await chunked.json()).toMatchObject({ bytes: body.length, sha256 });
  });

  it('streams a large download whole', async () => {
    const res = await fetch(`${router.url}/v1/blobs/sha256/big`);
    expect([res.status, res.headers.get('etag'), res.headers.get('content-length')]).toEqual([
      200,
      '"big"',
      String(8 << 20),
    ]);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(8 << 20);
    expect([bytes[0], bytes[(1 << 20) - 1], bytes[(8 << 20) - 1]]).toEqual([7, 7, 0]);
  });

  it('answers unknown routes with 404 and missing services with 503, as problem+json', async () => {
    const unknown = await fetch(`${router.url}/v1/nowhere`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(((await unknown.json()) as { code: string }).code).toBe('not_found');
    const down = await fetch(`${router.url}/v1/search?q=x`);
    expect(down.status).toBe(503);
    expect(((await down.json()) as { code: string }).code).toBe('service_unavailable');
  });
});
