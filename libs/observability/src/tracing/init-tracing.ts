import { type Tracer, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { ensureContextManager } from './async-local-context-manager.js';
import { OtlpHttpJsonExporter, otlpTracesUrl } from './otlp-http-exporter.js';

export interface Tracing {
  readonly service: string;
  readonly provider: BasicTracerProvider;
  readonly tracer: Tracer;
  readonly exporting: 'console' | 'otlp' | 'none';
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  env?: NodeJS.ProcessEnv;
  /** Extra processors, e.g. an in-memory exporter in tests. */
  spanProcessors?: SpanProcessor[];
}

/**
 * OTEL_TRACES_EXPORTER=console | otlp | none. Unset: otlp when an OTLP endpoint is configured
 * (the compose profile), otherwise none, so a laptop run never tries to reach a collector.
 */
export const exporterFrom = (env: NodeJS.ProcessEnv): Tracing['exporting'] => {
  const chosen = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (chosen === 'console' || chosen === 'otlp') return chosen;
  if (chosen) return 'none';
  return env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? 'otlp' : 'none';
};

const processorsFor = (exporting: Tracing['exporting'], env: NodeJS.ProcessEnv): SpanProcessor[] => {
  if (exporting === 'console') return [new SimpleSpanProcessor(new ConsoleSpanExporter())];
  if (exporting === 'otlp') return [new BatchSpanProcessor(new OtlpHttpJsonExporter(otlpTracesUrl(env)))];
  return [];
};

let active: Tracing | undefined;

/**
 * Registers a tracer provider for the process. Spans are always recorded (so trace ids
 * propagate and logs carry them); they are exported only as exporterFrom() decides.
 * Idempotent: a second call returns the first registration.
 */
export const initTracing = (service: string, options: TracingOptions = {}): Tracing => {
  if (active) return active;
  const env = options.env ?? process.env;
  const exporting = exporterFrom(env);
  const spanProcessors = [...processorsFor(exporting, env), ...(options.spanProcessors ?? [])];
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: service }),
    spanProcessors,
  });
  ensureContextManager();
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const tracing: Tracing = {
    service,
    provider,
    tracer: provider.getTracer(service),
    exporting,
    shutdown: () => provider.shutdown(),
  };
  active = tracing;
  return tracing;
};
