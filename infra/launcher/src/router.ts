import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { routeFor, type ServiceName } from './route-table.js';

export interface Router {
  url: string;
  close(): Promise<void>;
}

/** Per-socket write buffer before backpressure (Node's default is 16 KiB). */
const SOCKET_BUFFER_BYTES = 1024 * 1024;

const problem = (res: http.ServerResponse, status: number, code: string, detail: string) => {
  const body = JSON.stringify({
    type: `https://market.dev/problems/${code}`,
    title: code.replace(/_/g, ' '),
    status,
    code,
    detail,
  });
  res.writeHead(status, { 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

/**
 * The dev profile's thin reverse proxy: one base URL, streaming in both directions (uploads and
 * downloads never buffered), keep-alive to the services. `GET /v1/health` answers for the router.
 */
export const startRouter = async (options: {
  port: number;
  host?: string;
  upstreams: () => Partial<Record<ServiceName, number>>;
}): Promise<Router> => {
  // Client sockets buffer SOCKET_BUFFER_BYTES: a large download arrives in 64 KiB socket reads, and
  // with Node's default 16 KiB high-water mark every chunk would pause and resume the upstream socket.
  // LIFO reuses the warmest keep-alive socket.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256, scheduling: 'lifo' });
  const server = http.createServer({ highWaterMark: SOCKET_BUFFER_BYTES }, (req, res) => {
    const path = req.url ?? '/';
    if (path === '/v1/health') {
      const body = JSON.stringify({ status: 'ok', service: 'router', upstreams: options.upstreams() });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      return;
    }
    const service = routeFor(req.method ?? 'GET', path);
    if (!service) return problem(res, 404, 'not_found', `no route for ${req.method} ${path.split('?')[0]}`);
    const port = options.upstreams()[service];
    if (!port) return problem(res, 503, 'service_unavailable', `${service} is not running`);
    const upstream = http.request(
      { host: '127.0.0.1', port, method: req.method, path, headers: req.headers, agent },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (!res.headersSent) problem(res, 502, 'bad_gateway', `${service}: ${err.message}`);
      else res.destroy(err);
    });
    req.on('aborted', () => upstream.destroy());
    // Most requests (GET, HEAD) have no body: end the upstream request at once instead of piping.
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) upstream.end();
    else req.pipe(upstream);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
};
