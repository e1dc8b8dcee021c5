import { type Attributes, type Span, SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { ensureContextManager } from './async-local-context-manager.js';
import { contextFromTraceparent } from './traceparent.js';

export interface SpanOptions {
  /** Parent taken from an event's or message's traceparent; default: the active context. */
  traceparent?: string | null;
  attributes?: Attributes;
  kind?: SpanKind;
}

/**
 * Runs `fn` inside a new active span (a child of `traceparent` when given), records a thrown
 * error on it and always ends it. Uses the global tracer: a no-op until initTracing().
 */
export const withSpan = async <T>(
  name: string,
  fn: (span: Span) => Promise<T> | T,
  options: SpanOptions = {},
): Promise<T> => {
  ensureContextManager();
  const parent = options.traceparent ? contextFromTraceparent(options.traceparent) : context.active();
  const span = trace
    .getTracer('market')
    .startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
};
