import type { IncomingMessage } from 'node:http';
import { ProblemError, sendProblem } from '@market/http';
import type { Logger } from '@market/observability';
import type { FastifyInstance } from 'fastify';
import type { PublishService } from './publish.service.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * `POST /v1/packages` (raw archive body, streamed, never buffered; `market-*` statement headers)
 * → 202, as a Fastify route on the Nest app's adapter: the busiest write skips Nest's handler
 * pipeline (its interceptor's span too: PublishService opens the publication's own SERVER span,
 * child of the client's traceparent). Errors are the same problem+json as every Nest route's,
 * and request timing is the adapter's hook as for every route.
 */
export const registerPublishRoute = (fastify: FastifyInstance, publishing: PublishService, logger: Logger): void => {
  fastify.post('/v1/packages', async (request, reply) => {
    try {
      const accepted = await publishing.publish(request.raw);
      return reply.code(202).header('content-type', JSON_TYPE).send(JSON.stringify(accepted));
    } catch (error) {
      if (mustClose(request.raw, error) && !reply.raw.headersSent) reply.header('connection', 'close');
      sendProblem(request, reply, error, logger);
      return reply;
    }
  });
};

/**
 * A body refused before it was read is drained by node after the answer (the connection stays
 * usable), except when it is too large to be worth reading. A body abandoned half-way leaves the
 * connection mid-message: it cannot be reused.
 */
const mustClose = (request: IncomingMessage, error: unknown): boolean =>
  !request.complete && (request.readableDidRead || (error instanceof ProblemError && error.status === 413));
