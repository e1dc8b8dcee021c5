import { describe, expect, it } from 'vitest';
import { closingAfterFirstRequest, isAcceptingConnections, isHandedConnection, readFirstRequest } from './protocol.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('readFirstRequest', () => {
  it('reads the request line of a complete head, and where the head ends', () => {
    const head = 'GET /v1/blobs/sha256/ab?package=a%2Fb HTTP/1.1\r\nHost: h\r\n\r\n';
    expect(readFirstRequest(bytes(`${head}GET /next HTTP/1.1\r\n`))).toEqual({
      method: 'GET',
      target: '/v1/blobs/sha256/ab?package=a%2Fb',
      hasBody: false,
      headEnd: head.length,
    });
  });

  it('tells a declared body apart (Content-Length other than 0, any Transfer-Encoding), whatever the case', () => {
    const read = (headers: string) => readFirstRequest(bytes(`GET /x HTTP/1.1\r\n${headers}\r\n\r\n`))?.hasBody;
    expect(read('Content-Length: 0')).toBe(false);
    expect(read('content-length:5')).toBe(true);
    expect(read('Transfer-Encoding: chunked')).toBe(true);
    expect(read('X-Content-Length: 5')).toBe(false);
  });

  it('gives up on an incomplete head, another protocol or garbage (the HTTP server then decides)', () => {
    expect(readFirstRequest(bytes('GET /v1/blobs/sha256/ab HTTP/1.1\r\nHost: h\r\n'))).toBeUndefined();
    expect(readFirstRequest(bytes('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'))).toBeUndefined();
    expect(readFirstRequest(bytes('GET /a b HTTP/1.1\r\n\r\n'))).toBeUndefined();
    expect(readFirstRequest(bytes('\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n'))).toBeUndefined();
  });
});

describe('closingAfterFirstRequest', () => {
  it('replaces the hop-by-hop headers with Connection: close and keeps the bytes after the head', () => {
    const text =
      'GET /v1/blobs/x HTTP/1.1\r\nHost: h\r\nconnection: keep-alive\r\nKeep-Alive: timeout=5\r\nRange: bytes=0-1\r\n\r\n';
    const read = bytes(`${text}EXTRA`);
    const out = closingAfterFirstRequest(read, readFirstRequest(read)!).toString('latin1');
    expect(out).toBe('GET /v1/blobs/x HTTP/1.1\r\nHost: h\r\nRange: bytes=0-1\r\nConnection: close\r\n\r\nEXTRA');
  });
});

describe('protocol messages', () => {
  it('recognises only well-formed messages', () => {
    expect(isHandedConnection({ type: 'market:connection', head: 'GET / HTTP/1.1\r\n\r\n' })).toBe(true);
    expect(isHandedConnection({ type: 'market:connection' })).toBe(false);
    expect(isHandedConnection({ type: 'market:connection', head: 7 })).toBe(false);
    expect(isHandedConnection('market:connection')).toBe(false);
    expect(isHandedConnection(null)).toBe(false);
    expect(isAcceptingConnections({ type: 'market:accepting-connections' })).toBe(true);
    expect(isAcceptingConnections({ type: 'other' })).toBe(false);
    expect(isAcceptingConnections(undefined)).toBe(false);
  });
});
