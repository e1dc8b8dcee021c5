import type { AttributeValue, Attributes, HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/**
 * ReadableSpans as an OTLP/HTTP JSON `ExportTraceServiceRequest` (trace and span ids in hex, times
 * as decimal nanosecond strings, enums as numbers), per the OTLP specification's JSON encoding.
 */
type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: AnyValue[] } };

const anyValue = (value: AttributeValue | null | undefined): AnyValue => {
  if (Array.isArray(value)) return { arrayValue: { values: value.map((v) => anyValue(v)) } };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  return { stringValue: value == null ? '' : String(value) };
};

const keyValues = (attributes: Attributes) =>
  Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ({ key, value: anyValue(value) }));

const nanos = ([seconds, nanoseconds]: HrTime): string =>
  (BigInt(seconds) * 1_000_000_000n + BigInt(nanoseconds)).toString();

const otlpSpan = (span: ReadableSpan) => ({
  traceId: span.spanContext().traceId,
  spanId: span.spanContext().spanId,
  ...(span.parentSpanContext && { parentSpanId: span.parentSpanContext.spanId }),
  name: span.name,
  // OTLP's SpanKind counts from SPAN_KIND_UNSPECIFIED = 0; the API's from INTERNAL = 0.
  kind: span.kind + 1,
  startTimeUnixNano: nanos(span.startTime),
  endTimeUnixNano: nanos(span.endTime),
  attributes: keyValues(span.attributes),
  events: span.events.map((event) => ({
    timeUnixNano: nanos(event.time),
    name: event.name,
    attributes: keyValues(event.attributes ?? {}),
  })),
  links: span.links.map((link) => ({
    traceId: link.context.traceId,
    spanId: link.context.spanId,
    attributes: keyValues(link.attributes ?? {}),
  })),
  status: { code: span.status.code, ...(span.status.message && { message: span.status.message }) },
});

export const otlpTraceRequest = (spans: readonly ReadableSpan[]) => {
  const byResource = new Map<ReadableSpan['resource'], Map<string, ReadableSpan[]>>();
  for (const span of spans) {
    const scopes = byResource.get(span.resource) ?? new Map<string, ReadableSpan[]>();
    byResource.set(span.resource, scopes);
    const scope = `${span.instrumentationScope.name}\u0000${span.instrumentationScope.version ?? ''}`;
    scopes.set(scope, [...(scopes.get(scope) ?? []), span]);
  }
  return {
    resourceSpans: [...byResource].map(([resource, scopes]) => ({
      resource: { attributes: keyValues(resource.attributes) },
      scopeSpans: [...scopes.values()].map((scopeSpans) => ({
        scope: {
          name: scopeSpans[0]!.instrumentationScope.name,
          ...(scopeSpans[0]!.instrumentationScope.version && { version: scopeSpans[0]!.instrumentationScope.version }),
        },
        spans: scopeSpans.map(otlpSpan),
      })),
    })),
  };
};
