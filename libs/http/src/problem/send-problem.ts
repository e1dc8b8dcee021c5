import type { Logger } from '@market/observability';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemDocument } from './problem-document.js';
import { problemFromError } from './problem-from-error.js';

/**
 * Answers a failed request with application/problem+json, as ProblemExceptionFilter does for Nest
 * handlers: for routes registered on Fastify directly (hot paths that skip Nest's pipeline).
 * Server faults are logged with the error; rejections at debug level.
 */
export const sendProblem = (
  request: FastifyRequest | undefined,
  reply: FastifyReply,
  error: unknown,
  logger: Logger,
): void => {
  const problem = problemFromError(error);
  const where = { method: request?.method, url: request?.url, status: problem.status, code: problem.code };
  if (problem.serverFault) logger.error('request failed', { ...where, error });
  else logger.debug('request rejected', { ...where, detail: problem.detail });

  // A streamed response that fails midway cannot become a problem document any more.
  if (reply.sent || reply.raw.headersSent) {
    reply.raw.destroy();
    return;
  }
  const instance = request?.url.split('?')[0];
  void reply
    .status(problem.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problemDocument(problem, instance)));
};
