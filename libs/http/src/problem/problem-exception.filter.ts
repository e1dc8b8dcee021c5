import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Logger } from '@market/observability';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './send-problem.js';

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
    sendProblem(
      http.getRequest<FastifyRequest | undefined>(),
      http.getResponse<FastifyReply>(),
      exception,
      this.logger,
    );
  }
}
