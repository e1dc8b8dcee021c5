import { type Context, ROOT_CONTEXT, context, defaultTextMapGetter, defaultTextMapSetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { ensureContextManager } from './async-local-context-manager.js';

/**
 * W3C `traceparent` in and out of the active context. Events carry it in their envelope and
 * the relay copies it into NATS headers, so one publication stays one trace across services.
 * These helpers work with or without initTracing(): without it spans are no-ops that still
 * carry the parent's trace id.
 */
const propagator = new W3CTraceContextPropagator();

/** The active context's traceparent, or null when there is no valid span context. */
export const currentTraceparent = (ctx: Context = context.active()): string | null => {
  const carrier: Record<string, string> = {};
  propagator.inject(ctx, carrier, defaultTextMapSetter);
  return carrier.traceparent ?? null;
};

/** A context whose remote parent is `traceparent`; a missing or invalid one gives a root context. */
export const contextFromTraceparent = (
  traceparent: string | null | undefined,
  base: Context = ROOT_CONTEXT,
): Context => (traceparent ? propagator.extract(base, { traceparent }, defaultTextMapGetter) : base);

/** Runs `fn` (sync or async) with `traceparent` as the active remote parent. */
export const withTraceparent = <T>(traceparent: string | null | undefined, fn: () => T): T => {
  ensureContextManager();
  return context.with(contextFromTraceparent(traceparent), fn);
};
