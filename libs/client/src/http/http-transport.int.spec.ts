import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freePort } from '@market/testing';
import { isMarketError, MarketError } from '../errors/market-error.js';
import { HttpTransport } from './http-transport.js';

/** A real HTTP server answering what a broken, hostile or slow registry would. */
const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/ok': (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"answer":42}'),
  '/problem': (_req, res) =>
    res.writeHead(409, { 'content-type': 'application/problem+json' }).end(
      JSON.stringify({
        type: 'https://market.dev/problems/version_exists',
        title: 'Conflict',
        status: 409,
        code: 'version_exists',
        detail: 'acme/x@1.0.0 is already published',
      }),
    ),
  '/html': (_req, res) =>
    res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad   Gateway</body></html>'),
  '/not-json': (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"answer":'),
  '/wrong-shape': (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"answer":"42"}'),
  '/slow': () => {
    // never answers: the client's timeout must fire
  },
  '/echo': (req, res) => {
    let n = 0;
    req.on('data', (c: Buffer) => (n += c.length));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ answer: n })));
  },
};

describe('HttpTransport (real HTTP server)', () => {
  let server: Server;
  let transport: HttpTransport;
  const schema = z.object({ answer: z.number() });

  beforeAll(async () => {
    server = createServer((req, res) => routes[req.url!.split('?')[0]!]?.(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    transport = new HttpTransport({
      baseUrl: `http://127.0.0.1:${port}`,
      // Generous for answers (the machine is shared); the silent-server test uses its own short one.
      timeoutMs: 10_000,
      userAgent: 'test',
      fetch: globalThis.fetch,
    });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const failure = async (promise: Promise<unknown>): Promise<MarketError> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MarketError);
    return error as MarketError;
  };

  it('parses and validates a JSON answer', async () => {
    expect(await transport.json('/ok', schema)).toEqual({ answer: 42 });
  });

  it('turns problem+json into a MarketError with the server code, status and detail', async () => {
    const e = await failure(transport.json('/problem', schema, { method: 'POST', json: {} }));
    expect([e.code, e.status, e.detail]).toEqual(['version_exists', 409, 'acme/x@1.0.0 is already published']);
    expect(e.problem.title).toBe('Conflict');
  });

  it('turns a non-JSON error page into http_<status> with its text', async () => {
    const e = await failure(transport.json('/html', schema));
    expect(e.code).toBe('http_502');
    expect(e.detail).toMatch(/answered 502: <html><body>Bad Gateway/);
  });

  it('refuses invalid JSON and unexpected shapes as bad_response', async () => {
    expect((await failure(transport.json('/not-json', schema))).code).toBe('bad_response');
    const shape = await failure(transport.json('/wrong-shape', schema));
    expect(shape.code).toBe('bad_response');
    expect(shape.detail).toMatch(/answer: Expected number/);
  });

  it('times out a silent server', async () => {
    const impatient = new HttpTransport({ ...transport.options, timeoutMs: 300 });
    const e = await failure(impatient.json('/slow', schema));
    expect(e.code).toBe('timeout');
    expect(e.detail).toMatch(/within 300 ms/);
  });

  it('reports an unreachable registry as network_error', async () => {
    const port = await freePort(); // free: nothing listens there
    const closed = new HttpTransport({ ...transport.options, baseUrl: `http://127.0.0.1:${port}` });
    const e = await failure(closed.json('/ok', schema));
    expect(isMarketError(e, 'network_error')).toBe(true);
    expect(e.detail).toBe(`cannot reach http://127.0.0.1:${port} (ECONNREFUSED)`);
  });

  it('streams an upload body, re-arming the timeout while chunks flow', async () => {
    const body = (async function* () {
      for (let i = 0; i < 5; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        yield Buffer.alloc(1000);
      }
    })();
    expect(await transport.json('/echo', schema, { method: 'POST', body, streaming: true })).toEqual({ answer: 5000 });
  });
});
