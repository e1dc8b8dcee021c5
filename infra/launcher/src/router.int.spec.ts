import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDOFF_ENV, handOffConnection, isAcceptingConnections } from '@market/connection-handoff';
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

/** A real child process that serves handed connections (libs/connection-handoff's test fixture). */
const HANDOFF_CHILD = fileURLToPath(
  new URL('../../../libs/connection-handoff/src/testing/handoff-child.ts', import.meta.url),
);

/** Raw bytes on a new connection; resolves with everything the server sent until it closed. */
const rawExchange = (port: number, bytes: string) =>
  new Promise<string>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(bytes));
    let answer = '';
    socket.on('data', (c: Buffer) => (answer += c.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });

describe('dev router handing blob downloads off', () => {
  let echo: http.Server;
  let router: Router;
  let child: ChildProcess;
  const handed: string[] = [];

  beforeAll(async () => {
    echo = await startEcho();
    const port = (echo.address() as AddressInfo).port;
    child = fork(HANDOFF_CHILD, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, [HANDOFF_ENV]: '1' },
    });
    await new Promise<void>((resolve) => child.on('message', (m) => isAcceptingConnections(m) && resolve()));
    router = await startRouter({
      port: 0,
      upstreams: () => ({ 'registry-projection': port, storage: port }),
      handOff: (service, socket, bytes, onFailed) => {
        handed.push(service);
        return handOffConnection(child, socket, bytes, onFailed);
      },
    });
  });
  afterAll(async () => {
    await router.close();
    child.kill('SIGKILL');
    await new Promise((resolve) => echo.close(resolve));
  });

  it('gives a connection that opens with a blob GET to the service process, which answers and closes it', async () => {
    const res = await fetch(`${router.url}/v1/blobs/sha256/abc?package=acme%2Fx%401.0.0`);
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.json()).toMatchObject({
      by: 'child',
      pid: child.pid,
      url: '/v1/blobs/sha256/abc?package=acme%2Fx%401.0.0',
    });
    expect(handed).toEqual(['storage']);
  });

  it('proxies a blob GET on a connection already in use, HEAD, and everything else', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string, method = 'GET') =>
      new Promise<{ status: number; length: number; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
        http
          .request({ host: '127.0.0.1', port: new URL(router.url).port, path, method, agent }, (res) => {
            let length = 0;
            res.on('data', (c: Buffer) => (length += c.length));
            res.on('end', () => resolve({ status: res.statusCode!, length, headers: res.headers }));
          })
          .on('error', reject)
          .end();
      });
    const before = handed.length;
    // Served by the echo upstream through the router (the child answers small JSON, and closes).
    const first = await get('/v1/packages/acme/x');
    expect([first.status, first.headers['x-upstream'], first.headers.connection]).toEqual([200, 'echo', 'keep-alive']);
    const blob = await get('/v1/blobs/sha256/big');
    expect([blob.status, blob.length, blob.headers.etag]).toEqual([200, 8 << 20, '"big"']);
    const head = await get('/v1/blobs/sha256/big', 'HEAD');
    expect([head.status, head.length, head.headers.etag]).toEqual([200, 0, '"big"']);
    expect(handed.length).toBe(before);
    agent.destroy();
  });

  it('leaves garbage and partial first bytes to the HTTP server, which refuses them, and stays up', async () => {
    expect(await rawExchange(Number(new URL(router.url).port), 'GARBAGE\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    // A head cut short by the client's end reaches the HTTP server too (never storage), which refuses it.
    const partial = 'GET /v1/blobs/sha256/abc HTTP/1.1\r\nHost';
    expect(await rawExchange(Number(new URL(router.url).port), partial)).toMatch(/^HTTP\/1\.1 400/);
    expect((await fetch(`${router.url}/v1/health`)).status).toBe(200);
  });
});
