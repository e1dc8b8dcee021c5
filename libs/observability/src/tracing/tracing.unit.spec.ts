import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { exporterFrom, initTracing } from './init-tracing.js';
import { contextFromTraceparent, currentTraceparent, withTraceparent } from './traceparent.js';
import { withSpan } from './with-span.js';

const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const traceIdOf = (tp: string | null) => tp?.split('-')[1];

const exporter = new InMemorySpanExporter();
const tracing = initTracing('ingest', { env: {}, spanProcessors: [new SimpleSpanProcessor(exporter)] });

describe('traceparent helpers', () => {
  it('have no traceparent outside any trace', () => {
    expect(currentTraceparent()).toBeNull();
  });

  it('make an incoming traceparent the active parent, across awaits', async () => {
    const seen = await withTraceparent(incoming, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return currentTraceparent();
    });
    expect(seen).toBe(incoming);
    expect(currentTraceparent()).toBeNull();
  });

  it('ignore malformed traceparents instead of failing the event', () => {
    for (const bad of ['', 'garbage', '00-00000000000000000000000000000000-00f067aa0ba902b7-01', null, undefined]) {
      expect(withTraceparent(bad, () => currentTraceparent())).toBeNull();
      expect(trace.getSpanContext(contextFromTraceparent(bad))).toBeUndefined();
    }
  });

  it('extract a remote span context', () => {
    const span = trace.getSpanContext(contextFromTraceparent(incoming));
    expect(span).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      isRemote: true,
    });
  });
});

describe('tracing', () => {
  it('exports only when told to: console, or OTLP when chosen or an endpoint is configured', () => {
    expect(exporterFrom({ OTEL_TRACES_EXPORTER: 'console' })).toBe('console');
    expect(exporterFrom({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe('otlp');
    expect(exporterFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318' })).toBe('otlp');
    expect(exporterFrom({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toBe('none');
    expect(exporterFrom({ OTEL_TRACES_EXPORTER: 'zipkin' })).toBe('none');
    expect(exporterFrom({})).toBe('none');
    expect(tracing.exporting).toBe('none');
  });

  it('is idempotent per process', () => {
    expect(initTracing('other')).toBe(tracing);
  });

  it('continues the trace of an event: a child span whose traceparent travels on', async () => {
    exporter.reset();
    const onward = await withSpan('verify.apply', () => currentTraceparent(), {
      traceparent: incoming,
      attributes: { position: '7' },
    });
    expect(traceIdOf(onward)).toBe(traceIdOf(incoming));
    expect(onward).not.toBe(incoming);
    const [span] = exporter.getFinishedSpans();
    expect(span).toMatchObject({ name: 'verify.apply', parentSpanContext: { spanId: '00f067aa0ba902b7' } });
    expect(span!.attributes).toEqual({ position: '7' });
    expect(span!.resource.attributes['service.name']).toBe('ingest');
  });

  it('records a failure on the span, ends it and rethrows', async () => {
    exporter.reset();
    await expect(
      withSpan('storage.apply', () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    const [span] = exporter.getFinishedSpans();
    expect(span!.status).toMatchObject({ code: 2, message: 'disk full' });
    expect(span!.events[0]?.name).toBe('exception');
  });

  it('nests spans under the active one without a traceparent', async () => {
    const [outer, inner] = await withSpan('outer', async (span) => [
      span.spanContext().traceId,
      await withSpan('inner', (child) => child.spanContext().traceId),
    ]);
    expect(inner).toBe(outer);
    expect(context.active()).toBeDefined();
  });
});
