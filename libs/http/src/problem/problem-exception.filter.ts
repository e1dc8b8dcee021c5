import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Logger } from '@market/observability';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemDocument } from './problem-document.js';
import { problemFromError } from './problem-from-error.js';

/**
 * Answers every failure of an HTTP request with application/problem+json: thrown
 * ProblemErrors, Nest HttpExceptions (404s included), Fastify's body errors, zod errors and
 * anything unexpected (a logged 500 without message or stack).
 */
@Catch()
export class ProblemExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest | undefined>();
    const reply = http.getResponse<FastifyReply>();
    const problem = problemFromError(exception);
    const where = { method: request?.method, url: request?.url, status: problem.status, code: problem.code };
    if (problem.serverFault) this.logger.error('request failed', { ...where, error: exception });
    else this.logger.debug('request rejected', { ...where, detail: problem.detail });

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
  }
}
