import { histogram } from '@market/observability';
import type { Logger } from '@market/observability';
import type { FastifyInstance } from 'fastify';

/**
 * Times every response, labelled by the route pattern (never the raw URL, whose package names
 * and digests would explode the label set); requests no route matched share `unmatched`.
 */
export const instrumentHttp = (fastify: FastifyInstance, logger: Logger): void => {
  const duration = histogram({
    name: 'market_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = String(reply.statusCode);
    duration.observe({ method: request.method, route, status }, reply.elapsedTime / 1000);
    logger.debug('request', {
      method: request.method,
      route,
      url: request.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    });
    done();
  });
};
