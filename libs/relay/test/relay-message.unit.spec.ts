import { describe, expect, it } from 'vitest';
import { headers, subjectFor } from '@market/contracts';
import { REVISION_HEADER, toRelayMessage } from '../src/index.js';

const stored = (over: Record<string, unknown> = {}) => ({
  position: 42n,
  revision: 3n,
  stream: 'package-acme-tool',
  type: 'DownloadsCounted',
  eventId: '0190f6a0-0000-7000-8000-000000000001',
  metadata: { schemaVersion: 1, correlationId: 'corr-1', traceparent: null },
  data: { name: 'acme/tool', count: 2 },
  ...over,
});

describe('toRelayMessage (the wire shape of a relayed event)', () => {
  it('routes by stream category and type, carries the stored payload untouched and the routing facts in headers', () => {
    const m = toRelayMessage(stored());
    expect(m.subject).toBe(subjectFor('package-acme-tool', 'DownloadsCounted'));
    expect(JSON.parse(new TextDecoder().decode(m.payload))).toEqual({
      metadata: stored().metadata,
      data: stored().data,
    });
    expect(m.headers.get(headers.position)).toBe('42');
    expect(m.headers.get(REVISION_HEADER)).toBe('3');
    expect(m.headers.get(headers.stream)).toBe('package-acme-tool');
    expect(m.headers.get(headers.schemaVersion)).toBe('1');
    expect(m.headers.get(headers.correlationId)).toBe('corr-1');
    expect(m.headers.has(headers.traceparent)).toBe(false);
  });

  it('keeps going on corrupt rows: raw metadata, line breaks in names', () => {
    const m = toRelayMessage(stored({ metadata: '{broken', type: 'Evil\r\nInjected: 1', stream: 'pkg\nx' }));
    expect(m.headers.get(headers.type)).toBe('Evil Injected: 1');
    expect(m.headers.get(headers.stream)).toBe('pkg x');
    expect(m.headers.has(headers.schemaVersion)).toBe(false);
    expect(JSON.parse(new TextDecoder().decode(m.payload)).metadata).toBe('{broken');
    expect(m.subject).not.toMatch(/\s/);
  });
});
