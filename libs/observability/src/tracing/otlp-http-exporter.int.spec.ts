import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpHttpJsonExporter, otlpTracesUrl } from './otlp-http-exporter.js';
import type { otlpTraceRequest } from './otlp-json.js';

/** A real HTTP endpoint standing in for the OTel collector. */
const received: { path: string; contentType: string | undefined; body: ReturnType<typeof otlpTraceRequest> }[] = [];
let status = 200;
const collector = createServer((req, res) => {
  let text = '';
  req.on('data', (chunk: Buffer) => (text += chunk.toString()));
  req.on('end', () => {
    received.push({ path: req.url ?? '', contentType: req.headers['content-type'], body: JSON.parse(text) });
    res.writeHead(status).end('{}');
  });
});
let url: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())));

describe('OtlpHttpJsonExporter', () => {
  it('posts finished spans to <endpoint>/v1/traces as OTLP JSON', async () => {
    const exporter = new OtlpHttpJsonExporter(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: `${url}/` }));
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'verify' }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer('market-http', '1.0.0');
    const parent = tracer.startSpan('POST /v1/packages', {
      kind: SpanKind.SERVER,
      attributes: { 'http.route': '/v1/packages', size: 42, ratio: 0.5, ok: true },
    });
    parent.addEvent('staged', { bytes: 10 });
    parent.setStatus({ code: SpanStatusCode.ERROR, message: 'digest_mismatch' });
    parent.end();
    await provider.forceFlush();

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request).toMatchObject({ path: '/v1/traces', contentType: 'application/json' });
    const resourceSpans = request!.body.resourceSpans[0]!;
    expect(resourceSpans.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'verify' } });
    expect(resourceSpans.scopeSpans[0]!.scope).toEqual({ name: 'market-http', version: '1.0.0' });
    const span = resourceSpans.scopeSpans[0]!.spans[0]!;
    expect(span).toMatchObject({
      traceId: parent.spanContext().traceId,
      spanId: parent.spanContext().spanId,
      name: 'POST /v1/packages',
      kind: 2, // SPAN_KIND_SERVER
      status: { code: 2, message: 'digest_mismatch' },
    });
    expect(span.startTimeUnixNano).toMatch(/^\d{19}$/);
    expect(BigInt(span.endTimeUnixNano) >= BigInt(span.startTimeUnixNano)).toBe(true);
    expect(span.attributes).toEqual([
      { key: 'http.route', value: { stringValue: '/v1/packages' } },
      { key: 'size', value: { intValue: '42' } },
      { key: 'ratio', value: { doubleValue: 0.5 } },
      { key: 'ok', value: { boolValue: true } },
    ]);
    expect(span.events).toEqual([
      { timeUnixNano: expect.any(String), name: 'staged', attributes: [{ key: 'bytes', value: { intValue: '10' } }] },
    ]);
    await provider.shutdown();
  });

  it('reports a failing or unreachable endpoint as a failed export instead of throwing', async () => {
    status = 503;
    const exporter = new OtlpHttpJsonExporter(`${url}/v1/traces`);
    const failedWith = await new Promise((resolve) => exporter.export([], resolve));
    expect(failedWith).toMatchObject({ code: ExportResultCode.FAILED });
    status = 200;

    const unreachable = new OtlpHttpJsonExporter('http://127.0.0.1:9/v1/traces', 2_000);
    expect(await new Promise((resolve) => unreachable.export([], resolve))).toMatchObject({
      code: ExportResultCode.FAILED,
    });
    await unreachable.shutdown();
    expect(await new Promise((resolve) => unreachable.export([], resolve))).toMatchObject({
      code: ExportResultCode.FAILED,
    });
  });
});
