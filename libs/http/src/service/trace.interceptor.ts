import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { contextFromTraceparent } from '@market/observability';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';

/**
 * Runs each handler inside a SERVER span, a child of the request's `traceparent` header when
 * there is one. A handler's currentTraceparent() then names this request, so the events it
 * appends start (or continue) the trace that every consumer of them continues.
 */
@Injectable()
export class TraceInterceptor implements NestInterceptor {
  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (execution.getType() !== 'http') return next.handle();
    const request = execution.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers.traceparent;
    const parent = contextFromTraceparent(typeof header === 'string' ? header : undefined);
    const route = request.routeOptions.url ?? 'unmatched';
    const span = trace
      .getTracer('market-http')
      .startSpan(
        `${request.method} ${route}`,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': route } },
        parent,
      );
    return new Observable((subscriber) => {
      // Nest binds the handler to the async context active when handle() is called.
      const subscription = context
        .with(trace.setSpan(parent, span), () => next.handle())
        .subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            span.setStatus({
              code: SpanStatusCode.ERROR,
              message: error instanceof Error ? error.message : String(error),
            });
            span.end();
            subscriber.error(error);
          },
          complete: () => {
            span.end();
            subscriber.complete();
          },
        });
      return () => subscription.unsubscribe();
    });
  }
}
