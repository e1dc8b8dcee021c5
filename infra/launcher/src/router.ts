import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { closingAfterFirstRequest, readFirstRequest } from '@market/connection-handoff';
import { isBulkDownload, routeFor, type ServiceName } from './route-table.js';

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
 * Gives a new connection (the socket and the bytes read from it) to the service's process to
 * answer itself; true when it did, false to serve it here. `onFailed`: the send failed later.
 */
export type HandOff = (service: ServiceName, socket: Socket, bytes: Buffer, onFailed: () => void) => boolean;

/** How long close() waits for the server's count of connections to reach zero. */
const CLOSE_GRACE_MS = 2_000;

/** A connection that sends nothing is closed after this long (Node's own headersTimeout). */
const FIRST_BYTES_TIMEOUT_MS = 60_000;

/**
 * The dev profile's thin reverse proxy: one base URL, streaming in both directions (uploads and
 * downloads never buffered), keep-alive to the services. `GET /v1/health` answers for the router.
 * With `handOff`, a connection whose first request is a blob download goes to storage's process,
 * which answers on it and closes it: copying 100 MB through this process cost more CPU than storage
 * spent serving them. Only a connection's first request can be handed off (before any HTTP parser
 * has read it); a download on a connection already in use here is proxied.
 */
export const startRouter = async (options: {
  port: number;
  host?: string;
  upstreams: () => Partial<Record<ServiceName, number>>;
  handOff?: HandOff;
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
    const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    proxyTo(service, port, req, res, hasBody);
  });
  const proxyTo = (
    service: ServiceName,
    port: number,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    hasBody: boolean,
  ) => {
    const path = req.url ?? '/';
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
    if (!hasBody) upstream.end();
    else req.pipe(upstream);
  };
  server.keepAliveTimeout = 65_000;
  // Connections still waiting for their first bytes: no HTTP parser knows of them yet.
  const closeWaiting = options.handOff ? peekFirstRequests(server, options.handOff) : () => undefined;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // A connection handed off while its child was dying can stay counted by the server with no
        // socket left here to close: after CLOSE_GRACE_MS the router is closed all the same.
        const grace = setTimeout(() => {
          const left = (server as unknown as { _connections: number })._connections;
          console.error(
            `[launcher] router: closed with ${left} connection(s) still counted after ${CLOSE_GRACE_MS} ms`,
          );
          resolve();
        }, CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(grace);
          resolve();
        });
        server.closeAllConnections();
        closeWaiting();
        agent.destroy();
      }),
  };
};

/**
 * Puts a look at each new connection's first bytes in front of `server`'s own connection handler:
 * a blob download (GET, no body, whole head in the first read) is handed off before any HTTP parser
 * touches the socket (handing off a socket Node's HTTP server has parsed leaves a stale entry in its
 * connection list, which then breaks server.close()); anything else goes on to the HTTP server with
 * the bytes put back. Returns what closes the connections still waiting for their first bytes.
 */
const peekFirstRequests = (server: http.Server, handOff: HandOff): (() => void) => {
  const listeners = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  const waiting = new Set<Socket>();
  const toHttp = (socket: Socket, bytes: Buffer) => {
    socket.unshift(bytes);
    for (const listener of listeners) listener.call(server, socket);
    socket.resume();
  };
  server.on('connection', (socket: Socket) => {
    waiting.add(socket);
    const timer = setTimeout(() => socket.destroy(), FIRST_BYTES_TIMEOUT_MS);
    const onError = () => socket.destroy();
    socket.on('error', onError);
    socket.once('close', () => {
      clearTimeout(timer);
      waiting.delete(socket);
    });
    socket.once('data', (bytes: Buffer) => {
      clearTimeout(timer);
      waiting.delete(socket);
      socket.pause();
      socket.off('error', onError);
      const first = readFirstRequest(bytes);
      const service =
        first && !first.hasBody && isBulkDownload(first.method, first.target)
          ? routeFor(first.method, first.target)
          : undefined;
      // A failed send leaves the socket ours (unless it is gone): it is served here after all.
      const served = () => !socket.destroyed && toHttp(socket, bytes);
      if (service && first && handOff(service, socket, closingAfterFirstRequest(bytes, first), served)) return;
      toHttp(socket, bytes);
    });
  });
  return () => {
    for (const socket of waiting) socket.destroy();
  };
};
