import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';

export interface RelayHttp {
  url: string;
  close(): Promise<void>;
}

/**
 * The relay process's own small HTTP face, for Prometheus and health checks: GET /metrics (process
 * metrics, the last position published to JetStream and the store's head; their difference is the
 * relay's lag, in events for SQLite, in commit-position units for EventStoreDB) and GET /v1/health.
 * Plain node:http, not Nest: the relay has no other routes, and its memory is kept small.
 */
export const startRelayHttp = async (options: {
  port: number;
  host: string;
  publishedUpTo: () => bigint;
  storeHead: () => Promise<bigint>;
}): Promise<RelayHttp> => {
  const registry = new Registry();
  // 50 ms lag sampling, as @market/observability's services do (10 ms woke the idle relay 100 times a second).
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 50 });
  new Gauge({
    name: 'market_relay_published_position',
    help: 'Global position of the last event the relay published to JetStream',
    registers: [registry],
    collect() {
      this.set(Number(options.publishedUpTo()));
    },
  });
  new Gauge({
    name: 'market_relay_store_head_position',
    help: "Global position of the event store's last event",
    registers: [registry],
    async collect() {
      this.set(Number(await options.storeHead()));
    },
  });

  const problem = (res: http.ServerResponse, status: number, code: string, detail: string) => {
    const body = JSON.stringify({ type: `https://market.dev/problems/${code}`, title: code, status, code, detail });
    res.writeHead(status, { 'content-type': 'application/problem+json' }).end(body);
  };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return problem(res, 405, 'method_not_allowed', `${req.method}`);
    if (path === '/v1/health') {
      const body = JSON.stringify({
        status: 'ok',
        service: 'relay',
        publishedUpTo: options.publishedUpTo().toString(),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      return;
    }
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (error: unknown) => problem(res, 500, 'metrics_failed', error instanceof Error ? error.message : String(error)),
      );
      return;
    }
    problem(res, 404, 'not_found', `no route for ${req.method} ${path}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
